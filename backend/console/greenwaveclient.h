#pragma once

#include "console/backoff.h"
#include "console/wavetypes.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace grpc {
class Status;
} // namespace grpc

namespace greenlight::console {

class ControlClient;
class GatewayLink;

namespace detail {
struct CallBase;
struct Connection;
struct WaveMailbox;
struct WaveStub;
class WaveWatcher;
} // namespace detail

// The coordinator's side of GreenWaveService: plans routes, dispatches and aborts green waves
// (each command with a fresh idempotency key and a deadline, sent again with the same key after
// a timeout), and keeps every wave of the gateway run up to date through WatchWaves, reopened
// with backoff after a drop and refreshed with ListWaves each time it opens. Nothing is sent
// while the link is down; the operator is told why instead.
//
// Threading: as ControlClient. Lives on the GUI thread and never blocks it; calls run on gRPC's
// threads and reach the client only through a mailbox whose pointer to the client is cleared by
// the destructor, which then cancels what is in flight and waits briefly for it, so the channel
// is never released on a gRPC thread. Uses its own channel to the gateway and the operator's
// token from the ControlClient (the login decides who dispatches).
class GreenWaveClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(WatchState watchState READ watchState NOTIFY watchChanged)
    Q_PROPERTY(QString watchText READ watchText NOTIFY watchChanged)
    Q_PROPERTY(bool mayDispatch READ mayDispatch NOTIFY availabilityChanged)
    Q_PROPERTY(QString blockedText READ blockedText NOTIFY availabilityChanged)
    Q_PROPERTY(int runningCount READ runningCount NOTIFY wavesChanged)
    Q_PROPERTY(double simTime READ simTime NOTIFY wavesChanged)

public:
    // Where the WatchWaves stream stands.
    enum WatchState {
        WatchIdle,         // not started, not logged in, or the link is down
        WatchOpening,      // asked, nothing received yet
        WatchOpen,         // updates arrive
        WatchRetrying,     // dropped; reopening after a backoff (or once the link is back)
        WatchUnsupported,  // the gateway does not offer green waves (yet); asked again slowly
    };
    Q_ENUM(WatchState)

    // One dispatch or abort.
    struct Command {
        enum class Kind { Dispatch, Abort };
        enum class State {
            Sending,  // sent, no answer yet (or being sent again after a timeout)
            Done,     // the gateway accepted it; waveId names the wave
            Refused,  // the gateway refused it; message says why, in its words
            Failed,   // not sent, or no answer; message says why
        };
        Kind kind = Kind::Dispatch;
        std::string key;         // idempotency key, reused by retries
        std::string waveId;      // Abort: the wave; Dispatch: set once accepted
        std::string reason;
        int priority = 5;
        WavePlace origin;
        WavePlace destination;
        State state = State::Sending;
        QString message;
        int attempts = 0;
    };

    // The link tells whether the gateway is reachable; the control client who is logged in.
    // Neither is owned; both must outlive this client.
    GreenWaveClient(GatewayLink *link, ControlClient *control, QObject *parent = nullptr);
    ~GreenWaveClient() override;

    // Replaces the backoff of watch reconnects (tests use short delays).
    void setBackoffPolicy(const BackoffPolicy &policy) { m_backoff = policy; }
    // How long one call may take before it is sent again (commands) or given up (plans).
    void setCallTimeout(int milliseconds) { m_callTimeoutMs = milliseconds; }

    // Opens the channel to HOST:PORT; the watch starts once logged in with the link up.
    void start(const QString &address);

    WatchState watchState() const { return m_watchState; }
    // The watch, in words for the coordinator view ("Wave updates lost, reconnecting in 2 s").
    QString watchText() const { return m_watchText; }
    // Logged in as a coordinator or above with the link up.
    bool mayDispatch() const;
    // Why dispatching is not possible now, in words; empty when it is.
    QString blockedText() const;

    // Plans a route; returns the request's number (planFinished names it), or 0 when it was not
    // sent (planFinished has already said why). A newer plan supersedes older ones.
    std::uint64_t plan(const WavePlace &origin, const WavePlace &destination);
    // Dispatches a wave; returns its idempotency key, or an empty string when it was refused here
    // without being sent (the reason is in a notice and the command).
    std::string dispatch(const WavePlace &origin, const WavePlace &destination, const QString &reason, int priority);
    // Aborts a running wave; as dispatch().
    std::string abort(const std::string &waveId, const QString &reason);
    // A command by its key (the newest few are kept), or nullptr.
    const Command *command(const std::string &key) const;

    // Every wave of the gateway run known so far, by id.
    const std::map<std::string, WaveInfo> &waves() const { return m_waves; }
    // A wave by id, or nullptr.
    const WaveInfo *wave(const std::string &id) const;
    int runningCount() const;
    // Simulation time of the newest wave update.
    double simTime() const { return m_simTime; }

    // From the mailbox (GUI thread); public for the gRPC side only.
    void onWaveUpdate(std::uint64_t generation, const std::vector<WaveInfo> &waves, double simTime);
    void onWatchEnded(std::uint64_t generation, const grpc::Status &status);

Q_SIGNALS:
    void watchChanged();
    void availabilityChanged();
    // These waves appeared or changed (ids).
    void wavesChanged(const std::vector<std::string> &ids);
    // Plan `request` ended: ok with the plan, or not with the reason in words.
    void planFinished(std::uint64_t request, bool ok, const greenlight::console::WavePlanInfo &plan,
                      const QString &error);
    // A command changed state.
    void commandChanged(const std::string &key);
    // Something the operator must be told: a refusal, a failure, a wave that ended.
    void notice(const QString &text, bool warning);

private:
    void track(std::shared_ptr<detail::CallBase> call);
    bool linkUp() const;
    bool wantWatch() const;
    void updateWatch();
    void openWatch();
    void scheduleWatchRetry();
    void setWatch(WatchState state, const QString &text);
    void listWaves();
    bool upsert(const WaveInfo &wave);
    void onPlanDone(std::uint64_t request, const grpc::Status &status, const WavePlanInfo &plan);
    void send(Command &command);
    void onCommandDone(const std::string &key, const grpc::Status &status, const WaveInfo &wave);
    void finish(Command &command, Command::State state, const QString &message);
    Command *findCommand(const std::string &key);
    std::string registerCommand(Command command);
    QString refusalHere() const;

    GatewayLink *m_link;
    ControlClient *m_control;
    std::shared_ptr<detail::WaveMailbox> m_mailbox;
    std::shared_ptr<detail::Connection> m_connection;
    std::unique_ptr<detail::WaveStub> m_stub;
    std::shared_ptr<detail::WaveWatcher> m_watcher;
    std::vector<std::weak_ptr<detail::CallBase>> m_inflight;
    BackoffPolicy m_backoff;
    int m_callTimeoutMs = 5000;

    WatchState m_watchState = WatchIdle;
    QString m_watchText;
    std::uint64_t m_watchGeneration = 0;
    std::string m_watchToken;   // the token the open watch was started with
    int m_watchAttempt = 0;
    QTimer m_watchRetry;
    bool m_lastMayDispatch = false;

    std::map<std::string, WaveInfo> m_waves;
    double m_simTime = 0;
    std::uint64_t m_planRequest = 0;
    std::deque<Command> m_commands;  // newest last
};

} // namespace greenlight::console
