#include "syntheticcity.h"

#include "core/geo.h"

#include <array>
#include <cmath>
#include <numbers>
#include <random>
#include <string>

namespace greenlight::gateway::synthetic {

namespace {

// Which way a grid link runs from an intersection.
enum Side { North = 0, East = 1, South = 2, West = 3 };

core::LatLon offset(const core::LatLon &origin, double eastM, double northM)
{
    constexpr double metresPerDegree = 111320.0;
    return {origin.lat + northM / metresPerDegree,
            origin.lon + eastM / (metresPerDegree * std::cos(origin.lat * std::numbers::pi / 180.0))};
}

std::string avenueName(int row)
{
    static const char *names[] = {"Harbour", "Mill", "Station", "Park", "Market", "Castle", "River", "Elm",
                                  "Bridge", "Chapel", "Garden", "Kings", "Queens", "Union", "Water"};
    return std::string(names[row % 15]) + (row >= 15 ? " " + std::to_string(row / 15 + 1) : "") + " Avenue";
}

std::string streetName(int col)
{
    const int n = col + 1;
    const char *suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
        : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    return std::to_string(n) + suffix + " Street";
}

} // namespace

core::CityLayout buildSyntheticCity(const SyntheticCitySpec &spec)
{
    const int n = std::max(1, spec.intersections);
    const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
    const int rows = (n + cols - 1) / cols;
    std::mt19937 rng(spec.seed);
    std::uniform_real_distribution<double> jitter(-0.12 * spec.blockMetres, 0.12 * spec.blockMetres);
    std::uniform_real_distribution<double> greenTime(12.0, 32.0);

    core::CityLayout city;
    city.cityId = "synthetic-" + std::to_string(n) + "-seed-" + std::to_string(spec.seed);
    city.name = "Synthetic city (seed " + std::to_string(spec.seed) + ")";
    city.intersections.resize(static_cast<size_t>(n));

    auto at = [cols](int col, int row) { return row * cols + col; };
    auto exists = [n, cols, rows](int col, int row) {
        return col >= 0 && row >= 0 && col < cols && row < rows && row * cols + col < n;
    };

    for (int i = 0; i < n; ++i) {
        const int col = i % cols, row = i / cols;
        auto &ix = city.intersections[static_cast<size_t>(i)];
        ix.id = "n" + std::to_string(i);
        ix.name = avenueName(row) + " & " + streetName(col);
        ix.position = offset(spec.origin, col * spec.blockMetres + jitter(rng), row * spec.blockMetres + jitter(rng));
        ix.junctionIds = {ix.id};
        ix.programId = "0";
        city.bounds.extend(ix.position);
    }

    // Directed segments between grid neighbours; remember each intersection's incoming ones.
    std::vector<std::array<int, 4>> incoming(static_cast<size_t>(n), {-1, -1, -1, -1});
    std::vector<std::array<int, 4>> outgoing(static_cast<size_t>(n), {-1, -1, -1, -1});
    auto addSegment = [&](int from, int to, Side leaving, bool arterial, const std::string &name) {
        core::RoadSegment s;
        s.id = "s" + std::to_string(city.segments.size());
        s.name = name;
        const auto &a = city.intersections[static_cast<size_t>(from)];
        const auto &b = city.intersections[static_cast<size_t>(to)];
        s.shape = {a.position, b.position};
        s.lanes = arterial ? 2 : 1;
        s.speedLimitMps = arterial ? 13.89 : 8.33;
        s.lengthM = core::distanceMetres(a.position, b.position);
        s.roadClass = arterial ? core::RoadClass::Arterial : core::RoadClass::Local;
        s.fromJunctionId = a.id;
        s.toJunctionId = b.id;
        s.fromIntersection = from;
        s.toIntersection = to;
        const int index = static_cast<int>(city.segments.size());
        outgoing[static_cast<size_t>(from)][leaving] = index;
        incoming[static_cast<size_t>(to)][(leaving + 2) % 4] = index;  // arrives from the opposite side
        city.segments.push_back(std::move(s));
    };
    city.segments.reserve(static_cast<size_t>(4 * n));
    for (int i = 0; i < n; ++i) {
        const int col = i % cols, row = i / cols;
        if (exists(col + 1, row)) {
            const bool arterial = row % spec.arterialEvery == 0;
            addSegment(i, at(col + 1, row), East, arterial, avenueName(row));
            addSegment(at(col + 1, row), i, West, arterial, avenueName(row));
        }
        if (exists(col, row + 1)) {
            const bool arterial = col % spec.arterialEvery == 0;
            addSegment(i, at(col, row + 1), North, arterial, streetName(col));
            addSegment(at(col, row + 1), i, South, arterial, streetName(col));
        }
    }

    // Signal groups: straight, left and right from every approach; a four-phase programme.
    static const char *sideName[] = {"N", "E", "S", "W"};
    for (int i = 0; i < n; ++i) {
        auto &ix = city.intersections[static_cast<size_t>(i)];
        struct Group { int side; core::Turn turn; };
        std::vector<Group> groups;
        for (int side = 0; side < 4; ++side) {
            const int in = incoming[static_cast<size_t>(i)][side];
            if (in < 0)
                continue;
            const int straightOut = outgoing[static_cast<size_t>(i)][(side + 2) % 4];
            const int leftOut = outgoing[static_cast<size_t>(i)][(side + 1) % 4];   // from N heading S, left is E
            const int rightOut = outgoing[static_cast<size_t>(i)][(side + 3) % 4];
            const std::pair<core::Turn, int> turns[] = {
                {core::Turn::Straight, straightOut}, {core::Turn::Left, leftOut}, {core::Turn::Right, rightOut}};
            for (const auto &[turn, out] : turns) {
                if (out < 0)
                    continue;
                core::SignalGroup g;
                g.index = static_cast<int>(ix.signalGroups.size());
                g.fromSegmentId = city.segments[static_cast<size_t>(in)].id;
                g.toSegmentId = city.segments[static_cast<size_t>(out)].id;
                g.turn = turn;
                g.approachBearingDeg = core::normaliseBearing(side * 90.0 + 180.0);
                g.approach = sideName[side];
                g.fromLaneId = g.fromSegmentId + "_0";
                g.toLaneId = g.toSegmentId + "_0";
                ix.signalGroups.push_back(std::move(g));
                groups.push_back({side, turn});
            }
        }
        const size_t count = groups.size();
        ix.foes.assign(count, {});
        for (size_t a = 0; a < count; ++a) {
            for (size_t b = 0; b < count; ++b) {
                if (a == b)
                    continue;
                const bool crossAxis = (groups[a].side % 2) != (groups[b].side % 2);
                const bool opposing = (groups[a].side + 2) % 4 == groups[b].side;
                const bool leftAcross = opposing
                    && ((groups[a].turn == core::Turn::Left && groups[b].turn == core::Turn::Straight)
                        || (groups[a].turn == core::Turn::Straight && groups[b].turn == core::Turn::Left));
                if (crossAxis || leftAcross)
                    ix.foes[a].push_back(static_cast<int>(b));
            }
        }
        auto state = [&](int axis, char straight, char left) {
            std::string s(count, 'r');
            for (size_t g = 0; g < count; ++g)
                if (groups[g].side % 2 == axis)
                    s[g] = groups[g].turn == core::Turn::Left ? left : straight;
            return s;
        };
        const double mainGreen = greenTime(rng), crossGreen = greenTime(rng);
        ix.phases = {{0, mainGreen, mainGreen, mainGreen, state(0, 'G', 'g'), "north-south"},
                     {1, 3.0, 3.0, 3.0, state(0, 'y', 'y'), ""},
                     {2, crossGreen, crossGreen, crossGreen, state(1, 'G', 'g'), "east-west"},
                     {3, 3.0, 3.0, 3.0, state(1, 'y', 'y'), ""}};
    }
    return city;
}

} // namespace greenlight::gateway::synthetic
