#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace greenlight::core::safety {

// Who controls an intersection, why, and until when (S7, S8).
struct Lease {
    std::string intersectionId; // the intersection controlled
    std::string holder;     // the operator (or green wave) holding control
    std::string role;       // the holder's role, for messages ("operator", "supervisor")
    int roleRank = 0;       // higher ranks may take over lower ones
    std::string reason;     // why control was taken
    double acquiredS = 0;   // when it was granted or taken over
    double expiresS = 0;    // when it lapses unless renewed
};

// What someone asks for.
struct LeaseRequest {
    std::string intersectionId; // the intersection to control
    std::string holder;         // who asks (operator id, or a green wave's id)
    std::string role;           // the asker's role, for messages
    int roleRank = 0;           // the asker's rank; a take-over needs more than the holder's
    std::string reason;         // why; required
    double durationS = 0;       // asked duration; capped at the table's maximum
};

// The answer to a lease operation.
struct LeaseResult {
    bool accepted = false;           // true when the operation took effect
    std::string reason;              // why it was refused, or what happened
    std::optional<Lease> lease;      // the lease now held (accepted) or the one in the way (refused)
    std::optional<Lease> previous;   // takeOver: the lease that was displaced, for the audit trail
};

// One controlling authority per intersection (S8), each control a lease with an expiry of at most
// a configured maximum, renewed only by its holder (S7). Pure bookkeeping: the caller supplies the
// time, audits results, and returns expired or released intersections to their programme.
// Not thread-safe.
class LeaseTable
{
public:
    // Leases last at most maxLeaseS (default 10 minutes).
    explicit LeaseTable(double maxLeaseS = 600.0);

    // The longest lease granted.
    double maxLeaseS() const { return m_maxLeaseS; }
    // Grants control of a free (or lapsed) intersection; the holder asking again renews.
    LeaseResult acquire(const LeaseRequest &request, double nowS);
    // Takes control from another holder: needs a higher role and a reason.
    LeaseResult takeOver(const LeaseRequest &request, double nowS);
    // Extends the holder's lease to nowS + durationS (capped); only the holder may.
    LeaseResult renew(const std::string &intersectionId, const std::string &holder, double durationS, double nowS);
    // Gives control back; only the holder may.
    LeaseResult release(const std::string &intersectionId, const std::string &holder, double nowS);
    // Removes and returns every lease that has lapsed by nowS.
    std::vector<Lease> expire(double nowS);
    // Removes and returns every lease of a holder whose connection was lost.
    std::vector<Lease> dropHolder(const std::string &holder);
    // The lease on an intersection, if one is in force at nowS.
    std::optional<Lease> leaseOf(const std::string &intersectionId, double nowS) const;
    // Every lease in force at nowS.
    std::vector<Lease> leases(double nowS) const;

private:
    double capped(double durationS) const;
    std::string heldBy(const Lease &lease, double nowS) const;
    LeaseResult check(const LeaseRequest &request) const;

    double m_maxLeaseS;
    std::map<std::string, Lease> m_leases;
};

} // namespace greenlight::core::safety
