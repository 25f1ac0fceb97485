#pragma once

#include "geo.h"
#include "signalcolour.h"

#include <cstdint>
#include <string>
#include <vector>

namespace greenlight::core {

// Congestion on a segment. Values match greenlight.v1.CongestionLevel.
enum class CongestionLevel : std::uint8_t { Unknown = 0, Free, Light, Heavy, Jammed };

// Classifies a segment from its mean speed, limit and load (thresholds in live.proto).
CongestionLevel classifyCongestion(double meanSpeedMps, double speedLimitMps, int vehicleCount);
// A short English name ("free", "light", "heavy", "jammed").
const char *congestionName(CongestionLevel level);

// Kind of a tracked vehicle. Values match greenlight.v1.VehicleKind.
enum class VehicleKind : std::uint8_t { Unknown = 0, Car, Bus, Truck, Emergency, Other };

// Live signal state of one intersection.
struct SignalState {
    int intersection = 0;                 // index into CityLayout::intersections
    std::vector<SignalColour> colours;    // one per signal group
    int phaseIndex = 0;
    double nextChangeTimeS = 0;           // simulation time of the next phase change
};

// Live traffic on one segment.
struct SegmentState {
    int segment = 0;                      // index into CityLayout::segments
    float meanSpeedMps = 0;
    int vehicleCount = 0;
    CongestionLevel congestion = CongestionLevel::Unknown;
};

// Position of one tracked vehicle.
struct VehicleState {
    std::string id;
    LatLon position;
    float headingDeg = 0;
    float speedMps = 0;
    VehicleKind kind = VehicleKind::Unknown;
    std::string segmentId;
};

// One message of the live stream, as domain values: a snapshot or a delta.
struct LiveBatch {
    bool snapshot = false;
    std::uint64_t sequence = 0;
    std::string gatewayRunId;
    std::string layoutVersion;
    double simTimeS = 0;
    std::int64_t emittedUnixUs = 0;
    std::vector<SignalState> signals;
    std::vector<SegmentState> segments;
    std::vector<VehicleState> vehicles;
    std::vector<std::string> vehiclesRemoved;
};

} // namespace greenlight::core
