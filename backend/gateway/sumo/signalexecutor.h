#pragma once

#include "core/citylayout.h"
#include "core/safety/freshnessguard.h"
#include "core/safety/overriderunner.h"
#include "gateway/fieldcontrol.h"
#include "gateway/fieldwaves.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace greenlight::gateway::sumo {

// Executes signal commands in SUMO (FieldControl): one core::safety::OverrideRunner per traffic
// light, fed with the state SUMO shows after every step; its field actions become
// TrafficLight::setRedYellowGreenState, and a hand-back setProgram + setPhase.
//
// Threading: execute() and setListener() are thread-safe and may be called from any thread;
// execute() queues the command and waits for the simulation thread. Every other member runs on
// the simulation thread, the only one that calls libsumo: afterStep() after each step, and
// serveInbox() whenever hasInbox() says a command waits (also between steps).
class SignalExecutor final : public FieldControl
{
public:
    // Commands for the layout's traffic lights. An intersection is stale (S10) when it has not
    // been seen for freshnessS of wall-clock time. wake is called (from execute's thread) when a
    // command is queued, to wake the simulation thread.
    // stepS is the simulation's step: a state set is seen after the next step.
    SignalExecutor(const core::CityLayout &layout, double freshnessS, double stepS, std::function<void()> wake);
    ~SignalExecutor() override;

    FieldReply execute(const FieldCommand &command, std::chrono::milliseconds timeout) override;
    void setListener(std::function<void(const FieldEvent &)> listener) override;

    // Simulation thread: feeds what light `index` (layout order) shows at simTimeS.
    void observe(std::size_t index, const std::string &state, double simTimeS);
    // Simulation thread: after every light was observed for a step: serves queued commands and
    // sends every running plan's due changes to SUMO.
    void afterStep(double simTimeS);
    // Simulation thread: serves queued commands now (between steps).
    void serveInbox(double simTimeS);
    // True when a command waits to be served.
    bool hasInbox() const;
    // Ends every waiting command with NoAnswer (the simulation is stopping).
    void close();

    // Simulation thread: the layout index of a traffic light, or -1.
    int indexOf(const std::string &intersectionId) const;
    // Simulation thread: plans and starts a command on light `index` at once (as execute() does,
    // without the inbox); key is carried into the light's events.
    core::safety::Plan commandNow(std::size_t index, const core::safety::Command &command, const std::string &key,
                                  double simTimeS);
    // Simulation thread: the plan a command would get now, not executed.
    core::safety::Plan preview(std::size_t index, const core::safety::Command &command, double simTimeS) const;
    // Simulation thread: true when light `index` runs the command with this key and shows its target.
    bool showsTarget(std::size_t index, const std::string &key) const;
    // Simulation thread: under an override, the programme phase whose state light `index` shows
    // (-1 where it shows a state of the plan's own); -1 when it runs its programme.
    int programmePhaseShown(std::size_t index) const;
    // Simulation thread: true while light `index` runs a command (until it is back on its programme).
    bool overriding(std::size_t index) const { return m_lights[index].runner->overriding(); }
    // Simulation thread: the phase of its programme light `index` runs, or -1 while overridden.
    int programmePhase(std::size_t index) const;
    // Simulation thread: the timing facts of light `index`.
    const core::safety::ProgramTiming &timing(std::size_t index) const { return m_lights[index].runner->timing(); }

private:
    struct Request;
    struct Light {
        std::string id;
        std::string programId;
        std::unique_ptr<core::safety::OverrideRunner> runner;
        std::string key;              // the command the runner executes
        bool effectiveReported = true;
    };

    void serve(Request &request, double simTimeS);
    void act(std::size_t index, double simTimeS);
    void emit(FieldEvent::Kind kind, const Light &light, double simTimeS);

    std::vector<Light> m_lights;
    std::unordered_map<std::string, std::size_t> m_index;
    core::safety::FreshnessGuard m_freshness;
    std::vector<std::size_t> m_active;  // lights under an override or awaiting the field

    std::function<void()> m_wake;
    mutable std::mutex m_mutex;         // guards the inbox, the listener and m_closed
    std::condition_variable m_answered;
    std::deque<std::shared_ptr<Request>> m_inbox;
    std::function<void(const FieldEvent &)> m_listener;
    bool m_closed = false;
};

} // namespace greenlight::gateway::sumo
