#pragma once

#include "userdirectory.h"

#include <grpcpp/server_context.h>

namespace greenlight::gateway::auth {

// The user a call comes from, by its `authorization: Bearer <token>` metadata: OK with *user
// set, or UNAUTHENTICATED with a message for the operator. In demo mode every caller is the
// demo user.
grpc::Status authenticateCall(const UserDirectory &users, const grpc::ServerContextBase &context, User *user);

// PERMISSION_DENIED naming what the user may not do and the role it needs, or OK.
grpc::Status requireRole(const User &user, Role minimum, const std::string &what);

} // namespace greenlight::gateway::auth
