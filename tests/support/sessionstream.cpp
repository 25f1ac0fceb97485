#include "sessionstream.h"

namespace greenlight::testing {

SessionStream::SessionStream(const std::string &address, const std::string &token)
{
    m_stub = v1::ControlService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    m_context.AddMetadata("authorization", "Bearer " + token);
    m_thread = std::thread([this] {
        auto reader = m_stub->OpenSession(&m_context, {});
        v1::SessionEvent event;
        while (reader->Read(&event)) {
            const std::lock_guard lock(m_mutex);
            m_events.push_back(event);
        }
        reader->Finish();
        m_ended = true;
    });
}

SessionStream::~SessionStream()
{
    cut();
}

void SessionStream::cut()
{
    m_context.TryCancel();
    if (m_thread.joinable())
        m_thread.join();
}

int SessionStream::count(v1::SessionEvent::Kind kind) const
{
    const std::lock_guard lock(m_mutex);
    int n = 0;
    for (const auto &e : m_events)
        n += e.kind() == kind ? 1 : 0;
    return n;
}

std::string SessionStream::lastMessage() const
{
    const std::lock_guard lock(m_mutex);
    return m_events.empty() ? std::string() : m_events.back().message();
}

} // namespace greenlight::testing
