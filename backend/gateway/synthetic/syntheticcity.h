#pragma once

#include "core/citylayout.h"

#include <cstdint>

namespace greenlight::gateway::synthetic {

// What a synthetic city looks like.
struct SyntheticCitySpec {
    int intersections = 10000;               // signalised intersections, laid out on a jittered grid
    std::uint32_t seed = 42;
    core::LatLon origin{52.5200, 13.4050};   // south-west corner
    double blockMetres = 140;                // distance between neighbouring intersections
    int arterialEvery = 5;                   // every n-th row and column is a two-lane arterial
};

// Builds a city of spec.intersections signalised four-way (three-way at the edge) intersections
// with a directed road segment each way between grid neighbours (about four segments per
// intersection) and a fixed-time four-phase programme at each: main axis green with permissive
// lefts, its yellow, cross axis green, its yellow. Deterministic for a given spec.
core::CityLayout buildSyntheticCity(const SyntheticCitySpec &spec);

} // namespace greenlight::gateway::synthetic
