#include "monitorprogramme.h"

#include <algorithm>

namespace greenlight::core::safety {

namespace {

bool lit(char c) { return c == 'G' || c == 'g' || c == 's'; }
bool moving(char c) { return lit(c) || c == 'y' || c == 'Y'; }

} // namespace

MonitorProgramme::MonitorProgramme(const Intersection &intersection, const MonitorLimits &limits)
    : m_phases(intersection.phases)
{
    std::size_t n = std::max(intersection.signalGroups.size(), intersection.foes.size());
    for (const Phase &p : m_phases)
        n = std::max(n, p.state.size());
    m_size = static_cast<int>(n);
    const std::size_t phases = m_phases.size();

    m_crossing.assign(n, false);
    for (std::size_t i = 0; i < intersection.signalGroups.size(); ++i) {
        const SignalGroup &sg = intersection.signalGroups[i];
        const std::size_t g = sg.index >= 0 && static_cast<std::size_t>(sg.index) < n ? static_cast<std::size_t>(sg.index) : i;
        m_crossing[g] = sg.turn == Turn::Pedestrian;
    }

    std::vector<char> foe(n * n, 0);
    for (std::size_t g = 0; g < intersection.foes.size(); ++g)
        for (int f : intersection.foes[g])
            if (f >= 0 && static_cast<std::size_t>(f) < n && static_cast<std::size_t>(f) != g)
                foe[g * n + static_cast<std::size_t>(f)] = foe[static_cast<std::size_t>(f) * n + g] = 1;
    m_foes.assign(n, {});
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b)
            if (foe[a * n + b])
                m_foes[a].push_back(static_cast<int>(b));

    // Which phases are green phases, and which foe pairs the programme lets go together.
    m_greenPhase.assign(phases, false);
    m_together.assign(n * n, 0);
    for (std::size_t p = 0; p < phases; ++p) {
        bool anyGreen = false, anyChange = false;
        for (int g = 0; g < m_size; ++g) {
            anyGreen |= lit(at(p, g));
            anyChange |= at(p, g) == 'y' || at(p, g) == 'u';
            if (!moving(at(p, g)))
                continue;
            for (int f : m_foes[static_cast<std::size_t>(g)])
                if (moving(at(p, f)) && !(at(p, g) == 'G' && at(p, f) == 'G'))
                    m_together[static_cast<std::size_t>(g) * n + static_cast<std::size_t>(f)] = 1;
        }
        m_greenPhase[p] = anyGreen && !anyChange;
    }

    m_yellow.assign(n, limits.minYellowS);
    m_minGreen.assign(n, limits.defaultMinGreenS);
    m_redAmber.assign(n, false);
    m_noYellow.assign(n, false);
    m_dark.assign(n, phases > 0);
    for (int g = 0; g < m_size; ++g) {
        const std::size_t gi = static_cast<std::size_t>(g);
        bool sawYellow = false, sawGreenPhase = false;
        double minGreen = 0;
        for (std::size_t p = 0; p < phases; ++p) {
            const char c = at(p, g);
            sawYellow |= c == 'y';
            m_redAmber[gi] = m_redAmber[gi] || c == 'u';
            m_dark[gi] = m_dark[gi] && (c == 'o' || c == 'O');
            if (lit(c) && m_greenPhase[p]) {
                const Phase &ph = m_phases[p];
                const bool actuated = ph.minDurationS > 0 && ph.minDurationS < ph.durationS;
                minGreen = std::max(minGreen, actuated ? ph.minDurationS : limits.defaultMinGreenS);
                sawGreenPhase = true;
            }
            // The yellow run that starts here (the phase before is not yellow), around the cycle.
            const char before = at((p + phases - 1) % phases, g);
            if (c == 'y' && before != 'y') {
                double run = 0;
                for (std::size_t k = 0; k < phases && at((p + k) % phases, g) == 'y'; ++k)
                    run += m_phases[(p + k) % phases].durationS;
                m_yellow[gi] = std::max(m_yellow[gi], run);
            }
        }
        if (sawGreenPhase)
            m_minGreen[gi] = minGreen;
        m_noYellow[gi] = m_crossing[gi] && !sawYellow;
    }
    readClearances();
    m_flashExit = std::max(limits.flashExitRedS, m_allRed);
}

char MonitorProgramme::at(std::size_t phase, int g) const
{
    const std::string &s = m_phases[phase].state;
    const char c = static_cast<std::size_t>(g) < s.size() ? s[static_cast<std::size_t>(g)] : 'r';
    return c == 'Y' ? 'y' : c;
}

bool MonitorProgramme::cell(const std::vector<char> &m, int a, int b) const
{
    if (a < 0 || b < 0 || a >= m_size || b >= m_size)
        return false;
    return m[static_cast<std::size_t>(a) * static_cast<std::size_t>(m_size) + static_cast<std::size_t>(b)] != 0;
}

double MonitorProgramme::clearanceS(int a, int b) const
{
    if (a < 0 || b < 0 || a >= m_size || b >= m_size)
        return 0;
    return m_clearance[static_cast<std::size_t>(a) * static_cast<std::size_t>(m_size) + static_cast<std::size_t>(b)];
}

// The programme laid out over two cycles: for every end of a's go, the time until foe b next
// turns green, given up when a goes again first, or when another movement conflicting with b
// gets green first (after a crossing: one that was not green during the walk), or, after a
// vehicle movement, when any movement not green at a's end starts a green first (that is another
// phase's green, not the red clearance after a's yellow). The shortest such time is the
// clearance. A pair the programme never shows directly (another green always goes between) gets
// the programme's longest all-red (a crossing at least the longest pedestrian clearance), or where
// shorter the least red the programme gives a before any foe, or the time the programme itself
// takes from a's end to b's green: never more than the programme does itself.
void MonitorProgramme::readClearances()
{
    const std::size_t n = static_cast<std::size_t>(m_size);
    const std::size_t phases = m_phases.size();
    std::vector<double> start(2 * phases + 1, 0);
    for (std::size_t k = 1; k < start.size(); ++k)
        start[k] = start[k - 1] + m_phases[(k - 1) % phases].durationS;

    m_clearance.assign(n * n, -1);
    // Where another foe of b goes between: the time the programme itself takes from a to b.
    std::vector<double> through(n * n, -1);
    double crossingMax = 0;
    for (int a = 0; a < m_size; ++a) {
        const bool crossing = m_crossing[static_cast<std::size_t>(a)];
        for (int b : m_foes[static_cast<std::size_t>(a)]) {
            double shortest = -1;
            for (std::size_t k = 0; k < phases; ++k) {
                if (!moving(at(k, a)) || moving(at((k + 1) % phases, a)) || lit(at(k, b)))
                    continue;
                const double ended = start[k + 1];
                bool anotherGreenFirst = false;
                for (std::size_t j = k + 1; j <= k + phases; ++j) {
                    const std::size_t p = j % phases;
                    if (lit(at(p, b))) {
                        const double gap = start[j] - ended;
                        double &via = through[static_cast<std::size_t>(a) * n + static_cast<std::size_t>(b)];
                        if (anotherGreenFirst)
                            via = via < 0 ? gap : std::min(via, gap);
                        else
                            shortest = shortest < 0 ? gap : std::min(shortest, gap);
                        break;
                    }
                    if (moving(at(p, a)))
                        break;
                    for (int c : m_foes[static_cast<std::size_t>(b)])
                        anotherGreenFirst = anotherGreenFirst || (lit(at(p, c)) && !(crossing && lit(at(k, c))));
                    for (int c = 0; c < m_size && !crossing; ++c)
                        anotherGreenFirst = anotherGreenFirst || (lit(at(p, c)) && !lit(at(k, c)));
                }
            }
            m_clearance[static_cast<std::size_t>(a) * n + static_cast<std::size_t>(b)] = shortest;
            if (crossing)
                crossingMax = std::max(crossingMax, shortest);
        }
    }
    // The longest stretch of the doubled timeline in which nothing moves (at most one cycle).
    double quietFrom = -1;
    for (std::size_t j = 0; j < 2 * phases; ++j) {
        bool quiet = true;
        for (int g = 0; g < m_size; ++g)
            quiet = quiet && !moving(at(j % phases, g));
        if (quiet && quietFrom < 0)
            quietFrom = start[j];
        if (!quiet && quietFrom >= 0) {
            m_allRed = std::max(m_allRed, start[j] - quietFrom);
            quietFrom = -1;
        }
    }
    if (quietFrom >= 0)
        m_allRed = std::max(m_allRed, start[2 * phases] - quietFrom);
    m_allRed = std::min(m_allRed, start[phases]);
    crossingMax = std::max(crossingMax, m_allRed);
    m_flashEntry.assign(n, 0);
    for (std::size_t a = 0; a < n; ++a) {
        // The least red the programme itself gives a before any foe's green.
        double ownShortest = -1;
        for (int b : m_foes[a]) {
            const double c = m_clearance[a * n + static_cast<std::size_t>(b)];
            if (c >= 0)
                ownShortest = ownShortest < 0 ? c : std::min(ownShortest, c);
        }
        for (int b : m_foes[a]) {
            double &c = m_clearance[a * n + static_cast<std::size_t>(b)];
            const double programme = through[a * n + static_cast<std::size_t>(b)];
            if (c < 0)
                c = std::min({m_crossing[a] ? crossingMax : m_allRed, ownShortest >= 0 ? ownShortest : 1e9,
                              programme >= 0 ? programme : 1e9});
            m_flashEntry[a] = std::max(m_flashEntry[a], c);
        }
    }
}

} // namespace greenlight::core::safety
