#include "leasetable.h"

#include "safetytext.h"

#include <algorithm>

namespace greenlight::core::safety {

LeaseTable::LeaseTable(double maxLeaseS)
    : m_maxLeaseS(maxLeaseS)
{
}

double LeaseTable::capped(double durationS) const
{
    return std::min(durationS, m_maxLeaseS);
}

std::string LeaseTable::heldBy(const Lease &lease, double nowS) const
{
    return "intersection " + lease.intersectionId + " is held by " + lease.holder + " (" + lease.role
        + ") for \"" + lease.reason + "\", " + formatSeconds(lease.expiresS - nowS) + " left";
}

LeaseResult LeaseTable::check(const LeaseRequest &request) const
{
    LeaseResult result;
    if (request.intersectionId.empty() || request.holder.empty())
        result.reason = "a lease needs an intersection and a holder";
    else if (request.reason.empty())
        result.reason = "taking control of intersection " + request.intersectionId + " needs a reason";
    else if (!(request.durationS > 0))
        result.reason = "a lease needs a positive duration";
    else
        result.accepted = true;
    return result;
}

LeaseResult LeaseTable::acquire(const LeaseRequest &request, double nowS)
{
    LeaseResult result = check(request);
    if (!result.accepted)
        return result;
    const auto held = leaseOf(request.intersectionId, nowS);
    if (held && held->holder != request.holder) {
        result.accepted = false;
        result.reason = heldBy(*held, nowS) + "; taking over needs a higher role and a reason";
        result.lease = held;
        return result;
    }
    Lease lease{request.intersectionId, request.holder, request.role, request.roleRank, request.reason,
                held ? held->acquiredS : nowS, nowS + capped(request.durationS)};
    m_leases[request.intersectionId] = lease;
    result.reason = (held ? "renewed" : "granted") + std::string(" for ") + formatSeconds(lease.expiresS - nowS);
    if (request.durationS > m_maxLeaseS)
        result.reason += " (capped at the " + formatSeconds(m_maxLeaseS) + " maximum)";
    result.lease = lease;
    return result;
}

LeaseResult LeaseTable::takeOver(const LeaseRequest &request, double nowS)
{
    LeaseResult result = check(request);
    if (!result.accepted)
        return result;
    const auto held = leaseOf(request.intersectionId, nowS);
    if (!held || held->holder == request.holder)
        return acquire(request, nowS);
    if (request.roleRank <= held->roleRank) {
        result.accepted = false;
        result.reason = heldBy(*held, nowS) + "; taking over needs a role above " + held->role;
        result.lease = held;
        return result;
    }
    Lease lease{request.intersectionId, request.holder, request.role, request.roleRank, request.reason, nowS,
                nowS + capped(request.durationS)};
    m_leases[request.intersectionId] = lease;
    result.reason = request.holder + " (" + request.role + ") took over from " + held->holder + " (" + held->role
        + "): " + request.reason;
    result.lease = lease;
    result.previous = held;
    return result;
}

LeaseResult LeaseTable::renew(const std::string &intersectionId, const std::string &holder, double durationS,
                              double nowS)
{
    LeaseResult result;
    const auto held = leaseOf(intersectionId, nowS);
    if (!held) {
        result.reason = "intersection " + intersectionId + " has no lease in force to renew";
        return result;
    }
    if (held->holder != holder) {
        result.reason = heldBy(*held, nowS) + "; only the holder may renew";
        result.lease = held;
        return result;
    }
    if (!(durationS > 0)) {
        result.reason = "a lease needs a positive duration";
        result.lease = held;
        return result;
    }
    Lease &lease = m_leases[intersectionId];
    lease.expiresS = nowS + capped(durationS);
    result.accepted = true;
    result.reason = "renewed for " + formatSeconds(lease.expiresS - nowS);
    if (durationS > m_maxLeaseS)
        result.reason += " (capped at the " + formatSeconds(m_maxLeaseS) + " maximum)";
    result.lease = lease;
    return result;
}

LeaseResult LeaseTable::release(const std::string &intersectionId, const std::string &holder, double nowS)
{
    LeaseResult result;
    const auto held = leaseOf(intersectionId, nowS);
    if (!held) {
        result.reason = "intersection " + intersectionId + " has no lease in force";
        return result;
    }
    if (held->holder != holder) {
        result.reason = heldBy(*held, nowS) + "; only the holder may release it";
        result.lease = held;
        return result;
    }
    m_leases.erase(intersectionId);
    result.accepted = true;
    result.reason = "released";
    result.previous = held;
    return result;
}

std::vector<Lease> LeaseTable::expire(double nowS)
{
    std::vector<Lease> out;
    for (auto it = m_leases.begin(); it != m_leases.end();) {
        if (it->second.expiresS <= nowS) {
            out.push_back(it->second);
            it = m_leases.erase(it);
        } else {
            ++it;
        }
    }
    return out;
}

std::vector<Lease> LeaseTable::dropHolder(const std::string &holder)
{
    std::vector<Lease> out;
    for (auto it = m_leases.begin(); it != m_leases.end();) {
        if (it->second.holder == holder) {
            out.push_back(it->second);
            it = m_leases.erase(it);
        } else {
            ++it;
        }
    }
    return out;
}

std::optional<Lease> LeaseTable::leaseOf(const std::string &intersectionId, double nowS) const
{
    const auto found = m_leases.find(intersectionId);
    if (found == m_leases.end() || found->second.expiresS <= nowS)
        return std::nullopt;
    return found->second;
}

std::vector<Lease> LeaseTable::leases(double nowS) const
{
    std::vector<Lease> out;
    for (const auto &[id, lease] : m_leases)
        if (lease.expiresS > nowS)
            out.push_back(lease);
    return out;
}

} // namespace greenlight::core::safety
