#include "livehub.h"

#include "convert/protoconvert.h"
#include "logging.h"

#include <algorithm>

namespace greenlight::gateway {

namespace {

std::int64_t unixMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

LiveHub::LiveHub(LiveHubConfig config, std::string runId, std::string layoutVersion, std::size_t intersections,
                 std::size_t segments)
    : m_config(std::move(config))
    , m_runId(std::move(runId))
    , m_layoutVersion(std::move(layoutVersion))
    , m_signals(intersections)
    , m_segments(segments)
{
    for (std::size_t i = 0; i < m_signals.size(); ++i)
        m_signals[i].intersection = static_cast<int>(i);
    for (std::size_t i = 0; i < m_segments.size(); ++i)
        m_segments[i].segment = static_cast<int>(i);
}

LiveHub::~LiveHub()
{
    close();
}

std::chrono::steady_clock::time_point LiveHub::now() const
{
    return m_config.clock ? m_config.clock() : std::chrono::steady_clock::now();
}

void LiveHub::apply(const core::LiveBatch &changes)
{
    for (const auto &s : changes.signals)
        if (s.intersection >= 0 && static_cast<std::size_t>(s.intersection) < m_signals.size())
            m_signals[static_cast<std::size_t>(s.intersection)] = s;
    for (const auto &s : changes.segments)
        if (s.segment >= 0 && static_cast<std::size_t>(s.segment) < m_segments.size())
            m_segments[static_cast<std::size_t>(s.segment)] = s;
    for (const auto &v : changes.vehicles)
        m_vehicles[v.id] = v;
    for (const auto &id : changes.vehiclesRemoved)
        m_vehicles.erase(id);
    for (const auto &c : changes.controls) {
        if (c.lease || c.override_)
            m_controls[c.intersection] = c;
        else
            m_controls.erase(c.intersection);
    }
    m_simTime = changes.simTimeS;
}

void LiveHub::publishControls(std::vector<core::IntersectionControl> controls)
{
    if (controls.empty())
        return;
    core::LiveBatch batch;
    batch.controls = std::move(controls);
    batch.simTimeS = -1; // filled in under the lock
    publish(std::move(batch));
}

void LiveHub::publish(core::LiveBatch changes)
{
    changes.snapshot = false;
    changes.gatewayRunId = m_runId;
    changes.layoutVersion = m_layoutVersion;
    changes.emittedUnixUs = unixMicros();
    const bool hasVehicles = !changes.vehicles.empty() || !changes.vehiclesRemoved.empty();

    // Build the message before taking the lock; only its sequence is filled in under it.
    auto message = std::make_shared<v1::LiveUpdate>();
    convert::toProto(changes, message.get());
    const std::size_t bytes = message->ByteSizeLong();

    std::lock_guard lock(m_mutex);
    changes.sequence = ++m_latest;
    message->set_sequence(changes.sequence);
    if (changes.simTimeS < 0) {
        changes.simTimeS = m_simTime;
        message->set_sim_time_s(m_simTime);
    }
    m_emittedUnixUs = changes.emittedUnixUs;
    apply(changes);
    Entry entry{changes.sequence, std::move(message), nullptr, bytes};
    if (!hasVehicles)
        entry.lean = entry.full;
    m_ring.push_back(std::move(entry));
    m_ringBytes += bytes;
    // Bounded in messages and in bytes: at 10,000 intersections one segment refresh is megabytes.
    while (m_ring.size() > std::max<std::size_t>(m_config.history, 1)
           || (m_ring.size() > 1 && m_ringBytes > m_config.historyBytes)) {
        m_ringBytes -= m_ring.front().bytes;
        m_ring.pop_front();
    }
    m_snapshot[0].reset();
    m_snapshot[1].reset();

    Entry &latest = m_ring.back();
    const auto time = now();
    for (const auto &s : m_subscriptions)
        s->offer(s->includeVehicles() ? latest.full : leanOf(latest), time, m_config.maxResyncs,
                 m_config.resyncWindow, m_config.snapshotPatience);
}

std::shared_ptr<const v1::LiveUpdate> LiveHub::leanOf(Entry &entry)
{
    if (!entry.lean) {
        auto lean = std::make_shared<v1::LiveUpdate>(*entry.full);
        lean->clear_vehicles();
        lean->clear_vehicles_removed();
        entry.lean = std::move(lean);
    }
    return entry.lean;
}

std::shared_ptr<const v1::LiveUpdate> LiveHub::snapshotLocked(bool includeVehicles)
{
    auto &cached = m_snapshot[includeVehicles ? 1 : 0];
    if (cached)
        return cached;
    core::LiveBatch state;
    state.snapshot = true;
    state.sequence = m_latest;
    state.gatewayRunId = m_runId;
    state.layoutVersion = m_layoutVersion;
    state.simTimeS = m_simTime;
    state.emittedUnixUs = m_emittedUnixUs ? m_emittedUnixUs : unixMicros();
    state.signals = m_signals;
    state.segments = m_segments;
    state.controls.reserve(m_controls.size());
    for (const auto &[index, control] : m_controls)
        state.controls.push_back(control);
    if (includeVehicles) {
        state.vehicles.reserve(m_vehicles.size());
        for (const auto &[id, v] : m_vehicles)
            state.vehicles.push_back(v);
    }
    auto message = std::make_shared<v1::LiveUpdate>();
    convert::toProto(state, message.get());
    cached = std::move(message);
    return cached;
}

std::shared_ptr<const v1::LiveUpdate> LiveHub::takeSnapshot(LiveSubscription &subscription)
{
    std::lock_guard lock(m_mutex);
    std::lock_guard subscriptionLock(subscription.m_mutex);
    if (subscription.m_endReason != LiveSubscription::EndReason::None)
        return nullptr;
    subscription.m_needSnapshot = false;
    subscription.m_queue.clear();
    return snapshotLocked(subscription.includeVehicles());
}

std::shared_ptr<LiveSubscription> LiveHub::subscribe(std::uint64_t resumeAfter, const std::string &runId,
                                                     bool includeVehicles)
{
    std::lock_guard lock(m_mutex);
    const bool sameRun = runId == m_runId && resumeAfter > 0 && resumeAfter <= m_latest;
    const bool held = resumeAfter == m_latest || (!m_ring.empty() && m_ring.front().sequence <= resumeAfter + 1);
    const bool resume = sameRun && held;
    const std::size_t backlog = resume ? static_cast<std::size_t>(m_latest - resumeAfter) : 0;
    auto subscription = std::make_shared<LiveSubscription>(*this, includeVehicles, m_config.queueCapacity);
    std::lock_guard subscriptionLock(subscription->m_mutex);
    if (m_closed) {
        subscription->m_endReason = LiveSubscription::EndReason::Closed;
        subscription->m_endMessage = "gateway shutting down";
        return subscription;
    }
    if (resume) {
        subscription->m_limit = m_config.queueCapacity + backlog;
        for (auto &entry : m_ring)
            if (entry.sequence > resumeAfter)
                subscription->m_queue.push_back(includeVehicles ? entry.full : leanOf(entry));
    } else {
        subscription->needSnapshotFrom(now());
    }
    m_subscriptions.push_back(subscription);
    qCDebug(lcLive, "subscriber %s after %llu (%zu open)", resume ? "resumes" : "starts with a snapshot",
            static_cast<unsigned long long>(resumeAfter), m_subscriptions.size());
    return subscription;
}

void LiveHub::unsubscribe(const std::shared_ptr<LiveSubscription> &subscription)
{
    std::lock_guard lock(m_mutex);
    m_subscriptions.erase(std::remove(m_subscriptions.begin(), m_subscriptions.end(), subscription),
                          m_subscriptions.end());
}

void LiveHub::close()
{
    std::lock_guard lock(m_mutex);
    m_closed = true;
    for (const auto &s : m_subscriptions)
        s->end(LiveSubscription::EndReason::Closed, "gateway shutting down");
    m_subscriptions.clear();
}

std::uint64_t LiveHub::latestSequence() const
{
    std::lock_guard lock(m_mutex);
    return m_latest;
}

double LiveHub::simTime() const
{
    std::lock_guard lock(m_mutex);
    return m_simTime;
}

std::size_t LiveHub::subscriberCount() const
{
    std::lock_guard lock(m_mutex);
    return m_subscriptions.size();
}

} // namespace greenlight::gateway
