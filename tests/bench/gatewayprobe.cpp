#include "gatewayprobe.h"

#include "greenlight/v1/service.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace greenlight::bench {

namespace detail {

// Shared between the probe (its thread) and gRPC's callback threads. `probe` is cleared under
// `mutex` by the probe's destructor, so nothing is posted to a destroyed probe.
struct ProbeState {
    std::mutex mutex;
    GatewayProbe *probe = nullptr;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<v1::CityService::Stub> stub;
    bool inFlight = false;
    std::condition_variable idle;
};

} // namespace detail

namespace {

struct InfoCall {
    grpc::ClientContext context;
    v1::GetGatewayInfoRequest request;
    v1::GatewayInfo response;
};

} // namespace

GatewayProbe::GatewayProbe(const QString &address, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_state(std::make_shared<detail::ProbeState>())
{
    m_state->probe = this;
    m_state->channel = grpc::CreateChannel(address.toStdString(), grpc::InsecureChannelCredentials());
    m_state->stub = v1::CityService::NewStub(m_state->channel);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &GatewayProbe::ask);
}

GatewayProbe::~GatewayProbe()
{
    stop();
    std::unique_lock lock(m_state->mutex);
    m_state->probe = nullptr;
    // The channel is released here, on this thread, once no call is left in flight.
    m_state->idle.wait_for(lock, std::chrono::seconds(3), [this] { return !m_state->inFlight; });
}

void GatewayProbe::start()
{
    m_timer.start();
    ask();
}

void GatewayProbe::stop()
{
    m_timer.stop();
}

void GatewayProbe::ask()
{
    {
        std::lock_guard lock(m_state->mutex);
        if (m_state->inFlight)
            return;
        m_state->inFlight = true;
    }
    auto call = std::make_shared<InfoCall>();
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    std::shared_ptr<detail::ProbeState> state = m_state;
    state->stub->async()->GetGatewayInfo(&call->context, &call->request, &call->response,
                                         [call, state](grpc::Status status) {
        std::lock_guard lock(state->mutex);
        state->inFlight = false;
        state->idle.notify_all();
        if (!status.ok() || !state->probe)
            return;
        GatewayProbe *probe = state->probe;
        const std::uint64_t sequence = call->response.latest_sequence();
        const double simTime = call->response.sim_time_s();
        QMetaObject::invokeMethod(probe, [probe, sequence, simTime] { Q_EMIT probe->latest(sequence, simTime); },
                                  Qt::QueuedConnection);
    });
}

} // namespace greenlight::bench
