#include "protoconvert.h"

namespace greenlight::convert {

namespace {
template <typename Enum>
Enum clampedEnum(int value, Enum maxValue)
{
    return (value < 0 || value > static_cast<int>(maxValue)) ? Enum{} : static_cast<Enum>(value);
}
} // namespace

core::LatLon fromProto(const v1::LatLon &in)
{
    return {in.lat(), in.lon()};
}

void toProto(const core::LatLon &in, v1::LatLon *out)
{
    out->set_lat(in.lat);
    out->set_lon(in.lon);
}

core::CityLayout fromProto(const v1::CityLayout &in)
{
    core::CityLayout out;
    out.cityId = in.city_id();
    out.name = in.name();
    out.layoutVersion = in.layout_version();
    if (in.has_bounds()) {
        out.bounds.extend(fromProto(in.bounds().south_west()));
        out.bounds.extend(fromProto(in.bounds().north_east()));
    }
    out.intersections.reserve(static_cast<size_t>(in.intersections_size()));
    for (const auto &pi : in.intersections()) {
        core::Intersection i;
        i.id = pi.id();
        i.name = pi.name();
        i.position = fromProto(pi.position());
        i.programId = pi.program_id();
        i.junctionIds.assign(pi.junction_ids().begin(), pi.junction_ids().end());
        for (const auto &pg : pi.signal_groups()) {
            core::SignalGroup g;
            g.index = static_cast<int>(pg.index());
            g.fromSegmentId = pg.from_segment_id();
            g.toSegmentId = pg.to_segment_id();
            g.turn = clampedEnum(pg.turn(), core::Turn::Pedestrian);
            g.approachBearingDeg = pg.approach_bearing_deg();
            g.approach = pg.approach();
            g.fromLaneId = pg.from_lane_id();
            g.toLaneId = pg.to_lane_id();
            for (const auto &pm : pg.more_movements())
                g.moreMovements.push_back(
                    {pm.from_segment_id(), pm.to_segment_id(), clampedEnum(pm.turn(), core::Turn::Pedestrian)});
            i.signalGroups.push_back(std::move(g));
        }
        for (const auto &pp : pi.phases()) {
            i.phases.push_back({static_cast<int>(pp.index()), pp.duration_s(), pp.min_duration_s(),
                                pp.max_duration_s(), pp.state(), pp.name()});
        }
        i.foes.resize(i.signalGroups.size());
        for (const auto &pc : pi.conflicts()) {
            if (pc.group() >= i.foes.size())
                continue;
            auto &foes = i.foes[pc.group()];
            for (auto f : pc.foes())
                foes.push_back(static_cast<int>(f));
        }
        out.intersections.push_back(std::move(i));
    }
    out.segments.reserve(static_cast<size_t>(in.segments_size()));
    for (const auto &ps : in.segments()) {
        core::RoadSegment s;
        s.id = ps.id();
        s.name = ps.name();
        s.shape.reserve(static_cast<size_t>(ps.shape_size()));
        for (const auto &p : ps.shape())
            s.shape.push_back(fromProto(p));
        s.lanes = static_cast<int>(ps.lanes());
        s.speedLimitMps = ps.speed_limit_mps();
        s.lengthM = ps.length_m();
        s.roadClass = clampedEnum(ps.road_class(), core::RoadClass::Other);
        s.fromJunctionId = ps.from_junction_id();
        s.toJunctionId = ps.to_junction_id();
        s.fromIntersection = ps.from_intersection();
        s.toIntersection = ps.to_intersection();
        out.segments.push_back(std::move(s));
    }
    for (const auto &pc : in.cameras())
        out.cameras.push_back({pc.id(), pc.name(), fromProto(pc.position()), pc.heading_deg(),
                               pc.segment_id(), pc.stream_uri()});
    for (const auto &pp : in.parking_lots())
        out.parkingLots.push_back({pp.id(), pp.name(), fromProto(pp.position()),
                                   static_cast<int>(pp.capacity()), pp.segment_id()});
    for (const auto &pp : in.points_of_interest())
        out.pointsOfInterest.push_back({pp.id(), pp.name(),
                                        clampedEnum(pp.kind(), core::PoiKind::Other),
                                        fromProto(pp.position()), pp.segment_id()});
    return out;
}

void toProto(const core::CityLayout &in, v1::CityLayout *out)
{
    out->set_city_id(in.cityId);
    out->set_name(in.name);
    out->set_layout_version(in.layoutVersion);
    if (!in.bounds.isEmpty()) {
        toProto(in.bounds.southWest, out->mutable_bounds()->mutable_south_west());
        toProto(in.bounds.northEast, out->mutable_bounds()->mutable_north_east());
    }
    out->mutable_intersections()->Reserve(static_cast<int>(in.intersections.size()));
    for (const auto &i : in.intersections) {
        auto *pi = out->add_intersections();
        pi->set_id(i.id);
        pi->set_name(i.name);
        toProto(i.position, pi->mutable_position());
        pi->set_program_id(i.programId);
        for (const auto &j : i.junctionIds)
            pi->add_junction_ids(j);
        for (const auto &g : i.signalGroups) {
            auto *pg = pi->add_signal_groups();
            pg->set_index(static_cast<uint32_t>(g.index));
            pg->set_from_segment_id(g.fromSegmentId);
            pg->set_to_segment_id(g.toSegmentId);
            pg->set_turn(static_cast<v1::Turn>(g.turn));
            pg->set_approach_bearing_deg(g.approachBearingDeg);
            pg->set_approach(g.approach);
            pg->set_from_lane_id(g.fromLaneId);
            pg->set_to_lane_id(g.toLaneId);
            for (const auto &m : g.moreMovements) {
                auto *pm = pg->add_more_movements();
                pm->set_from_segment_id(m.fromSegmentId);
                pm->set_to_segment_id(m.toSegmentId);
                pm->set_turn(static_cast<v1::Turn>(m.turn));
            }
        }
        for (const auto &p : i.phases) {
            auto *pp = pi->add_phases();
            pp->set_index(static_cast<uint32_t>(p.index));
            pp->set_duration_s(p.durationS);
            pp->set_min_duration_s(p.minDurationS);
            pp->set_max_duration_s(p.maxDurationS);
            pp->set_state(p.state);
            pp->set_name(p.name);
        }
        for (size_t g = 0; g < i.foes.size(); ++g) {
            if (i.foes[g].empty())
                continue;
            auto *pc = pi->add_conflicts();
            pc->set_group(static_cast<uint32_t>(g));
            for (int f : i.foes[g])
                pc->add_foes(static_cast<uint32_t>(f));
        }
    }
    out->mutable_segments()->Reserve(static_cast<int>(in.segments.size()));
    for (const auto &s : in.segments) {
        auto *ps = out->add_segments();
        ps->set_id(s.id);
        ps->set_name(s.name);
        for (const auto &p : s.shape)
            toProto(p, ps->add_shape());
        ps->set_lanes(static_cast<uint32_t>(s.lanes));
        ps->set_speed_limit_mps(s.speedLimitMps);
        ps->set_length_m(s.lengthM);
        ps->set_road_class(static_cast<v1::RoadClass>(s.roadClass));
        ps->set_from_junction_id(s.fromJunctionId);
        ps->set_to_junction_id(s.toJunctionId);
        ps->set_from_intersection(s.fromIntersection);
        ps->set_to_intersection(s.toIntersection);
    }
    for (const auto &c : in.cameras) {
        auto *pc = out->add_cameras();
        pc->set_id(c.id);
        pc->set_name(c.name);
        toProto(c.position, pc->mutable_position());
        pc->set_heading_deg(c.headingDeg);
        pc->set_segment_id(c.segmentId);
        pc->set_stream_uri(c.streamUri);
    }
    for (const auto &p : in.parkingLots) {
        auto *pp = out->add_parking_lots();
        pp->set_id(p.id);
        pp->set_name(p.name);
        toProto(p.position, pp->mutable_position());
        pp->set_capacity(static_cast<uint32_t>(p.capacity));
        pp->set_segment_id(p.segmentId);
    }
    for (const auto &p : in.pointsOfInterest) {
        auto *pp = out->add_points_of_interest();
        pp->set_id(p.id);
        pp->set_name(p.name);
        pp->set_kind(static_cast<v1::PoiKind>(p.kind));
        toProto(p.position, pp->mutable_position());
        pp->set_segment_id(p.segmentId);
    }
}

core::SignalState fromProto(const v1::SignalState &in)
{
    core::SignalState out;
    out.intersection = static_cast<int>(in.intersection_index());
    out.colours.reserve(static_cast<size_t>(in.colours_size()));
    for (int c : in.colours())
        out.colours.push_back(clampedEnum(c, core::SignalColour::Stop));
    out.phaseIndex = static_cast<int>(in.phase_index());
    out.nextChangeTimeS = in.next_change_time_s();
    return out;
}

void toProto(const core::SignalState &in, v1::SignalState *out)
{
    out->set_intersection_index(static_cast<uint32_t>(in.intersection));
    out->mutable_colours()->Reserve(static_cast<int>(in.colours.size()));
    for (auto c : in.colours)
        out->add_colours(static_cast<v1::SignalColour>(c));
    out->set_phase_index(static_cast<uint32_t>(in.phaseIndex));
    out->set_next_change_time_s(in.nextChangeTimeS);
}

core::SegmentState fromProto(const v1::SegmentState &in)
{
    return {static_cast<int>(in.segment_index()), in.mean_speed_mps(),
            static_cast<int>(in.vehicle_count()),
            clampedEnum(in.congestion(), core::CongestionLevel::Jammed)};
}

void toProto(const core::SegmentState &in, v1::SegmentState *out)
{
    out->set_segment_index(static_cast<uint32_t>(in.segment));
    out->set_mean_speed_mps(in.meanSpeedMps);
    out->set_vehicle_count(static_cast<uint32_t>(in.vehicleCount));
    out->set_congestion(static_cast<v1::CongestionLevel>(in.congestion));
}

core::VehicleState fromProto(const v1::VehiclePosition &in)
{
    return {in.vehicle_id(), fromProto(in.position()), in.heading_deg(), in.speed_mps(),
            clampedEnum(in.kind(), core::VehicleKind::Other), in.segment_id()};
}

void toProto(const core::VehicleState &in, v1::VehiclePosition *out)
{
    out->set_vehicle_id(in.id);
    toProto(in.position, out->mutable_position());
    out->set_heading_deg(in.headingDeg);
    out->set_speed_mps(in.speedMps);
    out->set_kind(static_cast<v1::VehicleKind>(in.kind));
    out->set_segment_id(in.segmentId);
}

core::LeaseInfo fromProto(const v1::Lease &in)
{
    core::LeaseInfo out;
    out.holder = in.holder();
    out.role = clampedEnum(in.role(), core::ControlRole::Supervisor);
    out.reason = in.reason();
    out.acquiredUnixMs = in.acquired_unix_ms();
    out.expiresUnixMs = in.expires_unix_ms();
    out.leaseId = in.lease_id();
    return out;
}

void toProto(const core::LeaseInfo &in, const std::string &intersectionId, v1::Lease *out)
{
    out->set_intersection_id(intersectionId);
    out->set_holder(in.holder);
    out->set_role(static_cast<v1::Role>(in.role));
    out->set_reason(in.reason);
    out->set_acquired_unix_ms(in.acquiredUnixMs);
    out->set_expires_unix_ms(in.expiresUnixMs);
    out->set_lease_id(in.leaseId);
}

core::OverrideInfo fromProto(const v1::Override &in)
{
    core::OverrideInfo out;
    out.holder = in.holder();
    out.role = clampedEnum(in.role(), core::ControlRole::Supervisor);
    out.kind = clampedEnum(in.kind(), core::OverrideKind::Restore);
    out.targetPhase = in.target_phase();
    out.reason = in.reason();
    out.idempotencyKey = in.idempotency_key();
    out.stage = clampedEnum(in.stage(), core::OverrideStage::Effective);
    out.requestedUnixMs = in.requested_unix_ms();
    out.plannedEffectiveSimS = in.planned_effective_sim_s();
    out.effectiveUnixMs = in.effective_unix_ms();
    out.expiresUnixMs = in.expires_unix_ms();
    out.note = in.note();
    return out;
}

void toProto(const core::OverrideInfo &in, const std::string &intersectionId, v1::Override *out)
{
    out->set_intersection_id(intersectionId);
    out->set_holder(in.holder);
    out->set_role(static_cast<v1::Role>(in.role));
    out->set_kind(static_cast<v1::OverrideKind>(in.kind));
    out->set_target_phase(in.targetPhase);
    out->set_reason(in.reason);
    out->set_idempotency_key(in.idempotencyKey);
    out->set_stage(static_cast<v1::OverrideStage>(in.stage));
    out->set_requested_unix_ms(in.requestedUnixMs);
    out->set_planned_effective_sim_s(in.plannedEffectiveSimS);
    out->set_effective_unix_ms(in.effectiveUnixMs);
    out->set_expires_unix_ms(in.expiresUnixMs);
    out->set_note(in.note);
}

core::IntersectionControl fromProto(const v1::IntersectionControl &in)
{
    core::IntersectionControl out;
    out.intersection = static_cast<int>(in.intersection_index());
    if (in.has_lease()) {
        out.lease = fromProto(in.lease());
        out.intersectionId = in.lease().intersection_id();
    }
    if (in.has_override()) {
        out.override_ = fromProto(in.override());
        out.intersectionId = in.override().intersection_id();
    }
    return out;
}

void toProto(const core::IntersectionControl &in, v1::IntersectionControl *out)
{
    out->set_intersection_index(static_cast<std::uint32_t>(in.intersection));
    if (in.lease)
        toProto(*in.lease, in.intersectionId, out->mutable_lease());
    if (in.override_)
        toProto(*in.override_, in.intersectionId, out->mutable_override());
}

core::LiveBatch fromProto(const v1::LiveUpdate &in)
{
    core::LiveBatch out;
    out.snapshot = in.kind() == v1::LiveUpdate::KIND_SNAPSHOT;
    out.sequence = in.sequence();
    out.gatewayRunId = in.gateway_run_id();
    out.layoutVersion = in.layout_version();
    out.simTimeS = in.sim_time_s();
    out.emittedUnixUs = in.emitted_unix_us();
    out.signals.reserve(static_cast<size_t>(in.signals_size()));
    for (const auto &s : in.signals())
        out.signals.push_back(fromProto(s));
    out.segments.reserve(static_cast<size_t>(in.segments_size()));
    for (const auto &s : in.segments())
        out.segments.push_back(fromProto(s));
    out.vehicles.reserve(static_cast<size_t>(in.vehicles_size()));
    for (const auto &v : in.vehicles())
        out.vehicles.push_back(fromProto(v));
    out.vehiclesRemoved.assign(in.vehicles_removed().begin(), in.vehicles_removed().end());
    out.controls.reserve(static_cast<size_t>(in.controls_size()));
    for (const auto &c : in.controls())
        out.controls.push_back(fromProto(c));
    return out;
}

void toProto(const core::LiveBatch &in, v1::LiveUpdate *out)
{
    out->set_kind(in.snapshot ? v1::LiveUpdate::KIND_SNAPSHOT : v1::LiveUpdate::KIND_DELTA);
    out->set_sequence(in.sequence);
    out->set_gateway_run_id(in.gatewayRunId);
    out->set_layout_version(in.layoutVersion);
    out->set_sim_time_s(in.simTimeS);
    out->set_emitted_unix_us(in.emittedUnixUs);
    for (const auto &s : in.signals)
        toProto(s, out->add_signals());
    for (const auto &s : in.segments)
        toProto(s, out->add_segments());
    for (const auto &v : in.vehicles)
        toProto(v, out->add_vehicles());
    for (const auto &id : in.vehiclesRemoved)
        out->add_vehicles_removed(id);
    for (const auto &c : in.controls)
        toProto(c, out->add_controls());
}

} // namespace greenlight::convert
