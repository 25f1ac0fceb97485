#pragma once

#include "core/livestate.h"
#include "greenlight/v1/live.pb.h"
#include "livesubscription.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace greenlight::gateway {

// Tuning of the live hub.
struct LiveHubConfig {
    std::size_t history = 600;          // deltas kept for resuming streams...
    std::size_t historyBytes = 64u << 20; // ...and at most this many bytes of them, serialised
    std::size_t queueCapacity = 256;    // messages a subscriber may fall behind before a resync
    int maxResyncs = 5;                 // resyncs allowed within resyncWindow; one more ends it
    std::chrono::seconds resyncWindow{60};
    // How long a subscriber may leave a snapshot it needs untaken before it is ended as too slow.
    std::chrono::seconds snapshotPatience{10};
    // Time source for the resync window; steady_clock::now when empty.
    std::function<std::chrono::steady_clock::time_point()> clock;
};

// The gateway's event bus for live state. The simulation thread publishes each step's changes;
// the hub numbers them, turns them into one shared LiveUpdate, keeps the current full state for
// snapshots and a ring of recent deltas for resuming, and hands the delta to every subscriber's
// bounded queue without ever waiting for one.
//
// Threading: every member is thread-safe. publish() is called from the simulation thread,
// subscribe()/unsubscribe() and LiveSubscription::next() from gRPC handler threads.
class LiveHub
{
public:
    // A hub for a layout with the given numbers of intersections and segments.
    LiveHub(LiveHubConfig config, std::string runId, std::string layoutVersion, std::size_t intersections,
            std::size_t segments);
    ~LiveHub();

    // Publishes one step's changes as the next delta (sequence, run id, layout version and wall
    // clock are filled in here). Never blocks on a subscriber.
    void publish(core::LiveBatch changes);
    // Publishes changed control states (leases, overrides) at once as a delta of their own, at the
    // simulation time of the newest message. Thread-safe; never blocks on a subscriber.
    void publishControls(std::vector<core::IntersectionControl> controls);
    // Opens a subscription. With runId equal to this run's and every delta after resumeAfter still
    // held (or resumeAfter the latest), it continues with those deltas; otherwise it starts with a
    // snapshot of the current state.
    std::shared_ptr<LiveSubscription> subscribe(std::uint64_t resumeAfter, const std::string &runId,
                                                bool includeVehicles);
    // Forgets a subscription once its handler is done with it.
    void unsubscribe(const std::shared_ptr<LiveSubscription> &subscription);
    // Ends every subscription with EndReason::Closed; later subscriptions end at once.
    void close();

    // Sequence of the newest message (0 before the first publish).
    std::uint64_t latestSequence() const;
    // Simulation time of the newest message.
    double simTime() const;
    // Number of open subscriptions.
    std::size_t subscriberCount() const;
    // This run's id.
    const std::string &runId() const { return m_runId; }
    // The layout version every message carries.
    const std::string &layoutVersion() const { return m_layoutVersion; }

private:
    friend class LiveSubscription;

    struct Entry {
        std::uint64_t sequence = 0;
        std::shared_ptr<const v1::LiveUpdate> full;
        std::shared_ptr<const v1::LiveUpdate> lean;  // without vehicles; built when first needed
        std::size_t bytes = 0;                       // serialised size of full
    };

    void apply(const core::LiveBatch &changes);
    std::shared_ptr<const v1::LiveUpdate> leanOf(Entry &entry);
    std::shared_ptr<const v1::LiveUpdate> snapshotLocked(bool includeVehicles);
    // Gives a subscription that needs one a snapshot of the current state (called by next()).
    std::shared_ptr<const v1::LiveUpdate> takeSnapshot(LiveSubscription &subscription);
    std::chrono::steady_clock::time_point now() const;

    const LiveHubConfig m_config;
    const std::string m_runId;
    const std::string m_layoutVersion;
    mutable std::mutex m_mutex;
    bool m_closed = false;
    std::uint64_t m_latest = 0;
    double m_simTime = 0;
    std::int64_t m_emittedUnixUs = 0;
    std::vector<core::SignalState> m_signals;
    std::vector<core::SegmentState> m_segments;
    std::map<std::string, core::VehicleState> m_vehicles;
    std::map<int, core::IntersectionControl> m_controls;  // controlled intersections only
    std::deque<Entry> m_ring;
    std::size_t m_ringBytes = 0;
    std::shared_ptr<const v1::LiveUpdate> m_snapshot[2];  // cached for m_latest: [includeVehicles]
    std::vector<std::shared_ptr<LiveSubscription>> m_subscriptions;
};

} // namespace greenlight::gateway
