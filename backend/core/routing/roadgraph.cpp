#include "roadgraph.h"

#include <algorithm>
#include <cmath>

namespace greenlight::core::routing {

RoadGraph::RoadGraph(const CityLayout &layout)
{
    std::unordered_map<std::string, int> nodeById;
    std::vector<bool> nodePlaced;
    auto node = [&](const std::string &junctionId) {
        auto [it, inserted] = nodeById.try_emplace(junctionId, static_cast<int>(m_nodePositions.size()));
        if (inserted) {
            m_nodePositions.emplace_back();
            nodePlaced.push_back(false);
        }
        return it->second;
    };

    const int n = static_cast<int>(layout.segments.size());
    m_segments.resize(n);
    std::vector<std::vector<int>> outgoing;
    for (int i = 0; i < n; ++i) {
        const RoadSegment &s = layout.segments[i];
        Edge &e = m_segments[i];
        e.id = s.id;
        e.fromNode = node(s.fromJunctionId);
        e.toNode = node(s.toJunctionId);
        e.lengthM = std::max(0.0, s.lengthM);
        e.speedLimitMps = s.speedLimitMps;
        e.toIntersection = s.toIntersection;
        e.shape = s.shape;
        m_segmentById.emplace(s.id, i);
        if (!s.shape.empty()) {
            if (!nodePlaced[e.fromNode]) {
                m_nodePositions[e.fromNode] = s.shape.front();
                nodePlaced[e.fromNode] = true;
            }
            if (!nodePlaced[e.toNode]) {
                m_nodePositions[e.toNode] = s.shape.back();
                nodePlaced[e.toNode] = true;
            }
        }
        if (static_cast<int>(outgoing.size()) < static_cast<int>(m_nodePositions.size()))
            outgoing.resize(m_nodePositions.size());
        outgoing[e.fromNode].push_back(i);
    }
    outgoing.resize(m_nodePositions.size());

    // The heuristic needs every node placed; without full geometry routing falls back to Dijkstra.
    const bool allPlaced = std::all_of(nodePlaced.begin(), nodePlaced.end(), [](bool b) { return b; });
    double factor = allPlaced ? 1.0 : 0.0;
    for (int i = 0; i < n && factor > 0; ++i) {
        const Edge &e = m_segments[i];
        const double chord = distanceMetres(m_nodePositions[e.fromNode], m_nodePositions[e.toNode]);
        if (chord > 1e-6)
            factor = std::min(factor, e.lengthM / chord);
    }
    m_detourFactor = factor * 0.999; // margin for rounding

    for (int i = 0; i < n; ++i) {
        Edge &e = m_segments[i];
        const Intersection *x = nullptr;
        if (e.toIntersection >= 0 && e.toIntersection < static_cast<int>(layout.intersections.size()))
            x = &layout.intersections[e.toIntersection];
        for (int next : outgoing[e.toNode]) {
            const Edge &f = m_segments[next];
            if (next == i || (f.toNode == e.fromNode && f.fromNode == e.toNode))
                continue; // U-turn onto the reverse segment
            TurnOption option{next, {}};
            if (x) {
                for (const SignalGroup &g : x->signalGroups) {
                    if (g.controls(e.id, f.id))
                        option.signalGroups.push_back(g.index);
                }
                if (option.signalGroups.empty())
                    continue; // no signal group covers this movement
            }
            e.turns.push_back(std::move(option));
        }
    }
}

int RoadGraph::segmentIndex(const std::string &segmentId) const
{
    const auto it = m_segmentById.find(segmentId);
    return it == m_segmentById.end() ? -1 : it->second;
}

bool RoadGraph::turnAllowed(int fromSegment, int toSegment) const
{
    if (fromSegment < 0 || fromSegment >= segmentCount())
        return false;
    const auto &t = m_segments[fromSegment].turns;
    return std::any_of(t.begin(), t.end(), [&](const TurnOption &o) { return o.toSegment == toSegment; });
}

std::vector<int> RoadGraph::signalGroups(int fromSegment, int toSegment) const
{
    if (fromSegment < 0 || fromSegment >= segmentCount())
        return {};
    for (const TurnOption &o : m_segments[fromSegment].turns) {
        if (o.toSegment == toSegment)
            return o.signalGroups;
    }
    return {};
}

std::vector<int> RoadGraph::approachGroups(int segment) const
{
    std::vector<int> out;
    if (segment < 0 || segment >= segmentCount())
        return out;
    for (const TurnOption &o : m_segments[segment].turns)
        out.insert(out.end(), o.signalGroups.begin(), o.signalGroups.end());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

double RoadGraph::speedMps(int segment, const std::vector<float> &liveSpeeds) const
{
    double v = m_segments[segment].speedLimitMps;
    if (segment < static_cast<int>(liveSpeeds.size()) && !std::isnan(liveSpeeds[segment]))
        v = liveSpeeds[segment];
    return std::max(v, MinSpeedMps);
}

double RoadGraph::costS(int segment, const std::vector<float> &liveSpeeds) const
{
    return m_segments[segment].lengthM / speedMps(segment, liveSpeeds);
}

} // namespace greenlight::core::routing
