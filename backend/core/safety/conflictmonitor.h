#pragma once

#include "core/citylayout.h"
#include "monitorprogramme.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace greenlight::core::safety {

// One violation the monitor saw.
struct MonitorRecord {
    std::string intersectionId; // where it happened
    double timeS = 0;         // simulation time of the state that broke the rule
    std::string rule;         // "S1", "S2", "S3", "S4", "S5" or "S9"
    std::vector<int> groups;  // signal groups involved
    std::string before;       // state shown before
    std::string after;        // state that broke the rule
    std::string detail;       // what was wrong, with the numbers
};

// A software conflict monitor (MMU): it watches only the signal states the field shows, step by
// step, and counts violations of S1-S5 and S9 against each intersection's own foes and programme.
// It shares no code with the validator or the planner, so it can prove them wrong. A conflict that
// persists is counted once, when it starts; every other rule is counted per change that breaks it.
// Times a state was entered are only trusted once the monitor has seen the change happen.
// Not thread-safe: feed it from one thread.
class ConflictMonitor
{
public:
    // The rules counted, in order.
    static constexpr std::array<const char *, 6> kRules{"S1", "S2", "S3", "S4", "S5", "S9"};

    // Keeps the first maxRecords violations in full (all are counted).
    explicit ConflictMonitor(std::size_t maxRecords = 100, MonitorLimits limits = {});

    // Watches an intersection; returns its index for observe(). Adding an id again replaces it.
    int addIntersection(const Intersection &intersection);
    // Watches every intersection of a layout (on an empty monitor, index i is intersections[i]).
    void addLayout(const CityLayout &layout);
    // Feeds the state an intersection shows at timeS; unknown ids are ignored (and counted).
    void observe(std::string_view intersectionId, double timeS, std::string_view state);
    // Feeds the state of the intersection with the index addIntersection returned.
    void observe(int index, double timeS, std::string_view state);

    // Violations of one rule ("S1" ...), over every intersection.
    std::uint64_t count(std::string_view rule) const;
    // Violations of one rule at one intersection.
    std::uint64_t count(std::string_view intersectionId, std::string_view rule) const;
    // All violations.
    std::uint64_t total() const;
    // States fed whose length did not match the intersection, or for an unknown intersection.
    std::uint64_t malformed() const { return m_malformed; }
    // States fed in all.
    std::uint64_t observations() const { return m_observations; }
    // The first violations in full, in the order seen.
    const std::vector<MonitorRecord> &records() const { return m_records; }
    // One line per rule with its count, then the first records.
    std::string summary(std::size_t recordLines = 10) const;
    // Forgets every count, record and history (intersections stay watched).
    void reset();

private:
    struct Watch {
        Watch(std::string watchedId, MonitorProgramme readProgramme)
            : id(std::move(watchedId)), programme(std::move(readProgramme)) {}
        std::string id;
        MonitorProgramme programme;
        bool seen = false;
        double lastS = 0;
        std::string shown;
        std::vector<double> since;
        std::vector<char> before;
        std::vector<bool> sinceKnown;
        std::array<std::uint64_t, kRules.size()> counts{};
    };
    void note(Watch &w, double timeS, int rule, std::vector<int> groups, std::string_view after, std::string detail);
    void start(Watch &w, double timeS, std::string_view state);
    void checkChange(Watch &w, double timeS, std::string_view state);
    void checkGroup(Watch &w, double timeS, std::string_view state, int g, bool &flashExitNoted);
    void checkTurnOn(Watch &w, double timeS, std::string_view state, int b);
    void checkConflicts(Watch &w, double timeS, std::string_view state, bool onsetOnly);
    bool conflicting(const Watch &w, std::string_view state, int a, int b) const;

    std::size_t m_maxRecords;
    MonitorLimits m_limits;
    std::vector<Watch> m_watches;
    std::unordered_map<std::string, int> m_index;
    std::vector<MonitorRecord> m_records;
    std::uint64_t m_malformed = 0;
    std::uint64_t m_observations = 0;
};

} // namespace greenlight::core::safety
