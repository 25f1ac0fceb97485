#pragma once

#include "backoff.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <vector>

namespace grpc {
class Status;
} // namespace grpc

namespace greenlight::core {
struct CityLayout;
} // namespace greenlight::core

namespace greenlight::console {

class StateStore;

namespace detail {
struct Connection;
struct LinkInbox;
struct LayoutCall;
class LiveReader;
} // namespace detail

// The console's connection to one gateway: fetches the layout, keeps a live stream open and
// feeds it into a StateStore, and reconnects on its own (resuming where it left off).
//
// Threading: the link lives on the GUI thread and never blocks it. gRPC runs the calls on its own
// threads (callback API); those threads convert messages to domain values, queue them in a
// shared inbox and post at most one drain at a time to the GUI thread, which applies everything
// queued, in order. Reactor threads never touch the link itself: they reach it only through the
// inbox, whose pointer to the link is cleared (under the inbox mutex) when the link is
// destroyed, so a late post is dropped. Each stream reactor owns itself until its OnDone. The
// link keeps each channel until every call made on it is gone, so a channel is never destroyed
// on a gRPC thread; the destructor cancels the calls in flight and waits briefly for them.
class GatewayLink : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString address READ address NOTIFY addressChanged)
    Q_PROPERTY(Status status READ status NOTIFY statusChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY statusTextChanged)
    Q_PROPERTY(bool connected READ isConnected NOTIFY statusChanged)
    Q_PROPERTY(double secondsSinceUpdate READ secondsSinceUpdate NOTIFY secondsSinceUpdateChanged)
    Q_PROPERTY(double simTime READ simTime NOTIFY simTimeChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(double staleAfterSeconds READ staleAfterSeconds WRITE setStaleAfterSeconds NOTIFY staleAfterSecondsChanged)

public:
    // Where the link stands.
    enum Status {
        Idle,          // not started, or stopped
        Connecting,    // first attempt since start(): fetching the layout or waiting for data
        Connected,     // the stream delivers
        Reconnecting,  // the connection failed or ended; waiting to retry, or retrying
        Stale,         // the stream is open but nothing arrived for staleAfterSeconds
        NeedsLogin,    // the gateway shows its city to operators only: waiting for setToken()
    };
    Q_ENUM(Status)

    // The store is not owned and must outlive the link.
    explicit GatewayLink(StateStore *store, QObject *parent = nullptr);
    ~GatewayLink() override;

    // Connects to HOST:PORT (dropping any previous connection) and keeps reconnecting until stop().
    Q_INVOKABLE void start(const QString &address);
    // Drops the connection and stops reconnecting; the store keeps what it holds.
    Q_INVOKABLE void stop();
    // The operator's token for a gateway that shows its city to operators only; sent with every
    // layout and stream call from now on. A link that could not connect tries again at once.
    void setToken(const QString &token);

    QString address() const { return m_address; }
    Status status() const { return m_status; }
    // A one-line, human description of status, e.g. "Reconnecting in 2.4 s (attempt 3)".
    QString statusText() const { return m_statusText; }
    bool isConnected() const { return m_status == Connected || m_status == Stale; }
    // Seconds since the last message from the gateway; -1 before the first.
    double secondsSinceUpdate() const { return m_secondsSinceUpdate; }
    // Simulation time of the state held (from the store).
    double simTime() const;
    // The most recent failure, human-readable; empty until one happens.
    QString lastError() const { return m_lastError; }
    double staleAfterSeconds() const { return m_staleAfterSeconds; }
    void setStaleAfterSeconds(double seconds);

    // Replaces the reconnect backoff (tests use short delays).
    void setBackoffPolicy(const BackoffPolicy &policy) { m_backoff = policy; }
    // Counters, for tests and diagnostics.
    std::uint64_t batchesApplied() const { return m_batchesApplied; }
    int reconnectCount() const { return m_reconnectCount; }
    int layoutsFetched() const { return m_layoutsFetched; }
    int snapshotsRequested() const { return m_snapshotsRequested; }
    // Consecutive failed attempts since the last message; 0 while the stream delivers.
    int attempt() const { return m_attempt; }

Q_SIGNALS:
    void addressChanged();
    void statusChanged();
    void statusTextChanged();
    void secondsSinceUpdateChanged();
    void simTimeChanged();
    void lastErrorChanged();
    void staleAfterSecondsChanged();
    // A layout was fetched and handed to the store.
    void layoutReceived();
    // The store received its first live state after a layout (the city can be drawn live).
    void firstLiveState();
    // A call failed; the link will retry by itself.
    void errorOccurred(const QString &message);

private:
    friend struct detail::LinkInbox;

    // What to do once the stream that is being cancelled has ended.
    enum class AfterStream { Reconnect, Resnapshot, RefetchLayout };

    void connectNow();
    void fetchLayout();
    void openStream();
    void cancelCalls();
    void retireConnection();
    void releaseIdleConnections();
    void restartStream(AfterStream next);
    void scheduleRetry();
    // After a failed call: waits for a login when the gateway wants one, else retries later.
    void retryOrWaitForLogin(const grpc::Status &status);
    void retryNow();
    void drainInbox();
    void onLayoutDone(std::uint64_t generation, const grpc::Status &status,
                      std::shared_ptr<const core::CityLayout> layout);
    void onStreamEnded(std::uint64_t generation, const grpc::Status &status);
    void noteMessage();
    void fail(const QString &what, const grpc::Status &status);
    void tick();
    void setStatus(Status status);
    void updateStatusText();

    StateStore *m_store;
    std::shared_ptr<detail::LinkInbox> m_inbox;
    std::shared_ptr<detail::Connection> m_connection;
    std::shared_ptr<detail::LayoutCall> m_layoutCall;
    std::shared_ptr<detail::LiveReader> m_reader;
    // Connections dropped by stop()/start() whose calls have not all ended yet; released (here,
    // on the GUI thread) once they have.
    std::vector<std::shared_ptr<detail::Connection>> m_retiredConnections;

    QString m_address;
    std::string m_token;
    std::string m_tokenSent;  // the token the latest call went out with
    Status m_status = Idle;
    QString m_statusText;
    QString m_lastError;
    double m_secondsSinceUpdate = -1;
    double m_staleAfterSeconds = 3.0;
    BackoffPolicy m_backoff;

    bool m_running = false;
    bool m_everConnected = false;
    bool m_needLayout = true;
    bool m_wantSnapshot = false;
    bool m_messageOnStream = false;
    std::uint64_t m_generation = 0;       // id of the newest call; results of older calls are dropped
    std::uint64_t m_streamGeneration = 0; // id of m_reader's call
    bool m_discardStream = false;         // m_reader is being cancelled: ignore its messages
    AfterStream m_afterStream = AfterStream::Reconnect;
    int m_attempt = 0;
    int m_quickRestarts = 0;

    QTimer m_retryTimer;
    QTimer m_tickTimer;
    QTimer m_releaseTimer;
    QElapsedTimer m_sinceMessage;
    QElapsedTimer m_retryClock;
    double m_retryDelaySeconds = 0;

    std::uint64_t m_batchesApplied = 0;
    int m_reconnectCount = 0;
    int m_layoutsFetched = 0;
    int m_snapshotsRequested = 0;
};

} // namespace greenlight::console
