#include "livecollector.h"

#include <libsumo/libsumo.h>

#include <cmath>
#include <unordered_set>

namespace greenlight::gateway::sumo {

namespace {

constexpr double kMinMoveM = 0.5;
constexpr double kMinTurnDeg = 2.0;
constexpr double kMinSpeedChange = 0.3;
constexpr double kMinSegmentSpeedChange = 0.5;

core::VehicleKind kindFromClass(const std::string &vClass)
{
    if (vClass == "emergency" || vClass == "authority")
        return core::VehicleKind::Emergency;
    if (vClass == "passenger" || vClass == "private" || vClass == "taxi" || vClass == "evehicle"
        || vClass == "custom1" || vClass == "custom2")
        return core::VehicleKind::Car;
    if (vClass == "bus" || vClass == "coach")
        return core::VehicleKind::Bus;
    if (vClass == "truck" || vClass == "trailer" || vClass == "delivery")
        return core::VehicleKind::Truck;
    return core::VehicleKind::Other;
}

double angleDifference(double a, double b)
{
    const double d = std::fmod(std::fabs(a - b), 360.0);
    return d > 180.0 ? 360.0 - d : d;
}

} // namespace

LiveCollector::LiveCollector(const core::CityLayout &layout, TrackVehicles mode, std::size_t maxTracked)
    : m_mode(mode)
    , m_maxTracked(maxTracked)
{
    for (const auto &i : layout.intersections)
        m_lights.push_back({i.id, {}, -1, -1});
    for (std::size_t s = 0; s < layout.segments.size(); ++s) {
        Segment seg{layout.segments[s].id, layout.segments[s].speedLimitMps, {}};
        seg.reported.segment = static_cast<int>(s);
        seg.reported.vehicleCount = -1;  // forces the first report
        m_segments.push_back(std::move(seg));
    }
}

core::LiveBatch LiveCollector::collect()
{
    core::LiveBatch out;
    out.simTimeS = libsumo::Simulation::getTime();
    collectSignals(out);
    if (m_first || out.simTimeS - m_lastSegmentTime >= 1.0 - 1e-6) {
        collectSegments(out);
        m_lastSegmentTime = out.simTimeS;
    }
    collectVehicles(out);
    m_first = false;
    return out;
}

void LiveCollector::collectSignals(core::LiveBatch &out)
{
    using TL = libsumo::TrafficLight;
    for (std::size_t i = 0; i < m_lights.size(); ++i) {
        auto &light = m_lights[i];
        auto state = TL::getRedYellowGreenState(light.id);
        const int phase = TL::getPhase(light.id);
        const double nextSwitch = TL::getNextSwitch(light.id);
        if (state == light.state && phase == light.phase && nextSwitch == light.nextSwitch)
            continue;
        out.signals.push_back({static_cast<int>(i), core::coloursFromState(state), phase, nextSwitch});
        light.state = std::move(state);
        light.phase = phase;
        light.nextSwitch = nextSwitch;
    }
}

void LiveCollector::collectSegments(core::LiveBatch &out)
{
    using Edge = libsumo::Edge;
    for (auto &seg : m_segments) {
        const int count = Edge::getLastStepVehicleNumber(seg.id);
        const double speed = count > 0 ? Edge::getLastStepMeanSpeed(seg.id) : seg.speedLimit;
        const auto congestion = core::classifyCongestion(speed, seg.speedLimit, count);
        auto &r = seg.reported;
        if (count == r.vehicleCount && congestion == r.congestion
            && std::fabs(speed - r.meanSpeedMps) < kMinSegmentSpeedChange)
            continue;
        r.vehicleCount = count;
        r.meanSpeedMps = static_cast<float>(speed);
        r.congestion = congestion;
        out.segments.push_back(r);
    }
}

core::VehicleKind LiveCollector::kindOf(const std::string &id)
{
    auto it = m_kinds.find(id);
    if (it == m_kinds.end())
        it = m_kinds.emplace(id, kindFromClass(libsumo::Vehicle::getVehicleClass(id))).first;
    return it->second;
}

void LiveCollector::collectVehicles(core::LiveBatch &out)
{
    using Vehicle = libsumo::Vehicle;
    std::unordered_set<std::string> present;
    for (const auto &id : Vehicle::getIDList()) {
        const auto kind = kindOf(id);
        auto it = m_vehicles.find(id);
        if (it == m_vehicles.end()) {
            const bool wanted = kind == core::VehicleKind::Emergency
                || (m_mode == TrackVehicles::All && m_vehicles.size() < m_maxTracked);
            if (!wanted)
                continue;
            it = m_vehicles.emplace(id, Tracked{}).first;
            it->second.reported.id = id;
            it->second.reported.kind = kind;
            it->second.x = std::nan("");
        }
        present.insert(id);
        auto &t = it->second;
        const auto pos = Vehicle::getPosition(id);
        const double heading = Vehicle::getAngle(id);
        const double speed = Vehicle::getSpeed(id);
        std::string road = Vehicle::getRoadID(id);
        if (!road.empty() && road.front() == ':')
            road.clear();
        const bool moved = std::isnan(t.x) || std::hypot(pos.x - t.x, pos.y - t.y) >= kMinMoveM;
        if (!moved && angleDifference(heading, t.reported.headingDeg) < kMinTurnDeg
            && std::fabs(speed - t.reported.speedMps) < kMinSpeedChange && road == t.reported.segmentId)
            continue;
        const auto geo = libsumo::Simulation::convertGeo(pos.x, pos.y);
        t.x = pos.x;
        t.y = pos.y;
        t.reported.position = {geo.y, geo.x};
        t.reported.headingDeg = static_cast<float>(heading);
        t.reported.speedMps = static_cast<float>(speed);
        t.reported.segmentId = std::move(road);
        out.vehicles.push_back(t.reported);
    }
    for (auto it = m_vehicles.begin(); it != m_vehicles.end();) {
        if (present.count(it->first)) {
            ++it;
            continue;
        }
        out.vehiclesRemoved.push_back(it->first);
        it = m_vehicles.erase(it);
    }
    for (const auto &id : libsumo::Simulation::getArrivedIDList())
        m_kinds.erase(id);
}

} // namespace greenlight::gateway::sumo
