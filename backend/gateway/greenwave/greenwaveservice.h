#pragma once

#include "core/citylayout.h"
#include "gateway/answercache.h"
#include "gateway/auth/userdirectory.h"
#include "gateway/fieldwaves.h"
#include "greenlight/v1/greenwave.grpc.pb.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

namespace greenlight::gateway::audit {
class AuditStore;
}

namespace greenlight::gateway::greenwave {

// greenlight.v1.GreenWaveService on the synchronous gRPC API: resolves the places a coordinator
// names (points of interest, points, segments, vehicles) against the layout, hands plans and
// waves to the field (which runs them on its own thread, claiming each intersection through the
// control service's wave leases), answers a repeated idempotency key with the stored answer,
// audits dispatches and aborts (S12), and streams the waves' progress.
//
// Threading: gRPC handler threads share the answer cache and the wave labels under m_mutex; the
// field is thread-safe. A WatchWaves stream holds one handler thread while it runs.
class GreenWaveService final : public v1::GreenWaveService::Service
{
public:
    // Milliseconds since the Unix epoch.
    using Clock = std::function<std::int64_t()>;

    // Waves over layout in field (nullptr: a field that runs no traffic, every call but the lists
    // answers UNAVAILABLE). users, layout, field and audit must outlive the service.
    GreenWaveService(const auth::UserDirectory &users, const core::CityLayout &layout, FieldWaves *field,
                     audit::AuditStore &audit, Clock clock = {});

    grpc::Status PlanWave(grpc::ServerContext *context, const v1::PlanWaveRequest *request,
                          v1::WavePlan *response) override;
    grpc::Status DispatchWave(grpc::ServerContext *context, const v1::DispatchWaveRequest *request,
                              v1::Wave *response) override;
    grpc::Status AbortWave(grpc::ServerContext *context, const v1::AbortWaveRequest *request,
                           v1::Wave *response) override;
    grpc::Status ListWaves(grpc::ServerContext *context, const v1::ListWavesRequest *request,
                           v1::ListWavesResponse *response) override;
    grpc::Status WatchWaves(grpc::ServerContext *context, const v1::WatchWavesRequest *request,
                            grpc::ServerWriter<v1::WaveUpdate> *writer) override;

private:
    // A place resolved against the layout, with the words the operator sees for it.
    struct Resolved {
        WavePlace place;
        std::string label;           // "Hospital St. Mary"; empty: named after the road once planned
    };
    struct Labels {
        std::string origin;
        std::string destination;
        std::int64_t dispatchedUnixMs = 0;
    };

    grpc::Status resolve(const v1::WavePlace &place, bool origin, Resolved *out) const;
    grpc::Status planned(const FieldWavePlan &plan) const;
    void toProto(const FieldWavePlan &plan, const Resolved &origin, const Resolved &destination,
                 v1::WavePlan *out) const;
    void toProto(const FieldWave &wave, double simTimeS, v1::Wave *out) const;
    // Which intersection, roads and signal groups a passage is, in the layout's ids.
    void describePassage(int intersection, int approachSegment, int exitSegment, const std::vector<int> &signalGroups,
                         v1::WavePassage *out) const;
    std::string roadName(int segment) const;
    // Runs a command once per (operator, key): a repeat gets the stored answer.
    grpc::Status once(const auth::User &user, const std::string &key, const std::string &fingerprint,
                      google::protobuf::Message *response, const std::function<grpc::Status()> &command);
    void record(const auth::User &user, const std::string &action, const std::string &reason,
                const std::string &key, const grpc::Status &status, std::int64_t nowMs);
    grpc::Status fieldOrUnavailable() const;

    const auth::UserDirectory &m_users;
    const core::CityLayout &m_layout;
    FieldWaves *const m_field;
    audit::AuditStore &m_audit;
    Clock m_clock;
    std::unordered_map<std::string, int> m_segmentIndex;

    std::mutex m_commandMutex;                       // one command at a time (see once())
    std::mutex m_mutex;                              // guards everything below
    AnswerCache m_answers;                           // idempotent retries
    std::map<std::string, Labels> m_labels;          // wave id -> what the dispatcher named
};

} // namespace greenlight::gateway::greenwave
