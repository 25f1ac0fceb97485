#include "controlcalls.h"

#include "console/controlclient.h"

namespace greenlight::console::detail {

void prepareContext(grpc::ClientContext &context, const std::string &token, std::chrono::milliseconds deadline)
{
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    if (!token.empty())
        context.AddMetadata("authorization", "Bearer " + token);
}

SessionReader::SessionReader(std::shared_ptr<ControlMailbox> mailbox, Connection *connection,
                             std::uint64_t generation)
    : m_ticket(connection)
    , m_mailbox(std::move(mailbox))
    , m_generation(generation)
{
}

void SessionReader::start(v1::ControlService::Stub *stub, const std::string &token, std::shared_ptr<SessionReader> self)
{
    m_self = std::move(self);
    if (!token.empty())
        m_context.AddMetadata("authorization", "Bearer " + token);
    stub->async()->OpenSession(&m_context, &m_request, this);
    StartRead(&m_event);
    StartCall();
}

void SessionReader::OnReadDone(bool ok)
{
    if (!ok)
        return;  // the stream is over; OnDone follows with the status
    m_mailbox->post([generation = m_generation, event = m_event](ControlClient *client) {
        client->onSessionEvent(generation, event);
    });
    m_event.Clear();
    StartRead(&m_event);
}

void SessionReader::OnDone(const grpc::Status &status)
{
    // Last reaction. Release self last: it may delete this.
    auto keep = std::move(m_self);
    m_mailbox->post([generation = m_generation, status](ControlClient *client) {
        client->onSessionEnded(generation, status);
    });
}

} // namespace greenlight::console::detail
