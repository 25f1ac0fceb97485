#pragma once

#include "core/citylayout.h"
#include "core/livestate.h"
#include "greenlight/v1/city.pb.h"
#include "greenlight/v1/live.pb.h"

namespace greenlight::convert {

// Layout: protobuf <-> domain. Lossless for every field the domain holds.
core::CityLayout fromProto(const v1::CityLayout &in);
void toProto(const core::CityLayout &in, v1::CityLayout *out);

// Live messages: protobuf <-> domain.
core::LiveBatch fromProto(const v1::LiveUpdate &in);
void toProto(const core::LiveBatch &in, v1::LiveUpdate *out);

// Single values, for callers that build messages piecemeal.
core::LatLon fromProto(const v1::LatLon &in);
void toProto(const core::LatLon &in, v1::LatLon *out);
core::SignalState fromProto(const v1::SignalState &in);
void toProto(const core::SignalState &in, v1::SignalState *out);
core::SegmentState fromProto(const v1::SegmentState &in);
void toProto(const core::SegmentState &in, v1::SegmentState *out);
core::VehicleState fromProto(const v1::VehiclePosition &in);
void toProto(const core::VehicleState &in, v1::VehiclePosition *out);
core::IntersectionControl fromProto(const v1::IntersectionControl &in);
void toProto(const core::IntersectionControl &in, v1::IntersectionControl *out);
core::LeaseInfo fromProto(const v1::Lease &in);
void toProto(const core::LeaseInfo &in, const std::string &intersectionId, v1::Lease *out);
core::OverrideInfo fromProto(const v1::Override &in);
void toProto(const core::OverrideInfo &in, const std::string &intersectionId, v1::Override *out);

} // namespace greenlight::convert
