#pragma once

#include "greenlight/v1/live.pb.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace greenlight::gateway {

class LiveHub;

// One live-stream subscriber's side of the hub: a bounded queue of shared messages that the
// hub fills (never blocking) and one gRPC handler thread drains.
//
// Threading: the hub's publishing thread calls the private offer/end members with the hub's mutex
// held; the handler thread calls next(). Lock order is always hub mutex, then this mutex.
class LiveSubscription
{
public:
    // What next() produced.
    enum class Result { Message, Timeout, Ended };
    // Why a subscription ended.
    enum class EndReason { None, TooSlow, Closed };

    // Created by LiveHub::subscribe only.
    LiveSubscription(LiveHub &hub, bool includeVehicles, std::size_t limit);

    // Waits up to timeout for the next message to send: a queued delta, or a fresh snapshot when
    // the subscription must (re)start from one.
    Result next(std::shared_ptr<const v1::LiveUpdate> *message, std::chrono::milliseconds timeout);
    // Why it ended (None while it runs).
    EndReason endReason() const;
    // A line saying why it ended, for the stream's final status.
    std::string endMessage() const;
    // Whether vehicle positions are part of this stream.
    bool includeVehicles() const { return m_includeVehicles; }
    // How many times the queue overflowed and was replaced by a snapshot.
    int resyncCount() const;
    // Called (once, from the publishing thread, without blocking) when the hub ends this
    // subscription as too slow, so that a handler stuck writing to a client that stopped reading
    // is released; the stream handler sets it to cancel its call.
    void setCanceller(std::function<void()> cancel);

private:
    friend class LiveHub;
    using Clock = std::chrono::steady_clock;

    // Queues a message; on overflow drops the queue and asks for a snapshot instead. Ends the
    // subscription when that happened more than maxResyncs times within window, or when a
    // snapshot it needs has waited longer than snapshotPatience (its client stopped reading).
    void offer(std::shared_ptr<const v1::LiveUpdate> message, Clock::time_point now, int maxResyncs,
               Clock::duration window, Clock::duration snapshotPatience);
    void end(EndReason reason, std::string message);
    // Marks that the next message must be a snapshot, from now on (m_mutex held).
    void needSnapshotFrom(Clock::time_point now);
    // Ends as too slow with this message and cancels the call (m_mutex held).
    void endTooSlow(std::string message);

    LiveHub &m_hub;
    const bool m_includeVehicles;
    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::shared_ptr<const v1::LiveUpdate>> m_queue;
    std::size_t m_limit;                 // capacity, plus a resume backlog while it drains
    bool m_needSnapshot = false;
    Clock::time_point m_snapshotPendingSince{};
    std::function<void()> m_cancel;
    std::deque<Clock::time_point> m_resyncTimes;
    int m_resyncs = 0;
    EndReason m_endReason = EndReason::None;
    std::string m_endMessage;
};

} // namespace greenlight::gateway
