#include "citydemand.h"

#include "seededrandom.h"
#include "streetnames.h"

#include <QSaveFile>
#include <QXmlStreamWriter>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

namespace greenlight::gateway::sumo {

namespace {

// The morning profile: [begin, end) in simulation seconds and the share of the peak rate.
struct Interval {
    int begin;
    int end;
    double share;
};
constexpr Interval kProfile[] = {
    {0, 600, 0.35},      {600, 1200, 0.6},    {1200, 1800, 0.85}, {1800, 5400, 1.0},
    {5400, 7200, 0.8},   {7200, 10800, 0.55}, {10800, 14400, 0.4},
};
constexpr int kDemandEnd = 14400;

QString num(double v, int decimals = 2)
{
    return QString::number(v, 'f', decimals);
}

QString str(const std::string &s)
{
    return QString::fromStdString(s);
}

bool openFile(QSaveFile &file, std::string *error)
{
    if (file.open(QIODevice::WriteOnly))
        return true;
    if (error)
        *error = "cannot write " + file.fileName().toStdString() + ": " + file.errorString().toStdString();
    return false;
}

bool commit(QSaveFile &file, QXmlStreamWriter &xml, std::string *error)
{
    xml.writeEndDocument();
    if (!xml.hasError() && file.commit())
        return true;
    if (error)
        *error = "cannot write " + file.fileName().toStdString() + ": " + file.errorString().toStdString();
    return false;
}

double laneLength(const NetFile &net, const std::string &edge)
{
    const NetEdge *e = net.edge(edge);
    return e && !e->lanes.empty() ? e->lanes.front().length : 0.0;
}

const PlanNode *nodeOf(const CityPlan &plan, const std::string &id)
{
    for (const auto &n : plan.nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

// Picks up to count edges matching the filter, each at least minSpacing metres from the others.
std::vector<const PlanEdge *> spreadPick(const CityPlan &plan, SeededRandom &rng, std::size_t count,
                                         double minSpacing, const std::function<bool(const PlanEdge &)> &filter)
{
    std::vector<const PlanEdge *> candidates;
    for (const auto &e : plan.edges)
        if (filter(e))
            candidates.push_back(&e);
    std::vector<const PlanEdge *> picked;
    std::vector<std::pair<double, double>> at;
    for (int attempt = 0; attempt < 400 && picked.size() < count && !candidates.empty(); ++attempt) {
        const PlanEdge *e = candidates[static_cast<std::size_t>(rng.index(static_cast<int>(candidates.size())))];
        const PlanNode *n = nodeOf(plan, e->from);
        if (!n || std::find(picked.begin(), picked.end(), e) != picked.end())
            continue;
        const bool clear = std::all_of(at.begin(), at.end(), [&](const auto &p) {
            return std::hypot(p.first - n->x, p.second - n->y) >= minSpacing;
        });
        if (!clear)
            continue;
        picked.push_back(e);
        at.push_back({n->x, n->y});
    }
    return picked;
}

void writePoi(QXmlStreamWriter &xml, const std::string &id, const char *type, const char *color,
              const PlanEdge &edge, double length, const std::string &name)
{
    xml.writeStartElement(QStringLiteral("poi"));
    xml.writeAttribute(QStringLiteral("id"), str(id));
    xml.writeAttribute(QStringLiteral("type"), QLatin1StringView(type));
    xml.writeAttribute(QStringLiteral("color"), QLatin1StringView(color));
    xml.writeAttribute(QStringLiteral("lane"), str(edge.id + "_0"));
    xml.writeAttribute(QStringLiteral("pos"), num(length / 2.0));
    xml.writeAttribute(QStringLiteral("posLat"), num(-12.0));
    xml.writeEmptyElement(QStringLiteral("param"));
    xml.writeAttribute(QStringLiteral("key"), QStringLiteral("name"));
    xml.writeAttribute(QStringLiteral("value"), str(name));
    xml.writeEndElement();
}

bool isLocal(const PlanEdge &e)
{
    return !e.arterial;
}

} // namespace

bool writeCityAdditional(const CityPlan &plan, const NetFile &net, const QString &path, std::string *error)
{
    SeededRandom rng(plan.seed * 7919ull + 17);
    StreetNames names(rng);
    const bool small = plan.size == CitySize::Small;
    QSaveFile file(path);
    if (!openFile(file, error))
        return false;
    QXmlStreamWriter xml(&file);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("additional"));

    const auto lots = spreadPick(plan, rng, small ? 6 : 40, small ? 150.0 : 180.0, [&net](const PlanEdge &e) {
        return isLocal(e) && laneLength(net, e.id) >= 45.0;
    });
    int lotNumber = 0;
    for (const PlanEdge *e : lots) {
        const double length = laneLength(net, e->id);
        const double start = length * 0.2;
        const double end = length * 0.8;
        const bool garage = rng.chance(0.2);
        const int capacity = garage ? 60 + 20 * rng.index(8) : std::max(2, static_cast<int>((end - start) / 6.5));
        const std::string stem = e->name.substr(0, e->name.rfind(' '));
        xml.writeEmptyElement(QStringLiteral("parkingArea"));
        xml.writeAttribute(QStringLiteral("id"), QStringLiteral("parking_%1").arg(++lotNumber));
        xml.writeAttribute(QStringLiteral("lane"), str(e->id + "_0"));
        xml.writeAttribute(QStringLiteral("startPos"), num(start));
        xml.writeAttribute(QStringLiteral("endPos"), num(end));
        xml.writeAttribute(QStringLiteral("roadsideCapacity"), QString::number(capacity));
        xml.writeAttribute(QStringLiteral("name"), str(garage ? stem + " Garage" : e->name + " Parking"));
    }

    const auto arterialFar = [&net](const PlanEdge &e) {
        return e.arterial && laneLength(net, e.id) >= 50.0 && e.from.rfind("gate", 0) != 0 && e.to.rfind("gate", 0) != 0;
    };
    const auto hospitals = spreadPick(plan, rng, small ? 1 : 3, small ? 0.0 : 900.0, arterialFar);
    int hospitalNumber = 0;
    for (const PlanEdge *e : hospitals)
        writePoi(xml, "hospital_" + std::to_string(++hospitalNumber), "hospital", "255,255,255", *e,
                 laneLength(net, e->id), names.hospital());
    const auto services = spreadPick(plan, rng, 2, small ? 200.0 : 700.0, arterialFar);
    if (!services.empty()) {
        const std::string street = services[0]->name;
        writePoi(xml, "fire_station_1", "fire_station", "200,0,0", *services[0], laneLength(net, services[0]->id),
                 street.substr(0, street.rfind(' ')) + " Fire Station");
    }
    if (services.size() > 1)
        writePoi(xml, "police_station_1", "police", "0,0,200", *services[1], laneLength(net, services[1]->id),
                 "Central Police Station");
    xml.writeEndElement();
    return commit(file, xml, error);
}

bool writeCityDemand(const CityPlan &plan, const NetFile &net, const QString &path, std::string *error)
{
    SeededRandom rng(plan.seed * 104729ull + 5);
    const bool small = plan.size == CitySize::Small;
    const double peakPerHour = small ? 1800.0 : 9000.0;

    // Origin-destination pairs with weights; every pair becomes one flow per profile interval.
    struct Pair {
        std::string from;
        std::string to;
        double weight;
    };
    std::vector<Pair> pairs;
    const auto pick = [&rng](const std::vector<std::string> &from) {
        return from[static_cast<std::size_t>(rng.index(static_cast<int>(from.size())))];
    };
    std::vector<std::string> residential;
    for (const auto &e : plan.edges)
        if (isLocal(e) && laneLength(net, e.id) >= 30.0
            && std::find(plan.centralEdges.begin(), plan.centralEdges.end(), e.id) == plan.centralEdges.end())
            residential.push_back(e.id);
    if (plan.gateEdgesIn.empty() || plan.gateEdgesOut.empty() || plan.centralEdges.empty() || residential.empty()) {
        if (error)
            *error = "generated city has no gates, centre or residential streets";
        return false;
    }
    for (const auto &gate : plan.gateEdgesIn) {
        pairs.push_back({gate, pick(plan.centralEdges), 3.0});
        pairs.push_back({gate, pick(plan.centralEdges), 3.0});
        std::string out = pick(plan.gateEdgesOut);
        if (out.substr(out.find('-') + 1) != gate.substr(0, gate.find('-')))
            pairs.push_back({gate, out, 2.0});
    }
    const int local = small ? 10 : 50;
    for (int i = 0; i < local; ++i)
        pairs.push_back({pick(residential), pick(plan.centralEdges), 1.5});
    const int outbound = small ? 4 : 16;
    for (int i = 0; i < outbound; ++i)
        pairs.push_back({pick(plan.centralEdges), pick(plan.gateEdgesOut), 1.0});
    double totalWeight = 0;
    for (const auto &p : pairs)
        totalWeight += p.weight;

    QSaveFile file(path);
    if (!openFile(file, error))
        return false;
    QXmlStreamWriter xml(&file);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("routes"));
    xml.writeStartElement(QStringLiteral("vTypeDistribution"));
    xml.writeAttribute(QStringLiteral("id"), QStringLiteral("mix"));
    const auto vType = [&xml](const char *id, const char *vClass, double probability, double length, const char *shape) {
        xml.writeEmptyElement(QStringLiteral("vType"));
        xml.writeAttribute(QStringLiteral("id"), QLatin1StringView(id));
        xml.writeAttribute(QStringLiteral("vClass"), QLatin1StringView(vClass));
        xml.writeAttribute(QStringLiteral("probability"), num(probability));
        xml.writeAttribute(QStringLiteral("length"), num(length, 1));
        xml.writeAttribute(QStringLiteral("guiShape"), QLatin1StringView(shape));
        xml.writeAttribute(QStringLiteral("speedDev"), QStringLiteral("0.1"));
    };
    vType("car", "passenger", 0.88, 4.5, "passenger");
    vType("van", "delivery", 0.09, 6.5, "delivery");
    vType("truck", "truck", 0.03, 10.0, "truck");
    xml.writeEndElement();
    for (const auto &[id, shape, length] : {std::tuple{"ambulance", "emergency", 6.5}, {"fire_engine", "firebrigade", 9.0}}) {
        xml.writeStartElement(QStringLiteral("vType"));
        xml.writeAttribute(QStringLiteral("id"), QLatin1StringView(id));
        xml.writeAttribute(QStringLiteral("vClass"), QStringLiteral("emergency"));
        xml.writeAttribute(QStringLiteral("guiShape"), QLatin1StringView(shape));
        xml.writeAttribute(QStringLiteral("length"), num(length, 1));
        xml.writeAttribute(QStringLiteral("speedFactor"), QStringLiteral("1.3"));
        xml.writeAttribute(QStringLiteral("color"), QStringLiteral("red"));
        xml.writeEndElement();
    }

    // Everything departing is written in time order, as SUMO reads route files incrementally.
    std::multimap<int, std::function<void()>> timeline;
    int flowNumber = 0;
    for (const auto &interval : kProfile) {
        for (std::size_t p = 0; p < pairs.size(); ++p) {
            const double perHour = peakPerHour * interval.share * pairs[p].weight / totalWeight;
            if (perHour < 1.0)
                continue;
            const auto id = QStringLiteral("flow_%1_%2").arg(p).arg(++flowNumber);
            timeline.emplace(interval.begin, [&xml, &pairs, p, id, interval, perHour] {
                xml.writeEmptyElement(QStringLiteral("flow"));
                xml.writeAttribute(QStringLiteral("id"), id);
                xml.writeAttribute(QStringLiteral("type"), QStringLiteral("mix"));
                xml.writeAttribute(QStringLiteral("begin"), QString::number(interval.begin));
                xml.writeAttribute(QStringLiteral("end"), QString::number(interval.end));
                xml.writeAttribute(QStringLiteral("vehsPerHour"), num(perHour));
                xml.writeAttribute(QStringLiteral("from"), str(pairs[p].from));
                xml.writeAttribute(QStringLiteral("to"), str(pairs[p].to));
                xml.writeAttribute(QStringLiteral("departLane"), QStringLiteral("best"));
                xml.writeAttribute(QStringLiteral("departSpeed"), QStringLiteral("max"));
            });
        }
    }
    std::vector<std::string> all;
    for (const auto &e : plan.edges)
        all.push_back(e.id);
    const int every = small ? 600 : 300;
    int emergencyNumber = 0;
    for (int t = 120; t < kDemandEnd; t += every / 2 + rng.index(every)) {
        const bool ambulance = rng.chance(0.65);
        const std::string from = pick(all);
        const std::string to = ambulance ? pick(plan.centralEdges) : pick(all);
        const auto id = QStringLiteral("%1_%2").arg(ambulance ? QStringLiteral("ambulance") : QStringLiteral("fire_engine"))
                            .arg(++emergencyNumber);
        timeline.emplace(t, [&xml, id, ambulance, t, from, to] {
            xml.writeEmptyElement(QStringLiteral("trip"));
            xml.writeAttribute(QStringLiteral("id"), id);
            xml.writeAttribute(QStringLiteral("type"), ambulance ? QStringLiteral("ambulance") : QStringLiteral("fire_engine"));
            xml.writeAttribute(QStringLiteral("depart"), QString::number(t));
            xml.writeAttribute(QStringLiteral("from"), str(from));
            xml.writeAttribute(QStringLiteral("to"), str(to));
            xml.writeAttribute(QStringLiteral("departLane"), QStringLiteral("best"));
        });
    }
    for (const auto &[time, write] : timeline)
        write();
    xml.writeEndElement();
    return commit(file, xml, error);
}

} // namespace greenlight::gateway::sumo
