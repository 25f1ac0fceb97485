#pragma once

#include "geo.h"
#include "signalcolour.h"

#include <cstdint>
#include <optional>
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

// An operator's role. Values match greenlight.v1.Role.
enum class ControlRole : std::uint8_t { Unknown = 0, Viewer, Officer, Coordinator, Supervisor };
// What an override does. Values match greenlight.v1.OverrideKind.
enum class OverrideKind : std::uint8_t { Unknown = 0, Hold, Advance, GoToPhase, Flash, Restore };
// Where an override stands in the field. Values match greenlight.v1.OverrideStage.
enum class OverrideStage : std::uint8_t { Unknown = 0, Pending, Effective };

// Who holds control of an intersection (greenlight.v1.Lease).
struct LeaseInfo {
    std::string holder;
    ControlRole role = ControlRole::Unknown;
    std::string reason;
    std::int64_t acquiredUnixMs = 0;
    std::int64_t expiresUnixMs = 0;
    std::string leaseId;
};

// The override running on an intersection (greenlight.v1.Override).
struct OverrideInfo {
    std::string holder;
    ControlRole role = ControlRole::Unknown;
    OverrideKind kind = OverrideKind::Unknown;
    int targetPhase = -1;
    std::string reason;
    std::string idempotencyKey;
    OverrideStage stage = OverrideStage::Unknown;
    std::int64_t requestedUnixMs = 0;
    double plannedEffectiveSimS = 0;
    std::int64_t effectiveUnixMs = 0;
    std::int64_t expiresUnixMs = 0;
    std::string note;
};

// The control state of one intersection: neither lease nor override means free, on its programme.
struct IntersectionControl {
    int intersection = 0;                 // index into CityLayout::intersections
    std::string intersectionId;           // its id (carried in the Lease and Override messages)
    std::optional<LeaseInfo> lease;
    std::optional<OverrideInfo> override_;
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
    std::vector<IntersectionControl> controls; // snapshot: every controlled one; delta: replacements
};

} // namespace greenlight::core
