#pragma once

#include "core/livestate.h"
#include "core/safety/leasetable.h"
#include "core/safety/transitionplanner.h"
#include "gateway/answercache.h"
#include "gateway/auth/userdirectory.h"
#include "gateway/fieldcontrol.h"
#include "gateway/fieldwaves.h"
#include "greenlight/v1/control.grpc.pb.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace greenlight::gateway {
class LiveHub;
}

namespace greenlight::gateway::audit {
class AuditStore;
struct AuditEntry;
}

namespace greenlight::gateway::control {

// What the control service works with besides users and audit log (none of it owned).
struct ControlWiring {
    FieldControl *field = nullptr;  // executes overrides; nullptr: the field takes no signal commands
    LiveHub *hub = nullptr;         // where lease and override changes are published; may be nullptr
    double sessionGraceS = 10.0;    // how long an operator's leases outlive their last session
    double maxLeaseS = 600.0;       // the longest lease
};

// greenlight.v1.ControlService on the synchronous gRPC API: authenticates every call against the
// user directory, keeps the leases in a core::safety::LeaseTable (S7, S8), hands override commands
// to the field (which plans and executes them legally), answers a repeated idempotency key with
// the stored answer, and writes every command to the audit log (S12). Its housekeeping thread
// ends lapsed leases and overrides, releases the leases of operators whose sessions all ended,
// returns those intersections to their programme, and records when overrides took effect.
// Times are wall-clock Unix time from the injectable clock, never simulation time.
//
// Threading: gRPC handler threads and the housekeeping thread share the state under m_mutex,
// and may wait on the field's thread while holding it (the field never takes m_mutex). Field
// events arrive on the field's thread and are only queued (m_eventMutex). Audit rows are only
// queued on the store, whose own thread writes them. Lock order: m_mutex, then the hub's.
class ControlService final : public v1::ControlService::Service
{
public:
    // Milliseconds since the Unix epoch.
    using Clock = std::function<std::int64_t()>;

    // Serves the intersections named in intersectionIds, in layout order (their positions are the
    // indices LiveUpdate.controls uses). users and audit must outlive the service; clock defaults
    // to the system clock.
    ControlService(const auth::UserDirectory &users, audit::AuditStore &audit, std::vector<std::string> intersectionIds,
                   ControlWiring wiring = {}, Clock clock = {});
    ~ControlService() override;

    // Grants or renews control of an intersection.
    grpc::Status AcquireControl(grpc::ServerContext *context, const v1::AcquireControlRequest *request,
                                v1::Lease *response) override;
    // Ends the caller's lease.
    grpc::Status ReleaseControl(grpc::ServerContext *context, const v1::ReleaseControlRequest *request,
                                v1::ReleaseControlResponse *response) override;
    // Takes control from a lower role.
    grpc::Status TakeOver(grpc::ServerContext *context, const v1::TakeOverRequest *request,
                          v1::TakeOverResponse *response) override;
    // Every lease in force.
    grpc::Status ListLeases(grpc::ServerContext *context, const v1::ListLeasesRequest *request,
                            v1::ListLeasesResponse *response) override;
    // Audit rows, newest first.
    grpc::Status GetAuditLog(grpc::ServerContext *context, const v1::GetAuditLogRequest *request,
                             v1::GetAuditLogResponse *response) override;
    // The caller's identity.
    grpc::Status WhoAmI(grpc::ServerContext *context, const v1::WhoAmIRequest *request,
                        v1::WhoAmIResponse *response) override;
    // The override commands.
    grpc::Status HoldPhase(grpc::ServerContext *context, const v1::OverrideRequest *request,
                           v1::OverrideResponse *response) override;
    grpc::Status AdvancePhase(grpc::ServerContext *context, const v1::OverrideRequest *request,
                              v1::OverrideResponse *response) override;
    grpc::Status GoToPhase(grpc::ServerContext *context, const v1::OverrideRequest *request,
                           v1::OverrideResponse *response) override;
    grpc::Status Flash(grpc::ServerContext *context, const v1::OverrideRequest *request,
                       v1::OverrideResponse *response) override;
    grpc::Status RestoreProgramme(grpc::ServerContext *context, const v1::OverrideRequest *request,
                                  v1::OverrideResponse *response) override;
    // Every override in force.
    grpc::Status ListOverrides(grpc::ServerContext *context, const v1::ListOverridesRequest *request,
                               v1::ListOverridesResponse *response) override;
    // The caller's session, open until the caller or the connection ends it.
    grpc::Status OpenSession(grpc::ServerContext *context, const v1::OpenSessionRequest *request,
                             grpc::ServerWriter<v1::SessionEvent> *writer) override;

    // One round of housekeeping: records field events, ends lapsed leases and overrides, releases
    // the leases of operators whose sessions ended more than the grace period ago, and returns
    // those intersections to their programme. Returns how many leases ended.
    int expireLapsed();
    // Runs expireLapsed() every interval (and at once when the field reports) on a thread of the
    // service's own until stopExpiry().
    void startExpiry(std::chrono::milliseconds interval);
    // Stops the housekeeping thread and ends open sessions (also done by the destructor).
    void stopExpiry();

    // The leases of green waves (S11): the field's waves claim intersections through it, so a
    // wave never takes one an operator holds and no operator takes one a wave holds. Each claim,
    // release and refusal is audited under the wave's dispatcher and published like a lease.
    WaveGate &waveGate();
    // Called on the housekeeping thread with each operator whose sessions have all ended for
    // longer than the grace period (their green waves are lost); must not block.
    void setOperatorLostHandler(std::function<void(const std::string &operatorName)> handler);

private:
    // What one command asks, as the audit log and the idempotency cache see it.
    struct Command {
        std::string action;          // "acquire", "release", "take_over", "hold", ...; execute() may make it "renew"
        auth::Role minimumRole;      // the lowest role allowed to send it
        std::string intersectionId;
        std::string reason;
        double durationS = 0;
        std::string idempotencyKey;
        std::string fingerprint;     // the method and the serialized request
        bool override = false;       // an override command, executed by the field
        core::safety::Command field{}; // override: what the field is asked
        bool effectiveNow = true;    // false while the field has not shown an accepted override's target
    };
    class Gate;
    // A green wave's hold on an intersection.
    struct WaveHold {
        WaveTicket ticket;
        int targetPhase = -1;
        std::string key;             // the field command's key
        std::int64_t sinceUnixMs = 0;
        std::int64_t effectiveUnixMs = 0; // 0 until the field shows the wave's green
    };
    // Something the field's waves did, for housekeeping to audit and publish.
    struct WaveNews {
        enum class Kind { Claimed, Refused, Released };
        Kind kind = Kind::Claimed;
        std::string intersectionId;
        WaveTicket ticket;
        std::string why;
        std::int64_t unixMs = 0;
    };
    struct Session {
        std::string operatorName;
        std::deque<v1::SessionEvent> queue;
    };

    grpc::Status authenticate(const grpc::ServerContext &context, auth::User *user) const;
    grpc::Status runCommand(const grpc::ServerContext &context, Command &command,
                            google::protobuf::Message *response);
    grpc::Status execute(const auth::User &user, Command &command, google::protobuf::Message *response,
                         std::int64_t nowMs);
    void record(const auth::User &user, const Command &command, const grpc::Status &status, std::int64_t nowMs);
    core::LeaseInfo leaseInfo(const core::safety::Lease &lease) const;
    void toProto(const core::safety::Lease &lease, v1::Lease *out) const;
    std::string leaseIdFor(const std::string &intersectionId, bool fresh);
    grpc::Status runOverride(grpc::ServerContext *context, const v1::OverrideRequest *request,
                             v1::OverrideResponse *response, core::safety::CommandKind kind, const char *action);
    grpc::Status executeOverride(const auth::User &user, Command &command, v1::OverrideResponse *response,
                                 std::int64_t nowMs);
    // Returns the intersection to its programme on the gateway's behalf (after its lease or
    // override ended); retried by housekeeping until the field accepts.
    void restoreProgramme(const std::string &intersectionId, const std::string &why, std::int64_t nowMs);
    void publish(const std::string &intersectionId, std::int64_t nowMs);
    void notifyHolder(const std::string &holder, const std::string &intersectionId, const std::string &message);
    void recordGateway(const std::string &intersectionId, const std::string &action, const std::string &reason,
                       std::int64_t nowMs);
    void handleFieldEvents(std::int64_t nowMs);
    void endLapsedOverrides(std::int64_t nowMs);
    void endAbandonedSessions(std::int64_t nowMs);
    void onFieldEvent(const FieldEvent &event);
    // Wave leases (controlwaves.cpp). All but makeGate with m_mutex held.
    static std::unique_ptr<WaveGate> makeGate(ControlService &service);
    std::optional<std::string> waveHolding(const std::string &intersectionId);
    void reserveForOperator(const std::string &intersectionId, const std::string &holder);
    void syncOperatorHolds(std::int64_t nowMs);
    void handleWaveNews(std::int64_t nowMs);
    bool handleWaveEvent(const FieldEvent &event);
    void addWaveControl(const std::string &intersectionId, core::IntersectionControl &control);
    void listWaveHolds(v1::ListLeasesResponse *leases, v1::ListOverridesResponse *overrides);

    const auth::UserDirectory &m_users;
    audit::AuditStore &m_audit;
    const std::set<std::string> m_intersections;
    std::map<std::string, int> m_indexOf;                 // intersection id -> layout index
    const ControlWiring m_wiring;
    Clock m_clock;

    std::mutex m_mutex;                                   // guards everything below
    core::safety::LeaseTable m_table;
    std::map<std::string, std::string> m_leaseIds;        // intersection -> lease id in force
    AnswerCache m_answers;                                // idempotent retries
    std::map<std::string, core::OverrideInfo> m_overrides; // intersection -> override in force
    std::set<std::string> m_restoreWanted;                // gateway restores the field has not taken yet
    std::map<std::uint64_t, Session> m_sessions;          // open sessions by id
    std::uint64_t m_nextSession = 0;
    std::map<std::string, std::int64_t> m_graceEndsMs;    // operator with no session -> when their leases end
    std::condition_variable m_sessionWake;                // with m_mutex: a session has news, or stop
    bool m_stopping = false;

    std::mutex m_eventMutex;                              // guards m_events
    std::vector<FieldEvent> m_events;                     // field events not yet handled

    // Wave leases. Claimed on the field's thread, which never takes m_mutex: lock order m_mutex,
    // then m_waveMutex, and nothing is waited for while m_waveMutex is held.
    std::unique_ptr<WaveGate> m_gate;
    std::mutex m_waveMutex;                               // guards the three below
    std::map<std::string, std::string> m_operatorHeld;    // intersection -> its operator lease, in words
    std::map<std::string, WaveHold> m_waveHolds;          // intersection -> the wave holding it
    std::vector<WaveNews> m_waveNews;                     // not yet audited and published
    std::function<void(const std::string &)> m_onOperatorLost;

    std::mutex m_expiryMutex;
    std::condition_variable m_expiryWake;
    bool m_expiryStop = false;
    std::thread m_expiry;
};

} // namespace greenlight::gateway::control
