#pragma once

#include <grpcpp/server.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace grpc {
class Service;
}

namespace greenlight::gateway {

// The gateway's gRPC server: the gateway's services (city, control) plus grpc.health.v1 and server reflection, with a
// keepalive policy that tolerates consoles pinging every 10 s and a send limit large enough for
// the layout of a very big city.
class GatewayServer
{
public:
    // A server for services (not owned; they must outlive the server) on address ("host:port").
    GatewayServer(std::string address, std::vector<grpc::Service *> services);
    ~GatewayServer();

    // Builds and starts the server and marks it serving; false with *error when it cannot listen.
    bool start(std::string *error);
    // The port actually bound (after start).
    int port() const { return m_port; }
    // Marks the server not serving, then shuts it down, cancelling calls still open after grace.
    void shutdown(std::chrono::milliseconds grace);

    // Service name the health service reports for the city service.
    static const char *healthServiceName();

private:
    std::string m_address;
    std::vector<grpc::Service *> m_services;
    std::unique_ptr<grpc::Server> m_server;
    int m_port = 0;
};

} // namespace greenlight::gateway
