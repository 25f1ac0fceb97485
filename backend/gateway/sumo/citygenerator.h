#pragma once

#include "core/geo.h"

#include <cstdint>
#include <string>
#include <vector>

namespace greenlight::gateway::sumo {

// How big a default city to generate.
enum class CitySize { Small, Default };

// A junction of the generated street plan.
struct PlanNode {
    std::string id;            // "c<column>r<row>" in the grid, "gate<n>" outside
    double x = 0;              // metres east of the origin
    double y = 0;              // metres north of the origin
    bool signalised = false;
    bool gate = false;         // outside the grid, where traffic enters and leaves the city
    int offsetQuarters = 0;    // signal cycle shift in quarter cycles (0-2), staggering neighbours
};

// A directed street of the generated plan.
struct PlanEdge {
    std::string id;            // "<from>-<to>"
    std::string from;          // node ids
    std::string to;
    std::string name;          // street name
    std::string type;          // OSM-like highway type, e.g. "highway.primary"
    int lanes = 1;
    double speedMps = 8.33;
    int priority = 1;          // netconvert right of way: higher wins
    bool arterial = false;     // part of an arterial or diagonal avenue
};

// The street plan of the default city, before netconvert turns it into a SUMO network.
struct CityPlan {
    std::uint32_t seed = 0;
    CitySize size = CitySize::Default;
    core::LatLon origin;                     // the plan's (0, 0)
    std::vector<PlanNode> nodes;
    std::vector<PlanEdge> edges;             // both directions of every street
    std::vector<std::string> gateEdgesIn;    // streets entering the city from a gate
    std::vector<std::string> gateEdgesOut;   // streets leaving the city towards a gate
    std::vector<std::string> centralEdges;   // streets in the middle of town: the usual destinations
};

// Builds the default city's street plan: an irregular, slightly rotated grid with arterials every
// few blocks, two diagonal avenues (one in the small city), parks and missing links. The same
// seed, size and origin always give the same plan.
CityPlan generateCityPlan(std::uint32_t seed, CitySize size, const core::LatLon &origin);

// The WGS84 position of a plan point given in metres east and north of origin.
core::LatLon planToGeo(const core::LatLon &origin, double x, double y);

// "small" or "default".
const char *citySizeName(CitySize size);

} // namespace greenlight::gateway::sumo
