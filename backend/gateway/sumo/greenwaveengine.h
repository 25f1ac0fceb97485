#pragma once

#include "core/citylayout.h"
#include "core/greenwave/waveschedule.h"
#include "core/routing/roadgraph.h"
#include "core/routing/router.h"
#include "gateway/fieldwaves.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace greenlight::gateway::sumo {

class SignalExecutor;

// What a dispatcher asks for: green ahead of one vehicle to one destination.
struct WaveOrder {
    std::string id;                 // the wave's id, unique per gateway run
    std::string vehicleId;          // the SUMO vehicle to clear a path for
    int destinationSegment = -1;    // index into CityLayout::segments
    int priority = 1;               // higher wins an intersection two waves want
    // The path to drive, from the segment the vehicle is on (or is spawned on) to the
    // destination; empty lets SUMO choose.
    std::vector<int> path;
    bool spawn = false;             // put a new emergency vehicle on path.front() first
    WaveTicket ticket;              // who the wave acts for; start() fills in its id, vehicle and priority
};

// Runs green waves in SUMO (signal-safety.md S11), on the simulation thread: starting a wave sends
// the vehicle to its destination (SUMO picks the path); each second the engine takes the path the
// vehicle really drives from where it is, recomputes its ETAs on live speeds, and turns the
// WaveSchedule's requests and releases into GoToPhase and Restore commands on the SignalExecutor,
// so every preemption is a legal change planned from the intersection's own programme. Two waves
// wanting one intersection: the higher priority takes it and the other is told (refused, why),
// and asks again when the light is handed back.
// Not thread-safe: the simulation thread owns it.
class GreenWaveEngine
{
public:
    // Waves over the layout's roads, executed by executor (both must outlive the engine).
    GreenWaveEngine(const core::CityLayout &layout, SignalExecutor &executor);
    ~GreenWaveEngine();

    // Starts a wave; the reason when it cannot (unknown vehicle or destination, duplicate id).
    std::optional<std::string> start(const WaveOrder &order, double simTimeS);
    // Ends a running wave: no new requests, every intersection it holds released (S11). False
    // when there is no such running wave.
    bool abort(const std::string &id, const std::string &why, double simTimeS);
    // Ends every running wave of a dispatcher, as lost for `why`.
    void abandon(const std::string &dispatcher, const std::string &why, double simTimeS);
    // Every claim and release also goes through gate (may be nullptr: no operators to respect).
    void setGate(WaveGate *gate) { m_gate = gate; }
    // True while any wave runs.
    bool running() const;
    // Follows the vehicles and acts; call after every simulation step (after the executor has
    // observed the step). liveSpeeds holds m/s per segment (may be empty: speed limits).
    void step(double simTimeS, const std::vector<float> &liveSpeeds);
    // Every wave, running or finished.
    std::vector<FieldWave> progress() const;
    // The road graph the engine routes on.
    const core::routing::RoadGraph &graph() const { return m_graph; }
    const core::routing::Router &router() const { return m_router; }

    // The phase to ask of the passage's intersection: its movement green, and as much of its
    // approach as can go with it; -1 when no phase serves it.
    int targetPhase(const core::greenwave::WavePassage &passage) const;

private:
    struct Wave;
    void replan(Wave &wave, double simTimeS, const std::vector<float> &liveSpeeds);
    // The vehicle's expected speeds along path and the queues it will meet (Wave::speeds, queueS).
    void expectations(Wave &wave, const std::vector<int> &path, double position,
                      const std::vector<float> &liveSpeeds) const;
    // Releases for held greens the vehicle has not been able to use.
    std::vector<core::greenwave::WaveAction> unusable(Wave &wave, double simTimeS);
    void execute(Wave &wave, const std::vector<core::greenwave::WaveAction> &actions, double simTimeS);
    void finish(Wave &wave, const std::string &outcome, double simTimeS);
    void release(Wave &wave, int intersection, bool passed, double simTimeS);
    Wave *find(const std::string &id);
    // The executor's light for a layout intersection, or -1.
    int lightOf(int intersection) const;

    const core::CityLayout &m_layout;
    SignalExecutor &m_executor;
    core::routing::RoadGraph m_graph;
    core::routing::Router m_router;
    std::vector<std::unique_ptr<Wave>> m_waves;
    WaveGate *m_gate = nullptr;
    std::map<int, std::string> m_holder;   // intersection -> wave holding it
    std::map<int, std::vector<std::string>> m_losers; // intersection -> waves refused it for its holder
    std::map<int, int> m_interrupted;      // intersection -> programme phase running when a wave took it
    std::vector<int> m_lightOf;            // layout intersection -> executor light, -1 if none
};

} // namespace greenlight::gateway::sumo
