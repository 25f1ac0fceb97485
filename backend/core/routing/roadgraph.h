#pragma once

#include "core/citylayout.h"
#include "core/geo.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace greenlight::core::routing {

// A movement from one segment onto the next one at their shared junction.
struct TurnOption {
    int toSegment = -1;             // index of the exit segment
    std::vector<int> signalGroups;  // SignalGroup::index values covering the movement; empty when unsignalised
};

// The directed road network of a CityLayout: nodes are junctions, edges are segments. Routing is
// edge-based: each segment lists the segments it may continue onto (turn restrictions applied).
// Copies what it needs from the layout, so the layout may go away afterwards. Immutable.
class RoadGraph
{
public:
    // Speeds at or below this many m/s are raised to it: jams cost a lot but stay passable.
    static constexpr double MinSpeedMps = 0.5;

    // Builds the graph once from a layout.
    explicit RoadGraph(const CityLayout &layout);

    // Number of segments (edges).
    int segmentCount() const { return static_cast<int>(m_segments.size()); }
    // Number of distinct junctions (nodes).
    int junctionCount() const { return static_cast<int>(m_nodePositions.size()); }
    // Index of the segment with this id, or -1.
    int segmentIndex(const std::string &segmentId) const;
    // Node the segment leaves from.
    int fromNode(int segment) const { return m_segments[segment].fromNode; }
    // Node the segment arrives at.
    int toNode(int segment) const { return m_segments[segment].toNode; }
    // Length of the segment in metres.
    double lengthM(int segment) const { return m_segments[segment].lengthM; }
    // Speed limit of the segment in m/s.
    double speedLimitMps(int segment) const { return m_segments[segment].speedLimitMps; }
    // Signalised intersection at the end of the segment, or -1.
    int toIntersection(int segment) const { return m_segments[segment].toIntersection; }
    // Shape of the segment (may be empty).
    const std::vector<LatLon> &shape(int segment) const { return m_segments[segment].shape; }
    // Position of a node (an end of one of its segments).
    const LatLon &nodePosition(int node) const { return m_nodePositions[node]; }
    // Allowed continuations after the segment (no U-turns, signal coverage checked).
    const std::vector<TurnOption> &turns(int segment) const { return m_segments[segment].turns; }
    // True when a vehicle on fromSegment may continue onto toSegment.
    bool turnAllowed(int fromSegment, int toSegment) const;
    // Signal groups that must be green for fromSegment -> toSegment; empty when none or not allowed.
    std::vector<int> signalGroups(int fromSegment, int toSegment) const;
    // Every signal group a movement from the segment needs (its whole approach), sorted; empty
    // when unsignalised.
    std::vector<int> approachGroups(int segment) const;
    // Speed used for the segment: the live speed when given (index < size), else the limit; at least MinSpeedMps.
    double speedMps(int segment, const std::vector<float> &liveSpeeds) const;
    // Seconds to drive the whole segment at speedMps().
    double costS(int segment, const std::vector<float> &liveSpeeds) const;
    // Lower bound of (road length / straight-line distance between its end nodes), in (0, 1]; 0 without geometry.
    double detourFactor() const { return m_detourFactor; }

private:
    struct Edge {
        std::string id;
        int fromNode = -1;
        int toNode = -1;
        double lengthM = 0;
        double speedLimitMps = 0;
        int toIntersection = -1;
        std::vector<LatLon> shape;
        std::vector<TurnOption> turns;
    };
    std::vector<Edge> m_segments;
    std::vector<LatLon> m_nodePositions;
    std::unordered_map<std::string, int> m_segmentById;
    double m_detourFactor = 0;
};

} // namespace greenlight::core::routing
