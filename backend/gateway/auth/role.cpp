#include "role.h"

namespace greenlight::gateway::auth {

std::string roleName(Role role)
{
    switch (role) {
    case Role::Viewer:
        return "viewer";
    case Role::Officer:
        return "officer";
    case Role::Coordinator:
        return "coordinator";
    case Role::Supervisor:
        return "supervisor";
    }
    return "unknown";
}

std::optional<Role> parseRole(std::string_view name)
{
    for (const Role role : {Role::Viewer, Role::Officer, Role::Coordinator, Role::Supervisor})
        if (name == roleName(role))
            return role;
    return std::nullopt;
}

} // namespace greenlight::gateway::auth
