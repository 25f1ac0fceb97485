#pragma once

#include "core/geo.h"
#include "roadgraph.h"

#include <string>
#include <vector>

namespace greenlight::core::routing {

// One signalised intersection a route passes through.
struct SignalPassage {
    int intersection = -1;          // index into CityLayout::intersections
    double etaS = 0;                // seconds from departure until the vehicle reaches the stop line
    int approachSegment = -1;       // segment the vehicle arrives on
    int exitSegment = -1;           // segment the vehicle leaves on
    std::vector<int> signalGroups;  // SignalGroup::index values that must be green for the vehicle
};

// The fastest path found by Router; empty with a reason when there is none.
struct Route {
    std::vector<int> segments;           // segment indices from the start segment to the destination segment
    std::vector<double> arrivalS;        // per segment: seconds from departure to reaching its end
    double lengthM = 0;                  // metres driven, from the start offset to the end of the destination
    double travelTimeS = 0;              // seconds from departure to the end of the destination segment
    std::vector<SignalPassage> signals;  // signalised intersections passed, in order
    std::string failure;                 // why there is no route; empty when found

    // True when a route was found.
    bool found() const { return !segments.empty(); }
};

// Fastest paths on a RoadGraph: edge-based A* (straight-line heuristic at the fastest speed in use)
// so turn restrictions hold. The route ends at the end of the destination segment; the signal at
// the destination's own end is not a passage. Keeps a reference to the graph, which must outlive it.
// route() allocates its own working state, so one Router may serve several threads.
class Router
{
public:
    // Routes on graph.
    explicit Router(const RoadGraph &graph);

    // Fastest path from offsetM metres along startSegment to the end of destinationSegment.
    // liveSpeeds holds m/s by segment index; missing entries use the speed limit.
    Route route(int startSegment, double offsetM, int destinationSegment,
                const std::vector<float> &liveSpeeds = {}) const;
    // Fastest path to the segment nearest destination.
    Route routeTo(int startSegment, double offsetM, const LatLon &destination,
                  const std::vector<float> &liveSpeeds = {}) const;
    // The same facts (arrival times, signal passages) for a given path, e.g. the one a vehicle is
    // driving: from offsetM metres along segments[0] to the end of the last one. A turn the graph
    // does not know gets a passage with no signal groups. delayS[i], where given, is time spent on
    // segments[i] beyond driving it (a queue to wait out), whatever is left of that segment.
    Route along(const std::vector<int> &segments, double offsetM, const std::vector<float> &liveSpeeds = {},
                const std::vector<double> &delayS = {}) const;
    // Index of the segment whose shape passes nearest to p (linear scan), or -1 when none has a shape.
    int nearestSegment(const LatLon &p) const;

private:
    const RoadGraph &m_graph;
};

} // namespace greenlight::core::routing
