// ControlService: the leases of green waves (signal-safety.md S11).
#include "controlservice.h"

#include "convert/protoconvert.h"
#include "gateway/audit/auditstore.h"
#include "gateway/auth/role.h"
#include "gateway/livehub.h"
#include "gateway/logging.h"

#include <cstring>

namespace greenlight::gateway::control {

namespace {

std::string holderName(const WaveTicket &ticket)
{
    return "wave " + ticket.waveId;
}

std::string waveReason(const WaveTicket &ticket)
{
    return "green wave " + ticket.waveId + " for " + ticket.vehicleId + " (priority " + std::to_string(ticket.priority)
        + "), dispatched by " + ticket.dispatcher + ": " + ticket.reason;
}

core::ControlRole controlRole(const std::string &role)
{
    const auto parsed = auth::parseRole(role);
    return parsed ? static_cast<core::ControlRole>(static_cast<int>(*parsed)) : core::ControlRole::Unknown;
}

bool isWaveKey(const std::string &key)
{
    return key.rfind(kWaveKeyPrefix, 0) == 0;
}

} // namespace

// The field's side: runs on the field's thread and only ever takes m_waveMutex.
class ControlService::Gate final : public WaveGate
{
public:
    explicit Gate(ControlService &service)
        : m_service(service)
    {
    }

    std::optional<std::string> claim(const std::string &intersectionId, const WaveTicket &ticket, int targetPhase,
                                     const std::string &key) override
    {
        const std::int64_t nowMs = m_service.m_clock();
        const std::lock_guard lock(m_service.m_waveMutex);
        std::optional<std::string> refusal;
        if (!m_service.m_intersections.count(intersectionId))
            refusal = "the control service does not serve intersection " + intersectionId;
        else if (const auto op = m_service.m_operatorHeld.find(intersectionId); op != m_service.m_operatorHeld.end())
            refusal = "intersection " + intersectionId + " is held by " + op->second;
        if (refusal) {
            m_service.m_waveNews.push_back({WaveNews::Kind::Refused, intersectionId, ticket, *refusal, nowMs});
            return refusal;
        }
        m_service.m_waveHolds[intersectionId] = WaveHold{ticket, targetPhase, key, nowMs, 0};
        m_service.m_waveNews.push_back({WaveNews::Kind::Claimed, intersectionId, ticket, {}, nowMs});
        return std::nullopt;
    }

    void release(const std::string &intersectionId, const std::string &waveId, const std::string &why,
                 bool passed) override
    {
        const std::int64_t nowMs = m_service.m_clock();
        const std::lock_guard lock(m_service.m_waveMutex);
        const auto found = m_service.m_waveHolds.find(intersectionId);
        if (found == m_service.m_waveHolds.end() || found->second.ticket.waveId != waveId)
            return;
        m_service.m_waveNews.push_back({WaveNews::Kind::Released, intersectionId, found->second.ticket,
                                        passed ? "the vehicle has passed" : why, nowMs});
        m_service.m_waveHolds.erase(found);
    }

private:
    ControlService &m_service;
};

std::unique_ptr<WaveGate> ControlService::makeGate(ControlService &service)
{
    return std::make_unique<Gate>(service);
}

WaveGate &ControlService::waveGate()
{
    return *m_gate;
}

void ControlService::setOperatorLostHandler(std::function<void(const std::string &)> handler)
{
    const std::lock_guard lock(m_mutex);
    m_onOperatorLost = std::move(handler);
}

std::optional<std::string> ControlService::waveHolding(const std::string &intersectionId)
{
    const std::lock_guard lock(m_waveMutex);
    const auto found = m_waveHolds.find(intersectionId);
    if (found == m_waveHolds.end())
        return std::nullopt;
    const WaveTicket &t = found->second.ticket;
    return "intersection " + intersectionId + " is held by green wave " + t.waveId + " for " + t.vehicleId
        + " (dispatched by " + t.dispatcher + "); it returns to its programme once the vehicle has passed";
}

void ControlService::reserveForOperator(const std::string &intersectionId, const std::string &holder)
{
    const std::lock_guard lock(m_waveMutex);
    m_operatorHeld[intersectionId] = holder;
}

void ControlService::syncOperatorHolds(std::int64_t nowMs)
{
    std::map<std::string, std::string> held;
    for (const auto &lease : m_table.leases(double(nowMs) / 1000.0))
        held.emplace(lease.intersectionId, lease.holder + " (" + lease.role + ") for \"" + lease.reason + "\"");
    const std::lock_guard lock(m_waveMutex);
    m_operatorHeld = std::move(held);
}

void ControlService::handleWaveNews(std::int64_t nowMs)
{
    std::vector<WaveNews> news;
    {
        const std::lock_guard lock(m_waveMutex);
        news.swap(m_waveNews);
    }
    for (const WaveNews &n : news) {
        audit::AuditEntry entry;
        entry.timeUnixMs = n.unixMs;
        entry.operatorName = n.ticket.dispatcher;
        entry.role = n.ticket.role;
        entry.intersectionId = n.intersectionId;
        entry.reason = waveReason(n.ticket);
        entry.idempotencyKey = std::string(kWaveKeyPrefix) + n.ticket.waveId;
        switch (n.kind) {
        case WaveNews::Kind::Claimed:
            entry.action = "wave_request";
            entry.accepted = true;
            // The wave's command supersedes a restore the gateway still had to make.
            m_restoreWanted.erase(n.intersectionId);
            if (const auto found = m_overrides.find(n.intersectionId);
                found != m_overrides.end() && found->second.holder == "gateway")
                m_overrides.erase(found);
            qCInfo(lcControl, "green wave %s holds %s", n.ticket.waveId.c_str(), n.intersectionId.c_str());
            break;
        case WaveNews::Kind::Refused:
            entry.action = "wave_request";
            entry.accepted = false;
            entry.refusalReason = n.why;
            break;
        case WaveNews::Kind::Released:
            entry.action = "wave_release";
            entry.reason = n.why + "; " + entry.reason;
            entry.accepted = true;
            qCInfo(lcControl, "green wave %s gives %s back: %s", n.ticket.waveId.c_str(), n.intersectionId.c_str(),
                   n.why.c_str());
            break;
        }
        m_audit.append(std::move(entry));
        publish(n.intersectionId, nowMs);
    }
}

bool ControlService::handleWaveEvent(const FieldEvent &event)
{
    if (!isWaveKey(event.key))
        return false;
    const std::string waveId = event.key.substr(std::strlen(kWaveKeyPrefix));
    std::optional<WaveTicket> ticket;
    {
        const std::lock_guard lock(m_waveMutex);
        const auto found = m_waveHolds.find(event.intersectionId);
        if (event.kind == FieldEvent::Kind::Effective && found != m_waveHolds.end()
            && found->second.ticket.waveId == waveId && found->second.effectiveUnixMs == 0) {
            found->second.effectiveUnixMs = event.unixMs;
            ticket = found->second.ticket;
        }
    }
    audit::AuditEntry entry;
    entry.timeUnixMs = m_clock();
    entry.operatorName = ticket ? ticket->dispatcher : "gateway";
    entry.role = ticket ? ticket->role : std::string();
    entry.intersectionId = event.intersectionId;
    entry.action = "effective";
    entry.idempotencyKey = event.key;
    entry.accepted = true;
    entry.effectiveUnixMs = event.unixMs;
    if (event.kind == FieldEvent::Kind::HandedBack) {
        entry.reason = "wave_release";
        // The programme runs the intersection again, whatever was pending on it before the wave.
        m_overrides.erase(event.intersectionId);
        m_restoreWanted.erase(event.intersectionId);
    } else if (ticket) {
        entry.reason = "wave_request";
    } else {
        return true; // a wave's green shown after the wave gave it up: nothing to record
    }
    m_audit.append(std::move(entry));
    publish(event.intersectionId, m_clock());
    return true;
}

void ControlService::addWaveControl(const std::string &intersectionId, core::IntersectionControl &control)
{
    const std::lock_guard lock(m_waveMutex);
    const auto found = m_waveHolds.find(intersectionId);
    if (found == m_waveHolds.end())
        return;
    const WaveHold &hold = found->second;
    core::LeaseInfo lease;
    lease.holder = holderName(hold.ticket);
    lease.role = controlRole(hold.ticket.role);
    lease.reason = waveReason(hold.ticket);
    lease.acquiredUnixMs = hold.sinceUnixMs;
    lease.leaseId = std::string(kWaveKeyPrefix) + hold.ticket.waveId;
    control.lease = lease;
    core::OverrideInfo info;
    info.holder = lease.holder;
    info.role = lease.role;
    info.kind = core::OverrideKind::GoToPhase;
    info.targetPhase = hold.targetPhase;
    info.reason = lease.reason;
    info.idempotencyKey = hold.key;
    info.stage = hold.effectiveUnixMs ? core::OverrideStage::Effective : core::OverrideStage::Pending;
    info.requestedUnixMs = hold.sinceUnixMs;
    info.effectiveUnixMs = hold.effectiveUnixMs;
    control.override_ = info;
}

void ControlService::listWaveHolds(v1::ListLeasesResponse *leases, v1::ListOverridesResponse *overrides)
{
    std::vector<std::string> held;
    {
        const std::lock_guard lock(m_waveMutex);
        for (const auto &[id, hold] : m_waveHolds)
            held.push_back(id);
    }
    for (const auto &id : held) {
        core::IntersectionControl control;
        addWaveControl(id, control);
        if (leases && control.lease)
            convert::toProto(*control.lease, id, leases->add_leases());
        if (overrides && control.override_)
            convert::toProto(*control.override_, id, overrides->add_overrides());
    }
}

} // namespace greenlight::gateway::control
