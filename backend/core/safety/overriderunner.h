#pragma once

#include "core/citylayout.h"
#include "programtiming.h"
#include "signaldisplay.h"
#include "transitionplanner.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace greenlight::core::safety {

// What the field must be told now.
struct FieldAction {
    enum class Kind {
        None,     // nothing changes
        Show,     // show `state` (and keep showing it until told otherwise)
        HandBack, // give the intersection back to its programme at the start of `phase`
    };
    Kind kind = Kind::None;
    std::string state;
    int phase = -1;
};

// Where the runner stands.
enum class RunnerStage {
    Programme, // the intersection runs its own programme; nothing is overridden
    Pending,   // a plan is running and has not yet shown its target
    Effective, // the target (a held phase, or flash) is shown and held
    Restoring, // a restore is running towards hand-back
};

// Executes override plans on one intersection, step by step, against the field's real clock.
//
// The caller feeds what the field shows each step (observe) and asks what to tell the field
// (due). Every time the runner uses is a time the field was *seen* showing something, as the
// conflict monitor sees it: a state sent is only taken as shown once it has been observed, and
// nothing more is sent until then, so no state of a plan is ever skipped. Each step goes out so
// that it is seen no sooner than the previous step's duration after the previous step was seen
// (the delay between sending and seeing is measured; sending uses the smallest one seen, planning
// from a state not yet seen the largest, so both err late): a step
// that goes out late moves every later step by as much, so no yellow, all-red or minimum green is
// ever shortened. Commands are planned by the TransitionPlanner from what is seen (plus a state
// sent and not yet seen, as it will be seen), so a new command always starts from the truth, also
// in the middle of another plan. Between acceptance and the first change the field is frozen on
// what it shows, so the programme cannot move under a plan that was made for that display.
// Not thread-safe: one field thread owns it.
class OverrideRunner
{
public:
    // A runner for the intersection (its programme, foes and timing). expectedLagS is how long the
    // field is expected to take from a state sent to the state seen (SUMO: one step); until the
    // runner has measured it, a state sent and not yet seen is planned as seen that much later.
    explicit OverrideRunner(const Intersection &intersection, TimingLimits limits = {}, double expectedLagS = 0);

    // The timing facts of the intersection.
    const ProgramTiming &timing() const { return *m_timing; }
    // Records what the field shows at nowS.
    void observe(std::string_view state, double nowS);
    // What the intersection was seen showing, with the time each group entered its colour.
    const SignalDisplay &display() const { return m_display; }
    // True once the field has been observed at least once.
    bool known() const { return m_known; }

    // Plans the command against what is shown at nowS; an accepted plan replaces the running one.
    Plan command(const Command &command, double nowS);
    // The plan command() would make at nowS, without executing it.
    Plan preview(const Command &command, double nowS) const;
    // What to tell the field at nowS (call once per step, after observe).
    FieldAction due(double nowS);
    // True while a state sent to the field has not been seen yet.
    bool awaitingField() const { return m_sent.has_value(); }

    // Where the runner stands.
    RunnerStage stage() const { return m_stage; }
    // True while the intersection is under an override (anything but Programme).
    bool overriding() const { return m_stage != RunnerStage::Programme; }
    // The plan being executed (or last executed).
    const Plan &plan() const { return m_plan; }
    // Simulation time at which the plan's target was first shown; negative until then.
    double effectiveSinceS() const { return m_effectiveSinceS; }

private:
    bool stepReady(double nowS) const;
    FieldAction send(const std::string &state, double nowS);

    std::unique_ptr<ProgramTiming> m_timing;
    std::unique_ptr<TransitionPlanner> m_planner;
    SignalDisplay m_display;
    bool m_known = false;
    RunnerStage m_stage = RunnerStage::Programme;
    Plan m_plan;
    std::size_t m_next = 0;          // index of the next step to send
    std::optional<std::string> m_sent; // a state sent and not yet seen
    double m_sentAtS = 0;            // when m_sent was sent
    double m_seenS = 0;              // when the previous step was first seen
    double m_lagMinS = -1;           // the smallest delay seen from sending to seeing; -1 before any
    double m_lagMaxS = -1;           // the largest such delay; -1 before any
    double m_expectedLagS = 0;       // the delay expected before any was seen
    bool m_freeze = false;           // the field must be frozen on the display before the first step
    double m_effectiveSinceS = -1;
};

} // namespace greenlight::core::safety
