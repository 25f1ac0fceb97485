#include "controlclient.h"

#include "console/controlcalls.h"
#include "console/gatewaylink.h"
#include "console/statestore.h"
#include "convert/protoconvert.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcControl, "greenlight.control")

namespace greenlight::console {

namespace {

constexpr auto kShutdownWait = std::chrono::milliseconds(2000);
constexpr int kTickMs = 500;
// A command unanswered within the call timeout is sent again, with the same key, this often.
constexpr int kMaxAttempts = 3;
// The gateway sends heartbeats every few seconds; this long without any event, the session is
// taken for dead and reopened.
constexpr qint64 kSessionSilenceMs = 20000;

bool isLeaseAction(ControlClient::Action action)
{
    using A = ControlClient::Action;
    return action == A::Acquire || action == A::TakeOver || action == A::Release;
}

} // namespace

ControlClient::ControlClient(GatewayLink *link, StateStore *store, QObject *parent)
    : QObject(parent)
    , m_link(link)
    , m_store(store)
    , m_mailbox(std::make_shared<detail::ControlMailbox>())
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_mailbox->client = this;
    m_whoRetry.setSingleShot(true);
    connect(&m_whoRetry, &QTimer::timeout, this, &ControlClient::whoAmI);
    m_sessionRetry.setSingleShot(true);
    connect(&m_sessionRetry, &QTimer::timeout, this, &ControlClient::openSession);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        Q_EMIT nowChanged();
        checkSession();
    });
    m_tick.start();
    connect(m_store, &StateStore::controlsChanged, this, &ControlClient::onControlsChanged);
    connect(m_store, &StateStore::layoutChanged, this, [this] { m_commands.clear(); });
    // Back on line: do not wait out a long backoff to log in or to reopen the session.
    connect(m_link, &GatewayLink::statusChanged, this, [this] {
        if (!linkUp())
            return;
        if (m_whoRetry.isActive())
            m_whoRetry.start(0);
        if (m_sessionRetry.isActive())
            m_sessionRetry.start(0);
    });
    m_sessionText = tr("No session");
}

ControlClient::~ControlClient()
{
    {
        std::lock_guard lock(m_mailbox->mutex);
        m_mailbox->client = nullptr;
    }
    if (m_session)
        m_session->cancel();
    m_session.reset();
    for (auto &weak : m_inflight)
        if (auto call = weak.lock())
            call->context.TryCancel();
    m_inflight.clear();
    if (m_connection && !m_connection->waitIdle(kShutdownWait)) {
        qCWarning(lcControl) << "control calls did not end within" << kShutdownWait.count()
                             << "ms; leaving their channel to the process";
        new std::shared_ptr<detail::Connection>(std::move(m_connection));  // never freed on purpose
    }
}

void ControlClient::setCredentials(const QString &name, const QString &token)
{
    m_requestedName = name.trimmed();
    m_token = token.trimmed().toStdString();
}

void ControlClient::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
    Q_EMIT nowChanged();
}

void ControlClient::start(const QString &address)
{
    m_connection = detail::Connection::open(address.toStdString(), m_backoff);
    m_whoAttempt = 0;
    setLogin(Identifying);
    whoAmI();
}

void ControlClient::login(const QString &name, const QString &token)
{
    if (!m_connection)
        return;
    closeSession();
    setCredentials(name, token);
    m_whoAttempt = 0;
    setLogin(Identifying);
    whoAmI();
}

bool ControlClient::linkUp() const
{
    return m_link->status() == GatewayLink::Connected;
}

void ControlClient::track(std::shared_ptr<detail::CallBase> call)
{
    std::erase_if(m_inflight, [](const auto &weak) { return weak.expired(); });
    m_inflight.push_back(std::move(call));
}

void ControlClient::whoAmI()
{
    if (!m_connection)
        return;
    const std::uint64_t generation = ++m_whoGeneration;
    std::weak_ptr<detail::ControlMailbox> weakBox = m_mailbox;
    track(detail::startWhoAmI({m_connection.get(), m_token, std::chrono::milliseconds(m_callTimeoutMs)},
                              [weakBox, generation](const grpc::Status &status, QString name, int role, bool demo) {
                                  if (auto box = weakBox.lock())
                                      box->post([=](ControlClient *client) {
                                          client->onWhoAmI(generation, status, name, role, demo);
                                      });
                              }));
}

void ControlClient::onWhoAmI(std::uint64_t generation, const grpc::Status &status, const QString &name, int role,
                             bool demo)
{
    if (generation != m_whoGeneration)
        return;
    if (status.ok()) {
        if (!demo && !m_requestedName.isEmpty() && name != m_requestedName) {
            setLogin(NeedsLogin, tr("The name and token do not match. Check both and try again."));
            return;
        }
        m_whoAttempt = 0;
        m_operator = name;
        m_role = static_cast<core::ControlRole>(std::clamp(role, 0, static_cast<int>(core::ControlRole::Supervisor)));
        m_demo = demo;
        qCInfo(lcControl).noquote() << "logged in as" << name << roleText(m_role) << (demo ? "(demo mode)" : "");
        setLogin(LoggedIn);
        // A gateway with operators shows its city only to them: the link watches with this token.
        if (m_link)
            m_link->setToken(demo ? QString() : QString::fromStdString(m_token));
        openSession();
        return;
    }
    if (status.error_code() == grpc::UNAUTHENTICATED) {
        setLogin(NeedsLogin, m_token.empty() ? QString()
                                             : tr("The gateway did not accept this name and token. Try again."));
        return;
    }
    // Not reachable (yet): keep trying, telling the operator why nothing happens.
    ++m_whoAttempt;
    const double delay = backoffDelaySeconds(m_whoAttempt, QRandomGenerator::global()->generateDouble(), m_backoff);
    m_whoRetry.start(static_cast<int>(delay * 1000));
    m_loginError = tr("Cannot ask the gateway who you are: %1. Retrying…").arg(detail::operatorMessage(status));
    Q_EMIT loginChanged();
}

void ControlClient::setLogin(LoginState state, const QString &error)
{
    if (state != LoggedIn && m_loginState == LoggedIn) {
        closeSession();
        m_operator.clear();
        m_role = core::ControlRole::Unknown;
        m_demo = false;
    }
    m_loginState = state;
    m_loginError = error;
    Q_EMIT loginChanged();
}

void ControlClient::openSession()
{
    if (!isLoggedIn() || !m_connection)
        return;
    if (m_session)
        m_session->cancel();
    const std::uint64_t generation = ++m_sessionGeneration;
    m_session = std::make_shared<detail::SessionReader>(m_mailbox, m_connection.get(), generation);
    m_session->start(m_connection->control.get(), m_token, m_session);
    m_sinceSessionEvent.start();
    if (m_sessionState != SessionUnsupported)
        setSession(SessionOpening, tr("Opening session…"));
}

void ControlClient::closeSession()
{
    ++m_sessionGeneration;  // whatever the old stream still says is stale
    m_sessionRetry.stop();
    if (m_session)
        m_session->cancel();
    m_session.reset();
    setSession(SessionClosed, tr("No session"));
}

void ControlClient::scheduleSessionRetry()
{
    ++m_sessionAttempt;
    const double delay = backoffDelaySeconds(m_sessionAttempt, QRandomGenerator::global()->generateDouble(), m_backoff);
    m_sessionRetry.start(static_cast<int>(delay * 1000));
}

void ControlClient::onSessionEvent(std::uint64_t generation, const v1::SessionEvent &event)
{
    if (generation != m_sessionGeneration)
        return;
    m_sinceSessionEvent.start();
    m_sessionAttempt = 0;
    switch (event.kind()) {
    case v1::SessionEvent::KIND_OPENED:
        setSession(SessionOpen, tr("Session open"));
        break;
    case v1::SessionEvent::KIND_LEASE_LOST: {
        const int index = m_store->intersectionIndex(event.intersection_id());
        const QString where = index >= 0 ? QString::fromStdString(m_store->layout().intersections[size_t(index)].name)
                                         : QString::fromStdString(event.intersection_id());
        Q_EMIT notice(tr("You lost control of %1: %2").arg(where, QString::fromStdString(event.message())), true);
        break;
    }
    default:
        if (m_sessionState != SessionOpen)
            setSession(SessionOpen, tr("Session open"));
        break;
    }
}

void ControlClient::onSessionEnded(std::uint64_t generation, const grpc::Status &status)
{
    if (generation != m_sessionGeneration)
        return;
    m_session.reset();
    switch (status.error_code()) {
    case grpc::UNAUTHENTICATED:
        setLogin(NeedsLogin, tr("The gateway no longer accepts your token. Log in again."));
        return;
    case grpc::UNIMPLEMENTED:
        setSession(SessionUnsupported, tr("No session (not offered by this gateway)"));
        break;
    default:
        qCInfo(lcControl).noquote() << "session ended:" << detail::statusCodeName(status.error_code())
                                    << QString::fromStdString(status.error_message());
        setSession(SessionOpening, tr("Session lost, reopening…"));
        break;
    }
    scheduleSessionRetry();
}

void ControlClient::setSession(SessionState state, const QString &text)
{
    if (state == m_sessionState && text == m_sessionText)
        return;
    m_sessionState = state;
    m_sessionText = text;
    Q_EMIT sessionChanged();
}

void ControlClient::checkSession()
{
    if (m_session && m_sessionState == SessionOpen && m_sinceSessionEvent.elapsed() > kSessionSilenceMs) {
        qCInfo(lcControl) << "no session event for" << kSessionSilenceMs << "ms; reopening";
        m_session->cancel();  // its end reopens it
    }
}

const ControlClient::Command *ControlClient::command(int intersection) const
{
    auto it = m_commands.find(intersection);
    return it == m_commands.end() ? nullptr : &it->second;
}

bool ControlClient::holds(int intersection) const
{
    const core::IntersectionControl *control = m_store->control(intersection);
    return isLoggedIn() && control && control->lease && QString::fromStdString(control->lease->holder) == m_operator;
}

std::string ControlClient::send(Action action, int intersection, const QString &reason, int phase, double durationS)
{
    if (intersection < 0 || intersection >= m_store->intersectionCount())
        return {};
    const QString what = actionText(action);
    auto it = m_commands.find(intersection);
    if (it != m_commands.end() && it->second.state == Command::State::Sending) {
        Q_EMIT notice(tr("%1 not sent: the previous command has not been answered yet").arg(what), true);
        return {};
    }
    Command command;
    command.action = action;
    command.intersection = intersection;
    command.key = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    command.reason = reason.trimmed().toStdString();
    command.phase = phase;
    command.durationS = durationS;
    // An override without a reason of its own gives the lease's.
    const core::IntersectionControl *control = m_store->control(intersection);
    if (command.reason.empty() && !isLeaseAction(action) && control && control->lease)
        command.reason = control->lease->reason;

    QString refusal;
    if (!isLoggedIn())
        refusal = tr("you are not logged in");
    else if (m_role < core::ControlRole::Officer)
        refusal = tr("your role (%1) may not control signals").arg(roleName());
    else if (action == Action::TakeOver && m_role < core::ControlRole::Coordinator)
        refusal = tr("taking over needs the coordinator role or above");
    else if (!linkUp())
        refusal = tr("the link to the gateway is down");
    else if (command.reason.empty() && action != Action::Release && action != Action::Restore)
        refusal = tr("a reason is required");
    else if (action == Action::GoToPhase && phase < 0)
        refusal = tr("no phase chosen");
    if (!refusal.isEmpty()) {
        command.state = Command::State::Failed;
        command.message = refusal;
        m_commands[intersection] = command;
        Q_EMIT commandChanged(intersection);
        Q_EMIT notice(tr("%1 not sent: %2").arg(what, refusal), true);
        return {};
    }
    Command &stored = m_commands[intersection] = command;
    dispatch(stored);
    Q_EMIT commandChanged(intersection);
    return stored.key;
}

void ControlClient::dispatch(Command &command)
{
    ++command.attempts;
    command.state = Command::State::Sending;
    const int intersection = command.intersection;
    const std::string key = command.key;
    const std::string id = m_store->layout().intersections[size_t(intersection)].id;
    qCInfo(lcControl).noquote() << actionText(command.action) << QString::fromStdString(id) << "key"
                                << QString::fromStdString(key) << "attempt" << command.attempts;
    detail::CommandRequest request;
    request.action = command.action;
    request.intersectionId = id;
    request.reason = command.reason;
    request.key = key;
    request.phase = command.phase;
    request.durationS = command.durationS;
    std::weak_ptr<detail::ControlMailbox> weakBox = m_mailbox;
    track(detail::startCommand({m_connection.get(), m_token, std::chrono::milliseconds(m_callTimeoutMs)}, request,
                               [weakBox, intersection, key](const grpc::Status &status, QString note) {
                                   if (auto box = weakBox.lock())
                                       box->post([=](ControlClient *client) {
                                           client->onAnswer(intersection, key, status, note);
                                       });
                               }));
}

void ControlClient::onAnswer(int intersection, const std::string &key, const grpc::Status &status, const QString &note)
{
    auto it = m_commands.find(intersection);
    if (it == m_commands.end() || it->second.key != key)
        return;  // a newer command replaced it here
    Command &command = it->second;
    if (status.ok()) {
        command.state = Command::State::Pending;
        command.message = note;
        Q_EMIT commandChanged(intersection);
        confirm(command);
        return;
    }
    if (status.error_code() == grpc::DEADLINE_EXCEEDED && command.attempts < kMaxAttempts) {
        if (linkUp()) {
            qCInfo(lcControl) << "no answer in time; sending again with the same key";
            dispatch(command);
            Q_EMIT commandChanged(intersection);
            return;
        }
        finish(command, Command::State::Failed,
               tr("no answer, and the link is down: the gateway may or may not have applied it"));
        return;
    }
    if (status.error_code() == grpc::DEADLINE_EXCEEDED) {
        finish(command, Command::State::Failed,
               tr("no answer after %1 attempts: the gateway may or may not have applied it").arg(command.attempts));
        return;
    }
    if (status.error_code() == grpc::UNAUTHENTICATED)
        setLogin(NeedsLogin, tr("The gateway no longer accepts your token. Log in again."));
    finish(command, detail::isTransportFailure(status) ? Command::State::Failed : Command::State::Refused,
           detail::operatorMessage(status));
}

void ControlClient::onControlsChanged(const std::vector<int> &intersections)
{
    for (int i : intersections) {
        auto it = m_commands.find(i);
        if (it != m_commands.end())
            confirm(it->second);
    }
}

void ControlClient::confirm(Command &command)
{
    if (command.state != Command::State::Pending && command.state != Command::State::Effective)
        return;
    const core::IntersectionControl *control = m_store->control(command.intersection);
    const std::string me = m_operator.toStdString();
    switch (command.action) {
    case Action::Acquire:
    case Action::TakeOver:
        if (control && control->lease && control->lease->holder == me)
            finish(command, Command::State::Done, {});
        return;
    case Action::Release:
        if (!control || !control->lease || control->lease->holder != me)
            finish(command, Command::State::Done, {});
        return;
    default:
        break;
    }
    // Someone else holds it now (a take-over): the override may go on, but not as this operator's.
    if (control && control->lease && control->lease->holder != me) {
        finish(command, Command::State::Done,
               tr("control passed to %1").arg(QString::fromStdString(control->lease->holder)));
        return;
    }
    const core::OverrideInfo *shown = control && control->override_ ? &*control->override_ : nullptr;
    if (shown && shown->idempotencyKey == command.key) {
        command.seenInStream = true;
        const QString note = QString::fromStdString(shown->note);
        if (command.action != Action::Restore && shown->stage == core::OverrideStage::Effective
            && command.state != Command::State::Effective) {
            command.state = Command::State::Effective;
            command.message.clear();
            Q_EMIT commandChanged(command.intersection);
        } else if (command.state == Command::State::Pending && note != command.message && !note.isEmpty()) {
            command.message = note;
            Q_EMIT commandChanged(command.intersection);
        }
        return;
    }
    // The stream shows something else. A restore is done once no override is left; any other
    // command has ended once the stream has shown it and shows it no more.
    if (command.action == Action::Restore && !shown)
        finish(command, Command::State::Done, {});
    else if (command.seenInStream)
        finish(command, Command::State::Done, shown ? tr("replaced") : tr("ended"));
}

void ControlClient::finish(Command &command, Command::State state, const QString &message)
{
    command.state = state;
    command.message = message;
    Q_EMIT commandChanged(command.intersection);
    if (state == Command::State::Refused || state == Command::State::Failed) {
        const QString verb = state == Command::State::Refused ? tr("refused") : tr("failed");
        Q_EMIT notice(tr("%1 %2: %3").arg(actionText(command.action), verb, message), true);
    }
}

QString ControlClient::roleText(core::ControlRole role)
{
    switch (role) {
    case core::ControlRole::Viewer: return tr("viewer");
    case core::ControlRole::Officer: return tr("officer");
    case core::ControlRole::Coordinator: return tr("coordinator");
    case core::ControlRole::Supervisor: return tr("supervisor");
    default: break;
    }
    return tr("unknown role");
}

QString ControlClient::actionText(Action action)
{
    switch (action) {
    case Action::Acquire: return tr("Take control");
    case Action::TakeOver: return tr("Take over");
    case Action::Release: return tr("Release");
    case Action::Hold: return tr("Hold");
    case Action::Advance: return tr("Advance");
    case Action::GoToPhase: return tr("Go to phase");
    case Action::Flash: return tr("Flash");
    case Action::Restore: return tr("Restore");
    }
    return {};
}

QString ControlClient::overrideKindText(core::OverrideKind kind)
{
    switch (kind) {
    case core::OverrideKind::Hold: return tr("Hold");
    case core::OverrideKind::Advance: return tr("Advance");
    case core::OverrideKind::GoToPhase: return tr("Go to phase");
    case core::OverrideKind::Flash: return tr("Flash");
    case core::OverrideKind::Restore: return tr("Restoring");
    default: break;
    }
    return tr("Override");
}

} // namespace greenlight::console
