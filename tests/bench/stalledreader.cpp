#include "stalledreader.h"

#include "greenlight/v1/service.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace greenlight::bench {

// The stream's reactor. It never starts a read; it only waits for the call to end.
struct StalledReader::Call final : public grpc::ClientReadReactor<v1::LiveUpdate> {
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<v1::CityService::Stub> stub;
    grpc::ClientContext context;
    v1::StreamLiveRequest request;
    std::mutex mutex;
    std::condition_variable doneCv;
    bool started = false;
    bool done = false;
    grpc::Status status;

    void OnDone(const grpc::Status &s) override
    {
        std::lock_guard lock(mutex);
        done = true;
        status = s;
        doneCv.notify_all();
    }
};

StalledReader::StalledReader(const QString &address)
    : m_address(address)
{
}

StalledReader::~StalledReader()
{
    close();
}

void StalledReader::open()
{
    close();
    m_call = std::make_unique<Call>();
    m_call->channel = grpc::CreateChannel(m_address.toStdString(), grpc::InsecureChannelCredentials());
    m_call->stub = v1::CityService::NewStub(m_call->channel);
    m_call->request.set_include_vehicles(true);
    m_call->stub->async()->StreamLive(&m_call->context, &m_call->request, m_call.get());
    m_call->started = true;
    m_call->StartCall();
}

bool StalledReader::ended(QString *status) const
{
    if (!m_call)
        return true;
    std::lock_guard lock(m_call->mutex);
    if (m_call->done && status)
        *status = QStringLiteral("%1 %2").arg(int(m_call->status.error_code()))
                      .arg(QString::fromStdString(m_call->status.error_message()));
    return m_call->done;
}

void StalledReader::close()
{
    if (!m_call)
        return;
    if (m_call->started) {
        m_call->context.TryCancel();
        std::unique_lock lock(m_call->mutex);
        m_call->doneCv.wait_for(lock, std::chrono::seconds(5), [this] { return m_call->done; });
    }
    m_call.reset();
}

} // namespace greenlight::bench
