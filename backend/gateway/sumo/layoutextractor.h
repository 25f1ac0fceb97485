#pragma once

#include "core/citylayout.h"
#include "netreader.h"

#include <string>

namespace greenlight::gateway::sumo {

// How the served city is named.
struct CityIdentity {
    std::string cityId;        // e.g. "default-seed-42" or the scenario file's stem
    std::string name;          // human-readable
};

// Reads the static layout of the loaded simulation: traffic lights as intersections (with signal
// groups, phases and conflicts from the junctions' right-of-way data), edges as segments, parking
// areas, and points of interest. Positions are WGS84. Must run on the simulation thread.
core::CityLayout extractLayout(const NetFile &net, const ScenarioFiles &files, const CityIdentity &identity);

// Road class of an edge from its OSM-like type, falling back to its priority, lanes and speed.
core::RoadClass roadClassOf(const std::string &type, int priority, int lanes, double speedMps);
// The turn a SUMO connection's direction letter (s, l, L, r, R, t) makes.
core::Turn turnFromDirection(const std::string &sumoDirection);
// Kind of a point of interest from its SUMO type ("hospital", "amenity.fire_station", ...).
core::PoiKind poiKindOf(const std::string &type);

} // namespace greenlight::gateway::sumo
