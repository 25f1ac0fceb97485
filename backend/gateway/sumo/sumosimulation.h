#pragma once

#include "core/citylayout.h"
#include "gateway/fieldadapter.h"
#include "layoutextractor.h"
#include "livecollector.h"
#include "signalexecutor.h"
#include "sumowaves.h"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace greenlight::gateway {
class LiveHub;
}

namespace greenlight::gateway::sumo {

// How to run a scenario.
struct SimulationSettings {
    std::string sumocfg;                   // the scenario to load
    std::optional<double> begin;           // override of the scenario's begin time, seconds
    double stepLength = 0;                 // override of the step length, seconds; 0 keeps the scenario's
    std::uint32_t seed = 42;
    double speedFactor = 1;                // simulated seconds per wall second; 0 runs as fast as possible
    TrackVehicles track = TrackVehicles::All;
    std::size_t maxTrackedVehicles = 3000; // ordinary vehicles tracked at once, emergency ones come on top
    CityIdentity identity;
    // S10: signal commands are refused for an intersection not seen for this long (wall clock);
    // 0 picks 5 s, or three steps' worth of wall time at the speed factor where that is longer.
    double freshnessS = 0;
};

// Runs SUMO (libsumo, in process) on one dedicated thread that owns every libsumo call: loads the
// scenario, extracts the layout, then steps the simulation paced by the speed factor and publishes
// each step's changes to the live hub.
//
// Threading: the public members are called from one controlling thread (the gateway's main).
// libsumo is one simulation per process and not thread-safe: nothing else may call it.
class SumoSimulation : public FieldAdapter
{
public:
    // Prepares a run; nothing starts until load().
    explicit SumoSimulation(SimulationSettings settings);
    // Stops the thread and closes SUMO.
    ~SumoSimulation() override;

    // Starts the simulation thread, loads the scenario and extracts its layout there, and waits
    // for it. On failure returns nullopt and says why in *error (the thread has ended then).
    std::optional<core::CityLayout> load(std::string *error) override;
    // Publishes the initial state to hub and starts stepping (after a successful load). The hub
    // must outlive stop().
    void run(LiveHub *hub) override;
    // Stops stepping, closes SUMO and joins the thread; safe to call more than once.
    void stop() override;
    // True when stepping ended by itself because of an error, which *why then holds.
    bool failed(std::string *why) const override;
    // The simulation's step length in seconds (after load).
    double stepLength() const override;
    // Simulation time at which the run begins, seconds (after load).
    double beginTime() const override;
    // Signal commands to the simulation's traffic lights (after a successful load).
    FieldControl *control() override { return m_executor.get(); }
    // Green waves in the simulation (after a successful load).
    FieldWaves *waves() override { return m_waves.get(); }

private:
    enum class Stage { Idle, Loading, Loaded, Running, Stopping, Ended };

    void threadMain();
    void stepLoop(LiveHub &hub);
    void observeSignals(const LiveCollector &collector, core::LiveBatch &batch);
    bool pace(std::chrono::steady_clock::time_point target);
    std::optional<core::CityLayout> loadOnThread(std::string *error);

    const SimulationSettings m_settings;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    Stage m_stage = Stage::Idle;
    LiveHub *m_hub = nullptr;
    std::optional<core::CityLayout> m_layout;
    std::unique_ptr<SignalExecutor> m_executor;   // created by load(), used on the thread
    std::unique_ptr<SumoWaves> m_waves;            // created by load(), used on the thread
    std::string m_error;
    bool m_failed = false;
    double m_stepLength = 1.0;
    double m_beginTime = 0;
};

} // namespace greenlight::gateway::sumo
