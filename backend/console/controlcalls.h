#pragma once

// The gRPC side of ControlClient: the calls it makes on ControlService, the operator's session
// stream, and the mailbox through which gRPC's threads hand results to the GUI thread. Private
// to the client; nothing else includes this.

#include "console/controlclient.h"
#include "console/gatewaycalls.h"

#include <QMetaObject>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace greenlight::console::detail {

// The only way from gRPC threads to the client. `client` is cleared by the client's destructor
// under `mutex`, and every post happens under `mutex`, so nothing is posted to a destroyed
// client; Qt drops events still queued for an object when it is destroyed.
struct ControlMailbox {
    // Posts f(client) to the GUI thread (any thread). Used where ControlClient is complete.
    template <typename F>
    void post(F f)
    {
        std::lock_guard lock(mutex);
        if (ControlClient *target = client)
            QMetaObject::invokeMethod(
                target, [target, f = std::move(f)] { f(target); }, Qt::QueuedConnection);
    }

    std::mutex mutex;
    ControlClient *client = nullptr;
};

// Sets a call's deadline and, unless the token is empty, its `authorization: Bearer` metadata.
void prepareContext(grpc::ClientContext &context, const std::string &token, std::chrono::milliseconds deadline);

// A refusal's text for the operator. The gateway writes its statuses for operators; transport
// failures get the link's own wording.
QString operatorMessage(const grpc::Status &status);
// True when a status says the gateway could not be reached, rather than that it refused.
bool isTransportFailure(const grpc::Status &status);

// What every unary call has: its connection's ticket and its context. The client keeps weak
// references to cancel what is in flight when it goes away.
struct CallBase {
    explicit CallBase(Connection *connection)
        : ticket(connection)
    {
    }
    virtual ~CallBase() = default;
    CallTicket ticket;  // first: outlives the context
    grpc::ClientContext context;
};

// One unary ControlService call. Its completion callback holds it until it has run.
template <typename Request, typename Response>
struct ControlCall : CallBase {
    using CallBase::CallBase;
    Request request;
    Response response;
};

// What every call needs: the connection, the caller's token, how long it may take.
struct CallSetup {
    Connection *connection = nullptr;
    std::string token;
    std::chrono::milliseconds timeout{5000};
};

// Asks WhoAmI; done(status, name, role, demo) runs on a gRPC thread. Returns the call, for
// cancelling (the caller keeps only a weak reference).
std::shared_ptr<CallBase> startWhoAmI(const CallSetup &setup,
                                      std::function<void(const grpc::Status &, QString, int, bool)> done);

// What one command asks, as the gateway's requests want it.
struct CommandRequest {
    ControlClient::Action action = ControlClient::Action::Hold;
    std::string intersectionId;
    std::string reason;
    std::string key;
    int phase = -1;
    double durationS = 0;
};

// Sends a command; done(status, note) runs on a gRPC thread, note being the override's timing
// note when there is one. Returns the call, as startWhoAmI.
std::shared_ptr<CallBase> startCommand(const CallSetup &setup, const CommandRequest &request,
                                       std::function<void(const grpc::Status &, QString)> done);

// One OpenSession call: hands each SessionEvent, then the stream's end, to the client. Owns
// itself (m_self) from start() until OnDone has run; the client holds a further reference to
// cancel it.
class SessionReader final : public grpc::ClientReadReactor<v1::SessionEvent>
{
public:
    SessionReader(std::shared_ptr<ControlMailbox> mailbox, Connection *connection, std::uint64_t generation);

    // Starts the call (GUI thread). No deadline: the session stays open until cancelled.
    void start(v1::ControlService::Stub *stub, const std::string &token, std::shared_ptr<SessionReader> self);
    // Any thread; harmless after the call has finished.
    void cancel() { m_context.TryCancel(); }

    void OnReadDone(bool ok) override;
    void OnDone(const grpc::Status &status) override;

private:
    CallTicket m_ticket;  // first: outlives the context
    std::shared_ptr<ControlMailbox> m_mailbox;
    const std::uint64_t m_generation;
    grpc::ClientContext m_context;
    v1::OpenSessionRequest m_request;
    v1::SessionEvent m_event;
    std::shared_ptr<SessionReader> m_self;
};

} // namespace greenlight::console::detail
