#include "conflictmonitor.h"

#include <cstdio>

namespace greenlight::core::safety {

namespace {

constexpr double kToleranceS = 1e-3;
enum Rule { S1, S2, S3, S4, S5, S9 };

bool lit(char c) { return c == 'G' || c == 'g' || c == 's'; }
bool moving(char c) { return lit(c) || c == 'y'; }
bool dark(char c) { return c == 'o' || c == 'O'; }
char plain(char c) { return c == 'Y' ? 'y' : c; }

std::string secs(double s)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f s", s);
    return buffer;
}

std::string group(int g)
{
    return "group " + std::to_string(g);
}

} // namespace

ConflictMonitor::ConflictMonitor(std::size_t maxRecords, MonitorLimits limits)
    : m_maxRecords(maxRecords)
    , m_limits(limits)
{
}

int ConflictMonitor::addIntersection(const Intersection &intersection)
{
    Watch w(intersection.id, MonitorProgramme(intersection, m_limits));
    const auto found = m_index.find(intersection.id);
    if (found != m_index.end()) {
        m_watches[static_cast<std::size_t>(found->second)] = std::move(w);
        return found->second;
    }
    m_watches.push_back(std::move(w));
    const int index = static_cast<int>(m_watches.size()) - 1;
    m_index.emplace(intersection.id, index);
    return index;
}

void ConflictMonitor::addLayout(const CityLayout &layout)
{
    for (const Intersection &i : layout.intersections)
        addIntersection(i);
}

void ConflictMonitor::observe(std::string_view intersectionId, double timeS, std::string_view state)
{
    const auto found = m_index.find(std::string(intersectionId));
    if (found == m_index.end()) {
        ++m_observations;
        ++m_malformed;
        return;
    }
    observe(found->second, timeS, state);
}

void ConflictMonitor::observe(int index, double timeS, std::string_view state)
{
    ++m_observations;
    if (index < 0 || static_cast<std::size_t>(index) >= m_watches.size()) {
        ++m_malformed;
        return;
    }
    Watch &w = m_watches[static_cast<std::size_t>(index)];
    if (static_cast<int>(state.size()) != w.programme.size()) {
        ++m_malformed;
        return;
    }
    if (!w.seen || timeS < w.lastS) {
        start(w, timeS, state);
        return;
    }
    w.lastS = timeS;
    bool same = true;
    for (std::size_t g = 0; g < state.size() && same; ++g)
        same = plain(state[g]) == w.shown[g];
    if (!same)
        checkChange(w, timeS, state);
}

void ConflictMonitor::start(Watch &w, double timeS, std::string_view state)
{
    const std::size_t n = state.size();
    w.seen = true;
    w.lastS = timeS;
    w.shown.assign(n, 'r');
    for (std::size_t g = 0; g < n; ++g)
        w.shown[g] = plain(state[g]);
    w.since.assign(n, timeS);
    w.before.assign(n, '?');
    w.sinceKnown.assign(n, false);
    checkConflicts(w, timeS, w.shown, false);
}

bool ConflictMonitor::conflicting(const Watch &w, std::string_view state, int a, int b) const
{
    const char la = plain(state[static_cast<std::size_t>(a)]);
    const char lb = plain(state[static_cast<std::size_t>(b)]);
    if (!moving(la) || !moving(lb))
        return false;
    return (la == 'G' && lb == 'G') || !w.programme.mayGoTogether(a, b);
}

void ConflictMonitor::checkConflicts(Watch &w, double timeS, std::string_view state, bool onsetOnly)
{
    for (int a = 0; a < w.programme.size(); ++a) {
        for (int b : w.programme.foesOf(a)) {
            if (b <= a || !conflicting(w, state, a, b))
                continue;
            if (onsetOnly && conflicting(w, w.shown, a, b))
                continue;
            note(w, timeS, S1, {a, b}, state,
                 group(a) + " '" + std::string(1, state[static_cast<std::size_t>(a)]) + "' with conflicting "
                     + group(b) + " '" + std::string(1, state[static_cast<std::size_t>(b)]) + "'");
        }
    }
}

void ConflictMonitor::checkChange(Watch &w, double timeS, std::string_view state)
{
    checkConflicts(w, timeS, state, true);
    bool flashExitNoted = false;
    for (int g = 0; g < w.programme.size(); ++g)
        checkGroup(w, timeS, state, g, flashExitNoted);
    for (std::size_t g = 0; g < state.size(); ++g) {
        const char next = plain(state[g]);
        const char was = w.shown[g];
        if (next == was)
            continue;
        if ((lit(next) && lit(was)) || (dark(next) && dark(was))) {
            w.shown[g] = next;
            continue;
        }
        w.before[g] = was;
        w.shown[g] = next;
        w.since[g] = timeS;
        w.sinceKnown[g] = true;
    }
}

void ConflictMonitor::checkGroup(Watch &w, double timeS, std::string_view state, int g, bool &flashExitNoted)
{
    const std::size_t gi = static_cast<std::size_t>(g);
    const char was = w.shown[gi];
    const char next = plain(state[gi]);
    if (was == next || (lit(was) && lit(next)) || (dark(was) && dark(next)))
        return;
    const MonitorProgramme &p = w.programme;
    const bool known = w.sinceKnown[gi];
    const double held = timeS - w.since[gi];
    const std::string change = group(g) + " " + std::string(1, was) + " -> " + std::string(1, next);

    if (lit(was)) {
        if (known && held < p.minGreenS(g) - kToleranceS)
            note(w, timeS, S5, {g}, state, change + " after " + secs(held) + " of green; minimum " + secs(p.minGreenS(g)));
        if (next == 'y' || (next == 'r' && p.crossingWithoutYellow(g)))
            return;
        note(w, timeS, S2, {g}, state, change + ": green ended without yellow");
        note(w, timeS, dark(next) ? S9 : S4, {g}, state, change);
        return;
    }
    if (was == 'y') {
        if (next == 'r') {
            if (known && held < p.yellowS(g) - kToleranceS)
                note(w, timeS, S2, {g}, state, change + " after " + secs(held) + " of yellow; needs " + secs(p.yellowS(g)));
        } else {
            note(w, timeS, dark(next) ? S9 : S4, {g}, state, change);
        }
        return;
    }
    if (was == 'r') {
        if (lit(next) && p.needsRedAmber(g))
            note(w, timeS, S4, {g}, state, change + " without red-amber");
        if (lit(next) || next == 'u') {
            checkTurnOn(w, timeS, state, g);
        } else if (dark(next)) {
            if (known && held < p.flashEntryRedS(g) - kToleranceS)
                note(w, timeS, S9, {g}, state,
                     change + " after " + secs(held) + " of red; clearance " + secs(p.flashEntryRedS(g)));
        } else {
            note(w, timeS, S4, {g}, state, change);
        }
        return;
    }
    if (was == 'u') {
        if (lit(next))
            checkTurnOn(w, timeS, state, g);
        else
            note(w, timeS, dark(next) ? S9 : S4, {g}, state, change);
        return;
    }
    if (dark(was)) {
        if (next != 'r') {
            note(w, timeS, S9, {g}, state, change + ": flash left without all-red");
            return;
        }
        for (int other = 0; other < p.size() && !flashExitNoted; ++other) {
            if (moving(plain(state[static_cast<std::size_t>(other)]))) {
                flashExitNoted = true;
                note(w, timeS, S9, {g, other}, state, change + " while " + group(other) + " goes: flash left without all-red");
            }
        }
    }
}

// b leaves red (to red-amber or green): S3 against each foe that stopped, S9 after flash.
void ConflictMonitor::checkTurnOn(Watch &w, double timeS, std::string_view state, int b)
{
    const MonitorProgramme &p = w.programme;
    const std::size_t bi = static_cast<std::size_t>(b);
    if (lit(plain(state[bi]))) {
        for (int a : p.foesOf(b)) {
            const std::size_t ai = static_cast<std::size_t>(a);
            if (moving(plain(state[ai])))
                continue;
            double stopped = 0;
            if (moving(w.shown[ai]))
                stopped = timeS;
            else if (w.shown[ai] == 'r' && moving(w.before[ai]) && w.sinceKnown[ai])
                stopped = w.since[ai];
            else
                continue;
            if (timeS - stopped < p.clearanceS(a, b) - kToleranceS)
                note(w, timeS, S3, {b, a}, state,
                     group(b) + " green " + secs(timeS - stopped) + " after foe " + group(a) + " stopped; clearance "
                         + secs(p.clearanceS(a, b)));
        }
    }
    if (w.shown[bi] == 'r' && dark(w.before[bi]) && w.sinceKnown[bi]
        && timeS - w.since[bi] < p.flashExitRedS() - kToleranceS)
        note(w, timeS, S9, {b}, state,
             group(b) + " on " + secs(timeS - w.since[bi]) + " after flash; all-red " + secs(p.flashExitRedS()));
    for (int g = 0; g < p.size(); ++g) {
        if (g != b && !p.alwaysDark(g) && dark(plain(state[static_cast<std::size_t>(g)]))) {
            note(w, timeS, S9, {b, g}, state, group(b) + " on while " + group(g) + " flashes");
            break;
        }
    }
}

void ConflictMonitor::note(Watch &w, double timeS, int rule, std::vector<int> groups, std::string_view after,
                           std::string detail)
{
    ++w.counts[static_cast<std::size_t>(rule)];
    if (m_records.size() >= m_maxRecords)
        return;
    m_records.push_back({w.id, timeS, kRules[static_cast<std::size_t>(rule)], std::move(groups), w.shown,
                         std::string(after), std::move(detail)});
}

std::uint64_t ConflictMonitor::count(std::string_view rule) const
{
    std::uint64_t sum = 0;
    for (const Watch &w : m_watches)
        for (std::size_t r = 0; r < kRules.size(); ++r)
            if (rule == kRules[r])
                sum += w.counts[r];
    return sum;
}

std::uint64_t ConflictMonitor::count(std::string_view intersectionId, std::string_view rule) const
{
    const auto found = m_index.find(std::string(intersectionId));
    if (found == m_index.end())
        return 0;
    const Watch &w = m_watches[static_cast<std::size_t>(found->second)];
    for (std::size_t r = 0; r < kRules.size(); ++r)
        if (rule == kRules[r])
            return w.counts[r];
    return 0;
}

std::uint64_t ConflictMonitor::total() const
{
    std::uint64_t sum = 0;
    for (const char *rule : kRules)
        sum += count(rule);
    return sum;
}

std::string ConflictMonitor::summary(std::size_t recordLines) const
{
    std::string out = "conflict monitor: " + std::to_string(m_watches.size()) + " intersections, "
        + std::to_string(m_observations) + " states, " + std::to_string(total()) + " violations";
    for (std::size_t r = 0; r < kRules.size(); ++r)
        out += std::string(r == 0 ? " (" : ", ") + kRules[r] + " " + std::to_string(count(kRules[r]));
    out += "), " + std::to_string(m_malformed) + " malformed\n";
    for (std::size_t i = 0; i < m_records.size() && i < recordLines; ++i) {
        const MonitorRecord &r = m_records[i];
        char time[32];
        std::snprintf(time, sizeof time, "%.1f", r.timeS);
        out += "  " + r.rule + " " + r.intersectionId + " t=" + time + " " + r.before + " -> " + r.after + ": "
            + r.detail + "\n";
    }
    return out;
}

void ConflictMonitor::reset()
{
    for (Watch &w : m_watches) {
        w.seen = false;
        w.counts = {};
    }
    m_records.clear();
    m_malformed = 0;
    m_observations = 0;
}

} // namespace greenlight::core::safety
