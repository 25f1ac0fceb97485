#pragma once

#include "core/greenwave/waveschedule.h"
#include "core/geo.h"
#include "core/routing/router.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace greenlight::gateway {

// The idempotency keys of the field commands a green wave sends: this, then the wave's id.
inline constexpr const char *kWaveKeyPrefix = "wave:";

// Who a green wave acts for: carried into every lease it holds and every audit row it causes.
struct WaveTicket {
    std::string waveId;             // "W3", unique per gateway run
    std::string dispatcher;         // the operator who dispatched it
    std::string role;               // the dispatcher's role ("coordinator", ...)
    std::string reason;             // the dispatcher's reason
    std::string vehicleId;
    int priority = 5;               // 1..9; the higher wins an intersection two waves want
};

// Where a wave starts (a vehicle on the road, or a place to spawn one) or ends (a place).
struct WavePlace {
    std::string vehicleId;          // start only: this vehicle, where it is now
    std::optional<core::LatLon> point; // the road nearest this point
    int segment = -1;               // otherwise this segment (index into CityLayout::segments)
};

// A route for a wave, as the field plans it.
struct FieldWavePlan {
    enum class Outcome { Planned, NotFound, NoRoute, Unavailable };
    Outcome outcome = Outcome::Unavailable;
    std::string message;            // why not, for the operator
    core::routing::Route route;     // ETAs relative to simTimeS
    std::vector<int> targetPhases;  // by route.signals: the green phase serving the movement, -1 if none
    double simTimeS = 0;            // when it was planned
};

// A wave to start.
struct WaveStart {
    WaveTicket ticket;
    WavePlace origin;               // with a vehicle: take it; otherwise spawn one there
    WavePlace destination;
};

// How a start went.
struct FieldWaveStart {
    FieldWavePlan plan;             // Planned when the wave runs
    std::string waveId;             // the new wave's id
    std::string vehicleId;          // the vehicle driving it (the spawned one's new id)
    bool spawned = false;
};

// How one wave stands, as the field sees it.
struct FieldWave {
    WaveTicket ticket;
    bool spawned = false;
    bool finished = false;
    std::string outcome;            // "running", "arrived", "aborted: ...", "lost: ..."
    double startedSimS = 0;
    double endedSimS = 0;
    double remainingS = 0;
    std::vector<int> pathAhead;     // segment indices still ahead of the vehicle
    bool seen = false;              // the vehicle has been on the road
    double latitude = 0;            // where the vehicle was last seen

    double longitude = 0;
    std::vector<core::greenwave::WavePassage> passages; // ETAs in simulation time
};

// The field's side of the wave's leases (signal-safety.md S11): before a wave commands an
// intersection it claims it here, and it gives it back when it releases it. The control service
// implements it, so a wave never takes an intersection an operator holds, and an operator cannot
// take one a wave holds.
//
// Threading: called on the field's thread; must not block on anything that waits for that thread.
class WaveGate
{
public:
    virtual ~WaveGate() = default;
    // Claims the intersection for the wave; nullopt when granted, otherwise why not.
    virtual std::optional<std::string> claim(const std::string &intersectionId, const WaveTicket &ticket,
                                             int targetPhase, const std::string &key) = 0;
    // The wave gives the intersection back (its programme is being restored); passed tells
    // whether the vehicle went through first.
    virtual void release(const std::string &intersectionId, const std::string &waveId, const std::string &why,
                         bool passed) = 0;
};

// Green waves in a field that runs traffic (the SUMO simulation).
//
// Threading: every member may be called from any thread; the blocking ones wait at most
// `timeout` for the field's thread and then give up, leaving nothing done.
class FieldWaves
{
public:
    virtual ~FieldWaves() = default;

    // The fastest route from the origin to the end of the destination's segment, on live speeds.
    virtual FieldWavePlan plan(const WavePlace &origin, const WavePlace &destination,
                               std::chrono::milliseconds timeout) = 0;
    // Plans, spawns or takes the vehicle, and starts the wave.
    virtual FieldWaveStart start(const WaveStart &start, std::chrono::milliseconds timeout) = 0;
    // Ends a running wave; the reason it cannot (no such running wave, or no answer in time).
    virtual std::optional<std::string> abort(const std::string &waveId, const std::string &why,
                                             std::chrono::milliseconds timeout) = 0;
    // Ends every running wave of a dispatcher (without waiting): their dispatcher is lost.
    virtual void abandon(const std::string &dispatcher, const std::string &why) = 0;
    // Every wave of this run; *version changes whenever anything in them changes.
    virtual std::vector<FieldWave> waves(std::uint64_t *version, double *simTimeS) const = 0;
    // Waits until the waves change from `version` or the timeout passes; true when they changed.
    virtual bool waitForChange(std::uint64_t version, std::chrono::milliseconds timeout) const = 0;
    // Sets the gate every claim goes through; set before the first wave.
    virtual void setGate(WaveGate *gate) = 0;
};

} // namespace greenlight::gateway
