#include "router.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <queue>
#include <utility>

namespace greenlight::core::routing {

namespace {

// Squared distance in metres from p to the chord a-b, on a local flat projection around p.
double distanceToChordSq(const LatLon &p, const LatLon &a, const LatLon &b)
{
    constexpr double metresPerDegree = 111194.9;
    const double kx = metresPerDegree * std::cos(p.lat * std::numbers::pi / 180.0);
    const double ax = (a.lon - p.lon) * kx, ay = (a.lat - p.lat) * metresPerDegree;
    const double bx = (b.lon - p.lon) * kx, by = (b.lat - p.lat) * metresPerDegree;
    const double dx = bx - ax, dy = by - ay;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const double x = ax + t * dx, y = ay + t * dy;
    return x * x + y * y;
}

Route failed(std::string reason)
{
    Route r;
    r.failure = std::move(reason);
    return r;
}

} // namespace

Router::Router(const RoadGraph &graph)
    : m_graph(graph)
{
}

Route Router::route(int startSegment, double offsetM, int destinationSegment,
                    const std::vector<float> &liveSpeeds) const
{
    const int n = m_graph.segmentCount();
    if (startSegment < 0 || startSegment >= n)
        return failed("start segment " + std::to_string(startSegment) + " does not exist");
    if (destinationSegment < 0 || destinationSegment >= n)
        return failed("destination segment " + std::to_string(destinationSegment) + " does not exist");

    const double startLength = m_graph.lengthM(startSegment);
    const double offset = std::clamp(std::isnan(offsetM) ? 0.0 : offsetM, 0.0, startLength);

    // The heuristic: straight line from a segment's end to the destination's end at the top speed.
    double maxSpeed = RoadGraph::MinSpeedMps;
    for (int i = 0; i < n; ++i)
        maxSpeed = std::max(maxSpeed, m_graph.speedMps(i, liveSpeeds));
    const double hScale = m_graph.detourFactor() / maxSpeed;
    const LatLon goal = m_graph.nodePosition(m_graph.toNode(destinationSegment));
    auto heuristic = [&](int s) {
        return hScale > 0 ? distanceMetres(m_graph.nodePosition(m_graph.toNode(s)), goal) * hScale : 0.0;
    };

    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<double> best(n, inf);  // seconds from departure to the end of each segment
    std::vector<int> previous(n, -1);
    std::vector<bool> done(n, false);
    using Entry = std::pair<double, int>;  // (estimated total, segment)
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> open;

    best[startSegment] = (startLength - offset) / m_graph.speedMps(startSegment, liveSpeeds);
    open.emplace(best[startSegment] + heuristic(startSegment), startSegment);
    while (!open.empty()) {
        const int s = open.top().second;
        open.pop();
        if (done[s])
            continue;
        done[s] = true;
        if (s == destinationSegment)
            break;
        for (const TurnOption &t : m_graph.turns(s)) {
            const int next = t.toSegment;
            if (done[next])
                continue;
            const double g = best[s] + m_graph.costS(next, liveSpeeds);
            if (g < best[next]) {
                best[next] = g;
                previous[next] = s;
                open.emplace(g + heuristic(next), next);
            }
        }
    }
    if (!done[destinationSegment])
        return failed("destination segment " + std::to_string(destinationSegment)
                      + " is not reachable from segment " + std::to_string(startSegment));

    Route r;
    for (int s = destinationSegment; s != -1; s = previous[s]) {
        r.segments.push_back(s);
        if (s == startSegment)
            break;
    }
    std::reverse(r.segments.begin(), r.segments.end());
    r.travelTimeS = best[destinationSegment];
    r.lengthM = startLength - offset;
    for (std::size_t i = 0; i < r.segments.size(); ++i) {
        const int s = r.segments[i];
        r.arrivalS.push_back(best[s]);
        if (i > 0)
            r.lengthM += m_graph.lengthM(s);
        if (i + 1 < r.segments.size() && m_graph.toIntersection(s) >= 0) {
            const int exit = r.segments[i + 1];
            r.signals.push_back({m_graph.toIntersection(s), best[s], s, exit, m_graph.signalGroups(s, exit)});
        }
    }
    return r;
}

Route Router::along(const std::vector<int> &segments, double offsetM, const std::vector<float> &liveSpeeds,
                    const std::vector<double> &delayS) const
{
    if (segments.empty())
        return failed("an empty path");
    const int n = m_graph.segmentCount();
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (segments[i] < 0 || segments[i] >= n)
            return failed("segment " + std::to_string(segments[i]) + " does not exist");
    }
    Route r;
    r.segments = segments;
    const int first = segments.front();
    const double offset = std::clamp(std::isnan(offsetM) ? 0.0 : offsetM, 0.0, m_graph.lengthM(first));
    double t = (m_graph.lengthM(first) - offset) / m_graph.speedMps(first, liveSpeeds);
    r.lengthM = m_graph.lengthM(first) - offset;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const int s = segments[i];
        if (i > 0) {
            t += m_graph.costS(s, liveSpeeds);
            r.lengthM += m_graph.lengthM(s);
        }
        if (i < delayS.size())
            t += delayS[i];
        r.arrivalS.push_back(t);
        if (i + 1 < segments.size() && m_graph.toIntersection(s) >= 0)
            r.signals.push_back({m_graph.toIntersection(s), t, s, segments[i + 1], m_graph.signalGroups(s, segments[i + 1])});
    }
    r.travelTimeS = t;
    return r;
}

Route Router::routeTo(int startSegment, double offsetM, const LatLon &destination,
                      const std::vector<float> &liveSpeeds) const
{
    const int target = nearestSegment(destination);
    if (target < 0)
        return failed("no segment near the destination");
    return route(startSegment, offsetM, target, liveSpeeds);
}

int Router::nearestSegment(const LatLon &p) const
{
    int bestSegment = -1;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (int s = 0; s < m_graph.segmentCount(); ++s) {
        const auto &shape = m_graph.shape(s);
        for (std::size_t i = 0; i < shape.size(); ++i) {
            if (i + 1 == shape.size() && i > 0)
                break;  // the last point closes the previous chord
            const LatLon &b = i + 1 < shape.size() ? shape[i + 1] : shape[i];
            const double d = distanceToChordSq(p, shape[i], b);
            if (d < bestDistance) {
                bestDistance = d;
                bestSegment = s;
            }
        }
    }
    return bestSegment;
}

} // namespace greenlight::core::routing
