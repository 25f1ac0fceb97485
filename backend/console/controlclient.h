#pragma once

#include "console/backoff.h"
#include "core/livestate.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace grpc {
class Status;
} // namespace grpc

namespace greenlight::v1 {
class SessionEvent;
} // namespace greenlight::v1

namespace greenlight::console {

class GatewayLink;
class StateStore;

namespace detail {
struct CallBase;
struct Connection;
struct ControlMailbox;
class SessionReader;
} // namespace detail

// The operator's side of ControlService: who is logged in (WhoAmI), their session (OpenSession,
// kept open and reopened with backoff), and the commands they send (leases and overrides), each
// with a fresh idempotency key and a deadline, retried with the same key after a timeout, and
// followed until the live stream shows its effect.
//
// Threading: lives on the GUI thread and never blocks it. Calls run on gRPC's threads (callback
// API); their results reach the client only through a mailbox whose pointer to the client is
// cleared by the destructor, which then cancels what is in flight and waits briefly for it, so
// the channel is never released on a gRPC thread.
class ControlClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(LoginState loginState READ loginState NOTIFY loginChanged)
    Q_PROPERTY(bool loggedIn READ isLoggedIn NOTIFY loginChanged)
    Q_PROPERTY(QString operatorName READ operatorName NOTIFY loginChanged)
    Q_PROPERTY(QString requestedName READ requestedName NOTIFY loginChanged)
    Q_PROPERTY(int role READ roleValue NOTIFY loginChanged)
    Q_PROPERTY(QString roleName READ roleName NOTIFY loginChanged)
    Q_PROPERTY(bool demoMode READ isDemoMode NOTIFY loginChanged)
    Q_PROPERTY(bool mayControl READ mayControl NOTIFY loginChanged)
    Q_PROPERTY(QString loginError READ loginError NOTIFY loginChanged)
    Q_PROPERTY(SessionState sessionState READ sessionState NOTIFY sessionChanged)
    Q_PROPERTY(QString sessionText READ sessionText NOTIFY sessionChanged)
    Q_PROPERTY(qint64 now READ now NOTIFY nowChanged)

public:
    // Where the login stands.
    enum LoginState {
        NotStarted,   // start() not called yet
        Identifying,  // asking the gateway who the token belongs to (retrying while it is away)
        NeedsLogin,   // the gateway wants a name and token (none given, or a wrong one)
        LoggedIn,     // the gateway knows the operator (or runs in demo mode)
    };
    Q_ENUM(LoginState)

    // Where the operator's session stream stands.
    enum SessionState {
        SessionClosed,       // not logged in, or stopped
        SessionOpening,      // asked, no answer yet (or waiting to reopen after a drop)
        SessionOpen,         // the gateway confirmed it
        SessionUnsupported,  // the gateway does not implement OpenSession (yet); retried slowly
    };
    Q_ENUM(SessionState)

    // What a command does.
    enum class Action { Acquire, TakeOver, Release, Hold, Advance, GoToPhase, Flash, Restore };

    // Where the newest command sent about one intersection stands.
    struct Command {
        enum class State {
            Sending,    // sent, no answer yet (or being retried after a timeout)
            Pending,    // accepted; waiting for the live stream to show it in the field
            Effective,  // the live stream shows it in the field
            Done,       // a lease command the gateway granted, or a restore that has completed
            Refused,    // the gateway refused it; `message` says why
            Failed,     // not sent, or no answer; `message` says why
        };
        Action action = Action::Hold;
        int intersection = -1;
        std::string key;           // idempotency key, reused by retries
        std::string reason;
        int phase = -1;            // GoToPhase only
        double durationS = 0;
        State state = State::Sending;
        QString message;           // refusal, failure, or the gateway's timing note
        int attempts = 0;          // times sent; 0 when refused here without sending
        bool seenInStream = false; // the stream has shown this override at least once
    };

    // The link tells whether the gateway is reachable; the store shows the effect of commands.
    // Both are not owned and must outlive the client.
    ControlClient(GatewayLink *link, StateStore *store, QObject *parent = nullptr);
    ~ControlClient() override;

    // The name and token to log in with (from the command line); call before start().
    void setCredentials(const QString &name, const QString &token);
    // Replaces the clock (Unix ms) used for countdowns; tests pass a fixed one.
    void setClock(std::function<qint64()> clock);
    // Replaces the backoff of WhoAmI and session retries (tests use short delays).
    void setBackoffPolicy(const BackoffPolicy &policy) { m_backoff = policy; }
    // How long one call may take before it is retried (with the same key).
    void setCallTimeout(int milliseconds) { m_callTimeoutMs = milliseconds; }

    // Connects to HOST:PORT and asks who the operator is.
    void start(const QString &address);
    // Logs in with a name and token (the login dialog); the gateway decides.
    Q_INVOKABLE void login(const QString &name, const QString &token);

    LoginState loginState() const { return m_loginState; }
    bool isLoggedIn() const { return m_loginState == LoggedIn; }
    QString operatorName() const { return m_operator; }
    QString requestedName() const { return m_requestedName; }
    core::ControlRole role() const { return m_role; }
    int roleValue() const { return static_cast<int>(m_role); }
    QString roleName() const { return roleText(m_role); }
    bool isDemoMode() const { return m_demo; }
    // The token the operator logged in with (empty in demo mode or before a login), for the
    // other clients that act as the operator.
    const std::string &token() const { return m_token; }
    // Logged in with a role that may take control (officer or above).
    bool mayControl() const { return isLoggedIn() && m_role >= core::ControlRole::Officer; }
    QString loginError() const { return m_loginError; }
    SessionState sessionState() const { return m_sessionState; }
    // The session, in words for the status bar.
    QString sessionText() const { return m_sessionText; }
    // The wall clock, Unix ms, advanced twice a second (for countdowns).
    qint64 now() const { return m_clock(); }

    // Sends a command about intersection `intersection` (layout index). Returns its idempotency
    // key, or an empty string when it was refused here without being sent (the reason is in
    // command() and a notice). Nothing is sent while the link is down.
    std::string send(Action action, int intersection, const QString &reason = {}, int phase = -1,
                     double durationS = 0);
    // The newest command about an intersection, or nullptr.
    const Command *command(int intersection) const;
    // Whether this operator holds the intersection's lease.
    bool holds(int intersection) const;

    // Human words for roles, override kinds and stages.
    static QString roleText(core::ControlRole role);
    static QString actionText(Action action);
    static QString overrideKindText(core::OverrideKind kind);

Q_SIGNALS:
    void loginChanged();
    void sessionChanged();
    void nowChanged();
    // The newest command about an intersection changed state.
    void commandChanged(int intersection);
    // Something the operator must be told: a refusal, a failure, a lease lost.
    void notice(const QString &text, bool warning);

private:
    friend class detail::SessionReader;

    // Remembers a call in flight, to cancel it on destruction.
    void track(std::shared_ptr<detail::CallBase> call);
    void whoAmI();
    void onWhoAmI(std::uint64_t generation, const grpc::Status &status, const QString &name, int role, bool demo);
    void setLogin(LoginState state, const QString &error = {});
    void openSession();
    void closeSession();
    void scheduleSessionRetry();
    void onSessionEvent(std::uint64_t generation, const v1::SessionEvent &event);
    void onSessionEnded(std::uint64_t generation, const grpc::Status &status);
    void setSession(SessionState state, const QString &text);
    void checkSession();
    void dispatch(Command &command);
    void onAnswer(int intersection, const std::string &key, const grpc::Status &status, const QString &detail);
    void onControlsChanged(const std::vector<int> &intersections);
    void confirm(Command &command);
    void finish(Command &command, Command::State state, const QString &message);
    bool linkUp() const;

    GatewayLink *m_link;
    StateStore *m_store;
    std::shared_ptr<detail::ControlMailbox> m_mailbox;
    std::shared_ptr<detail::Connection> m_connection;
    std::shared_ptr<detail::SessionReader> m_session;
    std::vector<std::weak_ptr<detail::CallBase>> m_inflight;  // to cancel them on destruction
    BackoffPolicy m_backoff;
    std::function<qint64()> m_clock;
    int m_callTimeoutMs = 5000;

    std::string m_token;
    QString m_requestedName;
    LoginState m_loginState = NotStarted;
    QString m_operator;
    core::ControlRole m_role = core::ControlRole::Unknown;
    bool m_demo = false;
    QString m_loginError;
    std::uint64_t m_whoGeneration = 0;
    int m_whoAttempt = 0;
    QTimer m_whoRetry;

    SessionState m_sessionState = SessionClosed;
    QString m_sessionText;
    std::uint64_t m_sessionGeneration = 0;
    int m_sessionAttempt = 0;
    QTimer m_sessionRetry;
    QElapsedTimer m_sinceSessionEvent;

    std::map<int, Command> m_commands;
    QTimer m_tick;
};

} // namespace greenlight::console
