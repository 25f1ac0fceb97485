#pragma once

#include "core/safety/transitionplanner.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace greenlight::gateway {

// A command for the field: one intersection, one planned change.
struct FieldCommand {
    std::string intersectionId;     // the intersection (its traffic light)
    core::safety::Command command;  // what to do
    std::string key;                // the command's idempotency key, carried into its events
};

// The field's answer to a command.
struct FieldReply {
    enum class Outcome {
        Accepted,    // planned and started
        Refused,     // no safe plan; message says why
        Stale,       // S10: the intersection has not reported recently; message says how long
        NotFound,    // the field has no such traffic light
        NoAnswer,    // the field did not take the command in time; it was not executed
    };
    Outcome outcome = Outcome::NoAnswer;
    std::string message;            // the refusal, or a note on an accepted plan's timing
    int targetPhase = -1;           // the green phase the plan ends in; -1 for flash
    double plannedEffectiveSimS = 0; // simulation time the plan shows its target
    bool nothingToDo = false;       // a restore of an intersection already on its programme
};

// Something that happened in the field to an accepted command.
struct FieldEvent {
    enum class Kind {
        Effective,  // the command's target is seen in the field
        HandedBack, // a restore ended: the programme runs the intersection again
    };
    Kind kind = Kind::Effective;
    std::string intersectionId;
    std::string key;                // the command's idempotency key
    double simTimeS = 0;            // when it was seen
    std::int64_t unixMs = 0;        // wall clock when it was seen
};

// Signal commands to a field that can take them (signal-safety.md S1-S6, S9, S10): every command
// is planned from what the intersection shows and executed only as legal changes.
//
// Threading: execute() is called from any thread and waits for the field's own thread; the
// listener is called on the field's thread and must not block.
class FieldControl
{
public:
    virtual ~FieldControl() = default;

    // Plans and starts the command, waiting at most `timeout` for the field to take it; a command
    // the field did not take by then is dropped and answered NoAnswer.
    virtual FieldReply execute(const FieldCommand &command, std::chrono::milliseconds timeout) = 0;
    // Sets who hears about commands taking effect; set before the first command.
    virtual void setListener(std::function<void(const FieldEvent &)> listener) = 0;
};

} // namespace greenlight::gateway
