#include "gatewaycalls.h"

#include "convert/protoconvert.h"

namespace greenlight::console::detail {

namespace {

// The one place channel credentials are made.
std::shared_ptr<grpc::ChannelCredentials> channelCredentials()
{
    return grpc::InsecureChannelCredentials();
}

grpc::ChannelArguments channelArguments(const BackoffPolicy &backoff)
{
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 10000);
    args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 5000);
    args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
    args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
    // The layout of a big city is several megabytes.
    args.SetMaxReceiveMessageSize(256 * 1024 * 1024);
    // Without these the channel's own reconnect backoff grows to two minutes, and calls made
    // without wait-for-ready fail fast all that time, whatever the link's own backoff says.
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, static_cast<int>(backoff.initialSeconds * 1000));
    args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, static_cast<int>(backoff.initialSeconds * 1000));
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, static_cast<int>(backoff.maxSeconds * 1000));
    return args;
}

} // namespace

QString statusCodeName(grpc::StatusCode code)
{
    switch (code) {
    case grpc::OK: return QStringLiteral("OK");
    case grpc::CANCELLED: return QStringLiteral("CANCELLED");
    case grpc::UNKNOWN: return QStringLiteral("UNKNOWN");
    case grpc::INVALID_ARGUMENT: return QStringLiteral("INVALID_ARGUMENT");
    case grpc::DEADLINE_EXCEEDED: return QStringLiteral("DEADLINE_EXCEEDED");
    case grpc::NOT_FOUND: return QStringLiteral("NOT_FOUND");
    case grpc::ALREADY_EXISTS: return QStringLiteral("ALREADY_EXISTS");
    case grpc::PERMISSION_DENIED: return QStringLiteral("PERMISSION_DENIED");
    case grpc::RESOURCE_EXHAUSTED: return QStringLiteral("RESOURCE_EXHAUSTED");
    case grpc::FAILED_PRECONDITION: return QStringLiteral("FAILED_PRECONDITION");
    case grpc::ABORTED: return QStringLiteral("ABORTED");
    case grpc::OUT_OF_RANGE: return QStringLiteral("OUT_OF_RANGE");
    case grpc::UNIMPLEMENTED: return QStringLiteral("UNIMPLEMENTED");
    case grpc::INTERNAL: return QStringLiteral("INTERNAL");
    case grpc::UNAVAILABLE: return QStringLiteral("UNAVAILABLE");
    case grpc::DATA_LOSS: return QStringLiteral("DATA_LOSS");
    case grpc::UNAUTHENTICATED: return QStringLiteral("UNAUTHENTICATED");
    default: break;
    }
    return QStringLiteral("code %1").arg(static_cast<int>(code));
}

QString describeStatus(const grpc::Status &status)
{
    const QString message = QString::fromStdString(status.error_message());
    switch (status.error_code()) {
    case grpc::UNAVAILABLE:
        if (message.contains(QLatin1String("Connection refused"), Qt::CaseInsensitive))
            return GatewayLink::tr("gateway unreachable (connection refused)");
        if (message.contains(QLatin1String("shutting down"), Qt::CaseInsensitive))
            return GatewayLink::tr("the gateway is shutting down");
        if (message.contains(QLatin1String("DNS"), Qt::CaseInsensitive)
            || message.contains(QLatin1String("resolve"), Qt::CaseInsensitive))
            return GatewayLink::tr("gateway address not found");
        if (message.contains(QLatin1String("failed to connect"), Qt::CaseInsensitive))
            return GatewayLink::tr("gateway unreachable");
        return message.isEmpty() ? GatewayLink::tr("connection lost")
                                 : GatewayLink::tr("connection lost (%1)").arg(message);
    case grpc::DEADLINE_EXCEEDED:
        return GatewayLink::tr("the gateway did not answer in time");
    case grpc::RESOURCE_EXHAUSTED:
        return GatewayLink::tr("the gateway cut this console off (%1)").arg(message);
    case grpc::CANCELLED:
        return GatewayLink::tr("cancelled");
    case grpc::OK:
        return {};
    default:
        break;
    }
    return message.isEmpty() ? statusCodeName(status.error_code())
                             : QStringLiteral("%1: %2").arg(statusCodeName(status.error_code()), message);
}

std::shared_ptr<Connection> Connection::open(const std::string &address, const BackoffPolicy &backoff)
{
    auto connection = std::make_shared<Connection>();
    connection->channel = grpc::CreateCustomChannel(address, channelCredentials(), channelArguments(backoff));
    connection->stub = v1::CityService::NewStub(connection->channel);
    connection->control = v1::ControlService::NewStub(connection->channel);
    return connection;
}

bool Connection::idle()
{
    std::lock_guard lock(mutex);
    return calls == 0;
}

bool Connection::waitIdle(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(mutex);
    return idleCv.wait_for(lock, timeout, [this] { return calls == 0; });
}

CallTicket::CallTicket(Connection *connection)
    : m_connection(connection)
{
    std::lock_guard lock(m_connection->mutex);
    ++m_connection->calls;
}

CallTicket::~CallTicket()
{
    std::lock_guard lock(m_connection->mutex);
    if (--m_connection->calls == 0)
        m_connection->idleCv.notify_all();
}

void LinkInbox::push(InboxItem item)
{
    std::lock_guard lock(mutex);
    if (!link)
        return;
    items.push_back(std::move(item));
    if (!drainPosted) {
        drainPosted = true;
        GatewayLink *target = link;
        QMetaObject::invokeMethod(target, [target] { target->drainInbox(); }, Qt::QueuedConnection);
    }
}

std::vector<InboxItem> LinkInbox::take()
{
    std::lock_guard lock(mutex);
    drainPosted = false;
    return std::exchange(items, {});
}

LiveReader::LiveReader(std::shared_ptr<LinkInbox> inbox, Connection *connection, std::uint64_t generation)
    : m_ticket(connection)
    , m_inbox(std::move(inbox))
    , m_generation(generation)
{
}

void LiveReader::start(v1::CityService::Stub *stub, const v1::StreamLiveRequest &request, const std::string &token,
                       std::shared_ptr<LiveReader> self)
{
    m_self = std::move(self);
    m_request = request;
    if (!token.empty())
        m_context.AddMetadata("authorization", "Bearer " + token);
    stub->async()->StreamLive(&m_context, &m_request, this);
    StartRead(&m_message);
    StartCall();
}

void LiveReader::OnReadDone(bool ok)
{
    if (!ok)
        return;  // the stream is over; OnDone follows with the status
    m_inbox->push({m_generation, convert::fromProto(m_message), grpc::Status::OK});
    m_message.Clear();
    StartRead(&m_message);
}

void LiveReader::OnDone(const grpc::Status &status)
{
    // Last reaction. Release self last: it may delete this.
    auto keep = std::move(m_self);
    m_inbox->push({m_generation, std::nullopt, status});
}

} // namespace greenlight::console::detail
