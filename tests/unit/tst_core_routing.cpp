#include "core/citylayout.h"
#include "core/routing/roadgraph.h"
#include "core/routing/router.h"

#include <QElapsedTimer>
#include <QTest>

#include <cmath>
#include <random>
#include <set>
#include <string>
#include <utility>

using namespace greenlight::core;
using namespace greenlight::core::routing;

namespace {

constexpr double spacingM = 100.0;
constexpr double limitMps = 10.0;
constexpr double baseLat = 52.5;
constexpr double baseLon = 13.4;
constexpr double metresPerDegree = 111194.9;

std::string junction(int r, int c)
{
    return "j" + std::to_string(r) + "_" + std::to_string(c);
}

std::string segmentId(int r1, int c1, int r2, int c2)
{
    return junction(r1, c1) + ">" + junction(r2, c2);
}

// Ground position of a point (east, north) metres from the grid's north-west corner.
LatLon at(double eastM, double northM)
{
    return {baseLat + northM / metresPerDegree,
            baseLon + eastM / (metresPerDegree * std::cos(baseLat * M_PI / 180.0))};
}

// Row r lies r * spacing south of row 0, column c lies c * spacing east of column 0.
LatLon junctionPosition(int r, int c)
{
    return at(c * spacingM, -r * spacingM);
}

// A rows x cols grid with two-way 100 m streets at 10 m/s. Each direction's shape runs 3 m to the
// right of the centre line, so the two directions of a street can be told apart by position.
CityLayout makeGrid(int rows, int cols)
{
    CityLayout layout;
    auto add = [&](int r1, int c1, int r2, int c2) {
        RoadSegment s;
        s.id = segmentId(r1, c1, r2, c2);
        s.fromJunctionId = junction(r1, c1);
        s.toJunctionId = junction(r2, c2);
        s.lengthM = spacingM;
        s.speedLimitMps = limitMps;
        const double dx = c2 - c1, dy = -(r2 - r1);  // east, north
        const double ox = dy * 3.0, oy = -dx * 3.0;  // right-hand normal
        s.shape = {at(c1 * spacingM + ox, -r1 * spacingM + oy), at(c2 * spacingM + ox, -r2 * spacingM + oy)};
        layout.segments.push_back(std::move(s));
    };
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            if (c + 1 < cols) {
                add(r, c, r, c + 1);
                add(r, c + 1, r, c);
            }
            if (r + 1 < rows) {
                add(r, c, r + 1, c);
                add(r + 1, c, r, c);
            }
        }
    }
    return layout;
}

int indexOf(const CityLayout &layout, const std::string &id)
{
    for (int i = 0; i < static_cast<int>(layout.segments.size()); ++i) {
        if (layout.segments[i].id == id)
            return i;
    }
    return -1;
}

// Signalises junction (r, c): one signal group per movement, U-turns and the movements in
// `forbidden` (pairs of from/to segment ids) left out. Returns the intersection index.
int signalise(CityLayout &layout, int r, int c, const std::set<std::pair<std::string, std::string>> &forbidden = {})
{
    const int x = static_cast<int>(layout.intersections.size());
    Intersection in;
    in.id = "tl_" + junction(r, c);
    in.position = junctionPosition(r, c);
    in.junctionIds = {junction(r, c)};
    const std::string j = junction(r, c);
    for (RoadSegment &a : layout.segments) {
        if (a.toJunctionId != j)
            continue;
        a.toIntersection = x;
        for (RoadSegment &b : layout.segments) {
            if (b.fromJunctionId != j || b.toJunctionId == a.fromJunctionId)
                continue;
            b.fromIntersection = x;
            if (forbidden.count({a.id, b.id}))
                continue;
            SignalGroup g;
            g.index = static_cast<int>(in.signalGroups.size());
            g.fromSegmentId = a.id;
            g.toSegmentId = b.id;
            in.signalGroups.push_back(g);
        }
    }
    layout.intersections.push_back(std::move(in));
    return x;
}

// True when each segment starts where the previous one ends.
bool connected(const RoadGraph &graph, const Route &route)
{
    for (std::size_t i = 1; i < route.segments.size(); ++i) {
        if (graph.fromNode(route.segments[i]) != graph.toNode(route.segments[i - 1]))
            return false;
    }
    return true;
}

bool hasUTurn(const RoadGraph &graph, const Route &route)
{
    for (std::size_t i = 1; i < route.segments.size(); ++i) {
        const int a = route.segments[i - 1], b = route.segments[i];
        if (graph.fromNode(a) == graph.toNode(b) && graph.toNode(a) == graph.fromNode(b))
            return true;
    }
    return false;
}

} // namespace

class TestRouting : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // A given path gets the same arrival times and signal passages as the route the router found.
    void alongMatchesTheFoundRoute()
    {
        CityLayout layout = makeGrid(3, 4);
        signalise(layout, 1, 1);
        signalise(layout, 1, 2);
        const RoadGraph graph(layout);
        const Router router(graph);
        const Route found = router.route(indexOf(layout, segmentId(1, 0, 1, 1)), 20, indexOf(layout, segmentId(1, 2, 1, 3)));
        QVERIFY(found.found());
        QCOMPARE(found.signals.size(), std::size_t(2));
        const Route again = router.along(found.segments, 20);
        QVERIFY(again.found());
        QCOMPARE(again.segments, found.segments);
        QCOMPARE(again.travelTimeS, found.travelTimeS);
        QCOMPARE(again.lengthM, found.lengthM);
        QCOMPARE(again.signals.size(), found.signals.size());
        for (std::size_t i = 0; i < found.signals.size(); ++i) {
            QCOMPARE(again.signals[i].intersection, found.signals[i].intersection);
            QCOMPARE(again.signals[i].etaS, found.signals[i].etaS);
            QCOMPARE(again.signals[i].signalGroups, found.signals[i].signalGroups);
        }
        QVERIFY(!router.along({}, 0).found());
        QVERIFY(!router.along({99999}, 0).found());

        // A queue to wait out on the first segment counts in full, however little of it is left,
        // and moves every later arrival and signal by as much.
        const std::vector<double> wait{15.0};
        const double nearEnd = graph.lengthM(found.segments.front()) - 1;
        const Route driven = router.along(found.segments, nearEnd);
        const Route queued = router.along(found.segments, nearEnd, {}, wait);
        QCOMPARE(queued.travelTimeS, driven.travelTimeS + 15.0);
        QCOMPARE(queued.arrivalS.front(), driven.arrivalS.front() + 15.0);
        QCOMPARE(queued.signals.front().etaS, driven.signals.front().etaS + 15.0);
    }

    void shortestPathOnGrid_data()
    {
        QTest::addColumn<QString>("start");
        QTest::addColumn<QString>("destination");
        QTest::addColumn<int>("expectedSegments");
        QTest::newRow("same segment") << "j0_0>j0_1" << "j0_0>j0_1" << 1;
        QTest::newRow("straight on") << "j0_0>j0_1" << "j0_2>j0_3" << 3;
        QTest::newRow("one turn") << "j0_0>j0_1" << "j2_1>j3_1" << 4;
        QTest::newRow("diagonal") << "j0_0>j1_0" << "j3_2>j3_3" << 6;
        QTest::newRow("back west") << "j3_3>j3_2" << "j0_1>j0_0" << 6;
    }
    void shortestPathOnGrid()
    {
        QFETCH(QString, start);
        QFETCH(QString, destination);
        QFETCH(int, expectedSegments);
        const CityLayout layout = makeGrid(4, 4);
        const RoadGraph graph(layout);
        QCOMPARE(graph.junctionCount(), 16);
        QCOMPARE(graph.segmentCount(), 48);
        const Router router(graph);
        const int s = graph.segmentIndex(start.toStdString());
        const int d = graph.segmentIndex(destination.toStdString());
        const Route route = router.route(s, 0.0, d);
        QVERIFY2(route.found(), route.failure.c_str());
        QVERIFY(route.failure.empty());
        QCOMPARE(int(route.segments.size()), expectedSegments);
        QCOMPARE(route.segments.front(), s);
        QCOMPARE(route.segments.back(), d);
        QVERIFY(connected(graph, route));
        QCOMPARE(route.lengthM, expectedSegments * spacingM);
        QVERIFY(qAbs(route.travelTimeS - expectedSegments * spacingM / limitMps) < 1e-9);
    }

    void jamMakesRouteGoAround_data()
    {
        QTest::addColumn<float>("jamSpeed");
        QTest::addColumn<bool>("avoids");
        QTest::newRow("jammed 0.5") << 0.5f << true;
        QTest::newRow("standstill clamps") << 0.0f << true;
        QTest::newRow("slow but worth it") << 5.0f << false;  // 20 s beats the 30 s detour
        QTest::newRow("free") << 10.0f << false;
    }
    void jamMakesRouteGoAround()
    {
        QFETCH(float, jamSpeed);
        QFETCH(bool, avoids);
        const CityLayout layout = makeGrid(2, 4);
        const RoadGraph graph(layout);
        const Router router(graph);
        const int start = graph.segmentIndex("j0_0>j0_1");
        const int jammed = graph.segmentIndex("j0_1>j0_2");
        const int dest = graph.segmentIndex("j0_2>j0_3");
        std::vector<float> live(graph.segmentCount(), float(limitMps));
        live[jammed] = jamSpeed;
        const Route route = router.route(start, 0.0, dest, live);
        QVERIFY2(route.found(), route.failure.c_str());
        const bool usesJam = std::find(route.segments.begin(), route.segments.end(), jammed) != route.segments.end();
        QCOMPARE(usesJam, !avoids);
        QVERIFY(connected(graph, route));
        // Direct: start, jammed, dest (20 s + jam). Around: start, south, east, north, dest (50 s).
        if (avoids) {
            QCOMPARE(int(route.segments.size()), 5);
            QVERIFY(qAbs(route.travelTimeS - 50.0) < 1e-9);
        } else {
            QCOMPARE(int(route.segments.size()), 3);
            QVERIFY(qAbs(route.travelTimeS - (20.0 + spacingM / jamSpeed)) < 1e-6);
        }
    }

    void liveSpeedsSetEtas_data()
    {
        QTest::addColumn<float>("v0");
        QTest::addColumn<float>("v1");
        QTest::addColumn<float>("v2");
        QTest::addColumn<double>("offset");
        QTest::newRow("limits") << 10.0f << 10.0f << 10.0f << 0.0;
        QTest::newRow("mixed") << 4.0f << 8.0f << 12.5f << 0.0;
        QTest::newRow("offset") << 5.0f << 20.0f << 2.0f << 40.0;
        QTest::newRow("clamped") << 0.1f << 10.0f << 10.0f << 75.0;
    }
    void liveSpeedsSetEtas()
    {
        QFETCH(float, v0);
        QFETCH(float, v1);
        QFETCH(float, v2);
        QFETCH(double, offset);
        CityLayout layout = makeGrid(1, 4);
        const int x1 = signalise(layout, 0, 1);
        const int x2 = signalise(layout, 0, 2);
        const RoadGraph graph(layout);
        const Router router(graph);
        const int a = graph.segmentIndex("j0_0>j0_1");
        const int b = graph.segmentIndex("j0_1>j0_2");
        const int c = graph.segmentIndex("j0_2>j0_3");
        std::vector<float> live(graph.segmentCount(), 0.0f);
        live[a] = v0;
        live[b] = v1;
        live[c] = v2;
        const Route route = router.route(a, offset, c, live);
        QVERIFY2(route.found(), route.failure.c_str());
        QCOMPARE(route.segments, (std::vector<int>{a, b, c}));
        auto eff = [](float v) { return std::max(double(v), RoadGraph::MinSpeedMps); };
        const double tA = (spacingM - offset) / eff(v0);
        const double tB = tA + spacingM / eff(v1);
        const double tC = tB + spacingM / eff(v2);
        QVERIFY(qAbs(route.travelTimeS - tC) < 1e-6);
        QVERIFY(qAbs(route.lengthM - (3 * spacingM - offset)) < 1e-9);
        QCOMPARE(int(route.arrivalS.size()), 3);
        QVERIFY(qAbs(route.arrivalS[0] - tA) < 1e-6);
        QVERIFY(qAbs(route.arrivalS[1] - tB) < 1e-6);
        QCOMPARE(int(route.signals.size()), 2);
        QCOMPARE(route.signals[0].intersection, x1);
        QVERIFY(qAbs(route.signals[0].etaS - tA) < 1e-6);
        QCOMPARE(route.signals[1].intersection, x2);
        QVERIFY(qAbs(route.signals[1].etaS - tB) < 1e-6);
    }

    void noLiveSpeedsUsesLimit()
    {
        CityLayout layout = makeGrid(1, 3);
        layout.segments[indexOf(layout, "j0_1>j0_2")].speedLimitMps = 25.0;
        const RoadGraph graph(layout);
        const Router router(graph);
        const Route route = router.route(graph.segmentIndex("j0_0>j0_1"), 0.0, graph.segmentIndex("j0_1>j0_2"));
        QVERIFY(route.found());
        QVERIFY(qAbs(route.travelTimeS - (10.0 + 4.0)) < 1e-9);
    }

    void turnRestrictionGoesRoundTheBlock_data()
    {
        QTest::addColumn<bool>("forbidLeft");
        QTest::addColumn<int>("expectedSegments");
        QTest::newRow("left allowed") << false << 3;
        QTest::newRow("left forbidden") << true << 5;
    }
    void turnRestrictionGoesRoundTheBlock()
    {
        QFETCH(bool, forbidLeft);
        QFETCH(int, expectedSegments);
        CityLayout layout = makeGrid(3, 3);
        // Heading east into the centre, turning left means heading north.
        const std::string in = "j1_0>j1_1", left = "j1_1>j0_1";
        std::set<std::pair<std::string, std::string>> forbidden;
        if (forbidLeft)
            forbidden.insert({in, left});
        signalise(layout, 1, 1, forbidden);
        const RoadGraph graph(layout);
        const Router router(graph);
        const int s = graph.segmentIndex(in);
        const int l = graph.segmentIndex(left);
        QCOMPARE(graph.turnAllowed(s, l), !forbidLeft);
        QCOMPARE(graph.turnAllowed(s, graph.segmentIndex("j1_1>j1_2")), true);
        const Route route = router.route(s, 0.0, graph.segmentIndex("j0_1>j0_0"));
        QVERIFY2(route.found(), route.failure.c_str());
        QCOMPARE(int(route.segments.size()), expectedSegments);
        QVERIFY(connected(graph, route));
        for (std::size_t i = 1; i < route.segments.size(); ++i)
            QVERIFY(graph.turnAllowed(route.segments[i - 1], route.segments[i]));
    }

    void unsignalisedEndAllowsAllTurnsButUTurn()
    {
        const CityLayout layout = makeGrid(3, 3);
        const RoadGraph graph(layout);
        const int in = graph.segmentIndex("j1_0>j1_1");
        QCOMPARE(int(graph.turns(in).size()), 3);
        QVERIFY(!graph.turnAllowed(in, graph.segmentIndex("j1_1>j1_0")));
        QVERIFY(graph.signalGroups(in, graph.segmentIndex("j1_1>j1_2")).empty());
    }

    void noUTurn()
    {
        const CityLayout layout = makeGrid(2, 3);
        const RoadGraph graph(layout);
        const Router router(graph);
        // Reversing needs a loop round the east block: j0_1 j0_2 j1_2 j1_1 j0_1 j0_0.
        const Route route = router.route(graph.segmentIndex("j0_0>j0_1"), 0.0, graph.segmentIndex("j0_1>j0_0"));
        QVERIFY2(route.found(), route.failure.c_str());
        QVERIFY(!hasUTurn(graph, route));
        QCOMPARE(int(route.segments.size()), 6);

        // On a dead-end street reversing is impossible.
        const CityLayout line = makeGrid(1, 3);
        const RoadGraph lineGraph(line);
        const Router lineRouter(lineGraph);
        const Route none = lineRouter.route(lineGraph.segmentIndex("j0_0>j0_1"), 0.0, lineGraph.segmentIndex("j0_1>j0_0"));
        QVERIFY(!none.found());
        QVERIFY(!none.failure.empty());
    }

    void unreachableReportsReason_data()
    {
        QTest::addColumn<int>("start");
        QTest::addColumn<int>("destination");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("disconnected") << 0 << 2 << "not reachable";
        QTest::newRow("bad start") << 7 << 0 << "start segment";
        QTest::newRow("bad destination") << 0 << -1 << "destination segment";
    }
    void unreachableReportsReason()
    {
        QFETCH(int, start);
        QFETCH(int, destination);
        QFETCH(QString, reasonPart);
        CityLayout layout = makeGrid(1, 2);
        CityLayout other = makeGrid(1, 2);
        for (RoadSegment s : other.segments) {
            s.id = "far_" + s.id;
            s.fromJunctionId = "far_" + s.fromJunctionId;
            s.toJunctionId = "far_" + s.toJunctionId;
            layout.segments.push_back(s);
        }
        const RoadGraph graph(layout);
        const Router router(graph);
        const Route route = router.route(start, 0.0, destination);
        QVERIFY(!route.found());
        QVERIFY(route.signals.empty());
        QCOMPARE(route.travelTimeS, 0.0);
        QVERIFY2(QString::fromStdString(route.failure).contains(reasonPart), route.failure.c_str());
    }

    void etasIncreaseAlongRoute()
    {
        CityLayout layout = makeGrid(5, 5);
        for (int r = 0; r < 5; ++r)
            for (int c = 0; c < 5; ++c)
                signalise(layout, r, c);
        const RoadGraph graph(layout);
        const Router router(graph);
        std::vector<float> live(graph.segmentCount());
        for (int i = 0; i < graph.segmentCount(); ++i)
            live[i] = 3.0f + float(i % 7);
        const Route route = router.route(graph.segmentIndex("j0_0>j0_1"), 10.0, graph.segmentIndex("j4_3>j4_4"), live);
        QVERIFY2(route.found(), route.failure.c_str());
        QCOMPARE(route.signals.size(), route.segments.size() - 1);
        for (std::size_t i = 1; i < route.arrivalS.size(); ++i)
            QVERIFY(route.arrivalS[i] > route.arrivalS[i - 1]);
        for (std::size_t i = 0; i < route.signals.size(); ++i) {
            const SignalPassage &p = route.signals[i];
            QCOMPARE(p.approachSegment, route.segments[i]);
            QCOMPARE(p.exitSegment, route.segments[i + 1]);
            QCOMPARE(p.intersection, layout.segments[p.approachSegment].toIntersection);
            if (i > 0)
                QVERIFY(p.etaS > route.signals[i - 1].etaS);
        }
        QVERIFY(route.travelTimeS > route.signals.back().etaS);
    }

    void requiredSignalGroupsMatchMovement()
    {
        CityLayout layout = makeGrid(3, 3);
        const int x = signalise(layout, 1, 1);
        // A second lane's group for the straight movement west to east.
        SignalGroup extra;
        extra.index = static_cast<int>(layout.intersections[x].signalGroups.size());
        extra.fromSegmentId = "j1_0>j1_1";
        extra.toSegmentId = "j1_1>j1_2";
        layout.intersections[x].signalGroups.push_back(extra);
        const RoadGraph graph(layout);
        const Router router(graph);
        const Route route = router.route(graph.segmentIndex("j1_0>j1_1"), 0.0, graph.segmentIndex("j1_1>j1_2"));
        QVERIFY2(route.found(), route.failure.c_str());
        QCOMPARE(int(route.signals.size()), 1);
        const SignalPassage &p = route.signals.front();
        QCOMPARE(p.intersection, x);
        QCOMPARE(int(p.signalGroups.size()), 2);
        QCOMPARE(p.signalGroups.back(), extra.index);
        for (int g : p.signalGroups) {
            const SignalGroup &sg = layout.intersections[x].signalGroups[g];
            QCOMPARE(sg.fromSegmentId, layout.segments[p.approachSegment].id);
            QCOMPARE(sg.toSegmentId, layout.segments[p.exitSegment].id);
        }
        // Every other group of the intersection is for another movement.
        int matching = 0;
        for (const SignalGroup &sg : layout.intersections[x].signalGroups)
            matching += sg.fromSegmentId == "j1_0>j1_1" && sg.toSegmentId == "j1_1>j1_2";
        QCOMPARE(matching, 2);
    }

    void sharedSignalServesEveryMovementItControls()
    {
        // A hand-built programme may give one signal to several ways out of an approach: the
        // left turn east -> north has no group of its own and rides on the straight one.
        CityLayout layout = makeGrid(3, 3);
        const std::string in = "j1_0>j1_1", straight = "j1_1>j1_2", left = "j1_1>j0_1";
        const int x = signalise(layout, 1, 1, {{in, left}});
        {
            const RoadGraph without(layout);
            QVERIFY(!without.turnAllowed(without.segmentIndex(in), without.segmentIndex(left)));
        }
        int shared = -1;
        for (SignalGroup &g : layout.intersections[x].signalGroups)
            if (g.fromSegmentId == in && g.toSegmentId == straight) {
                g.moreMovements.push_back({in, left, Turn::Left});
                shared = g.index;
            }
        QVERIFY(shared >= 0);
        const RoadGraph graph(layout);
        const Router router(graph);
        QVERIFY(graph.turnAllowed(graph.segmentIndex(in), graph.segmentIndex(left)));
        QCOMPARE(graph.signalGroups(graph.segmentIndex(in), graph.segmentIndex(left)), std::vector<int>{shared});
        const Route route = router.route(graph.segmentIndex(in), 0.0, graph.segmentIndex(left));
        QVERIFY2(route.found(), route.failure.c_str());
        QCOMPARE(int(route.segments.size()), 2);
        QCOMPARE(int(route.signals.size()), 1);
        QCOMPARE(route.signals.front().signalGroups, std::vector<int>{shared});
        // The straight movement still needs only its own group.
        QCOMPARE(graph.signalGroups(graph.segmentIndex(in), graph.segmentIndex(straight)), std::vector<int>{shared});
    }

    void nearestSegment_data()
    {
        QTest::addColumn<double>("east");
        QTest::addColumn<double>("north");
        QTest::addColumn<QString>("expected");
        // Eastbound shapes run 3 m south of the street, westbound 3 m north.
        QTest::newRow("eastbound") << 50.0 << -4.0 << "j0_0>j0_1";
        QTest::newRow("westbound") << 150.0 << 5.0 << "j0_2>j0_1";
        QTest::newRow("southbound") << 196.0 << -60.0 << "j0_2>j1_2";
        QTest::newRow("northbound") << 104.0 << -130.0 << "j2_1>j1_1";
        QTest::newRow("outside") << -500.0 << -150.0 << "j1_0>j2_0";
    }
    void nearestSegment()
    {
        QFETCH(double, east);
        QFETCH(double, north);
        QFETCH(QString, expected);
        const CityLayout layout = makeGrid(3, 3);
        const RoadGraph graph(layout);
        const Router router(graph);
        const int s = router.nearestSegment(at(east, north));
        QVERIFY(s >= 0);
        QCOMPARE(QString::fromStdString(layout.segments[s].id), expected);
        const Route route = router.routeTo(graph.segmentIndex("j0_0>j0_1"), 0.0, at(east, north));
        QVERIFY2(route.found(), route.failure.c_str());
        QCOMPARE(route.segments.back(), s);
    }

    void heuristicMatchesDijkstra()
    {
        // A graph without shapes routes without the heuristic; both must agree on cost.
        const CityLayout layout = makeGrid(6, 6);
        CityLayout bare = layout;
        for (RoadSegment &s : bare.segments)
            s.shape.clear();
        const RoadGraph withGeometry(layout);
        const RoadGraph without(bare);
        QVERIFY(withGeometry.detourFactor() > 0.9);
        QCOMPARE(without.detourFactor(), 0.0);
        const Router a(withGeometry), b(without);
        std::mt19937 rng(7);
        std::uniform_int_distribution<int> pick(0, withGeometry.segmentCount() - 1);
        std::vector<float> live(withGeometry.segmentCount());
        for (float &v : live)
            v = std::uniform_real_distribution<float>(0.2f, 15.0f)(rng);
        for (int i = 0; i < 100; ++i) {
            const int s = pick(rng), d = pick(rng);
            const Route ra = a.route(s, 0.0, d, live), rb = b.route(s, 0.0, d, live);
            QCOMPARE(ra.found(), rb.found());
            QVERIFY(qAbs(ra.travelTimeS - rb.travelTimeS) < 1e-6);
        }
    }

    void benchmarkGrid100()
    {
        const CityLayout layout = makeGrid(100, 100);
        QElapsedTimer build;
        build.start();
        const RoadGraph graph(layout);
        const qint64 buildMs = build.elapsed();
        const Router router(graph);
        std::mt19937 rng(42);
        std::uniform_int_distribution<int> pick(0, graph.segmentCount() - 1);
        std::vector<float> live(graph.segmentCount());
        for (float &v : live)
            v = std::uniform_real_distribution<float>(1.0f, 14.0f)(rng);
        constexpr int pairs = 200;
        int found = 0;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < pairs; ++i)
            found += router.route(pick(rng), 0.0, pick(rng), live).found() ? 1 : 0;
        const double meanMs = double(timer.nsecsElapsed()) / 1e6 / pairs;
        QCOMPARE(found, pairs);
        qInfo("routing: 100x100 grid, %d segments, graph built in %lld ms, mean route time %.3f ms over %d pairs",
              graph.segmentCount(), buildMs, meanMs, pairs);
    }
};

QTEST_GUILESS_MAIN(TestRouting)
#include "tst_core_routing.moc"
