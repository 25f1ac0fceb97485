#include "callauth.h"

#include "role.h"

namespace greenlight::gateway::auth {

grpc::Status authenticateCall(const UserDirectory &users, const grpc::ServerContextBase &context, User *user)
{
    const auto &metadata = context.client_metadata();
    const auto found = metadata.find("authorization");
    const std::string_view value =
        found == metadata.end() ? std::string_view() : std::string_view(found->second.data(), found->second.size());
    const auto who = users.authenticate(value);
    if (!who) {
        return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                            value.empty() ? "no credentials: send 'authorization: Bearer <token>' with every call"
                                          : "unknown token: the gateway knows no user with it");
    }
    *user = *who;
    return grpc::Status::OK;
}

grpc::Status requireRole(const User &user, Role minimum, const std::string &what)
{
    if (roleRank(user.role) >= roleRank(minimum))
        return grpc::Status::OK;
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, user.name + " (" + roleName(user.role) + ") may not "
                                                                 + what + ": that needs the role " + roleName(minimum)
                                                                 + " or above");
}

} // namespace greenlight::gateway::auth
