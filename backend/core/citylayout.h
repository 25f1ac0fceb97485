#pragma once

#include "geo.h"

#include <cstdint>
#include <string>
#include <vector>

namespace greenlight::core {

// What a movement does at an intersection. Values match greenlight.v1.Turn.
enum class Turn : std::uint8_t { Unknown = 0, Straight, Left, Right, UTurn, Pedestrian };

// Functional class of a road. Values match greenlight.v1.RoadClass.
enum class RoadClass : std::uint8_t { Unknown = 0, Motorway, Arterial, Collector, Local, Other };

// Kind of point of interest. Values match greenlight.v1.PoiKind.
enum class PoiKind : std::uint8_t { Unknown = 0, Hospital, FireStation, PoliceStation, TransitStation, Other };

// A way through an intersection for vehicles: from one road segment onto another.
struct Movement {
    std::string fromSegmentId;
    std::string toSegmentId;
    Turn turn = Turn::Unknown;
    bool operator==(const Movement &) const = default;
};

// One controlled movement of an intersection.
struct SignalGroup {
    int index = 0;                 // position in the intersection's colour list
    std::string fromSegmentId;     // approach segment
    std::string toSegmentId;       // exit segment
    Turn turn = Turn::Unknown;
    double approachBearingDeg = 0; // direction of travel on the approach
    std::string approach;          // compass side traffic comes from ("N", "SE", ...)
    std::string fromLaneId;
    std::string toLaneId;
    // Further movements the same signal controls, where one field signal serves several ways (a
    // SUMO link index shared by several connections); the movement above is not repeated here.
    std::vector<Movement> moreMovements;

    // True when this signal controls the way from one segment onto the other.
    bool controls(const std::string &from, const std::string &to) const
    {
        if (fromSegmentId == from && toSegmentId == to)
            return !from.empty();
        for (const Movement &m : moreMovements)
            if (m.fromSegmentId == from && m.toSegmentId == to)
                return true;
        return false;
    }
};

// One phase of a fixed programme; state holds one SUMO letter per signal group.
struct Phase {
    int index = 0;
    double durationS = 0;
    double minDurationS = 0;
    double maxDurationS = 0;
    std::string state;
    std::string name;
};

// A signalised intersection (one controller).
struct Intersection {
    std::string id;
    std::string name;
    LatLon position;
    std::vector<SignalGroup> signalGroups;
    std::vector<Phase> phases;
    std::vector<std::vector<int>> foes;  // foes[g] = groups conflicting with group g
    std::string programId;
    std::vector<std::string> junctionIds;
};

// A directed road segment.
struct RoadSegment {
    std::string id;
    std::string name;
    std::vector<LatLon> shape;
    int lanes = 1;
    double speedLimitMps = 13.89;
    double lengthM = 0;
    RoadClass roadClass = RoadClass::Unknown;
    std::string fromJunctionId;
    std::string toJunctionId;
    int fromIntersection = -1;  // index into CityLayout::intersections, -1 if not signalised
    int toIntersection = -1;
};

struct Camera {
    std::string id;
    std::string name;
    LatLon position;
    double headingDeg = 0;
    std::string segmentId;
    std::string streamUri;
};

struct ParkingLot {
    std::string id;
    std::string name;
    LatLon position;
    int capacity = 0;
    std::string segmentId;
};

struct PointOfInterest {
    std::string id;
    std::string name;
    PoiKind kind = PoiKind::Unknown;
    LatLon position;
    std::string segmentId;
};

// Everything static about a city. Live state refers to intersections and segments by index.
struct CityLayout {
    std::string cityId;
    std::string name;
    std::string layoutVersion;
    GeoBounds bounds;
    std::vector<Intersection> intersections;
    std::vector<RoadSegment> segments;
    std::vector<Camera> cameras;
    std::vector<ParkingLot> parkingLots;
    std::vector<PointOfInterest> pointsOfInterest;
};

} // namespace greenlight::core
