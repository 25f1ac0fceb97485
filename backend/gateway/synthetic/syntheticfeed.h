#pragma once

#include "core/citylayout.h"
#include "core/livestate.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace greenlight::gateway {
class LiveHub;
}

namespace greenlight::gateway::synthetic {

// How the synthetic field changes.
struct SyntheticFeedSettings {
    double speedFactor = 1;         // simulated seconds per wall second; 0 = as fast as possible
    double tickSeconds = 0.5;       // simulated time per published delta
    double segmentPeriodS = 1.0;    // every segment's speed is refreshed this often
    std::uint32_t seed = 42;
};

// Drives a synthetic city without SUMO, for measuring scale: every intersection runs its
// fixed-time programme (so it changes colour every few seconds, with random offsets), and every
// segment's mean speed and load drift each second. Deltas go to the live hub like the SUMO
// adapter's.
//
// Threading: one dedicated thread publishes; the public members are called from the gateway's
// controlling thread.
class SyntheticFeed
{
public:
    SyntheticFeed(std::shared_ptr<const core::CityLayout> city, SyntheticFeedSettings settings);
    ~SyntheticFeed();

    // The state at simulation time 0: every intersection and segment, as a first delta.
    core::LiveBatch initialState();
    // Publishes the initial state and starts the thread. The hub must outlive stop().
    void run(LiveHub *hub);
    // Stops and joins the thread; safe to call more than once.
    void stop();
    // Advances the model by one tick and returns what changed (used by run(), and by benchmarks
    // that drive the model without a thread).
    core::LiveBatch advance();
    // Simulation time of the model, seconds.
    double simTime() const { return m_time; }

private:
    struct Light {
        int phase = 0;
        double nextSwitch = 0;
    };
    struct Traffic {
        float speed = 0;
        int count = 0;
    };

    core::SignalState signalOf(int intersection) const;
    core::SegmentState segmentOf(int segment) const;
    void driftSegment(int segment);

    std::shared_ptr<const core::CityLayout> m_city;
    const SyntheticFeedSettings m_settings;
    std::vector<Light> m_lights;
    std::vector<Traffic> m_traffic;
    std::uint64_t m_random;
    double m_time = 0;
    double m_nextSegmentRefresh = 0;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
};

} // namespace greenlight::gateway::synthetic
