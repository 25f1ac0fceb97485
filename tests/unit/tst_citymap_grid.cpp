// A synthetic city for the map tests: an n x n grid of signalised intersections joined by
// two-way roads (every third row and column an arterial, the rest local streets).
#include "core/citylayout.h"
#include "core/livestate.h"
#include "tst_citymap_grid.h"

#include <cmath>
#include <memory>
#include <string>

namespace citymaptest {

using namespace greenlight::core;

namespace {
constexpr double kLat0 = 52.37;
constexpr double kLon0 = 4.89;
constexpr double kMetresPerDegreeLat = 111320.0;

struct Approach
{
    const char *name;
    double travelBearing;
    int dr, dc;   // where the neighbour traffic comes from lies
};
// From N, E, S, W: traffic from the north travels south, and so on.
constexpr Approach kApproaches[4] = {{"N", 180, 1, 0}, {"E", 270, 0, 1}, {"S", 0, -1, 0}, {"W", 90, 0, -1}};
} // namespace

LatLon gridPosition(int n, double spacingM, int r, int c)
{
    (void)n;
    const double dLat = spacingM / kMetresPerDegreeLat;
    const double dLon = spacingM / (kMetresPerDegreeLat * std::cos(kLat0 * M_PI / 180.0));
    return {kLat0 + r * dLat, kLon0 + c * dLon};
}

// Intersection index of row r (growing northwards) and column c (growing eastwards).
int gridIndex(int n, int r, int c) { return r * n + c; }

std::shared_ptr<CityLayout> makeGridLayout(int n, double spacingM)
{
    auto layout = std::make_shared<CityLayout>();
    layout->cityId = "grid" + std::to_string(n);
    layout->name = "Grid " + std::to_string(n);
    layout->layoutVersion = "v1";
    const auto inside = [n](int r, int c) { return r >= 0 && r < n && c >= 0 && c < n; };
    for (int r = 0; r < n; ++r) {
        for (int c = 0; c < n; ++c) {
            Intersection in;
            in.id = "J" + std::to_string(r) + "_" + std::to_string(c);
            in.name = in.id;
            in.position = gridPosition(n, spacingM, r, c);
            layout->bounds.extend(in.position);
            int g = 0;
            for (const Approach &a : kApproaches) {
                if (!inside(r + a.dr, c + a.dc))
                    continue;
                SignalGroup group;
                group.index = g++;
                group.turn = Turn::Straight;
                group.approach = a.name;
                group.approachBearingDeg = a.travelBearing;
                in.signalGroups.push_back(group);
            }
            layout->intersections.push_back(std::move(in));
        }
    }
    const auto addRoad = [&](int r0, int c0, int r1, int c1, RoadClass cls) {
        for (int dir = 0; dir < 2; ++dir) {
            const int fr = dir ? r1 : r0, fc = dir ? c1 : c0, tr = dir ? r0 : r1, tc = dir ? c0 : c1;
            RoadSegment s;
            s.id = "S" + std::to_string(layout->segments.size());
            s.fromIntersection = gridIndex(n, fr, fc);
            s.toIntersection = gridIndex(n, tr, tc);
            s.shape = {gridPosition(n, spacingM, fr, fc), gridPosition(n, spacingM, tr, tc)};
            s.roadClass = cls;
            s.lanes = cls == RoadClass::Arterial ? 2 : 1;
            s.lengthM = spacingM;
            layout->segments.push_back(std::move(s));
        }
    };
    for (int r = 0; r < n; ++r)
        for (int c = 0; c + 1 < n; ++c)
            addRoad(r, c, r, c + 1, r % 3 == 0 ? RoadClass::Arterial : RoadClass::Local);
    for (int c = 0; c < n; ++c)
        for (int r = 0; r + 1 < n; ++r)
            addRoad(r, c, r + 1, c, c % 3 == 0 ? RoadClass::Arterial : RoadClass::Local);
    return layout;
}

// North-south green where r + c is even, east-west green elsewhere.
bool northSouthGreen(int r, int c) { return (r + c) % 2 == 0; }

std::vector<SignalColour> gridColours(const CityLayout &layout, int i, bool northSouth)
{
    std::vector<SignalColour> colours;
    for (const SignalGroup &g : layout.intersections[size_t(i)].signalGroups) {
        const bool ns = g.approach == "N" || g.approach == "S";
        colours.push_back(ns == northSouth ? SignalColour::GreenProtected : SignalColour::Red);
    }
    return colours;
}

LiveBatch makeGridSnapshot(const CityLayout &layout, int n)
{
    LiveBatch batch;
    batch.snapshot = true;
    batch.sequence = 1;
    batch.gatewayRunId = "run";
    batch.layoutVersion = layout.layoutVersion;
    batch.simTimeS = 100;
    for (int r = 0; r < n; ++r) {
        for (int c = 0; c < n; ++c) {
            SignalState s;
            s.intersection = gridIndex(n, r, c);
            s.colours = gridColours(layout, s.intersection, northSouthGreen(r, c));
            batch.signals.push_back(std::move(s));
        }
    }
    for (size_t s = 0; s < layout.segments.size(); ++s) {
        SegmentState st;
        st.segment = int(s);
        st.congestion = static_cast<CongestionLevel>(1 + s % 4);
        st.vehicleCount = int(s % 7);
        batch.segments.push_back(st);
    }
    return batch;
}

} // namespace citymaptest
