#include "layoutextractor.h"

#include "junctionfoes.h"
#include "logging.h"

#include <libsumo/libsumo.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_map>

namespace greenlight::gateway::sumo {

core::Turn turnFromDirection(const std::string &dir)
{
    if (dir == "s")
        return core::Turn::Straight;
    if (dir == "l" || dir == "L")
        return core::Turn::Left;
    if (dir == "r" || dir == "R")
        return core::Turn::Right;
    if (dir == "t")
        return core::Turn::UTurn;
    return core::Turn::Unknown;
}

namespace {

core::LatLon toGeo(double x, double y)
{
    const auto p = libsumo::Simulation::convertGeo(x, y);
    return {p.y, p.x};
}

bool isInternal(const std::string &laneOrEdge)
{
    return !laneOrEdge.empty() && laneOrEdge.front() == ':';
}

bool startsWith(const std::string &s, const char *prefix)
{
    return s.rfind(prefix, 0) == 0;
}

// Bearing of travel over the last stretch of a lane (or the first stretch when atEnd is false).
double laneBearing(const std::string &lane, bool atEnd)
{
    const auto shape = libsumo::Lane::getShape(lane).value;
    if (shape.size() < 2)
        return 0;
    const auto &a = atEnd ? shape[shape.size() - 2] : shape.front();
    const auto &b = atEnd ? shape.back() : shape[1];
    return core::bearingDegrees(toGeo(a.x, a.y), toGeo(b.x, b.y));
}

bool onlyPedestrians(const std::string &lane)
{
    const auto allowed = libsumo::Lane::getAllowed(lane);
    return allowed.size() == 1 && allowed.front() == "pedestrian";
}

// Lane restrictions that make an edge no road for the console: pedestrian- or rail-only.
bool notARoad(const NetEdge &edge)
{
    if (edge.lanes.empty())
        return true;
    for (const auto &lane : edge.lanes) {
        if (lane.allow.empty())
            return false;
        for (const auto &cls : QString::fromStdString(lane.allow).split(u' ', Qt::SkipEmptyParts)) {
            const bool excluded = cls == u"pedestrian" || cls.startsWith(u"rail") || cls == u"tram"
                || cls == u"subway" || cls == u"cable_car";
            if (!excluded)
                return false;
        }
    }
    return true;
}

class Extractor
{
public:
    Extractor(const NetFile &net, const ScenarioFiles &files)
        : m_net(net)
        , m_files(files)
        , m_foes(net)
    {
    }

    core::CityLayout run(const CityIdentity &identity)
    {
        core::CityLayout layout;
        layout.cityId = identity.cityId;
        layout.name = identity.name;
        for (const auto &tls : libsumo::TrafficLight::getIDList())
            layout.intersections.push_back(intersection(tls, static_cast<int>(layout.intersections.size())));
        segments(layout);
        parking(layout);
        pointsOfInterest(layout);
        for (const auto &i : layout.intersections)
            layout.bounds.extend(i.position);
        for (const auto &s : layout.segments)
            for (const auto &p : s.shape)
                layout.bounds.extend(p);
        return layout;
    }

private:
    const std::vector<libsumo::TraCIConnection> &linksOf(const std::string &lane)
    {
        auto it = m_laneLinks.find(lane);
        if (it == m_laneLinks.end())
            it = m_laneLinks.emplace(lane, libsumo::Lane::getLinks(lane)).first;
        return it->second;
    }

    // What the connection from one lane to another (through via, where given) does.
    core::Turn turnOf(const std::string &fromLane, const std::string &toLane, const std::string &via)
    {
        for (const auto &c : linksOf(fromLane))
            if (c.approachedLane == toLane && (via.empty() || c.approachedInternal == via))
                return turnFromDirection(c.direction);
        return core::Turn::Unknown;
    }

    core::SignalGroup group(int index, const libsumo::TraCILink &link)
    {
        core::SignalGroup g;
        g.index = index;
        g.fromLaneId = link.fromLane;
        g.toLaneId = link.toLane;
        const bool pedestrian = isInternal(link.fromLane) || isInternal(link.toLane) || onlyPedestrians(link.fromLane);
        if (pedestrian) {
            g.turn = core::Turn::Pedestrian;
            const std::string &crossing = isInternal(link.toLane) ? link.toLane : link.fromLane;
            g.approachBearingDeg = laneBearing(crossing, false);
        } else {
            g.fromSegmentId = libsumo::Lane::getEdgeID(link.fromLane);
            g.toSegmentId = libsumo::Lane::getEdgeID(link.toLane);
            g.turn = turnOf(link.fromLane, link.toLane, link.viaLane);
            g.approachBearingDeg = laneBearing(link.fromLane, true);
        }
        g.approach = core::approachSide(g.approachBearingDeg);
        return g;
    }

    std::string nameOf(const core::Intersection &in) const
    {
        std::map<std::string, int> count;
        std::vector<std::string> order;
        for (const auto &g : in.signalGroups) {
            const NetEdge *e = m_net.edge(g.fromSegmentId);
            if (!e || e->name.empty())
                continue;
            if (count[e->name]++ == 0)
                order.push_back(e->name);
        }
        std::stable_sort(order.begin(), order.end(),
                         [&count](const std::string &a, const std::string &b) { return count.at(a) > count.at(b); });
        if (order.empty())
            return in.id;
        return order.size() == 1 ? order.front() : order[0] + " & " + order[1];
    }

    core::Intersection intersection(const std::string &tls, int index)
    {
        using TL = libsumo::TrafficLight;
        core::Intersection in;
        in.id = tls;
        in.programId = TL::getProgram(tls);
        in.junctionIds = TL::getControlledJunctions(tls);
        double x = 0;
        double y = 0;
        for (const auto &j : in.junctionIds) {
            const auto p = libsumo::Junction::getPosition(j);
            x += p.x;
            y += p.y;
            m_tlsOfJunction.emplace(j, index);
        }
        if (!in.junctionIds.empty())
            in.position = toGeo(x / in.junctionIds.size(), y / in.junctionIds.size());

        for (const auto &logic : TL::getAllProgramLogics(tls)) {
            if (logic.programID != in.programId)
                continue;
            for (const auto &p : logic.phases)
                in.phases.push_back({static_cast<int>(in.phases.size()), p->duration, p->minDur, p->maxDur, p->state,
                                     p->name});
        }

        const auto controlled = TL::getControlledLinks(tls);
        std::vector<std::vector<TlsLink>> links(controlled.size());
        for (std::size_t i = 0; i < controlled.size(); ++i) {
            for (const auto &l : controlled[i])
                links[i].push_back({l.fromLane, l.viaLane, l.toLane});
            core::SignalGroup g;
            g.index = static_cast<int>(i);
            if (!controlled[i].empty())
                g = group(static_cast<int>(i), controlled[i].front());
            // One link index may serve several connections (hand-built programmes do this): every
            // way through the junction it controls is a movement of the group.
            for (const auto &l : controlled[i]) {
                if (g.turn == core::Turn::Pedestrian || isInternal(l.fromLane) || isInternal(l.toLane)
                    || onlyPedestrians(l.fromLane))
                    continue;
                core::Movement m{libsumo::Lane::getEdgeID(l.fromLane), libsumo::Lane::getEdgeID(l.toLane),
                                 turnOf(l.fromLane, l.toLane, l.viaLane)};
                if (!g.controls(m.fromSegmentId, m.toSegmentId))
                    g.moreMovements.push_back(std::move(m));
            }
            in.signalGroups.push_back(std::move(g));
        }
        in.foes = m_foes.groupFoes(links);
        in.name = nameOf(in);
        return in;
    }

    void segments(core::CityLayout &layout)
    {
        for (const auto &e : m_net.edges) {
            if (!e.function.empty() || notARoad(e))
                continue;
            core::RoadSegment s;
            s.id = e.id;
            s.name = e.name;
            s.lanes = static_cast<int>(e.lanes.size());
            const std::string &middle = e.lanes[e.lanes.size() / 2].id;
            for (const auto &p : libsumo::Lane::getShape(middle).value)
                s.shape.push_back(toGeo(p.x, p.y));
            s.speedLimitMps = libsumo::Lane::getMaxSpeed(e.lanes.front().id);
            s.lengthM = e.lanes.front().length;
            s.roadClass = roadClassOf(e.type, e.priority, s.lanes, s.speedLimitMps);
            s.fromJunctionId = e.from;
            s.toJunctionId = e.to;
            const auto from = m_tlsOfJunction.find(e.from);
            const auto to = m_tlsOfJunction.find(e.to);
            s.fromIntersection = from == m_tlsOfJunction.end() ? -1 : from->second;
            s.toIntersection = to == m_tlsOfJunction.end() ? -1 : to->second;
            layout.segments.push_back(std::move(s));
        }
    }

    void parking(core::CityLayout &layout)
    {
        std::unordered_map<std::string, int> capacities;
        for (const auto &file : m_files.additionalFiles)
            if (const auto text = readMaybeCompressed(file, nullptr))
                capacities.merge(parseParkingCapacities(*text));
        for (const auto &id : libsumo::ParkingArea::getIDList()) {
            core::ParkingLot lot;
            lot.id = id;
            lot.name = libsumo::ParkingArea::getName(id);
            const auto lane = libsumo::ParkingArea::getLaneID(id);
            lot.segmentId = libsumo::Lane::getEdgeID(lane);
            const int laneIndex = std::atoi(lane.substr(lane.rfind('_') + 1).c_str());
            const double pos = (libsumo::ParkingArea::getStartPos(id) + libsumo::ParkingArea::getEndPos(id)) / 2.0;
            const auto p = libsumo::Simulation::convert2D(lot.segmentId, pos, laneIndex, true);
            lot.position = {p.y, p.x};
            const auto capacity = capacities.find(id);
            lot.capacity = capacity == capacities.end() ? 0 : capacity->second;
            layout.parkingLots.push_back(std::move(lot));
        }
    }

    static std::string nearestSegment(double x, double y)
    {
        try {
            const auto road = libsumo::Simulation::convertRoad(x, y, false, "passenger");
            return isInternal(road.edgeID) ? std::string() : road.edgeID;
        } catch (const std::exception &) {
            return {};
        }
    }

    void pointsOfInterest(core::CityLayout &layout)
    {
        for (const auto &id : libsumo::POI::getIDList()) {
            const auto type = libsumo::POI::getType(id);
            const auto p = libsumo::POI::getPosition(id);
            std::string name = libsumo::POI::getParameter(id, "name");
            if (name.empty())
                name = id;
            const QString lower = QString::fromStdString(type).toLower();
            if (lower.contains(u"camera") || lower.contains(u"surveillance")) {
                core::Camera camera{id, name, toGeo(p.x, p.y), 0, nearestSegment(p.x, p.y),
                                    libsumo::POI::getParameter(id, "stream_uri")};
                camera.headingDeg = QString::fromStdString(libsumo::POI::getParameter(id, "heading")).toDouble();
                layout.cameras.push_back(std::move(camera));
                continue;
            }
            layout.pointsOfInterest.push_back({id, name, poiKindOf(type), toGeo(p.x, p.y), nearestSegment(p.x, p.y)});
        }
    }

    const NetFile &m_net;
    const ScenarioFiles &m_files;
    JunctionLinkIndex m_foes;
    std::unordered_map<std::string, int> m_tlsOfJunction;
    std::unordered_map<std::string, std::vector<libsumo::TraCIConnection>> m_laneLinks;
};

} // namespace

core::RoadClass roadClassOf(const std::string &type, int priority, int lanes, double speedMps)
{
    if (!type.empty()) {
        const std::string kind = type.substr(type.rfind('.') + 1);
        const auto is = [&kind](const char *name) { return startsWith(kind, name); };
        if (is("motorway") || is("trunk"))
            return core::RoadClass::Motorway;
        if (is("primary") || is("secondary"))
            return core::RoadClass::Arterial;
        if (is("tertiary"))
            return core::RoadClass::Collector;
        if (is("residential") || is("living_street") || is("service") || is("unclassified") || is("road"))
            return core::RoadClass::Local;
        if (startsWith(type, "highway."))
            return core::RoadClass::Other;
    }
    // No usable type: judge by speed, width and priority (50 km/h alone is just a town street).
    if (speedMps >= 22.0 && lanes >= 2)
        return core::RoadClass::Motorway;
    if (lanes >= 2 || priority >= 3 || speedMps >= 16.0)
        return core::RoadClass::Arterial;
    if (speedMps >= 11.0)
        return core::RoadClass::Collector;
    return core::RoadClass::Local;
}

core::PoiKind poiKindOf(const std::string &type)
{
    std::string kind = type.substr(type.rfind('.') + 1);
    std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return std::tolower(c); });
    if (kind == "hospital" || kind == "clinic")
        return core::PoiKind::Hospital;
    if (kind == "fire_station" || kind == "firestation")
        return core::PoiKind::FireStation;
    if (kind == "police" || kind == "police_station")
        return core::PoiKind::PoliceStation;
    if (kind == "station" || kind == "bus_station" || kind == "train_station" || kind == "subway_entrance"
        || kind == "tram_stop" || kind == "transit_station")
        return core::PoiKind::TransitStation;
    return core::PoiKind::Other;
}

core::CityLayout extractLayout(const NetFile &net, const ScenarioFiles &files, const CityIdentity &identity)
{
    core::CityLayout layout = Extractor(net, files).run(identity);
    qCInfo(lcSumo, "layout: %zu intersections, %zu segments, %zu parking lots, %zu points of interest, %zu cameras",
           layout.intersections.size(), layout.segments.size(), layout.parkingLots.size(),
           layout.pointsOfInterest.size(), layout.cameras.size());
    return layout;
}

} // namespace greenlight::gateway::sumo
