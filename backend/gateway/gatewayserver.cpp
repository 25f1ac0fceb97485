#include "gatewayserver.h"

#include "logging.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

namespace greenlight::gateway {

namespace {
constexpr int kMaxSendBytes = 256 * 1024 * 1024;
} // namespace

GatewayServer::GatewayServer(std::string address, std::vector<grpc::Service *> services)
    : m_address(std::move(address))
    , m_services(std::move(services))
{
}

GatewayServer::~GatewayServer()
{
    shutdown(std::chrono::milliseconds(0));
}

const char *GatewayServer::healthServiceName()
{
    return "greenlight.v1.CityService";
}

bool GatewayServer::start(std::string *error)
{
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort(m_address, grpc::InsecureServerCredentials(), &m_port);
    for (grpc::Service *service : m_services)
        builder.RegisterService(service);
    builder.SetMaxSendMessageSize(kMaxSendBytes);
    // Keepalive: the server pings idle connections, and accepts client pings every few seconds
    // (consoles ping every 10 s) without counting strikes against them.
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
    builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 5000);
    builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
    builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
    // A second gateway on the same port must fail instead of sharing it.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    m_server = builder.BuildAndStart();
    if (!m_server || m_port == 0) {
        if (m_server)
            m_server->Shutdown();
        m_server.reset();
        if (error)
            *error = "cannot listen on " + m_address;
        return false;
    }
    auto *health = m_server->GetHealthCheckService();
    if (health) {
        health->SetServingStatus("", true);
        health->SetServingStatus(healthServiceName(), true);
    }
    return true;
}

void GatewayServer::shutdown(std::chrono::milliseconds grace)
{
    if (!m_server)
        return;
    if (auto *health = m_server->GetHealthCheckService())
        health->SetServingStatus(false);
    m_server->Shutdown(std::chrono::system_clock::now() + grace);
    m_server->Wait();
    m_server.reset();
    qCInfo(lcGateway, "server stopped");
}

} // namespace greenlight::gateway
