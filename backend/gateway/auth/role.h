#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace greenlight::gateway::auth {

// What an operator may do; each role may do everything the roles below it may (the values are
// the ranks used for take-over, and match greenlight.v1.Role).
enum class Role {
    Viewer = 1,      // watches the city and the leases
    Officer = 2,     // takes and releases control of intersections
    Coordinator = 3, // also takes control over from officers
    Supervisor = 4,  // also takes over from coordinators and reads the whole audit log
};

// The role's name as written in a users file ("viewer", "officer", ...).
std::string roleName(Role role);
// The role named (exactly, lower case), or nothing.
std::optional<Role> parseRole(std::string_view name);
// The role's rank: higher ranks may take over lower ones.
inline int roleRank(Role role) { return static_cast<int>(role); }

} // namespace greenlight::gateway::auth
