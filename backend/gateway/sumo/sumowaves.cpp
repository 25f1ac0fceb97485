#include "sumowaves.h"

#include "signalexecutor.h"

#include <libsumo/libsumo.h>

#include <algorithm>

namespace greenlight::gateway::sumo {

struct SumoWaves::Task {
    std::function<void(double)> work;
    bool done = false;
    bool abandoned = false;     // the caller gave up waiting: not to be run any more
};

SumoWaves::SumoWaves(const core::CityLayout &layout, SignalExecutor &executor, std::function<void()> wake)
    : m_layout(layout)
    , m_executor(executor)
    , m_engine(layout, executor)
    , m_wake(std::move(wake))
{
    m_speeds.reserve(layout.segments.size());
    for (const auto &segment : layout.segments)
        m_speeds.push_back(static_cast<float>(segment.speedLimitMps));
}

SumoWaves::~SumoWaves()
{
    close();
}

void SumoWaves::setGate(WaveGate *gate)
{
    // Set before the simulation steps (the gateway wires it before run()).
    m_engine.setGate(gate);
}

bool SumoWaves::run(std::function<void(double)> work, std::chrono::milliseconds timeout)
{
    auto task = std::make_shared<Task>();
    task->work = std::move(work);
    {
        std::lock_guard lock(m_mutex);
        if (m_closed)
            return false;
        m_tasks.push_back(task);
    }
    if (m_wake)
        m_wake();
    std::unique_lock lock(m_mutex);
    if (m_changed.wait_for(lock, timeout, [&] { return task->done || m_closed; }) && task->done)
        return true;
    task->abandoned = true;
    return task->done;
}

void SumoWaves::post(std::function<void(double)> work)
{
    auto task = std::make_shared<Task>();
    task->work = std::move(work);
    task->abandoned = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_closed)
            return;
        m_tasks.push_back(std::move(task));
    }
    if (m_wake)
        m_wake();
}

bool SumoWaves::hasTasks() const
{
    std::lock_guard lock(m_mutex);
    return !m_tasks.empty();
}

void SumoWaves::serveTasks(double simTimeS)
{
    for (;;) {
        std::shared_ptr<Task> task;
        {
            std::lock_guard lock(m_mutex);
            if (m_tasks.empty())
                break;
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
            if (task->abandoned)
                continue;
        }
        task->work(simTimeS);
        // The caller sees the waves as the task left them.
        publish(simTimeS);
        std::lock_guard lock(m_mutex);
        task->done = true;
        m_changed.notify_all();
    }
}

void SumoWaves::close()
{
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_tasks.clear();
    m_changed.notify_all();
}

void SumoWaves::afterStep(const core::LiveBatch &batch)
{
    for (const auto &segment : batch.segments)
        if (segment.segment >= 0 && std::size_t(segment.segment) < m_speeds.size())
            m_speeds[std::size_t(segment.segment)] = segment.meanSpeedMps;
    serveTasks(batch.simTimeS);
    if (!m_engine.running())
        return;
    m_engine.step(batch.simTimeS, m_speeds);
    publish(batch.simTimeS);
}

void SumoWaves::publish(double simTimeS)
{
    auto snapshot = m_engine.progress();
    std::lock_guard lock(m_mutex);
    m_snapshot = std::move(snapshot);
    m_simTimeS = simTimeS;
    ++m_version;
    m_changed.notify_all();
}

std::vector<FieldWave> SumoWaves::waves(std::uint64_t *version, double *simTimeS) const
{
    std::lock_guard lock(m_mutex);
    if (version)
        *version = m_version;
    if (simTimeS)
        *simTimeS = m_simTimeS;
    return m_snapshot;
}

bool SumoWaves::waitForChange(std::uint64_t version, std::chrono::milliseconds timeout) const
{
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return m_version != version || m_closed; }) && !m_closed;
}

int SumoWaves::segmentOf(const WavePlace &place) const
{
    if (place.point)
        return m_engine.router().nearestSegment(*place.point);
    return place.segment >= 0 && place.segment < m_engine.graph().segmentCount() ? place.segment : -1;
}

FieldWavePlan SumoWaves::planOnThread(const WavePlace &origin, const WavePlace &destination, double simTimeS)
{
    FieldWavePlan plan;
    plan.simTimeS = simTimeS;
    const auto &graph = m_engine.graph();
    const int destinationSegment = segmentOf(destination);
    if (destinationSegment < 0 || destinationSegment >= graph.segmentCount()) {
        plan.outcome = FieldWavePlan::Outcome::NotFound;
        plan.message = "the destination is not a road of this city";
        return plan;
    }
    int from = origin.vehicleId.empty() ? segmentOf(origin) : -1;
    double offsetM = 0;
    if (!origin.vehicleId.empty()) {
        const auto ids = libsumo::Vehicle::getIDList();
        if (std::find(ids.begin(), ids.end(), origin.vehicleId) == ids.end()) {
            plan.outcome = FieldWavePlan::Outcome::NotFound;
            plan.message = "no vehicle " + origin.vehicleId + " is driving";
            return plan;
        }
        const std::string road = libsumo::Vehicle::getRoadID(origin.vehicleId);
        if (!road.empty() && road.front() != ':') {
            from = graph.segmentIndex(road);
            offsetM = libsumo::Vehicle::getLanePosition(origin.vehicleId);
        } else {
            // Inside a junction: plan from the road it is about to enter.
            const auto route = libsumo::Vehicle::getRoute(origin.vehicleId);
            const std::size_t next = std::size_t(std::max(0, libsumo::Vehicle::getRouteIndex(origin.vehicleId) + 1));
            from = next < route.size() ? graph.segmentIndex(route[next]) : -1;
        }
        if (from < 0) {
            plan.outcome = FieldWavePlan::Outcome::NoRoute;
            plan.message = "vehicle " + origin.vehicleId + " is not on a road of this city";
            return plan;
        }
    }
    if (from < 0 || from >= graph.segmentCount()) {
        plan.outcome = FieldWavePlan::Outcome::NotFound;
        plan.message = "the origin is not a road of this city";
        return plan;
    }
    plan.route = m_engine.router().route(from, offsetM, destinationSegment, m_speeds);
    if (!plan.route.found()) {
        plan.outcome = FieldWavePlan::Outcome::NoRoute;
        plan.message = "no road leads from " + m_layout.segments[std::size_t(from)].name + " ("
            + m_layout.segments[std::size_t(from)].id + ") to " + m_layout.segments[std::size_t(destinationSegment)].name
            + " (" + m_layout.segments[std::size_t(destinationSegment)].id + ")";
        return plan;
    }
    plan.route.signals = core::greenwave::mergedPassages(plan.route.signals);
    for (const auto &signal : plan.route.signals) {
        core::greenwave::WavePassage passage;
        passage.intersection = signal.intersection;
        passage.approachSegment = signal.approachSegment;
        passage.exitSegment = signal.exitSegment;
        passage.signalGroups = signal.signalGroups;
        plan.targetPhases.push_back(m_engine.targetPhase(passage));
    }
    plan.outcome = FieldWavePlan::Outcome::Planned;
    return plan;
}

FieldWavePlan SumoWaves::plan(const WavePlace &origin, const WavePlace &destination,
                              std::chrono::milliseconds timeout)
{
    FieldWavePlan out;
    if (!run([&](double simTimeS) { out = planOnThread(origin, destination, simTimeS); }, timeout)) {
        out = {};
        out.message = "the simulation did not answer in time";
    }
    return out;
}

FieldWaveStart SumoWaves::start(const WaveStart &start, std::chrono::milliseconds timeout)
{
    FieldWaveStart out;
    const bool ran = run(
        [&](double simTimeS) {
            out.plan = planOnThread(start.origin, start.destination, simTimeS);
            if (out.plan.outcome != FieldWavePlan::Outcome::Planned)
                return;
            WaveOrder order;
            order.id = "W" + std::to_string(++m_nextWave);
            order.spawn = start.origin.vehicleId.empty();
            order.vehicleId = order.spawn ? "emergency_" + order.id : start.origin.vehicleId;
            order.destinationSegment = out.plan.route.segments.back();
            order.priority = start.ticket.priority;
            order.path = out.plan.route.segments;
            order.ticket = start.ticket;
            if (const auto why = m_engine.start(order, simTimeS)) {
                out.plan.outcome = FieldWavePlan::Outcome::NoRoute;
                out.plan.message = *why;
                return;
            }
            out.waveId = order.id;
            out.vehicleId = order.vehicleId;
            out.spawned = order.spawn;
        },
        timeout);
    if (!ran) {
        out = {};
        out.plan.message = "the simulation did not answer in time";
    }
    return out;
}

std::optional<std::string> SumoWaves::abort(const std::string &waveId, const std::string &why,
                                            std::chrono::milliseconds timeout)
{
    bool aborted = false;
    if (!run([&](double simTimeS) { aborted = m_engine.abort(waveId, why, simTimeS); }, timeout))
        return "the simulation did not answer in time";
    if (!aborted)
        return "no wave " + waveId + " is running";
    return std::nullopt;
}

void SumoWaves::abandon(const std::string &dispatcher, const std::string &why)
{
    post([this, dispatcher, why](double simTimeS) { m_engine.abandon(dispatcher, why, simTimeS); });
}

} // namespace greenlight::gateway::sumo
