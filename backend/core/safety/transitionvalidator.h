#pragma once

#include "programtiming.h"
#include "signaldisplay.h"
#include "violation.h"

#include <string_view>
#include <vector>

namespace greenlight::core::safety {

// Checks a proposed signal state against the invariants S1-S6 and S9 (signal-safety.md) before
// it is shown. It reads the programme's timing and the display's history; it keeps no state.
// The ProgramTiming must outlive the validator.
class TransitionValidator
{
public:
    // Validates against the given programme timing.
    explicit TransitionValidator(const ProgramTiming &timing);

    // S1 alone: whether the state may be shown at all (no conflicting go, letters known).
    std::vector<Violation> validateState(std::string_view state) const;
    // Every rule broken by showing `next` from timeS on, after what `current` shows.
    std::vector<Violation> validate(const SignalDisplay &current, std::string_view next, double timeS) const;

private:
    void checkGroup(const SignalDisplay &current, std::string_view next, double timeS, int group,
                    std::vector<Violation> &out) const;
    void checkGreenEnd(const GroupDisplay &shown, char next, double timeS, int group,
                       std::vector<Violation> &out) const;
    void checkClearance(const SignalDisplay &current, std::string_view next, double timeS, int group,
                        std::vector<Violation> &out) const;
    void checkFlashExit(const SignalDisplay &current, std::string_view next, double timeS, int group,
                        std::vector<Violation> &out) const;
    void checkFlashEntry(const GroupDisplay &shown, double timeS, int group, std::vector<Violation> &out) const;
    std::string label(int group) const { return m_timing.groupLabel(group); }

    const ProgramTiming &m_timing;
};

} // namespace greenlight::core::safety
