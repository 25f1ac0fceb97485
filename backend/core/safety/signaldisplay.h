#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace greenlight::core::safety {

// True for the green letters G, g and s.
bool isGreenLetter(char letter);
// True where traffic may enter: a green letter or yellow.
bool isGoLetter(char letter);
// True for flashing (o) and off (O).
bool isFlashLetter(char letter);
// The letter as the safety rules read it: 'Y' becomes 'y', anything else is unchanged.
char normalisedLetter(char letter);

// What one signal group shows and since when.
struct GroupDisplay {
    char colour = 'r';          // SUMO letter shown now
    double sinceS = 0;          // simulation time it entered this colour (G, g and s count as one green)
    char previous = '?';        // letter shown before, '?' when unknown
    double previousSinceS = 0;  // simulation time the previous colour began
};

// The colours an intersection displays, with the time each group entered its colour. The
// validator and planner read it; the gateway keeps one per intersection and applies each state
// the field shows.
class SignalDisplay
{
public:
    // An empty display (no groups).
    SignalDisplay() = default;
    // Every group shows its letter of state and entered it at sinceS (history before is unknown).
    SignalDisplay(std::string_view state, double sinceS);
    // A display with explicit per-group history.
    explicit SignalDisplay(std::vector<GroupDisplay> groups);

    // Records that state is shown from timeS on; groups whose colour changed get new times.
    void apply(std::string_view state, double timeS);
    // The SUMO state string shown now.
    std::string state() const;
    // Number of signal groups.
    int size() const { return static_cast<int>(m_groups.size()); }
    // One group's colour and history.
    const GroupDisplay &group(int index) const { return m_groups[static_cast<std::size_t>(index)]; }
    // Every group's colour and history.
    const std::vector<GroupDisplay> &groups() const { return m_groups; }

private:
    std::vector<GroupDisplay> m_groups;
};

} // namespace greenlight::core::safety
