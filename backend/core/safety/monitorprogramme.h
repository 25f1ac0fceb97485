#pragma once

#include "core/citylayout.h"

#include <vector>

namespace greenlight::core::safety {

// The numbers the conflict monitor holds an intersection to (the same floors as signal-safety.md).
struct MonitorLimits {
    double minYellowS = 3.0;       // S2 floor
    double defaultMinGreenS = 5.0; // S5 where the programme declares no minimum
    double flashExitRedS = 3.0;    // S9 all-red after flash, at least
};

// The conflict monitor's own reading of one intersection's programme and foes. It is written
// apart from ProgramTiming on purpose: the monitor must not share code with what it checks.
class MonitorProgramme
{
public:
    // Reads the intersection's foes (made symmetric) and programme.
    MonitorProgramme(const Intersection &intersection, const MonitorLimits &limits);

    // Number of signal groups.
    int size() const { return m_size; }
    // Groups conflicting with g.
    const std::vector<int> &foesOf(int g) const { return m_foes[static_cast<std::size_t>(g)]; }
    // True where the programme itself shows the foes going together with one of them not 'G'.
    bool mayGoTogether(int a, int b) const { return cell(m_together, a, b); }
    // Required yellow of g.
    double yellowS(int g) const { return m_yellow[static_cast<std::size_t>(g)]; }
    // Required minimum green of g.
    double minGreenS(int g) const { return m_minGreen[static_cast<std::size_t>(g)]; }
    // Required red between the end of a's go and b's green.
    double clearanceS(int a, int b) const;
    // Red g shows before it may flash.
    double flashEntryRedS(int g) const { return m_flashEntry[static_cast<std::size_t>(g)]; }
    // All-red shown after flash before anything turns on.
    double flashExitRedS() const { return m_flashExit; }
    // True where the programme shows red-amber for g.
    bool needsRedAmber(int g) const { return m_redAmber[static_cast<std::size_t>(g)]; }
    // True for a crossing the programme never shows yellow (its green ends straight in red).
    bool crossingWithoutYellow(int g) const { return m_noYellow[static_cast<std::size_t>(g)]; }
    // True for a group flashing or off in every phase.
    bool alwaysDark(int g) const { return m_dark[static_cast<std::size_t>(g)]; }

private:
    char at(std::size_t phase, int g) const;
    bool cell(const std::vector<char> &m, int a, int b) const;
    void readClearances();

    int m_size = 0;
    std::vector<Phase> m_phases;
    std::vector<bool> m_greenPhase;
    std::vector<bool> m_crossing;
    std::vector<std::vector<int>> m_foes;
    std::vector<char> m_together;
    std::vector<double> m_clearance;
    std::vector<double> m_yellow;
    std::vector<double> m_minGreen;
    std::vector<double> m_flashEntry;
    std::vector<bool> m_redAmber;
    std::vector<bool> m_noYellow;
    std::vector<bool> m_dark;
    double m_flashExit = 0;
    double m_allRed = 0;
};

} // namespace greenlight::core::safety
