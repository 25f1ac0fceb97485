#include "greenwavecalls.h"

#include "convert/protoconvert.h"

namespace greenlight::console::detail {

void toProto(const WavePlace &place, v1::WavePlace *out)
{
    switch (place.kind) {
    case WavePlace::Kind::Vehicle: out->set_vehicle_id(place.id); break;
    case WavePlace::Kind::Poi: out->set_poi_id(place.id); break;
    case WavePlace::Kind::Segment: out->set_segment_id(place.id); break;
    case WavePlace::Kind::Point: convert::toProto(place.point, out->mutable_point()); break;
    case WavePlace::Kind::None: break;
    }
}

WavePassageInfo fromProto(const v1::WavePassage &in)
{
    WavePassageInfo out;
    out.intersectionId = in.intersection_id();
    out.approachSegmentId = in.approach_segment_id();
    out.exitSegmentId = in.exit_segment_id();
    out.targetPhase = in.target_phase();
    out.etaS = in.eta_s();
    const int state = static_cast<int>(in.state());
    out.state = state >= 0 && state <= static_cast<int>(PassageState::Refused) ? static_cast<PassageState>(state)
                                                                               : PassageState::Unknown;
    out.note = in.note();
    return out;
}

WavePlanInfo fromProto(const v1::WavePlan &in)
{
    WavePlanInfo out;
    out.segmentIds.assign(in.segment_ids().begin(), in.segment_ids().end());
    out.lengthM = in.length_m();
    out.travelTimeS = in.travel_time_s();
    out.passages.reserve(size_t(in.passages_size()));
    for (const auto &p : in.passages())
        out.passages.push_back(fromProto(p));
    out.originLabel = in.origin_label();
    out.destinationLabel = in.destination_label();
    out.plannedSimS = in.planned_sim_s();
    return out;
}

WaveInfo fromProto(const v1::Wave &in, double simTimeS)
{
    WaveInfo out;
    out.waveId = in.wave_id();
    out.vehicleId = in.vehicle_id();
    out.spawned = in.spawned();
    out.dispatcher = in.dispatcher();
    out.dispatcherRole = static_cast<int>(in.dispatcher_role());
    out.reason = in.reason();
    out.priority = in.priority() == 0 ? 5 : static_cast<int>(in.priority());
    out.originLabel = in.origin_label();
    out.destinationLabel = in.destination_label();
    const int state = static_cast<int>(in.state());
    out.state = state >= 0 && state <= static_cast<int>(WaveState::Lost) ? static_cast<WaveState>(state)
                                                                         : WaveState::Unknown;
    out.outcome = in.outcome();
    out.dispatchedUnixMs = in.dispatched_unix_ms();
    out.dispatchedSimS = in.dispatched_sim_s();
    out.endedSimS = in.ended_sim_s();
    out.remainingS = in.remaining_s();
    out.segmentIds.assign(in.segment_ids().begin(), in.segment_ids().end());
    out.passages.reserve(size_t(in.passages_size()));
    for (const auto &p : in.passages())
        out.passages.push_back(fromProto(p));
    // A vehicle not seen yet (just spawned) may come with an empty position: 0, 0 is no place.
    out.hasVehiclePosition = in.has_vehicle_position()
        && (in.vehicle_position().lat() != 0 || in.vehicle_position().lon() != 0);
    if (out.hasVehiclePosition)
        out.vehiclePosition = convert::fromProto(in.vehicle_position());
    out.intersectionsHeld = static_cast<int>(in.intersections_held());
    out.updatedSimS = simTimeS;
    return out;
}

namespace {

// One unary call of GreenWaveService. Its completion callback holds it until it has run.
template <typename Request, typename Response>
struct WaveCall : CallBase {
    using CallBase::CallBase;
    Request request;
    Response response;
};

// Starts one unary call: start(async, context, request, response, callback) names the method;
// done(status, response) runs on the gRPC thread when it ends.
template <typename Response, typename Request, typename Start, typename Done>
std::shared_ptr<CallBase> startCall(const WaveSetup &setup, Request request, Start start, Done done)
{
    auto call = std::make_shared<WaveCall<Request, Response>>(setup.connection);
    prepareContext(call->context, setup.token, setup.timeout);
    call->request = std::move(request);
    start(setup.stub->async(), &call->context, &call->request, &call->response,
          [call, done = std::move(done)](grpc::Status status) { done(status, call->response); });
    return call;
}

} // namespace

std::shared_ptr<CallBase> startPlan(const WaveSetup &setup, const WavePlace &origin, const WavePlace &destination,
                                    std::function<void(const grpc::Status &, WavePlanInfo)> done)
{
    v1::PlanWaveRequest r;
    toProto(origin, r.mutable_origin());
    toProto(destination, r.mutable_destination());
    return startCall<v1::WavePlan>(
        setup, std::move(r), [](auto *a, auto *c, auto *q, auto *p, auto d) { a->PlanWave(c, q, p, std::move(d)); },
        [done = std::move(done)](const grpc::Status &status, const v1::WavePlan &plan) {
            done(status, status.ok() ? fromProto(plan) : WavePlanInfo{});
        });
}

std::shared_ptr<CallBase> startDispatch(const WaveSetup &setup, const WavePlace &origin, const WavePlace &destination,
                                        const std::string &reason, int priority, const std::string &key,
                                        std::function<void(const grpc::Status &, WaveInfo)> done)
{
    v1::DispatchWaveRequest r;
    toProto(origin, r.mutable_origin());
    toProto(destination, r.mutable_destination());
    r.set_reason(reason);
    r.set_priority(static_cast<std::uint32_t>(std::max(0, priority)));
    r.set_idempotency_key(key);
    return startCall<v1::Wave>(
        setup, std::move(r),
        [](auto *a, auto *c, auto *q, auto *p, auto d) { a->DispatchWave(c, q, p, std::move(d)); },
        [done = std::move(done)](const grpc::Status &status, const v1::Wave &wave) {
            done(status, status.ok() ? fromProto(wave, 0) : WaveInfo{});
        });
}

std::shared_ptr<CallBase> startAbort(const WaveSetup &setup, const std::string &waveId, const std::string &reason,
                                     const std::string &key, std::function<void(const grpc::Status &, WaveInfo)> done)
{
    v1::AbortWaveRequest r;
    r.set_wave_id(waveId);
    r.set_reason(reason);
    r.set_idempotency_key(key);
    return startCall<v1::Wave>(
        setup, std::move(r), [](auto *a, auto *c, auto *q, auto *p, auto d) { a->AbortWave(c, q, p, std::move(d)); },
        [done = std::move(done)](const grpc::Status &status, const v1::Wave &wave) {
            done(status, status.ok() ? fromProto(wave, 0) : WaveInfo{});
        });
}

std::shared_ptr<CallBase> startList(const WaveSetup &setup,
                                    std::function<void(const grpc::Status &, std::vector<WaveInfo>, double)> done)
{
    return startCall<v1::ListWavesResponse>(
        setup, v1::ListWavesRequest{},
        [](auto *a, auto *c, auto *q, auto *p, auto d) { a->ListWaves(c, q, p, std::move(d)); },
        [done = std::move(done)](const grpc::Status &status, const v1::ListWavesResponse &response) {
            std::vector<WaveInfo> waves;
            waves.reserve(size_t(response.waves_size()));
            for (const auto &w : response.waves())
                waves.push_back(fromProto(w, response.sim_time_s()));
            done(status, std::move(waves), response.sim_time_s());
        });
}

WaveWatcher::WaveWatcher(std::shared_ptr<WaveMailbox> mailbox, Connection *connection, std::uint64_t generation)
    : m_ticket(connection)
    , m_mailbox(std::move(mailbox))
    , m_generation(generation)
{
}

void WaveWatcher::start(v1::GreenWaveService::Stub *stub, const std::string &token, std::shared_ptr<WaveWatcher> self)
{
    m_self = std::move(self);
    if (!token.empty())
        m_context.AddMetadata("authorization", "Bearer " + token);
    stub->async()->WatchWaves(&m_context, &m_request, this);
    StartRead(&m_update);
    StartCall();
}

void WaveWatcher::OnReadDone(bool ok)
{
    if (!ok)
        return;  // the stream is over; OnDone follows with the status
    std::vector<WaveInfo> waves;
    waves.reserve(size_t(m_update.waves_size()));
    for (const auto &w : m_update.waves())
        waves.push_back(fromProto(w, m_update.sim_time_s()));
    m_mailbox->post([generation = m_generation, waves = std::move(waves),
                     simTime = m_update.sim_time_s()](GreenWaveClient *client) {
        client->onWaveUpdate(generation, waves, simTime);
    });
    m_update.Clear();
    StartRead(&m_update);
}

void WaveWatcher::OnDone(const grpc::Status &status)
{
    // Last reaction. Release self last: it may delete this.
    auto keep = std::move(m_self);
    m_mailbox->post([generation = m_generation, status](GreenWaveClient *client) {
        client->onWatchEnded(generation, status);
    });
}

} // namespace greenlight::console::detail
