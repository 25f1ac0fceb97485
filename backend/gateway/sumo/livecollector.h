#pragma once

#include "core/citylayout.h"
#include "core/livestate.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace greenlight::gateway::sumo {

// Which vehicles the live stream carries besides emergency vehicles, which the API promises are
// always tracked: None and Emergency both stream emergency vehicles only.
enum class TrackVehicles { None, Emergency, All };

// Turns the simulation's state after each step into a delta: what changed since the previous
// call. Must run on the simulation thread (it calls libsumo).
class LiveCollector
{
public:
    // Watches the layout's traffic lights and segments, emergency vehicles, and with mode All up to
    // maxTracked ordinary vehicles at once.
    LiveCollector(const core::CityLayout &layout, TrackVehicles mode, std::size_t maxTracked);

    // The changes since the previous call (the full state on the first call) at the current
    // simulation time. Segments are refreshed once per simulated second.
    core::LiveBatch collect();

    // Number of traffic lights watched (the layout's intersections, in order).
    std::size_t lightCount() const { return m_lights.size(); }
    // The state light i showed at the last collect().
    const std::string &lightState(std::size_t i) const { return m_lights[i].state; }
    // Number of vehicles currently tracked.
    std::size_t trackedCount() const { return m_vehicles.size(); }

private:
    struct Tracked {
        core::VehicleState reported;
        double x = 0;
        double y = 0;
    };

    void collectSignals(core::LiveBatch &out);
    void collectSegments(core::LiveBatch &out);
    void collectVehicles(core::LiveBatch &out);
    core::VehicleKind kindOf(const std::string &id);

    struct Light {
        std::string id;
        std::string state;
        int phase = -1;
        double nextSwitch = -1;
    };
    struct Segment {
        std::string id;
        double speedLimit = 0;
        core::SegmentState reported;
    };

    const TrackVehicles m_mode;
    const std::size_t m_maxTracked;
    std::vector<Light> m_lights;
    std::vector<Segment> m_segments;
    bool m_first = true;
    double m_lastSegmentTime = 0;
    std::unordered_map<std::string, Tracked> m_vehicles;
    std::unordered_map<std::string, core::VehicleKind> m_kinds;
};

} // namespace greenlight::gateway::sumo
