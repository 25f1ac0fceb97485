#include "gatewaylink.h"

#include "console/gatewaycalls.h"
#include "console/statestore.h"
#include "convert/protoconvert.h"

#include <QLoggingCategory>
#include <QRandomGenerator>

#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <chrono>

Q_LOGGING_CATEGORY(lcLink, "greenlight.link")

namespace greenlight::console {

namespace {

constexpr auto kLayoutDeadline = std::chrono::seconds(30);
constexpr auto kShutdownWait = std::chrono::milliseconds(2000);
constexpr int kTickMs = 250;
constexpr int kReleasePollMs = 100;
// Restarts the link asks for itself (gap, layout change) before it backs off like after a failure.
constexpr int kMaxQuickRestarts = 3;

} // namespace

GatewayLink::GatewayLink(StateStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_inbox(std::make_shared<detail::LinkInbox>())
{
    m_inbox->link = this;
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &GatewayLink::retryNow);
    m_tickTimer.setInterval(kTickMs);
    connect(&m_tickTimer, &QTimer::timeout, this, &GatewayLink::tick);
    m_releaseTimer.setInterval(kReleasePollMs);
    connect(&m_releaseTimer, &QTimer::timeout, this, &GatewayLink::releaseIdleConnections);
    connect(m_store, &StateStore::simTimeChanged, this, &GatewayLink::simTimeChanged);
    updateStatusText();
}

GatewayLink::~GatewayLink()
{
    {
        std::lock_guard lock(m_inbox->mutex);
        m_inbox->link = nullptr;
        m_inbox->items.clear();
    }
    cancelCalls();
    retireConnection();
    // Wait (briefly) for the cancelled calls to end, so their channels are released here.
    const auto deadline = std::chrono::steady_clock::now() + kShutdownWait;
    for (auto &connection : m_retiredConnections) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (!connection->waitIdle(std::max(left, std::chrono::milliseconds(0)))) {
            qCWarning(lcLink) << "calls to the gateway did not end within" << kShutdownWait.count()
                              << "ms; leaving their channel to the process";
            new std::shared_ptr<detail::Connection>(std::move(connection));  // never freed on purpose
        }
    }
    m_retiredConnections.clear();
}

double GatewayLink::simTime() const
{
    return m_store->simTime();
}

void GatewayLink::setStaleAfterSeconds(double seconds)
{
    if (seconds == m_staleAfterSeconds || seconds <= 0)
        return;
    m_staleAfterSeconds = seconds;
    Q_EMIT staleAfterSecondsChanged();
    tick();
}

void GatewayLink::start(const QString &address)
{
    stop();
    if (m_address != address) {
        m_address = address;
        Q_EMIT addressChanged();
    }
    qCInfo(lcLink) << "connecting to" << address;
    m_connection = detail::Connection::open(address.toStdString(), m_backoff);
    m_running = true;
    m_everConnected = false;
    m_attempt = 0;
    m_quickRestarts = 0;
    m_wantSnapshot = false;
    // Another gateway may serve another city; the same layout version keeps the state held.
    m_needLayout = true;
    m_tickTimer.start();
    setStatus(Connecting);
    connectNow();
}

void GatewayLink::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_retryTimer.stop();
    m_tickTimer.stop();
    cancelCalls();
    retireConnection();
    setStatus(Idle);
}

void GatewayLink::setToken(const QString &token)
{
    const std::string value = token.trimmed().toStdString();
    if (value == m_token)
        return;
    m_token = value;
    if (m_running && !m_layoutCall && !m_reader) {
        // Waiting to retry (for example after UNAUTHENTICATED): try with the token now.
        m_retryTimer.stop();
        connectNow();
    }
}

void GatewayLink::retireConnection()
{
    if (m_connection)
        m_retiredConnections.push_back(std::move(m_connection));
    releaseIdleConnections();
}

void GatewayLink::releaseIdleConnections()
{
    std::erase_if(m_retiredConnections, [](const auto &connection) { return connection->idle(); });
    if (m_retiredConnections.empty())
        m_releaseTimer.stop();
    else if (!m_releaseTimer.isActive())
        m_releaseTimer.start();
}

void GatewayLink::cancelCalls()
{
    ++m_generation;  // whatever is still in flight is now stale
    if (m_layoutCall) {
        m_layoutCall->context.TryCancel();
        m_layoutCall.reset();
    }
    if (m_reader) {
        m_reader->cancel();
        m_reader.reset();
    }
    m_discardStream = false;
}

void GatewayLink::connectNow()
{
    if (!m_running)
        return;
    if (m_needLayout)
        fetchLayout();
    else
        openStream();
    updateStatusText();
}

void GatewayLink::fetchLayout()
{
    const std::uint64_t generation = ++m_generation;
    auto call = std::make_shared<detail::LayoutCall>(m_connection.get());
    call->context.set_deadline(std::chrono::system_clock::now() + kLayoutDeadline);
    m_tokenSent = m_token;
    if (!m_token.empty())
        call->context.AddMetadata("authorization", "Bearer " + m_token);
    m_layoutCall = call;
    qCDebug(lcLink) << "fetching the layout";
    std::weak_ptr<detail::LinkInbox> weakInbox = m_inbox;
    m_connection->stub->async()->GetLayout(
        &call->context, &call->request, &call->response,
        [call, weakInbox, generation](grpc::Status status) {
            // gRPC thread: convert here, so the GUI thread only swaps a pointer.
            std::shared_ptr<const core::CityLayout> layout;
            if (status.ok())
                layout = std::make_shared<const core::CityLayout>(convert::fromProto(call->response));
            call->response.Clear();
            if (auto inbox = weakInbox.lock()) {
                inbox->post([generation, status, layout](GatewayLink *link) {
                    link->onLayoutDone(generation, status, layout);
                });
            }
        });
}

void GatewayLink::onLayoutDone(std::uint64_t generation, const grpc::Status &status,
                               std::shared_ptr<const core::CityLayout> layout)
{
    if (!m_running || !m_layoutCall || generation != m_generation)
        return;
    m_layoutCall.reset();
    if (!status.ok()) {
        fail(tr("Layout request failed"), status);
        retryOrWaitForLogin(status);
        return;
    }
    ++m_layoutsFetched;
    m_needLayout = false;
    qCInfo(lcLink) << "layout" << QString::fromStdString(layout->layoutVersion) << "of"
                   << QString::fromStdString(layout->name) << "with" << layout->intersections.size()
                   << "intersections and" << layout->segments.size() << "segments";
    if (!m_store->hasLayout() || m_store->layout().layoutVersion != layout->layoutVersion) {
        m_store->setLayout(std::move(layout));
        Q_EMIT layoutReceived();
    }
    openStream();
}

void GatewayLink::openStream()
{
    const std::uint64_t generation = ++m_generation;
    v1::StreamLiveRequest request;
    if (!m_wantSnapshot && m_store->hasLiveState()) {
        request.set_resume_after_sequence(m_store->lastSequence());
        request.set_gateway_run_id(m_store->gatewayRunId());
    } else {
        ++m_snapshotsRequested;
    }
    request.set_include_vehicles(true);
    m_wantSnapshot = false;
    m_messageOnStream = false;
    m_discardStream = false;
    m_streamGeneration = generation;
    qCDebug(lcLink) << "opening the live stream, resuming after" << request.resume_after_sequence();
    m_reader = std::make_shared<detail::LiveReader>(m_inbox, m_connection.get(), generation);
    m_tokenSent = m_token;
    m_reader->start(m_connection->stub.get(), request, m_token, m_reader);
}

void GatewayLink::restartStream(AfterStream next)
{
    // Cancel the current stream and act once its end arrives, so two streams never feed the
    // store at once.
    if (!m_reader || m_discardStream)
        return;
    m_afterStream = next;
    m_discardStream = true;
    m_reader->cancel();
}

namespace {
// Hands heap that is free again back to the system. The layout and the first snapshot arrive as
// several transient copies (wire bytes, parsed message, domain values) built on gRPC threads,
// whose allocator arenas keep the pages after they are freed: about 90 MB at 10,000
// intersections. Called once per connection, so its cost (milliseconds) is not per frame.
void releaseFreedMemory()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
} // namespace

void GatewayLink::drainInbox()
{
    auto items = m_inbox->take();
    bool becameLive = false;
    for (auto &item : items) {
        if (!item.batch) {
            onStreamEnded(item.generation, item.status);
            continue;
        }
        if (!m_running || item.generation != m_streamGeneration || m_discardStream)
            continue;
        const bool wasLive = m_store->hasLiveState();
        switch (m_store->applyBatch(*item.batch)) {
        case StateStore::ApplyResult::Applied:
            ++m_batchesApplied;
            m_quickRestarts = 0;
            noteMessage();
            if (!wasLive) {
                becameLive = true;
                Q_EMIT firstLiveState();
            }
            break;
        case StateStore::ApplyResult::Ignored:
            noteMessage();
            break;
        case StateStore::ApplyResult::Gap:
            qCInfo(lcLink) << "sequence gap at" << item.batch->sequence << "after"
                           << m_store->lastSequence() << "- asking for a snapshot";
            restartStream(AfterStream::Resnapshot);
            break;
        case StateStore::ApplyResult::WrongLayout:
            qCInfo(lcLink) << "the stream is for layout" << QString::fromStdString(item.batch->layoutVersion)
                           << "- fetching the layout again";
            restartStream(AfterStream::RefetchLayout);
            break;
        }
    }
    if (becameLive) {
        items.clear();  // the snapshot's batch goes first
        releaseFreedMemory();
    }
}

void GatewayLink::onStreamEnded(std::uint64_t generation, const grpc::Status &status)
{
    if (!m_running || generation != m_streamGeneration || !m_reader)
        return;
    m_reader.reset();
    if (m_discardStream) {
        // We ended it ourselves.
        m_discardStream = false;
        if (m_afterStream == AfterStream::RefetchLayout)
            m_needLayout = true;
        else if (m_afterStream == AfterStream::Resnapshot)
            m_wantSnapshot = true;
        if (++m_quickRestarts <= kMaxQuickRestarts) {
            connectNow();
            return;
        }
        fail(tr("The gateway keeps sending inconsistent data"), status);
        scheduleRetry();
        return;
    }
    if (status.ok())
        fail(tr("The gateway ended the live stream"), status);
    else
        fail(tr("Live stream failed"), status);
    retryOrWaitForLogin(status);
}

void GatewayLink::retryOrWaitForLogin(const grpc::Status &status)
{
    if (status.error_code() != grpc::StatusCode::UNAUTHENTICATED) {
        scheduleRetry();
        return;
    }
    if (m_token != m_tokenSent) {
        // The login came while the call was under way: try again with the token now.
        connectNow();
        return;
    }
    // Retrying cannot help: the next attempt comes with the operator's token (setToken).
    m_retryTimer.stop();
    setStatus(NeedsLogin);
    updateStatusText();
}

void GatewayLink::noteMessage()
{
    m_sinceMessage.start();
    m_messageOnStream = true;
    m_everConnected = true;
    m_attempt = 0;
    if (m_secondsSinceUpdate != 0) {
        m_secondsSinceUpdate = 0;
        Q_EMIT secondsSinceUpdateChanged();
    }
    setStatus(Connected);
}

void GatewayLink::fail(const QString &what, const grpc::Status &status)
{
    QString message = what;
    if (!status.ok())
        message += QStringLiteral(": %1").arg(detail::describeStatus(status));
    qCWarning(lcLink).noquote() << what << detail::statusCodeName(status.error_code())
                                << QString::fromStdString(status.error_message());
    if (message != m_lastError) {
        m_lastError = message;
        Q_EMIT lastErrorChanged();
    }
    Q_EMIT errorOccurred(message);
}

void GatewayLink::scheduleRetry()
{
    if (!m_running)
        return;
    ++m_attempt;
    m_retryDelaySeconds = backoffDelaySeconds(m_attempt, QRandomGenerator::global()->generateDouble(), m_backoff);
    m_retryClock.start();
    m_retryTimer.start(static_cast<int>(m_retryDelaySeconds * 1000));
    qCInfo(lcLink).nospace().noquote() << "retrying in " << QString::number(m_retryDelaySeconds, 'f', 2) << " s (attempt "
                             << m_attempt << ")";
    setStatus(Reconnecting);
    updateStatusText();
}

void GatewayLink::retryNow()
{
    if (!m_running)
        return;
    ++m_reconnectCount;
    connectNow();
}

void GatewayLink::tick()
{
    if (m_sinceMessage.isValid()) {
        const double seconds = m_sinceMessage.elapsed() / 1000.0;
        if (seconds != m_secondsSinceUpdate) {
            m_secondsSinceUpdate = seconds;
            Q_EMIT secondsSinceUpdateChanged();
        }
        if (m_status == Connected && seconds > m_staleAfterSeconds)
            setStatus(Stale);
    }
    updateStatusText();
}

void GatewayLink::setStatus(Status status)
{
    if (status == Reconnecting || status == Connecting) {
        // Once anything has gone wrong, or we have been connected, a new attempt is a reconnect.
        if (m_everConnected || m_attempt > 0)
            status = Reconnecting;
    }
    if (status == m_status)
        return;
    qCDebug(lcLink) << "status" << status;
    m_status = status;
    Q_EMIT statusChanged();
    updateStatusText();
}

void GatewayLink::updateStatusText()
{
    QString text;
    switch (m_status) {
    case Idle:
        text = tr("Not connected");
        break;
    case Connecting:
        text = tr("Connecting to %1…").arg(m_address);
        break;
    case Connected:
        text = tr("Connected");
        break;
    case Reconnecting:
        if (m_retryTimer.isActive()) {
            const double left = std::max(0.0, m_retryDelaySeconds - m_retryClock.elapsed() / 1000.0);
            text = tr("Reconnecting in %1 s (attempt %2)").arg(left, 0, 'f', 1).arg(m_attempt);
        } else {
            text = tr("Reconnecting (attempt %1)…").arg(m_attempt);
        }
        break;
    case NeedsLogin:
        text = tr("Log in to see the city");
        break;
    case Stale:
        text = tr("Stale — no update for %1 s").arg(static_cast<int>(m_secondsSinceUpdate));
        break;
    }
    if (text != m_statusText) {
        m_statusText = text;
        Q_EMIT statusTextChanged();
    }
}

} // namespace greenlight::console
