#pragma once

#include <cstdint>
#include <string>

namespace greenlight::gateway::audit {

// One recorded command and its outcome (signal-safety.md S12).
struct AuditEntry {
    std::uint64_t id = 0;             // assigned by the store; 0 before it is written
    std::int64_t timeUnixMs = 0;      // when the gateway received the command
    std::string operatorName;         // who sent it ("gateway" for the gateway's own actions)
    std::string role;                 // the operator's role then ("officer", ...)
    std::string intersectionId;       // the intersection concerned
    std::string action;               // "acquire", "renew", "release", "take_over", "expire", ...
    std::string reason;               // the operator's reason, if any
    std::string idempotencyKey;       // the command's key
    bool accepted = false;            // true when the command took effect
    std::string refusalReason;        // why it was refused; empty when accepted
    std::int64_t effectiveUnixMs = 0; // when it took effect; 0 when refused
};

// Which rows a query returns; empty fields do not filter.
struct AuditQuery {
    std::string intersectionId;       // only rows about this intersection
    std::string operatorName;         // only rows of this operator
    std::int64_t fromUnixMs = 0;      // only rows at or after this time (0: no lower bound)
    std::int64_t toUnixMs = 0;        // only rows before this time (0: no upper bound)
    int limit = 100;                  // at most this many rows, newest first
};

} // namespace greenlight::gateway::audit
