#pragma once

#include "core/citylayout.h"
#include "core/livestate.h"
#include "gateway/fieldwaves.h"
#include "greenwaveengine.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace greenlight::gateway::sumo {

class SignalExecutor;

// Green waves in the SUMO simulation (FieldWaves): a GreenWaveEngine on the simulation thread,
// reached from other threads through a queue of tasks that thread serves between steps.
//
// Threading: the FieldWaves members may be called from any thread. afterStep(), serveTasks() and
// hasTasks() are for the simulation thread, the only one that calls libsumo.
class SumoWaves final : public FieldWaves
{
public:
    // Waves on the layout's roads, executed by executor (both outlive this). wake is called when a
    // task is queued, to wake the simulation thread.
    SumoWaves(const core::CityLayout &layout, SignalExecutor &executor, std::function<void()> wake);
    ~SumoWaves() override;

    FieldWavePlan plan(const WavePlace &origin, const WavePlace &destination,
                       std::chrono::milliseconds timeout) override;
    FieldWaveStart start(const WaveStart &start, std::chrono::milliseconds timeout) override;
    std::optional<std::string> abort(const std::string &waveId, const std::string &why,
                                     std::chrono::milliseconds timeout) override;
    void abandon(const std::string &dispatcher, const std::string &why) override;
    std::vector<FieldWave> waves(std::uint64_t *version, double *simTimeS) const override;
    bool waitForChange(std::uint64_t version, std::chrono::milliseconds timeout) const override;
    void setGate(WaveGate *gate) override;

    // Simulation thread: after a step's signals were observed: takes the step's segment speeds,
    // serves queued tasks and moves every wave on.
    void afterStep(const core::LiveBatch &batch);
    // Simulation thread: serves queued tasks now (between steps).
    void serveTasks(double simTimeS);
    bool hasTasks() const;
    // Ends every waiting task unserved (the simulation is stopping).
    void close();

private:
    struct Task;
    // Runs work on the simulation thread and waits for it; false when it did not run in time.
    bool run(std::function<void(double simTimeS)> work, std::chrono::milliseconds timeout);
    void post(std::function<void(double simTimeS)> work);
    FieldWavePlan planOnThread(const WavePlace &origin, const WavePlace &destination, double simTimeS);
    // The segment a place stands for; -1 when none.
    int segmentOf(const WavePlace &place) const;
    void publish(double simTimeS);

    const core::CityLayout &m_layout;
    SignalExecutor &m_executor;
    GreenWaveEngine m_engine;              // simulation thread only
    std::vector<float> m_speeds;           // simulation thread only: m/s by segment
    int m_nextWave = 0;                    // simulation thread only
    std::function<void()> m_wake;

    mutable std::mutex m_mutex;            // guards everything below
    mutable std::condition_variable m_changed;
    std::deque<std::shared_ptr<Task>> m_tasks;
    bool m_closed = false;
    std::vector<FieldWave> m_snapshot;
    std::uint64_t m_version = 0;
    double m_simTimeS = 0;
};

} // namespace greenlight::gateway::sumo
