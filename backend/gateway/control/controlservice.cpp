#include "controlservice.h"

#include "convert/protoconvert.h"
#include "gateway/audit/auditstore.h"
#include "gateway/auth/callauth.h"
#include "logging.h"

#include <QUuid>

#include <chrono>
#include <cmath>

namespace greenlight::gateway::control {

namespace {

// How many answers are kept for idempotent retries; the oldest are forgotten first.
constexpr std::size_t kMaxAnswers = 10000;
constexpr int kDefaultAuditRows = 100;
constexpr int kMaxAuditRows = 1000;

std::int64_t systemNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

v1::Role roleToProto(auth::Role role)
{
    return static_cast<v1::Role>(static_cast<int>(role));
}

grpc::Status refuse(grpc::StatusCode code, const std::string &message)
{
    return grpc::Status(code, message);
}

} // namespace

ControlService::ControlService(const auth::UserDirectory &users, audit::AuditStore &audit,
                               std::vector<std::string> intersectionIds, ControlWiring wiring, Clock clock)
    : m_users(users)
    , m_audit(audit)
    , m_intersections(intersectionIds.begin(), intersectionIds.end())
    , m_wiring(wiring)
    , m_clock(clock ? std::move(clock) : Clock(systemNowMs))
    , m_table(wiring.maxLeaseS)
    , m_answers(kMaxAnswers)
    , m_gate(makeGate(*this))
{
    for (std::size_t i = 0; i < intersectionIds.size(); ++i)
        m_indexOf.emplace(intersectionIds[i], static_cast<int>(i));
    if (m_wiring.field)
        m_wiring.field->setListener([this](const FieldEvent &event) { onFieldEvent(event); });
}

ControlService::~ControlService()
{
    stopExpiry();
    if (m_wiring.field)
        m_wiring.field->setListener({});
}

grpc::Status ControlService::authenticate(const grpc::ServerContext &context, auth::User *user) const
{
    return auth::authenticateCall(m_users, context, user);
}

core::LeaseInfo ControlService::leaseInfo(const core::safety::Lease &lease) const
{
    core::LeaseInfo info;
    info.holder = lease.holder;
    info.role = static_cast<core::ControlRole>(static_cast<int>(auth::parseRole(lease.role).value_or(auth::Role::Viewer)));
    info.reason = lease.reason;
    info.acquiredUnixMs = std::llround(lease.acquiredS * 1000);
    info.expiresUnixMs = std::llround(lease.expiresS * 1000);
    if (const auto id = m_leaseIds.find(lease.intersectionId); id != m_leaseIds.end())
        info.leaseId = id->second;
    return info;
}

void ControlService::toProto(const core::safety::Lease &lease, v1::Lease *out) const
{
    convert::toProto(leaseInfo(lease), lease.intersectionId, out);
}

std::string ControlService::leaseIdFor(const std::string &intersectionId, bool fresh)
{
    auto &id = m_leaseIds[intersectionId];
    if (fresh || id.empty())
        id = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    return id;
}

void ControlService::record(const auth::User &user, const Command &command, const grpc::Status &status,
                            std::int64_t nowMs)
{
    audit::AuditEntry entry;
    entry.timeUnixMs = nowMs;
    entry.operatorName = user.name;
    entry.role = user.name.empty() ? std::string() : auth::roleName(user.role);
    entry.intersectionId = command.intersectionId;
    entry.action = command.action;
    entry.reason = command.reason;
    entry.idempotencyKey = command.idempotencyKey;
    entry.accepted = status.ok();
    entry.refusalReason = status.error_message();
    entry.effectiveUnixMs = status.ok() && command.effectiveNow ? nowMs : 0;
    if (!status.ok())
        qCInfo(lcControl, "refused %s of %s by %s: %s", command.action.c_str(), command.intersectionId.c_str(),
               user.name.empty() ? "an unauthenticated caller" : user.name.c_str(), status.error_message().c_str());
    else
        qCInfo(lcControl, "%s of %s by %s", command.action.c_str(), command.intersectionId.c_str(), user.name.c_str());
    m_audit.append(std::move(entry));
}

grpc::Status ControlService::runCommand(const grpc::ServerContext &context, Command &command,
                                        google::protobuf::Message *response)
{
    const std::int64_t nowMs = m_clock();
    auth::User user{"", auth::Role::Viewer};
    if (auto status = authenticate(context, &user); !status.ok()) {
        const std::lock_guard lock(m_mutex);
        record(auth::User{"", auth::Role::Viewer}, command, status, nowMs);
        return status;
    }
    const std::lock_guard lock(m_mutex);
    if (command.idempotencyKey.empty()) {
        const auto status = refuse(grpc::StatusCode::INVALID_ARGUMENT,
                                   "a command needs an idempotency_key (a fresh UUID for each command)");
        record(user, command, status, nowMs);
        return status;
    }
    if (const auto replay = m_answers.replay(user.name, command.idempotencyKey, command.fingerprint, response)) {
        if (replay->keyReused)
            record(user, command, replay->status, nowMs);
        return replay->status;
    }

    grpc::Status status;
    status = auth::requireRole(user, command.minimumRole, command.action);
    if (status.ok())
        status = execute(user, command, response, nowMs);

    m_answers.store(user.name, command.idempotencyKey, command.fingerprint, status, *response);
    record(user, command, status, nowMs);
    return status;
}

grpc::Status ControlService::execute(const auth::User &user, Command &command, google::protobuf::Message *response,
                                     std::int64_t nowMs)
{
    const double nowS = double(nowMs) / 1000.0;
    struct Sync {
        ControlService *service;
        std::int64_t nowMs;
        ~Sync() { service->syncOperatorHolds(nowMs); }
    } sync{this, nowMs};
    if (command.intersectionId.empty())
        return refuse(grpc::StatusCode::INVALID_ARGUMENT, "a command needs an intersection_id");
    if (!m_intersections.count(command.intersectionId))
        return refuse(grpc::StatusCode::NOT_FOUND,
                      "this gateway's city has no intersection " + command.intersectionId);
    if (command.override)
        return executeOverride(user, command, static_cast<v1::OverrideResponse *>(response), nowMs);
    if (command.action == "release") {
        const auto result = m_table.release(command.intersectionId, user.name, nowS);
        if (!result.accepted)
            return refuse(grpc::StatusCode::FAILED_PRECONDITION, result.reason);
        auto *out = static_cast<v1::ReleaseControlResponse *>(response);
        toProto(*result.previous, out->mutable_released());
        m_leaseIds.erase(command.intersectionId);
        restoreProgramme(command.intersectionId, "released by " + user.name, nowMs);
        publish(command.intersectionId, nowMs);
        return grpc::Status::OK;
    }

    if (command.reason.empty())
        return refuse(grpc::StatusCode::INVALID_ARGUMENT,
                      "taking control of intersection " + command.intersectionId + " needs a reason");
    if (!(command.durationS >= 0) || !std::isfinite(command.durationS))
        return refuse(grpc::StatusCode::INVALID_ARGUMENT, "duration_s must be 0 (the maximum) or positive");
    core::safety::LeaseRequest request;
    request.intersectionId = command.intersectionId;
    request.holder = user.name;
    request.role = auth::roleName(user.role);
    request.roleRank = auth::roleRank(user.role);
    request.reason = command.reason;
    request.durationS = command.durationS > 0 ? command.durationS : m_table.maxLeaseS();
    const auto before = m_table.leaseOf(command.intersectionId, nowS);
    const bool renewal = before && before->holder == user.name;
    if (const auto wave = waveHolding(command.intersectionId))
        return refuse(grpc::StatusCode::FAILED_PRECONDITION, *wave);
    // From here on no green wave may claim it, until the lease table says whether it was granted.
    reserveForOperator(command.intersectionId, user.name + " (" + auth::roleName(user.role) + ") for \""
                                                   + command.reason + "\"");

    if (command.action == "acquire") {
        const auto result = m_table.acquire(request, nowS);
        if (!result.accepted)
            return refuse(grpc::StatusCode::FAILED_PRECONDITION, result.reason);
        if (renewal)
            command.action = "renew";
        leaseIdFor(command.intersectionId, !renewal);
        toProto(*result.lease, static_cast<v1::Lease *>(response));
        publish(command.intersectionId, nowMs);
        return grpc::Status::OK;
    }

    // take_over
    const auto result = m_table.takeOver(request, nowS);
    if (!result.accepted)
        return refuse(grpc::StatusCode::FAILED_PRECONDITION, result.reason);
    auto *out = static_cast<v1::TakeOverResponse *>(response);
    const bool displaced = result.previous && result.previous->holder != user.name;
    if (result.previous)
        toProto(*result.previous, out->mutable_displaced());
    leaseIdFor(command.intersectionId, !renewal);
    toProto(*result.lease, out->mutable_lease());
    if (displaced) {
        notifyHolder(result.previous->holder, command.intersectionId,
                     user.name + " (" + auth::roleName(user.role) + ") took over intersection " + command.intersectionId
                         + ": \"" + command.reason + "\"");
        // The override in force stays, now under the new holder, until it ends or they change it.
        if (const auto found = m_overrides.find(command.intersectionId); found != m_overrides.end()
            && found->second.kind != core::OverrideKind::Restore) {
            found->second.holder = user.name;
            found->second.role = static_cast<core::ControlRole>(static_cast<int>(user.role));
            // Never beyond the new lease.
            found->second.expiresUnixMs =
                std::min<std::int64_t>(found->second.expiresUnixMs, std::llround(result.lease->expiresS * 1000));
        }
    }
    publish(command.intersectionId, nowMs);
    return grpc::Status::OK;
}

grpc::Status ControlService::AcquireControl(grpc::ServerContext *context, const v1::AcquireControlRequest *request,
                                            v1::Lease *response)
{
    Command command{"acquire", auth::Role::Officer, request->intersection_id(), request->reason(),
                    request->duration_s(), request->idempotency_key(), "acquire:" + request->SerializeAsString()};
    return runCommand(*context, command, response);
}

grpc::Status ControlService::ReleaseControl(grpc::ServerContext *context, const v1::ReleaseControlRequest *request,
                                            v1::ReleaseControlResponse *response)
{
    Command command{"release", auth::Role::Officer, request->intersection_id(), {}, 0, request->idempotency_key(),
                    "release:" + request->SerializeAsString()};
    return runCommand(*context, command, response);
}

grpc::Status ControlService::TakeOver(grpc::ServerContext *context, const v1::TakeOverRequest *request,
                                      v1::TakeOverResponse *response)
{
    Command command{"take_over", auth::Role::Coordinator, request->intersection_id(), request->reason(),
                    request->duration_s(), request->idempotency_key(), "take_over:" + request->SerializeAsString()};
    return runCommand(*context, command, response);
}

grpc::Status ControlService::ListLeases(grpc::ServerContext *context, const v1::ListLeasesRequest *,
                                        v1::ListLeasesResponse *response)
{
    auth::User user;
    if (auto status = authenticate(*context, &user); !status.ok())
        return status;
    const std::lock_guard lock(m_mutex);
    for (const auto &lease : m_table.leases(double(m_clock()) / 1000.0))
        toProto(lease, response->add_leases());
    listWaveHolds(response, nullptr);
    return grpc::Status::OK;
}

grpc::Status ControlService::GetAuditLog(grpc::ServerContext *context, const v1::GetAuditLogRequest *request,
                                         v1::GetAuditLogResponse *response)
{
    auth::User user;
    if (auto status = authenticate(*context, &user); !status.ok())
        return status;
    if (auth::roleRank(user.role) < auth::roleRank(auth::Role::Officer))
        return refuse(grpc::StatusCode::PERMISSION_DENIED,
                      user.name + " (viewer) may not read the audit log: that needs the role officer or above");
    audit::AuditQuery query;
    query.intersectionId = request->intersection_id();
    query.operatorName = request->operator_();
    query.fromUnixMs = request->from_unix_ms();
    query.toUnixMs = request->to_unix_ms();
    query.limit = request->limit() == 0 ? kDefaultAuditRows : int(std::min<std::uint32_t>(request->limit(), kMaxAuditRows));
    if (user.role != auth::Role::Supervisor) {
        if (!query.operatorName.empty() && query.operatorName != user.name)
            return refuse(grpc::StatusCode::PERMISSION_DENIED,
                          user.name + " (" + auth::roleName(user.role)
                              + ") may read only their own audit rows: another operator's need a supervisor");
        query.operatorName = user.name;
    }
    for (const auto &e : m_audit.query(query)) {
        auto *out = response->add_entries();
        out->set_id(e.id);
        out->set_time_unix_ms(e.timeUnixMs);
        out->set_operator_(e.operatorName);
        if (const auto role = auth::parseRole(e.role))
            out->set_role(roleToProto(*role));
        out->set_intersection_id(e.intersectionId);
        out->set_action(e.action);
        out->set_reason(e.reason);
        out->set_idempotency_key(e.idempotencyKey);
        out->set_outcome(e.accepted ? v1::COMMAND_OUTCOME_ACCEPTED : v1::COMMAND_OUTCOME_REFUSED);
        out->set_refusal_reason(e.refusalReason);
        out->set_effective_time_unix_ms(e.effectiveUnixMs);
    }
    return grpc::Status::OK;
}

grpc::Status ControlService::WhoAmI(grpc::ServerContext *context, const v1::WhoAmIRequest *, v1::WhoAmIResponse *response)
{
    auth::User user;
    if (auto status = authenticate(*context, &user); !status.ok())
        return status;
    response->set_operator_(user.name);
    response->set_role(roleToProto(user.role));
    response->set_demo_mode(m_users.demoMode());
    return grpc::Status::OK;
}

void ControlService::startExpiry(std::chrono::milliseconds interval)
{
    stopExpiry();
    {
        const std::lock_guard lock(m_expiryMutex);
        m_expiryStop = false;
    }
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    m_expiry = std::thread([this, interval] {
        std::unique_lock lock(m_expiryMutex);
        while (!m_expiryWake.wait_for(lock, interval, [this] { return m_expiryStop; })) {
            lock.unlock();
            expireLapsed();
            lock.lock();
        }
    });
}

void ControlService::stopExpiry()
{
    {
        const std::lock_guard lock(m_expiryMutex);
        m_expiryStop = true;
    }
    m_expiryWake.notify_all();
    if (m_expiry.joinable())
        m_expiry.join();
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_sessionWake.notify_all();
}

} // namespace greenlight::gateway::control
