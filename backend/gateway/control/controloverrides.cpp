// ControlService: override commands, operator sessions and housekeeping (see controlservice.h).

#include "controlservice.h"

#include "convert/protoconvert.h"
#include "gateway/audit/auditstore.h"
#include "gateway/livehub.h"
#include "logging.h"

#include <QUuid>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace greenlight::gateway::control {

namespace {

// How long a command may wait for the field's thread to take it.
constexpr auto kFieldTimeout = std::chrono::milliseconds(3000);
// A session hears from the gateway at least this often.
constexpr auto kHeartbeat = std::chrono::seconds(5);

const char *actionOf(core::OverrideKind kind)
{
    switch (kind) {
    case core::OverrideKind::Hold:
        return "hold";
    case core::OverrideKind::Advance:
        return "advance";
    case core::OverrideKind::GoToPhase:
        return "go_to_phase";
    case core::OverrideKind::Flash:
        return "flash";
    case core::OverrideKind::Restore:
        return "restore";
    case core::OverrideKind::Unknown:
        break;
    }
    return "override";
}

core::OverrideKind overrideKindOf(core::safety::CommandKind kind)
{
    switch (kind) {
    case core::safety::CommandKind::HoldPhase:
        return core::OverrideKind::Hold;
    case core::safety::CommandKind::Advance:
        return core::OverrideKind::Advance;
    case core::safety::CommandKind::GoToPhase:
        return core::OverrideKind::GoToPhase;
    case core::safety::CommandKind::Flash:
        return core::OverrideKind::Flash;
    case core::safety::CommandKind::Restore:
        return core::OverrideKind::Restore;
    }
    return core::OverrideKind::Unknown;
}

std::int64_t millis(double seconds)
{
    return static_cast<std::int64_t>(std::llround(seconds * 1000));
}

} // namespace

grpc::Status ControlService::runOverride(grpc::ServerContext *context, const v1::OverrideRequest *request,
                                         v1::OverrideResponse *response, core::safety::CommandKind kind,
                                         const char *action)
{
    Command command{action, auth::Role::Officer, request->intersection_id(), request->reason(),
                    request->duration_s(), request->idempotency_key(),
                    std::string(action) + ":" + request->SerializeAsString()};
    command.override = true;
    command.field.kind = kind;
    command.field.phase = kind == core::safety::CommandKind::GoToPhase ? static_cast<int>(request->phase_index()) : -1;
    return runCommand(*context, command, response);
}

grpc::Status ControlService::HoldPhase(grpc::ServerContext *context, const v1::OverrideRequest *request,
                                       v1::OverrideResponse *response)
{
    return runOverride(context, request, response, core::safety::CommandKind::HoldPhase, "hold");
}

grpc::Status ControlService::AdvancePhase(grpc::ServerContext *context, const v1::OverrideRequest *request,
                                          v1::OverrideResponse *response)
{
    return runOverride(context, request, response, core::safety::CommandKind::Advance, "advance");
}

grpc::Status ControlService::GoToPhase(grpc::ServerContext *context, const v1::OverrideRequest *request,
                                       v1::OverrideResponse *response)
{
    return runOverride(context, request, response, core::safety::CommandKind::GoToPhase, "go_to_phase");
}

grpc::Status ControlService::Flash(grpc::ServerContext *context, const v1::OverrideRequest *request,
                                   v1::OverrideResponse *response)
{
    return runOverride(context, request, response, core::safety::CommandKind::Flash, "flash");
}

grpc::Status ControlService::RestoreProgramme(grpc::ServerContext *context, const v1::OverrideRequest *request,
                                              v1::OverrideResponse *response)
{
    return runOverride(context, request, response, core::safety::CommandKind::Restore, "restore");
}

grpc::Status ControlService::executeOverride(const auth::User &user, Command &command, v1::OverrideResponse *response,
                                             std::int64_t nowMs)
{
    const bool restore = command.field.kind == core::safety::CommandKind::Restore;
    const std::string &id = command.intersectionId;
    if (!restore && command.reason.empty())
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "an override of intersection " + id + " needs a reason");
    if (!(command.durationS >= 0) || !std::isfinite(command.durationS))
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "duration_s must be 0 (until the lease ends) or positive");
    const double nowS = double(nowMs) / 1000.0;
    const auto lease = m_table.leaseOf(id, nowS);
    if (!lease)
        return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                            "take control of intersection " + id + " first: overrides need your lease on it");
    if (lease->holder != user.name) {
        const auto lapses = static_cast<long long>(std::ceil(lease->expiresS - nowS));
        return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                            "intersection " + id + " is held by " + lease->holder + " (" + lease->role + ") for \""
                                + lease->reason + "\", " + std::to_string(lapses / 60) + " min "
                                + std::to_string(lapses % 60) + " s left");
    }
    if (!m_wiring.field)
        return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                            "this gateway's field takes no signal commands (a synthetic city)");

    const FieldReply reply = m_wiring.field->execute({id, command.field, command.idempotencyKey}, kFieldTimeout);
    switch (reply.outcome) {
    case FieldReply::Outcome::Accepted:
        break;
    case FieldReply::Outcome::Refused:
        return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, reply.message);
    case FieldReply::Outcome::NotFound:
        return grpc::Status(grpc::StatusCode::NOT_FOUND, reply.message);
    case FieldReply::Outcome::Stale:
    case FieldReply::Outcome::NoAnswer:
        return grpc::Status(grpc::StatusCode::UNAVAILABLE, reply.message);
    }
    m_restoreWanted.erase(id);

    core::OverrideInfo info;
    info.holder = user.name;
    info.role = static_cast<core::ControlRole>(static_cast<int>(user.role));
    info.kind = overrideKindOf(command.field.kind);
    info.targetPhase = reply.targetPhase;
    info.reason = command.reason;
    info.idempotencyKey = command.idempotencyKey;
    info.stage = reply.nothingToDo ? core::OverrideStage::Effective : core::OverrideStage::Pending;
    info.requestedUnixMs = nowMs;
    info.plannedEffectiveSimS = reply.plannedEffectiveSimS;
    info.effectiveUnixMs = reply.nothingToDo ? nowMs : 0;
    const std::int64_t leaseEnds = millis(lease->expiresS);
    info.expiresUnixMs = restore ? 0
        : command.durationS > 0 ? std::min(leaseEnds, nowMs + millis(command.durationS))
                                : leaseEnds;
    info.note = reply.message;
    command.effectiveNow = reply.nothingToDo;
    convert::toProto(info, id, response->mutable_override());
    if (reply.nothingToDo)
        m_overrides.erase(id);
    else
        m_overrides[id] = info;
    publish(id, nowMs);
    return grpc::Status::OK;
}

grpc::Status ControlService::ListOverrides(grpc::ServerContext *context, const v1::ListOverridesRequest *,
                                           v1::ListOverridesResponse *response)
{
    auth::User user;
    if (auto status = authenticate(*context, &user); !status.ok())
        return status;
    const std::lock_guard lock(m_mutex);
    for (const auto &[id, info] : m_overrides)
        convert::toProto(info, id, response->add_overrides());
    listWaveHolds(nullptr, response);
    return grpc::Status::OK;
}

void ControlService::publish(const std::string &intersectionId, std::int64_t nowMs)
{
    if (!m_wiring.hub)
        return;
    const auto index = m_indexOf.find(intersectionId);
    if (index == m_indexOf.end())
        return;
    core::IntersectionControl control;
    control.intersection = index->second;
    control.intersectionId = intersectionId;
    if (const auto lease = m_table.leaseOf(intersectionId, double(nowMs) / 1000.0))
        control.lease = leaseInfo(*lease);
    if (const auto found = m_overrides.find(intersectionId); found != m_overrides.end())
        control.override_ = found->second;
    addWaveControl(intersectionId, control);
    m_wiring.hub->publishControls({std::move(control)});
}

void ControlService::restoreProgramme(const std::string &intersectionId, const std::string &why, std::int64_t nowMs)
{
    const auto found = m_overrides.find(intersectionId);
    if (found == m_overrides.end() || !m_wiring.field)
        return;
    if (waveHolding(intersectionId)) {
        // A green wave drives it now; its own release hands it back.
        m_restoreWanted.erase(intersectionId);
        m_overrides.erase(found);
        return;
    }
    if (found->second.kind == core::OverrideKind::Restore && found->second.stage == core::OverrideStage::Pending)
        return; // already on its way back
    const std::string key = "gateway-" + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    const FieldReply reply =
        m_wiring.field->execute({intersectionId, {core::safety::CommandKind::Restore, -1}, key}, kFieldTimeout);
    if (reply.outcome != FieldReply::Outcome::Accepted) {
        qCWarning(lcControl, "cannot restore %s yet (%s): %s; retrying", intersectionId.c_str(), why.c_str(),
                  reply.message.c_str());
        m_restoreWanted.insert(intersectionId);
        return;
    }
    m_restoreWanted.erase(intersectionId);
    if (reply.nothingToDo) {
        m_overrides.erase(found);
        return;
    }
    core::OverrideInfo info;
    info.holder = "gateway";
    info.kind = core::OverrideKind::Restore;
    info.targetPhase = reply.targetPhase;
    info.reason = why;
    info.idempotencyKey = key;
    info.stage = core::OverrideStage::Pending;
    info.requestedUnixMs = nowMs;
    info.plannedEffectiveSimS = reply.plannedEffectiveSimS;
    info.note = reply.message;
    found->second = info;
    qCInfo(lcControl, "restoring %s to its programme: %s", intersectionId.c_str(), why.c_str());
}

void ControlService::recordGateway(const std::string &intersectionId, const std::string &action,
                                   const std::string &reason, std::int64_t nowMs)
{
    audit::AuditEntry entry;
    entry.timeUnixMs = nowMs;
    entry.operatorName = "gateway";
    entry.intersectionId = intersectionId;
    entry.action = action;
    entry.reason = reason;
    entry.accepted = true;
    entry.effectiveUnixMs = nowMs;
    m_audit.append(std::move(entry));
}

void ControlService::notifyHolder(const std::string &holder, const std::string &intersectionId,
                                  const std::string &message)
{
    bool any = false;
    for (auto &[id, session] : m_sessions) {
        if (session.operatorName != holder)
            continue;
        v1::SessionEvent event;
        event.set_kind(v1::SessionEvent::KIND_LEASE_LOST);
        event.set_intersection_id(intersectionId);
        event.set_message(message);
        session.queue.push_back(std::move(event));
        any = true;
    }
    if (any)
        m_sessionWake.notify_all();
}

void ControlService::onFieldEvent(const FieldEvent &event)
{
    const std::lock_guard lock(m_eventMutex);
    m_events.push_back(event);
}

void ControlService::handleFieldEvents(std::int64_t nowMs)
{
    std::vector<FieldEvent> events;
    {
        const std::lock_guard lock(m_eventMutex);
        events.swap(m_events);
    }
    for (const FieldEvent &event : events) {
        if (handleWaveEvent(event))
            continue;
        const auto found = m_overrides.find(event.intersectionId);
        if (found == m_overrides.end() || found->second.idempotencyKey != event.key)
            continue; // superseded by a later command
        core::OverrideInfo &info = found->second;
        audit::AuditEntry entry;
        entry.timeUnixMs = nowMs;
        entry.operatorName = info.holder;
        entry.role = info.holder == "gateway" ? std::string()
                                              : auth::roleName(static_cast<auth::Role>(static_cast<int>(info.role)));
        entry.intersectionId = event.intersectionId;
        entry.action = "effective";
        entry.reason = actionOf(info.kind);
        entry.idempotencyKey = info.idempotencyKey;
        entry.accepted = true;
        entry.effectiveUnixMs = event.unixMs;
        m_audit.append(std::move(entry));
        if (event.kind == FieldEvent::Kind::HandedBack) {
            qCInfo(lcControl, "%s runs its programme again", event.intersectionId.c_str());
            m_overrides.erase(found);
        } else {
            info.stage = core::OverrideStage::Effective;
            info.effectiveUnixMs = event.unixMs;
        }
        publish(event.intersectionId, nowMs);
    }
}

void ControlService::endLapsedOverrides(std::int64_t nowMs)
{
    std::vector<std::string> lapsed;
    for (const auto &[id, info] : m_overrides)
        if (info.kind != core::OverrideKind::Restore && info.expiresUnixMs > 0 && info.expiresUnixMs <= nowMs)
            lapsed.push_back(id);
    for (const std::string &id : lapsed) {
        const core::OverrideInfo info = m_overrides[id];
        recordGateway(id, "override_end",
                      std::string(actionOf(info.kind)) + " by " + info.holder + " ran out: " + info.reason, nowMs);
        restoreProgramme(id, "the " + std::string(actionOf(info.kind)) + " by " + info.holder + " ran out", nowMs);
        publish(id, nowMs);
    }
    const std::set<std::string> retry = m_restoreWanted;
    for (const std::string &id : retry) {
        restoreProgramme(id, "retry", nowMs);
        publish(id, nowMs);
    }
}

void ControlService::endAbandonedSessions(std::int64_t nowMs)
{
    for (auto it = m_graceEndsMs.begin(); it != m_graceEndsMs.end();) {
        if (it->second > nowMs) {
            ++it;
            continue;
        }
        const std::string holder = it->first;
        it = m_graceEndsMs.erase(it);
        if (m_onOperatorLost)
            m_onOperatorLost(holder);
        for (const auto &lease : m_table.dropHolder(holder)) {
            qCInfo(lcControl, "connection of %s lost: releasing %s", holder.c_str(), lease.intersectionId.c_str());
            recordGateway(lease.intersectionId, "connection_lost",
                          "every session of " + holder + " (" + lease.role + ") ended; lease for \"" + lease.reason
                              + "\" released",
                          nowMs);
            m_leaseIds.erase(lease.intersectionId);
            restoreProgramme(lease.intersectionId, "the connection of " + holder + " was lost", nowMs);
            publish(lease.intersectionId, nowMs);
        }
    }
}

int ControlService::expireLapsed()
{
    const std::int64_t nowMs = m_clock();
    const std::lock_guard lock(m_mutex);
    handleWaveNews(nowMs);
    handleFieldEvents(nowMs);
    const auto lapsed = m_table.expire(double(nowMs) / 1000.0);
    for (const auto &lease : lapsed) {
        qCInfo(lcControl, "lease of %s on %s lapsed", lease.holder.c_str(), lease.intersectionId.c_str());
        recordGateway(lease.intersectionId, "expire",
                      "lease of " + lease.holder + " (" + lease.role + ") lapsed: " + lease.reason, nowMs);
        m_leaseIds.erase(lease.intersectionId);
        notifyHolder(lease.holder, lease.intersectionId,
                     "your lease on intersection " + lease.intersectionId + " lapsed; it returns to its programme");
        restoreProgramme(lease.intersectionId, "the lease of " + lease.holder + " lapsed", nowMs);
        publish(lease.intersectionId, nowMs);
    }
    endLapsedOverrides(nowMs);
    endAbandonedSessions(nowMs);
    syncOperatorHolds(nowMs);
    return int(lapsed.size());
}

grpc::Status ControlService::OpenSession(grpc::ServerContext *context, const v1::OpenSessionRequest *,
                                         grpc::ServerWriter<v1::SessionEvent> *writer)
{
    auth::User user;
    if (auto status = authenticate(*context, &user); !status.ok())
        return status;
    std::uint64_t id = 0;
    {
        const std::lock_guard lock(m_mutex);
        id = ++m_nextSession;
        m_sessions[id].operatorName = user.name;
        m_graceEndsMs.erase(user.name);
    }
    qCInfo(lcControl, "session %llu of %s opened", static_cast<unsigned long long>(id), user.name.c_str());
    v1::SessionEvent opened;
    opened.set_kind(v1::SessionEvent::KIND_OPENED);
    opened.set_grace_s(m_wiring.sessionGraceS);
    bool alive = writer->Write(opened);
    auto lastWrite = std::chrono::steady_clock::now();
    while (alive && !context->IsCancelled()) {
        std::deque<v1::SessionEvent> news;
        {
            std::unique_lock lock(m_mutex);
            m_sessionWake.wait_for(lock, std::chrono::seconds(1),
                                   [&] { return m_stopping || !m_sessions[id].queue.empty(); });
            if (m_stopping)
                break;
            news.swap(m_sessions[id].queue);
        }
        for (const auto &event : news)
            alive = alive && writer->Write(event);
        if (alive && std::chrono::steady_clock::now() - lastWrite >= kHeartbeat) {
            v1::SessionEvent beat;
            beat.set_kind(v1::SessionEvent::KIND_HEARTBEAT);
            alive = writer->Write(beat);
        }
        if (!news.empty() || std::chrono::steady_clock::now() - lastWrite >= kHeartbeat)
            lastWrite = std::chrono::steady_clock::now();
    }
    {
        const std::lock_guard lock(m_mutex);
        m_sessions.erase(id);
        const bool another = std::any_of(m_sessions.begin(), m_sessions.end(),
                                          [&](const auto &s) { return s.second.operatorName == user.name; });
        if (!another && !m_stopping)
            m_graceEndsMs[user.name] = m_clock() + millis(m_wiring.sessionGraceS);
    }
    qCInfo(lcControl, "session %llu of %s ended", static_cast<unsigned long long>(id), user.name.c_str());
    return grpc::Status::OK;
}

} // namespace greenlight::gateway::control
