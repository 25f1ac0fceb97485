#pragma once

#include "programtiming.h"
#include "signaldisplay.h"
#include "transitionvalidator.h"

#include <string>
#include <vector>

namespace greenlight::core::safety {

// What an operator (or a green wave) asks of one intersection.
enum class CommandKind {
    HoldPhase, // stay in the current green phase (finish a running transition, hold the next green)
    Advance,   // go to the programme's next green phase and hold it
    GoToPhase, // go to a given green phase and hold it
    Flash,     // flash every movement
    Restore,   // return to the programme through a legal transition and hand control back
};

// A command and its argument.
struct Command {
    CommandKind kind = CommandKind::HoldPhase;
    int phase = -1; // GoToPhase: the green phase; Restore: the phase the programme would be in now, or -1
};

// One state of a plan.
struct PlanStep {
    std::string state;     // SUMO state string to show
    double startS = 0;     // earliest simulation time to show it
    double durationS = 0;  // how long it is shown (last step: the least it must be shown, or until hand-back)
    int phase = -1;        // programme phase with this exact state, -1 for a state of the plan's own
    bool hold = false;     // last step of a held plan: shown until the next command
};

// The answer to a command: a legal sequence of states, or a refusal with its reason.
struct Plan {
    bool accepted = false;       // true when the steps may be shown
    std::string reason;          // refusal reason; for an accepted plan a note such as a delay
    std::vector<PlanStep> steps; // in time order; the last one shows the target
    int targetPhase = -1;        // green phase the plan ends in, -1 for flash
    bool flash = false;          // the plan ends in flash
    bool handBack = false;       // Restore: the programme resumes at the start of targetPhase at handBackS
    double handBackS = 0;        // when the programme resumes: the last step's start, or later where the
                                 // programme's own run would cut a green short of its minimum
    double firstChangeS = 0;     // when the first step that changes a colour starts
};

// Plans legal transitions (S2-S6, S9) from what an intersection shows to what a command asks,
// using the programme's own yellow, all-red and red-amber states and durations. Every plan it
// returns has passed the TransitionValidator step by step; it keeps no state. The ProgramTiming
// must outlive the planner.
class TransitionPlanner
{
public:
    // Plans against the given programme timing.
    explicit TransitionPlanner(const ProgramTiming &timing);

    // The plan for a command, given what the intersection shows at nowS.
    Plan plan(const SignalDisplay &current, const Command &command, double nowS) const;
    // The green phase the display shows (exactly, or the same green movements); -1 in a transition.
    int currentGreenPhase(const SignalDisplay &current) const;
    // The green phase a display is heading for: the current one, or the one its transition leads to.
    int upcomingGreenPhase(const SignalDisplay &current) const;
    // Runs the validator over the steps in order, starting from current; empty when all pass.
    std::vector<Violation> check(const SignalDisplay &current, const std::vector<PlanStep> &steps) const;

private:
    struct Draft {
        std::vector<PlanStep> steps;
        std::string note;
        std::string error;
    };
    Plan planTo(const SignalDisplay &current, const std::string &target, int targetPhase, double nowS) const;
    void scheduleHandBack(const SignalDisplay &current, Plan &plan) const;
    // Seconds from the start of fromPhase until the programme first shows the group green (or
    // red-amber), at its shortest; -1 when `until` goes first, or never.
    double programmeGreenOffsetS(int fromPhase, int group, int until) const;
    bool leaveFlash(SignalDisplay &display, double nowS, Draft &draft) const;
    bool synthesise(const SignalDisplay &display, const std::string &target, double nowS, Draft &draft) const;
    bool programmeTransition(const SignalDisplay &display, int targetPhase, double nowS, Draft &draft) const;
    double changeAllowedAt(const SignalDisplay &display, const std::string &target, double nowS,
                           std::string &note) const;
    bool showsFlash(const SignalDisplay &display) const;
    Plan refuse(const std::string &reason) const;

    const ProgramTiming &m_timing;
    TransitionValidator m_validator;
};

} // namespace greenlight::core::safety
