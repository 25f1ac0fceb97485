#pragma once

#include "gateway/auth/userdirectory.h"
#include "core/safety/leasetable.h"
#include "greenlight/v1/control.grpc.pb.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace greenlight::gateway::audit {
class AuditStore;
struct AuditEntry;
}

namespace greenlight::gateway::control {

// greenlight.v1.ControlService on the synchronous gRPC API: authenticates every call against the
// user directory, keeps the leases in a core::safety::LeaseTable (S7, S8), answers a repeated
// idempotency key with the stored answer, and writes every command to the audit log (S12).
// Times are wall-clock Unix time from the injectable clock, never simulation time.
// Thread-safe: gRPC handler threads and the expiry thread share the table under one mutex; audit
// rows are only queued on the store, whose own thread writes them.
class ControlService final : public v1::ControlService::Service
{
public:
    // Milliseconds since the Unix epoch.
    using Clock = std::function<std::int64_t()>;

    // Serves the intersections named in intersectionIds (not owned: users and audit must outlive
    // the service); leases last at most maxLeaseS; clock defaults to the system clock.
    ControlService(const auth::UserDirectory &users, audit::AuditStore &audit, std::set<std::string> intersectionIds,
                   double maxLeaseS = 600.0, Clock clock = {});
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

    // Ends every lease that has lapsed by now, auditing each as an "expire" by the gateway.
    // Returns how many ended.
    int expireLapsed();
    // Runs expireLapsed() every interval on a thread of the service's own until stopExpiry().
    void startExpiry(std::chrono::milliseconds interval);
    // Stops the expiry thread (also done by the destructor).
    void stopExpiry();

private:
    struct Answer;
    struct Command;

    grpc::Status authenticate(const grpc::ServerContext &context, auth::User *user) const;
    grpc::Status runCommand(const grpc::ServerContext &context, Command &command,
                            google::protobuf::Message *response);
    grpc::Status execute(const auth::User &user, Command &command, google::protobuf::Message *response,
                         std::int64_t nowMs);
    void record(const auth::User &user, const Command &command, const grpc::Status &status, std::int64_t nowMs);
    void toProto(const core::safety::Lease &lease, v1::Lease *out) const;
    std::string leaseIdFor(const std::string &intersectionId, bool fresh);

    const auth::UserDirectory &m_users;
    audit::AuditStore &m_audit;
    const std::set<std::string> m_intersections;
    Clock m_clock;

    std::mutex m_mutex;                                   // guards everything below
    core::safety::LeaseTable m_table;
    std::map<std::string, std::string> m_leaseIds;        // intersection -> lease id in force
    std::map<std::string, Answer> m_answers;              // operator '\n' key -> stored answer
    std::deque<std::string> m_answerOrder;                // oldest first, to bound m_answers

    std::mutex m_expiryMutex;
    std::condition_variable m_expiryWake;
    bool m_expiryStop = false;
    std::thread m_expiry;
};

} // namespace greenlight::gateway::control
