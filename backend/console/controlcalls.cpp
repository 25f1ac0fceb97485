#include "controlcalls.h"

#include "console/controlclient.h"
#include "console/gatewaylink.h"

namespace greenlight::console::detail {

void prepareContext(grpc::ClientContext &context, const std::string &token, std::chrono::milliseconds deadline)
{
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    if (!token.empty())
        context.AddMetadata("authorization", "Bearer " + token);
}

QString operatorMessage(const grpc::Status &status)
{
    const QString message = QString::fromStdString(status.error_message());
    switch (status.error_code()) {
    case grpc::UNAVAILABLE:
        if (isTransportFailure(status))
            return describeStatus(status);
        return message;
    case grpc::DEADLINE_EXCEEDED:
    case grpc::CANCELLED:
        return describeStatus(status);
    case grpc::UNIMPLEMENTED:
        return ControlClient::tr("the gateway does not support this command yet (UNIMPLEMENTED)");
    default:
        break;
    }
    return message.isEmpty() ? statusCodeName(status.error_code()) : message;
}

bool isTransportFailure(const grpc::Status &status)
{
    if (status.error_code() != grpc::UNAVAILABLE)
        return false;
    // The gateway's own UNAVAILABLE refusals (a field not heard from, S10) are sentences for
    // operators; gRPC's transport errors name sockets and connections.
    const QString message = QString::fromStdString(status.error_message());
    return message.isEmpty() || message.contains(QLatin1String("connect"), Qt::CaseInsensitive)
        || message.contains(QLatin1String("socket"), Qt::CaseInsensitive)
        || message.contains(QLatin1String("DNS"), Qt::CaseInsensitive)
        || message.contains(QLatin1String("recvmsg"), Qt::CaseInsensitive)
        || message.contains(QLatin1String("Cancelling all calls"), Qt::CaseInsensitive);
}

namespace {

// Starts one unary call: start(async, context, request, response, callback) names the method;
// done(status, response) runs on the gRPC thread when it ends.
template <typename Request, typename Response, typename Start, typename Done>
std::shared_ptr<CallBase> startCall(const CallSetup &setup, Request request, Start start, Done done)
{
    auto call = std::make_shared<ControlCall<Request, Response>>(setup.connection);
    prepareContext(call->context, setup.token, setup.timeout);
    call->request = std::move(request);
    start(setup.connection->control->async(), &call->context, &call->request, &call->response,
          [call, done = std::move(done)](grpc::Status status) { done(status, call->response); });
    return call;
}

// The methods, named for startCall.
const auto kAcquire = [](auto *a, auto *c, auto *q, auto *r, auto d) { a->AcquireControl(c, q, r, std::move(d)); };
const auto kTakeOver = [](auto *a, auto *c, auto *q, auto *r, auto d) { a->TakeOver(c, q, r, std::move(d)); };
const auto kRelease = [](auto *a, auto *c, auto *q, auto *r, auto d) { a->ReleaseControl(c, q, r, std::move(d)); };
const auto kHold = [](auto *a, auto *c, auto *q, auto *r, auto d) { a->HoldPhase(c, q, r, std::move(d)); };
const auto kAdvance = [](auto *a, auto *c, auto *q, auto *r, auto d) { a->AdvancePhase(c, q, r, std::move(d)); };
const auto kGoToPhase = [](auto *a, auto *c, auto *q, auto *r, auto d) { a->GoToPhase(c, q, r, std::move(d)); };
const auto kFlash = [](auto *a, auto *c, auto *q, auto *r, auto d) { a->Flash(c, q, r, std::move(d)); };
const auto kRestore = [](auto *a, auto *c, auto *q, auto *r, auto d) { a->RestoreProgramme(c, q, r, std::move(d)); };

} // namespace

std::shared_ptr<CallBase> startWhoAmI(const CallSetup &setup,
                                      std::function<void(const grpc::Status &, QString, int, bool)> done)
{
    return startCall<v1::WhoAmIRequest, v1::WhoAmIResponse>(
        setup, {}, [](auto *a, auto *c, auto *q, auto *r, auto d) { a->WhoAmI(c, q, r, std::move(d)); },
        [done = std::move(done)](const grpc::Status &status, const v1::WhoAmIResponse &response) {
            done(status, QString::fromStdString(response.operator_()), static_cast<int>(response.role()),
                 response.demo_mode());
        });
}

std::shared_ptr<CallBase> startCommand(const CallSetup &setup, const CommandRequest &command,
                                       std::function<void(const grpc::Status &, QString)> done)
{
    using Action = ControlClient::Action;
    // Lease commands have no note.
    auto plain = [done](const grpc::Status &status, const auto &) { done(status, {}); };
    switch (command.action) {
    case Action::Acquire: {
        v1::AcquireControlRequest r;
        r.set_intersection_id(command.intersectionId);
        r.set_reason(command.reason);
        r.set_duration_s(command.durationS);
        r.set_idempotency_key(command.key);
        return startCall<v1::AcquireControlRequest, v1::Lease>(setup, std::move(r), kAcquire, plain);
    }
    case Action::TakeOver: {
        v1::TakeOverRequest r;
        r.set_intersection_id(command.intersectionId);
        r.set_reason(command.reason);
        r.set_duration_s(command.durationS);
        r.set_idempotency_key(command.key);
        return startCall<v1::TakeOverRequest, v1::TakeOverResponse>(setup, std::move(r), kTakeOver, plain);
    }
    case Action::Release: {
        v1::ReleaseControlRequest r;
        r.set_intersection_id(command.intersectionId);
        r.set_idempotency_key(command.key);
        return startCall<v1::ReleaseControlRequest, v1::ReleaseControlResponse>(setup, std::move(r), kRelease, plain);
    }
    default:
        break;
    }

    v1::OverrideRequest r;
    r.set_intersection_id(command.intersectionId);
    r.set_reason(command.reason);
    r.set_duration_s(command.durationS);
    r.set_idempotency_key(command.key);
    if (command.phase >= 0)
        r.set_phase_index(static_cast<std::uint32_t>(command.phase));
    auto noted = [done](const grpc::Status &status, const v1::OverrideResponse &response) {
        done(status, QString::fromStdString(response.override().note()));
    };
    using Req = v1::OverrideRequest;
    using Resp = v1::OverrideResponse;
    switch (command.action) {
    case Action::Hold: return startCall<Req, Resp>(setup, std::move(r), kHold, noted);
    case Action::Advance: return startCall<Req, Resp>(setup, std::move(r), kAdvance, noted);
    case Action::GoToPhase: return startCall<Req, Resp>(setup, std::move(r), kGoToPhase, noted);
    case Action::Flash: return startCall<Req, Resp>(setup, std::move(r), kFlash, noted);
    default: break;
    }
    return startCall<Req, Resp>(setup, std::move(r), kRestore, noted);
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
