#pragma once

#include "core/citylayout.h"
#include "core/livestate.h"
#include "core/safety/conflictmonitor.h"
#include "greenlight/v1/service.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace greenlight::testing {

// Watches a gateway's live stream the way an independent checker would: keeps every
// intersection's displayed state and control state, and feeds each state change, at the
// simulation time the gateway stamped on it, to a ConflictMonitor built from the layout's own
// foes and programmes. Knows nothing of the gateway's planner. Runs the stream on a thread of its
// own; every accessor is thread-safe.
class LiveWatcher
{
public:
    // Fetches the layout from the gateway at address and starts streaming (without vehicles),
    // sending token as bearer metadata when not empty. False with the reason in *error when the
    // layout cannot be read.
    bool start(const std::string &address, std::string *error, const std::string &token = {});
    // Ends the stream and joins the thread.
    void stop();
    ~LiveWatcher();

    // The layout the stream indexes into.
    const core::CityLayout &layout() const { return m_layout; }
    // The state an intersection shows now ("" before the first snapshot).
    std::string state(const std::string &intersectionId) const;
    // Its programme phase index as last reported.
    int phase(const std::string &intersectionId) const;
    // Its control state (lease and override) now; nullopt when free.
    std::optional<core::IntersectionControl> control(const std::string &intersectionId) const;
    // Simulation time of the newest message.
    double simTime() const;
    // Messages read, and snapshots among them (more than one snapshot means the stream resynced
    // and the checker missed states).
    std::uint64_t messages() const;
    std::uint64_t snapshots() const;
    // Violations the checker counted so far (all rules), and at the given intersections only.
    std::uint64_t violations() const;
    std::uint64_t violationsAt(const std::set<std::string> &intersectionIds) const;
    // The checker's summary.
    std::string summary() const;
    // Forgets the checker's counts (its history of states stays).
    void resetCounts();
    // Waits (polling) up to timeoutMs for pred to hold; true if it did.
    template <typename Pred>
    bool waitFor(Pred pred, int timeoutMs) const;

private:
    void run();
    void apply(const v1::LiveUpdate &update);

    std::unique_ptr<v1::CityService::Stub> m_stub;
    core::CityLayout m_layout;
    std::map<std::string, int> m_index;
    std::thread m_thread;
    std::unique_ptr<grpc::ClientContext> m_context;
    std::string m_token;
    std::atomic<bool> m_stopping{false};

    mutable std::mutex m_mutex;
    std::vector<std::string> m_states;
    std::vector<int> m_phases;
    std::map<int, core::IntersectionControl> m_controls;
    double m_simTime = 0;
    std::uint64_t m_messages = 0;
    std::uint64_t m_snapshots = 0;
    core::safety::ConflictMonitor m_monitor{200};
    std::map<std::string, std::uint64_t> m_countsAtReset;
};

// Waits ms milliseconds, serving the calling thread's Qt events when it is the main thread.
void sleepPoll(int ms);

template <typename Pred>
bool LiveWatcher::waitFor(Pred pred, int timeoutMs) const
{
    for (int waited = 0; waited <= timeoutMs; waited += 20) {
        if (pred())
            return true;
        sleepPoll(20);
    }
    return pred();
}

} // namespace greenlight::testing
