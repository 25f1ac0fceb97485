#pragma once

#include "core/citylayout.h"

#include <string>
#include <string_view>
#include <vector>

namespace greenlight::core::safety {

// Floors and defaults the safety rules add to what a programme states (signal-safety.md).
struct TimingLimits {
    double minYellowS = 3.0;       // S2: no yellow shorter than this, whatever the programme says
    double defaultMinGreenS = 5.0; // S5: minimum green where the programme declares none
    double flashExitRedS = 3.0;    // S9: all-red shown when leaving flash, at least
};

// The programme's own states between one green phase and the next green phase.
struct PhaseTransition {
    int fromPhase = -1;        // green phase the transition leaves
    int toPhase = -1;          // next green phase in programme order
    std::vector<int> phases;   // yellow, all-red and red-amber phases in between, in order
    double durationS = 0;      // their total duration
};

// Timing facts derived once from an intersection's programme and right-of-way data: what every
// safety check needs, so that nothing reads the raw programme twice. Group and phase indices are
// those of the intersection (letters of the state strings, positions in the phase list).
class ProgramTiming
{
public:
    // Derives everything from the intersection (foes are made symmetric).
    explicit ProgramTiming(const Intersection &intersection, TimingLimits limits = {});

    // The intersection's id.
    const std::string &intersectionId() const { return m_id; }
    // Floors and defaults in use.
    const TimingLimits &limits() const { return m_limits; }
    // Number of signal groups (letters of a state).
    int groupCount() const { return m_groupCount; }
    // Number of programme phases.
    int phaseCount() const { return static_cast<int>(m_phases.size()); }
    // One programme phase.
    const Phase &phase(int index) const { return m_phases[static_cast<std::size_t>(index)]; }
    // Letter group g shows in phase p ('r' where the phase's state is too short).
    char letter(int phase, int group) const;

    // S2: the programme's yellow for the group (its longest yellow run), never below minYellowS.
    double yellowS(int group) const { return m_yellowS[at(group)]; }
    // S5: the group's minimum green (the programme's actuated minimum, else defaultMinGreenS).
    double minGreenS(int group) const { return m_minGreenS[at(group)]; }
    // S5: the minimum green of a phase (its minDur when actuated, else defaultMinGreenS).
    double phaseMinGreenS(int phase) const { return m_phaseMinGreenS[static_cast<std::size_t>(phase)]; }
    // S3: red clearance from the end of `from`'s yellow (a crossing's walk) to `to`'s green.
    double clearanceS(int from, int to) const;
    // S9: the longest clearance from the group to any of its foes (red served before flash).
    double clearanceOutS(int group) const { return m_clearanceOutS[at(group)]; }
    // The programme's longest all-red: phases in a row where no movement may go.
    double allRedS() const { return m_allRedS; }
    // S9: all-red shown when leaving flash before any green (the longer of the floor and allRedS).
    double flashExitRedS() const { return m_flashExitRedS; }
    // The programme's red-amber for the group, 0 where it never shows 'u'.
    double redAmberS(int group) const { return m_redAmberS[at(group)]; }
    // S4: true where the programme shows red-amber for the group, so red → red-amber → green.
    bool requiresRedAmber(int group) const { return m_redAmberS[at(group)] > 0; }
    // True where any phase shows red-amber.
    bool usesRedAmber() const { return m_usesRedAmber; }

    // S1: true when the two groups conflict.
    bool conflicts(int a, int b) const;
    // S1: the groups conflicting with the group, sorted.
    const std::vector<int> &foes(int group) const { return m_foes[at(group)]; }
    // S1: true where the programme itself shows the foes going together, one of them not 'G'.
    bool permissiveAllowed(int a, int b) const;

    // True for a green phase: a G or g and no yellow or red-amber (a target for commands).
    bool isGreenPhase(int phase) const;
    // Green phases in programme order.
    const std::vector<int> &greenPhases() const { return m_greenPhases; }
    // The first green phase after `phase` in programme order (itself if it is the only one); -1 if none.
    int nextGreenPhase(int phase) const;
    // The programme's transition that leaves a green phase (empty phases where none).
    const PhaseTransition &transitionFrom(int greenPhase) const;
    // How long the programme keeps the group green from the start of `phase` on, counting an
    // actuated phase at its minimum (0 where the phase does not show it green).
    double greenRunFromS(int phase, int group) const;
    // The first phase whose state is exactly `state`; -1 if none.
    int phaseOfState(std::string_view state) const;

    // S6: true for a pedestrian crossing.
    bool isPedestrian(int group) const { return m_pedestrian[at(group)]; }
    // S6: the walk a crossing gets in the programme (its shortest green run); 0 for vehicles.
    double walkS(int group) const { return m_walkS[at(group)]; }
    // True for a crossing the programme never shows yellow: green → red is its legal end.
    bool endsWithoutYellow(int group) const { return m_endsWithoutYellow[at(group)]; }
    // True for a group shown flashing or off in every phase; the rules leave it as it is.
    bool isDark(int group) const { return m_dark[at(group)]; }
    // The state of flash: 'o' on every group except dark ones, which keep their letter.
    std::string flashState() const;

    // "movement 3 (N straight)", "crossing 5 (N)" or "movement 3".
    std::string groupLabel(int group) const;

private:
    std::size_t at(int group) const { return static_cast<std::size_t>(group); }
    void deriveGroups(const Intersection &intersection);
    void deriveFoes(const Intersection &intersection);
    void derivePhases();
    void deriveClearances();
    bool servesFoeOf(int phase, int group, int notGreenIn) const;
    // True where `phase` shows green for a movement not green in phase `notGreenIn`.
    bool startsGreen(int phase, int notGreenIn) const;
    double runDuration(int start, int group, bool (*inRun)(char), bool servedOnly) const;
    std::vector<int> runStarts(int group, bool (*inRun)(char)) const;

    std::string m_id;
    TimingLimits m_limits;
    std::vector<Phase> m_phases;
    int m_groupCount = 0;
    std::vector<std::string> m_labels;
    std::vector<bool> m_pedestrian;
    std::vector<bool> m_endsWithoutYellow;
    std::vector<bool> m_dark;
    std::vector<double> m_yellowS;
    std::vector<double> m_minGreenS;
    std::vector<double> m_phaseMinGreenS;
    std::vector<double> m_redAmberS;
    std::vector<double> m_walkS;
    std::vector<double> m_clearanceOutS;
    std::vector<std::vector<double>> m_clearanceS;
    std::vector<std::vector<char>> m_conflict;
    std::vector<std::vector<char>> m_permissive;
    std::vector<std::vector<int>> m_foes;
    std::vector<int> m_greenPhases;
    std::vector<int> m_nextGreen;
    std::vector<PhaseTransition> m_transitions;
    double m_flashExitRedS = 0;
    double m_allRedS = 0;
    bool m_usesRedAmber = false;
};

} // namespace greenlight::core::safety
