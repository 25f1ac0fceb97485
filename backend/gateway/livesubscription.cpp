#include "livesubscription.h"

#include "livehub.h"
#include "logging.h"

namespace greenlight::gateway {

LiveSubscription::LiveSubscription(LiveHub &hub, bool includeVehicles, std::size_t limit)
    : m_hub(hub)
    , m_includeVehicles(includeVehicles)
    , m_capacity(limit)
    , m_limit(limit)
{
}

LiveSubscription::Result LiveSubscription::next(std::shared_ptr<const v1::LiveUpdate> *message,
                                                std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    const bool ready = m_wake.wait_for(lock, timeout, [this] {
        return m_endReason != EndReason::None || m_needSnapshot || !m_queue.empty();
    });
    if (m_endReason != EndReason::None)
        return Result::Ended;
    if (!ready)
        return Result::Timeout;
    if (m_needSnapshot) {
        // The hub's mutex comes first in the lock order.
        lock.unlock();
        auto snapshot = m_hub.takeSnapshot(*this);
        if (!snapshot)
            return Result::Ended;
        *message = std::move(snapshot);
        return Result::Message;
    }
    *message = std::move(m_queue.front());
    m_queue.pop_front();
    // A resume backlog may exceed the capacity; the allowance shrinks as it drains.
    if (m_limit > m_capacity)
        --m_limit;
    return Result::Message;
}

LiveSubscription::EndReason LiveSubscription::endReason() const
{
    std::lock_guard lock(m_mutex);
    return m_endReason;
}

std::string LiveSubscription::endMessage() const
{
    std::lock_guard lock(m_mutex);
    return m_endMessage;
}

int LiveSubscription::resyncCount() const
{
    std::lock_guard lock(m_mutex);
    return m_resyncs;
}

void LiveSubscription::setCanceller(std::function<void()> cancel)
{
    std::lock_guard lock(m_mutex);
    m_cancel = std::move(cancel);
}

void LiveSubscription::needSnapshotFrom(Clock::time_point now)
{
    m_needSnapshot = true;
    m_snapshotPendingSince = now;
}

void LiveSubscription::endTooSlow(std::string message)
{
    m_endReason = EndReason::TooSlow;
    m_endMessage = std::move(message);
    m_queue.clear();
    qCInfo(lcLive, "ending a subscriber: %s", m_endMessage.c_str());
    if (m_cancel)
        m_cancel();
    m_wake.notify_all();
}

void LiveSubscription::offer(std::shared_ptr<const v1::LiveUpdate> message, Clock::time_point now, int maxResyncs,
                             Clock::duration window, Clock::duration snapshotPatience)
{
    std::lock_guard lock(m_mutex);
    if (m_endReason != EndReason::None)
        return;
    if (m_needSnapshot) {
        // A pending snapshot already covers this message, unless its reader has stopped reading.
        if (now - m_snapshotPendingSince > snapshotPatience) {
            const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - m_snapshotPendingSince).count();
            endTooSlow("console too slow: not reading for " + std::to_string(seconds) + " s");
        }
        return;
    }
    if (m_queue.size() < m_limit) {
        m_queue.push_back(std::move(message));
        m_wake.notify_one();
        return;
    }
    // Too far behind: drop what is queued and resynchronise with a snapshot later.
    m_queue.clear();
    m_limit = m_capacity;
    needSnapshotFrom(now);
    ++m_resyncs;
    m_resyncTimes.push_back(now);
    while (!m_resyncTimes.empty() && now - m_resyncTimes.front() > window)
        m_resyncTimes.pop_front();
    if (static_cast<int>(m_resyncTimes.size()) > maxResyncs) {
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(window).count();
        endTooSlow("console too slow: " + std::to_string(m_resyncTimes.size()) + " resyncs in "
                   + std::to_string(seconds) + " s");
        return;
    }
    m_wake.notify_one();
}

void LiveSubscription::end(EndReason reason, std::string message)
{
    std::lock_guard lock(m_mutex);
    if (m_endReason != EndReason::None)
        return;
    m_endReason = reason;
    m_endMessage = std::move(message);
    m_queue.clear();
    m_wake.notify_all();
}

} // namespace greenlight::gateway
