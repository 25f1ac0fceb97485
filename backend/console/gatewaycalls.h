#pragma once

// The gRPC side of GatewayLink: its channel, its calls, and the inbox through which gRPC's
// threads hand results to the GUI thread. Private to the link; nothing else includes this.

#include "console/backoff.h"
#include "console/gatewaylink.h"
#include "core/citylayout.h"
#include "core/livestate.h"
#include "greenlight/v1/control.grpc.pb.h"
#include "greenlight/v1/service.grpc.pb.h"

#include <QString>

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace greenlight::console::detail {

// A short, operator-readable account of a failed call, e.g. "gateway unreachable (connection
// refused)"; the log keeps gRPC's full text.
QString describeStatus(const grpc::Status &status);
// The status code's name, e.g. "UNAVAILABLE".
QString statusCodeName(grpc::StatusCode code);

// The channel and stub of one GatewayLink::start(). The last reference to a channel must never be
// dropped on one of gRPC's callback threads: that can destroy the completion queue the thread is
// serving. Every ClientContext holds a channel reference too, and calls end on gRPC threads, so
// the link keeps the Connection (on the GUI thread) until no call made on it exists any more.
struct Connection {
    // A channel to HOST:PORT with the console's keepalive and reconnect settings.
    static std::shared_ptr<Connection> open(const std::string &address, const BackoffPolicy &backoff);

    // True when no call object of this connection exists.
    bool idle();
    // Waits until idle(), at most `timeout`.
    bool waitIdle(std::chrono::milliseconds timeout);

    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<v1::CityService::Stub> stub;
    std::unique_ptr<v1::ControlService::Stub> control;

    std::mutex mutex;
    std::condition_variable idleCv;
    int calls = 0;
};

// Counts a call object for its connection. Declared as the call object's first member, so that it
// is destroyed after the object's ClientContext. The link keeps the connection alive until the
// count is zero, so the raw pointer stays valid.
class CallTicket
{
public:
    explicit CallTicket(Connection *connection);
    ~CallTicket();
    CallTicket(const CallTicket &) = delete;
    CallTicket &operator=(const CallTicket &) = delete;

private:
    Connection *m_connection;
};

// One item a gRPC thread hands to the GUI thread: a live message or the end of a stream.
struct InboxItem {
    std::uint64_t generation = 0;
    std::optional<core::LiveBatch> batch;  // empty: the stream ended with `status`
    grpc::Status status;
};

// The only way from gRPC threads to the link. `link` is cleared by the link's destructor under
// `mutex`, and every post happens under `mutex`, so nothing is posted to a destroyed link; Qt
// drops events still queued for an object when it is destroyed.
struct LinkInbox {
    // Queues an item and posts a drain unless one is already on its way (any thread).
    void push(InboxItem item);
    // Takes everything queued (GUI thread).
    std::vector<InboxItem> take();

    // Posts f(link) to the GUI thread (any thread).
    template <typename F>
    void post(F f)
    {
        std::lock_guard lock(mutex);
        if (GatewayLink *target = link)
            QMetaObject::invokeMethod(target, [target, f = std::move(f)] { f(target); }, Qt::QueuedConnection);
    }

    std::mutex mutex;
    GatewayLink *link = nullptr;
    std::vector<InboxItem> items;
    bool drainPosted = false;
};

// One GetLayout call. Its callback holds it until it has run.
struct LayoutCall {
    explicit LayoutCall(Connection *connection)
        : ticket(connection)
    {
    }
    CallTicket ticket;  // first: outlives the context
    grpc::ClientContext context;
    v1::GetLayoutRequest request;
    v1::CityLayout response;
};

// One StreamLive call: converts each message to a LiveBatch on the gRPC thread and queues it in
// the inbox, then queues the stream's end. It owns itself (m_self) from start() until OnDone has
// run, so it outlives its last reaction whatever happens to the link; the link holds a further
// reference to the current stream to cancel it.
class LiveReader final : public grpc::ClientReadReactor<v1::LiveUpdate>
{
public:
    LiveReader(std::shared_ptr<LinkInbox> inbox, Connection *connection, std::uint64_t generation);

    // Starts the call (GUI thread). No deadline: the stream runs until cancelled. No
    // wait-for-ready: it fails at once when the gateway is down.
    // token: the operator's, sent as bearer metadata when not empty.
    void start(v1::CityService::Stub *stub, const v1::StreamLiveRequest &request, const std::string &token,
               std::shared_ptr<LiveReader> self);
    // Any thread; harmless after the call has finished.
    void cancel() { m_context.TryCancel(); }

    void OnReadDone(bool ok) override;
    void OnDone(const grpc::Status &status) override;

private:
    CallTicket m_ticket;  // first: outlives the context
    std::shared_ptr<LinkInbox> m_inbox;
    const std::uint64_t m_generation;
    grpc::ClientContext m_context;
    v1::StreamLiveRequest m_request;
    v1::LiveUpdate m_message;
    std::shared_ptr<LiveReader> m_self;
};

} // namespace greenlight::console::detail
