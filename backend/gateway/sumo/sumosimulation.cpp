#include "sumosimulation.h"

#include "livehub.h"
#include "logging.h"
#include "netreader.h"

#include <libsumo/libsumo.h>

#include <QFileInfo>

#include <chrono>

namespace greenlight::gateway::sumo {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kStatsInterval = std::chrono::seconds(30);
// When pacing falls further behind than this, it starts afresh instead of catching up in a burst.
constexpr auto kMaxLag = std::chrono::seconds(1);

std::string number(double v)
{
    return std::to_string(v);
}

} // namespace

SumoSimulation::SumoSimulation(SimulationSettings settings)
    : m_settings(std::move(settings))
{
}

SumoSimulation::~SumoSimulation()
{
    stop();
}

std::optional<core::CityLayout> SumoSimulation::load(std::string *error)
{
    std::unique_lock lock(m_mutex);
    if (m_stage != Stage::Idle) {
        if (error)
            *error = "simulation already loaded";
        return std::nullopt;
    }
    m_stage = Stage::Loading;
    m_thread = std::thread(&SumoSimulation::threadMain, this);
    m_changed.wait(lock, [this] { return m_stage != Stage::Loading; });
    if (m_stage == Stage::Loaded) {
        const double wallPerStep = m_settings.speedFactor > 0 ? m_stepLength / m_settings.speedFactor : 0.0;
        const double freshness = m_settings.freshnessS > 0 ? m_settings.freshnessS : std::max(5.0, 3 * wallPerStep);
        m_executor = std::make_unique<SignalExecutor>(*m_layout, freshness, m_stepLength,
                                                      [this] {
                                                          std::lock_guard wakeLock(m_mutex);
                                                          m_changed.notify_all();
                                                      });
        m_waves = std::make_unique<SumoWaves>(*m_layout, *m_executor, [this] {
            std::lock_guard wakeLock(m_mutex);
            m_changed.notify_all();
        });
        return m_layout;
    }
    if (error)
        *error = m_error;
    lock.unlock();
    if (m_thread.joinable())
        m_thread.join();
    return std::nullopt;
}

void SumoSimulation::run(LiveHub *hub)
{
    std::lock_guard lock(m_mutex);
    if (m_stage != Stage::Loaded)
        return;
    m_hub = hub;
    m_stage = Stage::Running;
    m_changed.notify_all();
}

void SumoSimulation::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stage != Stage::Idle && m_stage != Stage::Ended)
            m_stage = Stage::Stopping;
        m_changed.notify_all();
    }
    if (m_executor)
        m_executor->close();
    if (m_waves)
        m_waves->close();
    if (m_thread.joinable())
        m_thread.join();
}

bool SumoSimulation::failed(std::string *why) const
{
    std::lock_guard lock(m_mutex);
    if (m_failed && why)
        *why = m_error;
    return m_failed;
}

double SumoSimulation::stepLength() const
{
    std::lock_guard lock(m_mutex);
    return m_stepLength;
}

double SumoSimulation::beginTime() const
{
    std::lock_guard lock(m_mutex);
    return m_beginTime;
}

std::optional<core::CityLayout> SumoSimulation::loadOnThread(std::string *error)
{
    std::string why;
    const auto files = readScenarioFiles(m_settings.sumocfg, &why);
    if (!files) {
        *error = why;
        return std::nullopt;
    }
    if (!QFileInfo(QString::fromStdString(files->netFile)).isReadable()) {
        *error = "cannot read the network " + files->netFile;
        return std::nullopt;
    }
    std::vector<std::string> args{"-c", m_settings.sumocfg, "-X", "never", "--no-step-log", "--no-warnings",
                                  "--duration-log.disable", "--seed", std::to_string(m_settings.seed)};
    if (m_settings.begin) {
        args.push_back("--begin");
        args.push_back(number(*m_settings.begin));
    }
    if (m_settings.stepLength > 0) {
        args.push_back("--step-length");
        args.push_back(number(m_settings.stepLength));
    }
    try {
        const auto started = Clock::now();
        qCInfo(lcSumo, "loading %s", m_settings.sumocfg.c_str());
        libsumo::Simulation::load(args);
        const double loadS = std::chrono::duration<double>(Clock::now() - started).count();
        const auto net = readNetFile(files->netFile, &why);
        if (!net) {
            *error = why;
            libsumo::Simulation::close();
            return std::nullopt;
        }
        auto layout = extractLayout(*net, *files, m_settings.identity);
        {
            std::lock_guard lock(m_mutex);
            m_stepLength = libsumo::Simulation::getDeltaT();
            m_beginTime = libsumo::Simulation::getTime();
        }
        qCInfo(lcSumo, "loaded in %.1f s, layout read in %.1f s, sim time %.1f s, step %.2f s", loadS,
               std::chrono::duration<double>(Clock::now() - started).count() - loadS,
               libsumo::Simulation::getTime(), libsumo::Simulation::getDeltaT());
        return layout;
    } catch (const std::exception &e) {
        *error = e.what();
    } catch (...) {
        *error = "unknown error while loading the simulation";
    }
    try {
        libsumo::Simulation::close();
    } catch (...) {
    }
    return std::nullopt;
}

void SumoSimulation::threadMain()
{
    std::string error;
    auto layout = loadOnThread(&error);
    LiveHub *hub = nullptr;
    {
        std::unique_lock lock(m_mutex);
        if (!layout) {
            m_error = error.empty() ? "cannot load the simulation" : error;
            m_stage = Stage::Ended;
            m_changed.notify_all();
            return;
        }
        m_layout = std::move(layout);
        m_stage = Stage::Loaded;
        m_changed.notify_all();
        m_changed.wait(lock, [this] { return m_stage == Stage::Running || m_stage == Stage::Stopping; });
        hub = m_stage == Stage::Running ? m_hub : nullptr;
    }
    if (hub)
        stepLoop(*hub);
    try {
        libsumo::Simulation::close();
    } catch (...) {
    }
    std::lock_guard lock(m_mutex);
    m_stage = Stage::Ended;
    m_changed.notify_all();
}

void SumoSimulation::observeSignals(const LiveCollector &collector, core::LiveBatch &batch)
{
    const double simTimeS = batch.simTimeS;
    for (std::size_t i = 0; i < collector.lightCount(); ++i)
        m_executor->observe(i, collector.lightState(i), simTimeS);
    // Under an override SUMO runs a programme of its own ("online", phase 0): report the
    // programme phase whose state the intersection shows instead, where there is one.
    for (auto &signal : batch.signals) {
        const std::size_t i = static_cast<std::size_t>(signal.intersection);
        if (const int phase = m_executor->programmePhaseShown(i); phase >= 0)
            signal.phaseIndex = phase;
    }
    m_executor->afterStep(simTimeS);
}

// Waits until the wall-clock target of the next step, serving signal commands as they come.
// False when the run is to stop.
bool SumoSimulation::pace(Clock::time_point target)
{
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait_until(lock, target,
                                 [this] {
                                     return m_stage != Stage::Running || m_executor->hasInbox() || m_waves->hasTasks();
                                 });
            if (m_stage != Stage::Running)
                return false;
        }
        if (!m_executor->hasInbox() && !m_waves->hasTasks())
            return true;
        const double simTimeS = libsumo::Simulation::getTime();
        m_executor->serveInbox(simTimeS);
        m_waves->serveTasks(simTimeS);
    }
}

void SumoSimulation::stepLoop(LiveHub &hub)
{
    const double factor = m_settings.speedFactor;
    try {
        LiveCollector collector(*m_layout, m_settings.track, m_settings.maxTrackedVehicles);
        {
            auto first = collector.collect();
            observeSignals(collector, first);
            m_waves->afterStep(first);
            hub.publish(std::move(first));
        }
        auto wallAnchor = Clock::now();
        double simAnchor = libsumo::Simulation::getTime();
        auto statsFrom = Clock::now();
        std::uint64_t steps = 0;
        std::uint64_t statsSteps = 0;
        for (;;) {
            {
                std::lock_guard lock(m_mutex);
                if (m_stage != Stage::Running)
                    break;
            }
            libsumo::Simulation::step();
            ++steps;
            auto batch = collector.collect();
            const double simTime = batch.simTimeS;
            observeSignals(collector, batch);
            m_waves->afterStep(batch);
            hub.publish(std::move(batch));

            const auto now = Clock::now();
            if (now >= statsFrom + kStatsInterval) {
                const double rate = static_cast<double>(steps - statsSteps)
                    / std::chrono::duration<double>(now - statsFrom).count();
                qCInfo(lcSumo, "sim time %.0f s, %d vehicles running, %zu tracked, %.1f steps/s", simTime,
                       libsumo::Vehicle::getIDCount(), collector.trackedCount(), rate);
                statsFrom = now;
                statsSteps = steps;
            }
            if (factor <= 0)
                continue;
            const auto target = wallAnchor
                + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>((simTime - simAnchor) / factor));
            if (now > target + kMaxLag) {
                wallAnchor = now;
                simAnchor = simTime;
                continue;
            }
            if (!pace(target))
                break;
        }
    } catch (const std::exception &e) {
        qCWarning(lcSumo, "simulation stopped: %s", e.what());
        std::lock_guard lock(m_mutex);
        m_failed = true;
        m_error = e.what();
    } catch (...) {
        qCWarning(lcSumo, "simulation stopped by an unknown error");
        std::lock_guard lock(m_mutex);
        m_failed = true;
        m_error = "unknown error in the simulation";
    }
}

} // namespace greenlight::gateway::sumo
