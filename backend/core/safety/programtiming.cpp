#include "programtiming.h"

#include "signaldisplay.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace greenlight::core::safety {

namespace {

bool yellowLetter(char c) { return normalisedLetter(c) == 'y'; }
bool redAmberLetter(char c) { return c == 'u'; }
bool greenLetter(char c) { return isGreenLetter(c); }

const char *turnName(Turn turn)
{
    switch (turn) {
    case Turn::Straight: return "straight";
    case Turn::Left: return "left";
    case Turn::Right: return "right";
    case Turn::UTurn: return "U-turn";
    case Turn::Pedestrian: return "crossing";
    case Turn::Unknown: break;
    }
    return "";
}

bool actuated(const Phase &phase)
{
    return phase.minDurationS > 0 && phase.minDurationS < phase.durationS;
}

} // namespace

ProgramTiming::ProgramTiming(const Intersection &intersection, TimingLimits limits)
    : m_id(intersection.id)
    , m_limits(limits)
    , m_phases(intersection.phases)
{
    std::size_t groups = std::max(intersection.signalGroups.size(), intersection.foes.size());
    for (const Phase &phase : m_phases)
        groups = std::max(groups, phase.state.size());
    m_groupCount = static_cast<int>(groups);
    deriveGroups(intersection);
    deriveFoes(intersection);
    derivePhases();
    deriveClearances();
}

char ProgramTiming::letter(int phase, int group) const
{
    const std::string &state = m_phases[static_cast<std::size_t>(phase)].state;
    return static_cast<std::size_t>(group) < state.size() ? normalisedLetter(state[at(group)]) : 'r';
}

void ProgramTiming::deriveGroups(const Intersection &intersection)
{
    const std::size_t n = at(m_groupCount);
    m_labels.assign(n, std::string());
    m_pedestrian.assign(n, false);
    for (std::size_t position = 0; position < intersection.signalGroups.size(); ++position) {
        const SignalGroup &group = intersection.signalGroups[position];
        const std::size_t g = group.index >= 0 && group.index < m_groupCount ? at(group.index) : position;
        m_pedestrian[g] = group.turn == Turn::Pedestrian;
        std::string detail = group.approach;
        if (group.turn != Turn::Pedestrian && group.turn != Turn::Unknown)
            detail += (detail.empty() ? "" : " ") + std::string(turnName(group.turn));
        m_labels[g] = detail;
    }
}

void ProgramTiming::deriveFoes(const Intersection &intersection)
{
    const std::size_t n = at(m_groupCount);
    m_conflict.assign(n, std::vector<char>(n, 0));
    for (std::size_t g = 0; g < intersection.foes.size() && g < n; ++g) {
        for (int f : intersection.foes[g]) {
            if (f < 0 || f >= m_groupCount || at(f) == g)
                continue;
            m_conflict[g][at(f)] = 1;
            m_conflict[at(f)][g] = 1;
        }
    }
    m_foes.assign(n, {});
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b)
            if (m_conflict[a][b])
                m_foes[a].push_back(static_cast<int>(b));
}

std::vector<int> ProgramTiming::runStarts(int group, bool (*inRun)(char)) const
{
    std::vector<int> starts;
    const int n = phaseCount();
    for (int p = 0; p < n; ++p)
        if (inRun(letter(p, group)) && !inRun(letter((p + n - 1) % n, group)))
            starts.push_back(p);
    if (starts.empty() && n > 0 && inRun(letter(0, group)))
        starts.push_back(0); // the group is in the run in every phase
    return starts;
}

double ProgramTiming::runDuration(int start, int group, bool (*inRun)(char), bool servedOnly) const
{
    double total = 0;
    const int n = phaseCount();
    for (int k = 0; k < n && inRun(letter((start + k) % n, group)); ++k) {
        const Phase &phase = m_phases[static_cast<std::size_t>((start + k) % n)];
        total += servedOnly && actuated(phase) ? phase.minDurationS : phase.durationS;
    }
    return total;
}

void ProgramTiming::derivePhases()
{
    const std::size_t n = at(m_groupCount);
    const int phases = phaseCount();
    m_phaseMinGreenS.assign(static_cast<std::size_t>(phases), m_limits.defaultMinGreenS);
    for (int p = 0; p < phases; ++p) {
        const Phase &phase = m_phases[static_cast<std::size_t>(p)];
        if (actuated(phase))
            m_phaseMinGreenS[static_cast<std::size_t>(p)] = phase.minDurationS;
        bool green = false;
        bool transitional = false;
        for (int g = 0; g < m_groupCount; ++g) {
            const char c = letter(p, g);
            green = green || isGreenLetter(c);
            transitional = transitional || c == 'y' || c == 'u';
            m_usesRedAmber = m_usesRedAmber || c == 'u';
        }
        if (green && !transitional)
            m_greenPhases.push_back(p);
    }

    m_yellowS.assign(n, m_limits.minYellowS);
    m_redAmberS.assign(n, 0);
    m_minGreenS.assign(n, m_limits.defaultMinGreenS);
    m_walkS.assign(n, 0);
    m_endsWithoutYellow.assign(n, false);
    m_dark.assign(n, phases > 0);
    for (int g = 0; g < m_groupCount; ++g) {
        double yellow = 0;
        for (int start : runStarts(g, yellowLetter))
            yellow = std::max(yellow, runDuration(start, g, yellowLetter, false));
        m_yellowS[at(g)] = std::max(m_limits.minYellowS, yellow);
        for (int start : runStarts(g, redAmberLetter))
            m_redAmberS[at(g)] = std::max(m_redAmberS[at(g)], runDuration(start, g, redAmberLetter, false));

        bool inGreenPhase = false;
        double minGreen = 0;
        for (int p : m_greenPhases) {
            if (isGreenLetter(letter(p, g))) {
                inGreenPhase = true;
                minGreen = std::max(minGreen, m_phaseMinGreenS[static_cast<std::size_t>(p)]);
            }
        }
        if (inGreenPhase)
            m_minGreenS[at(g)] = minGreen;

        bool everYellow = false;
        for (int p = 0; p < phases; ++p) {
            everYellow = everYellow || letter(p, g) == 'y';
            m_dark[at(g)] = m_dark[at(g)] && isFlashLetter(letter(p, g));
        }
        if (m_pedestrian[at(g)]) {
            m_endsWithoutYellow[at(g)] = !everYellow;
            double walk = std::numeric_limits<double>::infinity();
            for (int start : runStarts(g, greenLetter))
                walk = std::min(walk, runDuration(start, g, greenLetter, true));
            m_walkS[at(g)] = std::isinf(walk) ? 0 : walk;
        }
    }

    m_permissive.assign(n, std::vector<char>(n, 0));
    for (int p = 0; p < phases; ++p) {
        for (int a = 0; a < m_groupCount; ++a) {
            const char la = letter(p, a);
            if (!isGoLetter(la))
                continue;
            for (int b : m_foes[at(a)]) {
                const char lb = letter(p, b);
                if (isGoLetter(lb) && !(la == 'G' && lb == 'G'))
                    m_permissive[at(a)][at(b)] = 1;
            }
        }
    }

    m_nextGreen.assign(static_cast<std::size_t>(phases), -1);
    for (int p = 0; p < phases; ++p) {
        for (int k = 1; k <= phases; ++k) {
            const int q = (p + k) % phases;
            if (isGreenPhase(q)) {
                m_nextGreen[static_cast<std::size_t>(p)] = q;
                break;
            }
        }
    }
    m_transitions.assign(static_cast<std::size_t>(phases), PhaseTransition());
    for (int p : m_greenPhases) {
        PhaseTransition &t = m_transitions[static_cast<std::size_t>(p)];
        t.fromPhase = p;
        t.toPhase = nextGreenPhase(p);
        for (int q = (p + 1) % phases; q != t.toPhase; q = (q + 1) % phases) {
            t.phases.push_back(q);
            t.durationS += m_phases[static_cast<std::size_t>(q)].durationS;
        }
    }
}

bool ProgramTiming::startsGreen(int phase, int notGreenIn) const
{
    for (int g = 0; g < m_groupCount; ++g)
        if (isGreenLetter(letter(phase, g)) && !isGreenLetter(letter(notGreenIn, g)))
            return true;
    return false;
}

bool ProgramTiming::servesFoeOf(int phase, int group, int notGreenIn) const
{
    for (int foe : m_foes[at(group)])
        if (isGreenLetter(letter(phase, foe)) && (notGreenIn < 0 || !isGreenLetter(letter(notGreenIn, foe))))
            return true;
    return false;
}

// For each ordered pair of foes, the shortest time the programme leaves between the end of
// `from`'s go (its yellow; a crossing's walk) and `to` turning green. After a vehicle movement
// the search stops where the programme first serves another movement conflicting with `to`
// (`to` then waits for that one, so the time is not this pair's clearance), and where it first
// starts a green for any other movement: what follows is another phase's green, not the red
// clearance after `from`'s yellow (a controller joining junctions may run a whole phase at the
// other junction before `to`, and that phase's 20 s or more are no clearance). After a crossing
// only a conflicting movement that starts after the walk stops it, because the green the
// programme keeps on other movements after a walk is the pedestrians' clearance. Pairs never seen
// get the programme's longest all-red (a crossing at least its longest pedestrian clearance).
void ProgramTiming::deriveClearances()
{
    const std::size_t n = at(m_groupCount);
    const int phases = phaseCount();
    constexpr double unknown = -1;
    m_clearanceS.assign(n, std::vector<double>(n, unknown));
    double longestPedestrian = 0;
    for (int a = 0; a < m_groupCount; ++a) {
        for (int b : m_foes[at(a)]) {
            double best = std::numeric_limits<double>::infinity();
            for (int i = 0; i < phases; ++i) {
                const int after = (i + 1) % phases;
                if (!isGoLetter(letter(i, a)) || isGoLetter(letter(after, a)) || isGreenLetter(letter(i, b)))
                    continue;
                double elapsed = 0;
                for (int k = 1; k <= phases; ++k) {
                    const int q = (i + k) % phases;
                    if (isGreenLetter(letter(q, b))) {
                        best = std::min(best, elapsed);
                        break;
                    }
                    if (isGoLetter(letter(q, a)) || servesFoeOf(q, b, m_pedestrian[at(a)] ? i : -1))
                        break;
                    if (!m_pedestrian[at(a)] && startsGreen(q, i))
                        break;
                    elapsed += m_phases[static_cast<std::size_t>(q)].durationS;
                }
            }
            if (std::isinf(best))
                continue;
            m_clearanceS[at(a)][at(b)] = best;
            if (m_pedestrian[at(a)])
                longestPedestrian = std::max(longestPedestrian, best);
        }
    }
    // The programme's longest all-red (phases in a row where nothing may go) stands in for the
    // clearance of pairs it never sequences.
    for (int p = 0; p < phases; ++p) {
        double run = 0;
        for (int k = 0; k < phases; ++k) {
            const int q = (p + k) % phases;
            bool anyGo = false;
            for (int g = 0; g < m_groupCount && !anyGo; ++g)
                anyGo = isGoLetter(letter(q, g));
            if (anyGo)
                break;
            run += m_phases[static_cast<std::size_t>(q)].durationS;
        }
        m_allRedS = std::max(m_allRedS, run);
    }
    longestPedestrian = std::max(longestPedestrian, m_allRedS);
    m_clearanceOutS.assign(n, 0);
    for (int a = 0; a < m_groupCount; ++a) {
        for (int b : m_foes[at(a)]) {
            double &c = m_clearanceS[at(a)][at(b)];
            if (c == unknown)
                c = m_pedestrian[at(a)] ? longestPedestrian : m_allRedS;
            m_clearanceOutS[at(a)] = std::max(m_clearanceOutS[at(a)], c);
        }
    }
    m_flashExitRedS = std::max(m_limits.flashExitRedS, m_allRedS);
}

double ProgramTiming::clearanceS(int from, int to) const
{
    if (from < 0 || to < 0 || from >= m_groupCount || to >= m_groupCount)
        return 0;
    const double c = m_clearanceS[at(from)][at(to)];
    return c < 0 ? 0 : c;
}

bool ProgramTiming::conflicts(int a, int b) const
{
    if (a < 0 || b < 0 || a >= m_groupCount || b >= m_groupCount)
        return false;
    return m_conflict[at(a)][at(b)] != 0;
}

bool ProgramTiming::permissiveAllowed(int a, int b) const
{
    if (a < 0 || b < 0 || a >= m_groupCount || b >= m_groupCount)
        return false;
    return m_permissive[at(a)][at(b)] != 0;
}

bool ProgramTiming::isGreenPhase(int phase) const
{
    return std::find(m_greenPhases.begin(), m_greenPhases.end(), phase) != m_greenPhases.end();
}

int ProgramTiming::nextGreenPhase(int phase) const
{
    if (phase < 0 || phase >= phaseCount())
        return m_greenPhases.empty() ? -1 : m_greenPhases.front();
    return m_nextGreen[static_cast<std::size_t>(phase)];
}

const PhaseTransition &ProgramTiming::transitionFrom(int greenPhase) const
{
    static const PhaseTransition none;
    if (greenPhase < 0 || greenPhase >= phaseCount())
        return none;
    return m_transitions[static_cast<std::size_t>(greenPhase)];
}

double ProgramTiming::greenRunFromS(int phase, int group) const
{
    if (phase < 0 || phase >= phaseCount() || group < 0 || group >= m_groupCount)
        return 0;
    return runDuration(phase, group, greenLetter, true);
}

int ProgramTiming::phaseOfState(std::string_view state) const
{
    for (int p = 0; p < phaseCount(); ++p) {
        const std::string &s = m_phases[static_cast<std::size_t>(p)].state;
        if (s.size() == state.size()
            && std::equal(s.begin(), s.end(), state.begin(),
                          [](char x, char y) { return normalisedLetter(x) == normalisedLetter(y); }))
            return p;
    }
    return -1;
}

std::string ProgramTiming::flashState() const
{
    std::string state(at(m_groupCount), 'o');
    for (int g = 0; g < m_groupCount; ++g)
        if (m_dark[at(g)])
            state[at(g)] = letter(0, g);
    return state;
}

std::string ProgramTiming::groupLabel(int group) const
{
    const bool crossing = group >= 0 && group < m_groupCount && m_pedestrian[at(group)];
    std::string label = (crossing ? "crossing " : "movement ") + std::to_string(group);
    if (group >= 0 && group < m_groupCount && !m_labels[at(group)].empty())
        label += " (" + m_labels[at(group)] + ")";
    return label;
}

} // namespace greenlight::core::safety
