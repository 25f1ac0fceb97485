#pragma once

// Small helpers for tests that call a gateway directly over gRPC.

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <QByteArray>

#include <memory>
#include <string>

namespace greenlight::testing {

// A client context with a deadline of `seconds` and, unless token is empty, the caller's token as
// `authorization: Bearer <token>` metadata.
std::unique_ptr<grpc::ClientContext> as(const std::string &token, int seconds = 10);
// "CODE: message" of a status, for test failure messages.
QByteArray describe(const grpc::Status &status);
// A fresh idempotency key (a UUID).
std::string freshKey();

} // namespace greenlight::testing
