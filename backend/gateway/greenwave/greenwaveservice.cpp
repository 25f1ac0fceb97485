#include "greenwaveservice.h"

#include "gateway/audit/auditstore.h"
#include "gateway/auth/callauth.h"
#include "gateway/auth/role.h"
#include "gateway/logging.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace greenlight::gateway::greenwave {

namespace {

// How long a call waits for the simulation thread.
constexpr auto kFieldTimeout = std::chrono::seconds(5);
// How many answers are kept for idempotent retries.
constexpr std::size_t kMaxAnswers = 2000;
// A progress stream sends at most this often, and at least this often while waves run.
constexpr auto kMinUpdateGap = std::chrono::milliseconds(200);
constexpr auto kKeepAlive = std::chrono::seconds(2);
// A point this far (degrees) outside the city's bounds is not in the city.
constexpr double kBoundsMargin = 0.005;
constexpr std::uint32_t kDefaultPriority = 5;
constexpr std::uint32_t kMaxPriority = 9;

std::int64_t systemNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

grpc::Status refuse(grpc::StatusCode code, const std::string &message)
{
    return grpc::Status(code, message);
}

v1::WavePassageState stageToProto(core::greenwave::PassageStage stage)
{
    using S = core::greenwave::PassageStage;
    switch (stage) {
    case S::Waiting: return v1::WAVE_PASSAGE_STATE_WAITING;
    case S::Preparing: return v1::WAVE_PASSAGE_STATE_PREPARING;
    case S::GreenHeld: return v1::WAVE_PASSAGE_STATE_GREEN_HELD;
    case S::Passed: return v1::WAVE_PASSAGE_STATE_PASSED;
    case S::Released: return v1::WAVE_PASSAGE_STATE_RELEASED;
    case S::Refused: return v1::WAVE_PASSAGE_STATE_REFUSED;
    }
    return v1::WAVE_PASSAGE_STATE_UNSPECIFIED;
}

v1::WaveState stateOf(const FieldWave &wave)
{
    if (!wave.finished)
        return v1::WAVE_STATE_RUNNING;
    if (wave.outcome.rfind("arrived", 0) == 0)
        return v1::WAVE_STATE_ARRIVED;
    if (wave.outcome.rfind("aborted", 0) == 0)
        return v1::WAVE_STATE_ABORTED;
    return v1::WAVE_STATE_LOST;
}

} // namespace

GreenWaveService::GreenWaveService(const auth::UserDirectory &users, const core::CityLayout &layout,
                                   FieldWaves *field, audit::AuditStore &audit, Clock clock)
    : m_users(users)
    , m_layout(layout)
    , m_field(field)
    , m_audit(audit)
    , m_clock(clock ? std::move(clock) : Clock(systemNowMs))
    , m_answers(kMaxAnswers)
{
    for (std::size_t i = 0; i < layout.segments.size(); ++i)
        m_segmentIndex.emplace(layout.segments[i].id, static_cast<int>(i));
}

grpc::Status GreenWaveService::fieldOrUnavailable() const
{
    if (m_field)
        return grpc::Status::OK;
    return refuse(grpc::StatusCode::UNAVAILABLE,
                  "this gateway's field runs no traffic (a synthetic city): green waves need a simulation");
}

std::string GreenWaveService::roadName(int segment) const
{
    if (segment < 0 || std::size_t(segment) >= m_layout.segments.size())
        return {};
    const auto &s = m_layout.segments[std::size_t(segment)];
    return s.name.empty() ? "road " + s.id : s.name;
}

grpc::Status GreenWaveService::resolve(const v1::WavePlace &place, bool origin, Resolved *out) const
{
    const char *what = origin ? "origin" : "destination";
    switch (place.place_case()) {
    case v1::WavePlace::kVehicleId:
        if (!origin)
            return refuse(grpc::StatusCode::INVALID_ARGUMENT, "a destination is a place, not a vehicle");
        if (place.vehicle_id().empty())
            return refuse(grpc::StatusCode::INVALID_ARGUMENT, "the origin's vehicle_id is empty");
        out->place.vehicleId = place.vehicle_id();
        out->label = place.vehicle_id();
        return grpc::Status::OK;
    case v1::WavePlace::kPoint: {
        const double lat = place.point().lat();
        const double lon = place.point().lon();
        const auto &b = m_layout.bounds;
        if (!std::isfinite(lat) || !std::isfinite(lon) || lat < b.southWest.lat - kBoundsMargin
            || lat > b.northEast.lat + kBoundsMargin || lon < b.southWest.lon - kBoundsMargin
            || lon > b.northEast.lon + kBoundsMargin)
            return refuse(grpc::StatusCode::INVALID_ARGUMENT, std::string("the ") + what + " point "
                                                                  + std::to_string(lat) + ", " + std::to_string(lon)
                                                                  + " is outside the city");
        out->place.point = core::LatLon{lat, lon};
        return grpc::Status::OK;
    }
    case v1::WavePlace::kPoiId: {
        const auto &pois = m_layout.pointsOfInterest;
        const auto poi = std::find_if(pois.begin(), pois.end(), [&](const auto &p) { return p.id == place.poi_id(); });
        if (poi == pois.end())
            return refuse(grpc::StatusCode::NOT_FOUND, "this city has no point of interest " + place.poi_id());
        if (const auto segment = m_segmentIndex.find(poi->segmentId); segment != m_segmentIndex.end())
            out->place.segment = segment->second;
        else
            out->place.point = poi->position;
        out->label = poi->name.empty() ? poi->id : poi->name;
        return grpc::Status::OK;
    }
    case v1::WavePlace::kSegmentId: {
        const auto segment = m_segmentIndex.find(place.segment_id());
        if (segment == m_segmentIndex.end())
            return refuse(grpc::StatusCode::NOT_FOUND, "this city has no road segment " + place.segment_id());
        out->place.segment = segment->second;
        return grpc::Status::OK;
    }
    case v1::WavePlace::PLACE_NOT_SET:
        break;
    }
    return refuse(grpc::StatusCode::INVALID_ARGUMENT,
                  std::string("a wave needs an ") + what + ": a vehicle, a point, a point of interest or a segment");
}

grpc::Status GreenWaveService::planned(const FieldWavePlan &plan) const
{
    using O = FieldWavePlan::Outcome;
    switch (plan.outcome) {
    case O::Planned: return grpc::Status::OK;
    case O::NotFound: return refuse(grpc::StatusCode::NOT_FOUND, plan.message);
    case O::NoRoute: return refuse(grpc::StatusCode::FAILED_PRECONDITION, plan.message);
    case O::Unavailable: break;
    }
    return refuse(grpc::StatusCode::UNAVAILABLE, plan.message.empty() ? "the field did not plan" : plan.message);
}

void GreenWaveService::describePassage(int intersection, int approachSegment, int exitSegment,
                                       const std::vector<int> &signalGroups, v1::WavePassage *out) const
{
    out->set_intersection_id(m_layout.intersections[std::size_t(intersection)].id);
    if (approachSegment >= 0)
        out->set_approach_segment_id(m_layout.segments[std::size_t(approachSegment)].id);
    if (exitSegment >= 0)
        out->set_exit_segment_id(m_layout.segments[std::size_t(exitSegment)].id);
    for (const int g : signalGroups)
        out->add_signal_groups(std::uint32_t(g));
}

void GreenWaveService::toProto(const FieldWavePlan &plan, const Resolved &origin, const Resolved &destination,
                               v1::WavePlan *out) const
{
    const auto &route = plan.route;
    for (const int s : route.segments)
        out->add_segment_ids(m_layout.segments[std::size_t(s)].id);
    out->set_length_m(route.lengthM);
    out->set_travel_time_s(route.travelTimeS);
    for (std::size_t i = 0; i < route.signals.size(); ++i) {
        const auto &signal = route.signals[i];
        auto *p = out->add_passages();
        describePassage(signal.intersection, signal.approachSegment, signal.exitSegment, signal.signalGroups, p);
        const int target = i < plan.targetPhases.size() ? plan.targetPhases[i] : -1;
        p->set_target_phase(target);
        p->set_eta_s(signal.etaS);
        if (target >= 0) {
            p->set_state(v1::WAVE_PASSAGE_STATE_WAITING);
        } else {
            p->set_state(v1::WAVE_PASSAGE_STATE_REFUSED);
            p->set_note("no phase of the programme serves the vehicle's movement");
        }
    }
    const int first = route.segments.empty() ? -1 : route.segments.front();
    const int last = route.segments.empty() ? -1 : route.segments.back();
    out->set_origin_label(origin.place.vehicleId.empty()
                              ? (origin.label.empty() ? roadName(first) : origin.label)
                              : origin.label + " on " + roadName(first));
    out->set_destination_label(destination.label.empty() ? roadName(last) : destination.label);
    out->set_planned_sim_s(plan.simTimeS);
}

void GreenWaveService::toProto(const FieldWave &wave, double simTimeS, v1::Wave *out) const
{
    out->set_wave_id(wave.ticket.waveId);
    out->set_vehicle_id(wave.ticket.vehicleId);
    out->set_spawned(wave.spawned);
    out->set_dispatcher(wave.ticket.dispatcher);
    if (const auto role = auth::parseRole(wave.ticket.role))
        out->set_dispatcher_role(static_cast<v1::Role>(static_cast<int>(*role)));
    out->set_reason(wave.ticket.reason);
    out->set_priority(std::uint32_t(wave.ticket.priority));
    if (const auto labels = m_labels.find(wave.ticket.waveId); labels != m_labels.end()) {
        out->set_origin_label(labels->second.origin);
        out->set_destination_label(labels->second.destination);
        out->set_dispatched_unix_ms(labels->second.dispatchedUnixMs);
    }
    out->set_state(stateOf(wave));
    out->set_outcome(wave.outcome);
    out->set_dispatched_sim_s(wave.startedSimS);
    out->set_ended_sim_s(wave.endedSimS);
    out->set_remaining_s(wave.remainingS);
    for (const int s : wave.pathAhead)
        out->add_segment_ids(m_layout.segments[std::size_t(s)].id);
    std::uint32_t held = 0;
    for (const auto &passage : wave.passages) {
        auto *p = out->add_passages();
        describePassage(passage.intersection, passage.approachSegment, passage.exitSegment, passage.signalGroups, p);
        p->set_target_phase(passage.targetPhase);
        p->set_eta_s(passage.etaS - simTimeS);
        p->set_state(stageToProto(passage.stage));
        p->set_note(passage.note);
        if (passage.stage == core::greenwave::PassageStage::Preparing
            || passage.stage == core::greenwave::PassageStage::GreenHeld)
            ++held;
    }
    out->set_intersections_held(held);
    if (wave.seen) {
        out->mutable_vehicle_position()->set_lat(wave.latitude);
        out->mutable_vehicle_position()->set_lon(wave.longitude);
    }
}

void GreenWaveService::record(const auth::User &user, const std::string &action, const std::string &reason,
                              const std::string &key, const grpc::Status &status, std::int64_t nowMs)
{
    audit::AuditEntry entry;
    entry.timeUnixMs = nowMs;
    entry.operatorName = user.name;
    entry.role = user.name.empty() ? std::string() : auth::roleName(user.role);
    entry.action = action;
    entry.reason = reason;
    entry.idempotencyKey = key;
    entry.accepted = status.ok();
    entry.refusalReason = status.ok() ? std::string() : status.error_message();
    entry.effectiveUnixMs = status.ok() ? nowMs : 0;
    m_audit.append(std::move(entry));
}

grpc::Status GreenWaveService::once(const auth::User &user, const std::string &key, const std::string &fingerprint,
                                    google::protobuf::Message *response, const std::function<grpc::Status()> &command)
{
    if (key.empty())
        return refuse(grpc::StatusCode::INVALID_ARGUMENT,
                      "a command needs an idempotency_key (a fresh UUID for each command)");
    // One command at a time: they all wait for the one simulation thread anyway, and a repeat
    // sent while the first is still running must find its answer.
    const std::lock_guard commandLock(m_commandMutex);
    {
        const std::lock_guard lock(m_mutex);
        if (const auto replay = m_answers.replay(user.name, key, fingerprint, response))
            return replay->status;
    }
    const grpc::Status status = command();
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE)
        return status; // not done: a retry with the same key may succeed
    const std::lock_guard lock(m_mutex);
    m_answers.store(user.name, key, fingerprint, status, *response);
    return status;
}

grpc::Status GreenWaveService::PlanWave(grpc::ServerContext *context, const v1::PlanWaveRequest *request,
                                        v1::WavePlan *response)
{
    auth::User user;
    if (auto status = auth::authenticateCall(m_users, *context, &user); !status.ok())
        return status;
    if (auto status = auth::requireRole(user, auth::Role::Coordinator, "plan green waves"); !status.ok())
        return status;
    if (auto status = fieldOrUnavailable(); !status.ok())
        return status;
    Resolved origin;
    Resolved destination;
    if (auto status = resolve(request->origin(), true, &origin); !status.ok())
        return status;
    if (auto status = resolve(request->destination(), false, &destination); !status.ok())
        return status;
    const FieldWavePlan plan = m_field->plan(origin.place, destination.place, kFieldTimeout);
    if (auto status = planned(plan); !status.ok())
        return status;
    toProto(plan, origin, destination, response);
    return grpc::Status::OK;
}

grpc::Status GreenWaveService::DispatchWave(grpc::ServerContext *context, const v1::DispatchWaveRequest *request,
                                            v1::Wave *response)
{
    const std::int64_t nowMs = m_clock();
    auth::User user;
    grpc::Status status = auth::authenticateCall(m_users, *context, &user);
    if (status.ok())
        status = auth::requireRole(user, auth::Role::Coordinator, "dispatch green waves");
    if (status.ok())
        status = once(user, request->idempotency_key(), "dispatch:" + request->SerializeAsString(), response, [&] {
            if (auto s = fieldOrUnavailable(); !s.ok())
                return s;
            if (request->reason().empty())
                return refuse(grpc::StatusCode::INVALID_ARGUMENT, "dispatching a green wave needs a reason");
            if (request->priority() > kMaxPriority)
                return refuse(grpc::StatusCode::INVALID_ARGUMENT, "priority runs from 1 to 9 (0 means 5)");
            Resolved origin;
            Resolved destination;
            if (auto s = resolve(request->origin(), true, &origin); !s.ok())
                return s;
            if (auto s = resolve(request->destination(), false, &destination); !s.ok())
                return s;
            WaveStart start;
            start.ticket.dispatcher = user.name;
            start.ticket.role = auth::roleName(user.role);
            start.ticket.reason = request->reason();
            start.ticket.priority = int(request->priority() == 0 ? kDefaultPriority : request->priority());
            start.origin = origin.place;
            start.destination = destination.place;
            const FieldWaveStart started = m_field->start(start, kFieldTimeout);
            if (auto s = planned(started.plan); !s.ok())
                return s;
            v1::WavePlan plan;
            toProto(started.plan, origin, destination, &plan);
            std::vector<FieldWave> waves;
            double simTimeS = 0;
            {
                const std::lock_guard lock(m_mutex);
                m_labels[started.waveId] = {plan.origin_label(), plan.destination_label(), nowMs};
            }
            waves = m_field->waves(nullptr, &simTimeS);
            const std::lock_guard lock(m_mutex);
            for (const auto &wave : waves)
                if (wave.ticket.waveId == started.waveId)
                    toProto(wave, simTimeS, response);
            qCInfo(lcGateway, "%s dispatched green wave %s for %s from %s to %s", user.name.c_str(),
                   started.waveId.c_str(), started.vehicleId.c_str(), plan.origin_label().c_str(),
                   plan.destination_label().c_str());
            return grpc::Status::OK;
        });
    record(user, "wave_dispatch",
           (status.ok() ? response->wave_id() + " for " + response->vehicle_id() + " from " + response->origin_label()
                              + " to " + response->destination_label() + ": "
                        : std::string())
               + request->reason(),
           request->idempotency_key(), status, nowMs);
    return status;
}

grpc::Status GreenWaveService::AbortWave(grpc::ServerContext *context, const v1::AbortWaveRequest *request,
                                         v1::Wave *response)
{
    const std::int64_t nowMs = m_clock();
    auth::User user;
    grpc::Status status = auth::authenticateCall(m_users, *context, &user);
    if (status.ok())
        status = auth::requireRole(user, auth::Role::Coordinator, "abort green waves");
    if (status.ok())
        status = once(user, request->idempotency_key(), "abort:" + request->SerializeAsString(), response, [&] {
            if (auto s = fieldOrUnavailable(); !s.ok())
                return s;
            if (request->reason().empty())
                return refuse(grpc::StatusCode::INVALID_ARGUMENT, "aborting a green wave needs a reason");
            double simTimeS = 0;
            auto waves = m_field->waves(nullptr, &simTimeS);
            const auto wave = std::find_if(waves.begin(), waves.end(),
                                           [&](const FieldWave &w) { return w.ticket.waveId == request->wave_id(); });
            if (wave == waves.end())
                return refuse(grpc::StatusCode::NOT_FOUND, "there is no wave " + request->wave_id());
            if (wave->finished)
                return refuse(grpc::StatusCode::FAILED_PRECONDITION,
                              "wave " + request->wave_id() + " has already ended (" + wave->outcome + ")");
            if (const auto why = m_field->abort(request->wave_id(), "by " + user.name + ": " + request->reason(),
                                                kFieldTimeout))
                return refuse(grpc::StatusCode::UNAVAILABLE, *why);
            waves = m_field->waves(nullptr, &simTimeS);
            const std::lock_guard lock(m_mutex);
            for (const auto &w : waves)
                if (w.ticket.waveId == request->wave_id())
                    toProto(w, simTimeS, response);
            return grpc::Status::OK;
        });
    record(user, "wave_abort", request->wave_id() + ": " + request->reason(), request->idempotency_key(), status,
           nowMs);
    return status;
}

grpc::Status GreenWaveService::ListWaves(grpc::ServerContext *context, const v1::ListWavesRequest *,
                                         v1::ListWavesResponse *response)
{
    auth::User user;
    if (auto status = auth::authenticateCall(m_users, *context, &user); !status.ok())
        return status;
    if (!m_field)
        return grpc::Status::OK;
    double simTimeS = 0;
    auto waves = m_field->waves(nullptr, &simTimeS);
    // Running ones first, then ended ones; newest first within each.
    std::stable_sort(waves.begin(), waves.end(), [](const FieldWave &a, const FieldWave &b) {
        if (a.finished != b.finished)
            return !a.finished;
        return a.startedSimS > b.startedSimS;
    });
    const std::lock_guard lock(m_mutex);
    for (const auto &wave : waves)
        toProto(wave, simTimeS, response->add_waves());
    response->set_sim_time_s(simTimeS);
    return grpc::Status::OK;
}

grpc::Status GreenWaveService::WatchWaves(grpc::ServerContext *context, const v1::WatchWavesRequest *request,
                                          grpc::ServerWriter<v1::WaveUpdate> *writer)
{
    auth::User user;
    if (auto status = auth::authenticateCall(m_users, *context, &user); !status.ok())
        return status;
    if (auto status = fieldOrUnavailable(); !status.ok())
        return status;
    std::uint64_t sent = ~std::uint64_t(0);
    auto lastSend = std::chrono::steady_clock::now() - kKeepAlive;
    while (!context->IsCancelled()) {
        std::uint64_t version = 0;
        double simTimeS = 0;
        const auto now = std::chrono::steady_clock::now();
        if (now - lastSend < kMinUpdateGap) {
            std::this_thread::sleep_for(kMinUpdateGap - (now - lastSend));
            continue;
        }
        const auto waves = m_field->waves(&version, &simTimeS);
        if (version != sent || now - lastSend >= kKeepAlive) {
            v1::WaveUpdate update;
            update.set_sim_time_s(simTimeS);
            {
                const std::lock_guard lock(m_mutex);
                for (const auto &wave : waves)
                    if (request->wave_id().empty() || wave.ticket.waveId == request->wave_id())
                        toProto(wave, simTimeS, update.add_waves());
            }
            if (!writer->Write(update))
                break;
            sent = version;
            lastSend = now;
        }
        m_field->waitForChange(version, std::chrono::milliseconds(500));
    }
    return grpc::Status::OK;
}

} // namespace greenlight::gateway::greenwave
