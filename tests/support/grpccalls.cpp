#include "grpccalls.h"

#include <QUuid>

#include <chrono>

namespace greenlight::testing {

std::unique_ptr<grpc::ClientContext> as(const std::string &token, int seconds)
{
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
    if (!token.empty())
        context->AddMetadata("authorization", "Bearer " + token);
    return context;
}

QByteArray describe(const grpc::Status &status)
{
    return QByteArray::number(int(status.error_code())) + ": " + QByteArray::fromStdString(status.error_message());
}

std::string freshKey()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

} // namespace greenlight::testing
