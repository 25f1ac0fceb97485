#include "greenwaveclient.h"

#include "console/controlclient.h"
#include "console/gatewaylink.h"
#include "console/greenwavecalls.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcWave, "greenlight.wave")

namespace greenlight::console {

namespace {

constexpr auto kShutdownWait = std::chrono::milliseconds(2000);
// A command unanswered within the call timeout is sent again, with the same key, this often.
constexpr int kMaxAttempts = 3;
// Commands remembered for their callers.
constexpr size_t kCommandsKept = 32;
// A gateway without green waves is asked again this seldom.
constexpr int kUnsupportedRetryMs = 30000;
// Planning walks the road graph: it may take longer than a command.
constexpr int kPlanTimeoutFactor = 2;

QString commandName(GreenWaveClient::Command::Kind kind)
{
    return kind == GreenWaveClient::Command::Kind::Dispatch ? GreenWaveClient::tr("Dispatch")
                                                            : GreenWaveClient::tr("Abort");
}

} // namespace

GreenWaveClient::GreenWaveClient(GatewayLink *link, ControlClient *control, QObject *parent)
    : QObject(parent)
    , m_link(link)
    , m_control(control)
    , m_mailbox(std::make_shared<detail::WaveMailbox>())
{
    m_mailbox->client = this;
    m_watchRetry.setSingleShot(true);
    connect(&m_watchRetry, &QTimer::timeout, this, &GreenWaveClient::updateWatch);
    connect(m_link, &GatewayLink::statusChanged, this, [this] {
        // Back on line: do not wait out a long backoff.
        if (linkUp() && m_watchRetry.isActive() && m_watchState != WatchUnsupported) {
            m_watchAttempt = 0;
            m_watchRetry.start(0);
        }
        updateWatch();
        if (m_lastMayDispatch != mayDispatch()) {
            m_lastMayDispatch = mayDispatch();
            Q_EMIT availabilityChanged();
        }
    });
    connect(m_control, &ControlClient::loginChanged, this, [this] {
        updateWatch();
        m_lastMayDispatch = mayDispatch();
        Q_EMIT availabilityChanged();
    });
    m_watchText = tr("Wave updates: not connected");
}

GreenWaveClient::~GreenWaveClient()
{
    {
        std::lock_guard lock(m_mailbox->mutex);
        m_mailbox->client = nullptr;
    }
    if (m_watcher)
        m_watcher->cancel();
    m_watcher.reset();
    for (auto &weak : m_inflight)
        if (auto call = weak.lock())
            call->context.TryCancel();
    m_inflight.clear();
    if (m_connection && !m_connection->waitIdle(kShutdownWait)) {
        qCWarning(lcWave) << "wave calls did not end within" << kShutdownWait.count()
                          << "ms; leaving their channel to the process";
        new std::shared_ptr<detail::Connection>(std::move(m_connection));  // never freed on purpose
        (void)m_stub.release();  // it holds the channel too
    }
}

void GreenWaveClient::start(const QString &address)
{
    m_connection = detail::Connection::open(address.toStdString(), m_backoff);
    m_stub = std::make_unique<detail::WaveStub>();
    m_stub->stub = v1::GreenWaveService::NewStub(m_connection->channel);
    m_watchAttempt = 0;
    updateWatch();
}

bool GreenWaveClient::linkUp() const
{
    return m_link->status() == GatewayLink::Connected;
}

bool GreenWaveClient::mayDispatch() const
{
    return linkUp() && m_control->isLoggedIn() && m_control->role() >= core::ControlRole::Coordinator;
}

QString GreenWaveClient::blockedText() const
{
    if (!m_control->isLoggedIn())
        return tr("Log in to dispatch green waves.");
    if (m_control->role() < core::ControlRole::Coordinator)
        return tr("Green waves need the coordinator role; you are %1.").arg(m_control->roleName());
    if (!linkUp())
        return tr("The link to the gateway is down: nothing can be sent.");
    return {};
}

QString GreenWaveClient::refusalHere() const
{
    if (!m_connection)
        return tr("not connected to a gateway");
    if (!m_control->isLoggedIn())
        return tr("you are not logged in");
    if (m_control->role() < core::ControlRole::Coordinator)
        return tr("green waves need the coordinator role or above");
    if (!linkUp())
        return tr("the link to the gateway is down");
    return {};
}

void GreenWaveClient::track(std::shared_ptr<detail::CallBase> call)
{
    std::erase_if(m_inflight, [](const auto &weak) { return weak.expired(); });
    m_inflight.push_back(std::move(call));
}

int GreenWaveClient::runningCount() const
{
    return static_cast<int>(std::count_if(m_waves.begin(), m_waves.end(),
                                          [](const auto &entry) { return entry.second.running(); }));
}

const WaveInfo *GreenWaveClient::wave(const std::string &id) const
{
    auto it = m_waves.find(id);
    return it == m_waves.end() ? nullptr : &it->second;
}

// --- the watch ---------------------------------------------------------------------------------

bool GreenWaveClient::wantWatch() const
{
    return m_connection && m_control->isLoggedIn() && linkUp();
}

void GreenWaveClient::updateWatch()
{
    if (!wantWatch()) {
        ++m_watchGeneration;  // whatever the old stream still says is stale
        m_watchRetry.stop();
        if (m_watcher)
            m_watcher->cancel();
        m_watcher.reset();
        if (m_connection && m_control->isLoggedIn())
            setWatch(WatchRetrying, tr("Wave updates paused: the link to the gateway is down"));
        else
            setWatch(WatchIdle, tr("Wave updates: not logged in"));
        return;
    }
    // Open with the operator's current token: nothing to do. A new login needs a new stream.
    if (m_watcher && m_watchToken == m_control->token())
        return;
    if (!m_watcher && m_watchRetry.isActive())
        return;  // backing off; the timer calls again
    openWatch();
}

void GreenWaveClient::openWatch()
{
    m_watchRetry.stop();
    if (m_watcher)
        m_watcher->cancel();
    const std::uint64_t generation = ++m_watchGeneration;
    m_watchToken = m_control->token();
    m_watcher = std::make_shared<detail::WaveWatcher>(m_mailbox, m_connection.get(), generation);
    m_watcher->start(m_stub->stub.get(), m_watchToken, m_watcher);
    if (m_watchState != WatchUnsupported)
        setWatch(WatchOpening, tr("Wave updates: connecting…"));
    listWaves();
}

void GreenWaveClient::scheduleWatchRetry()
{
    ++m_watchAttempt;
    const double delay = backoffDelaySeconds(m_watchAttempt, QRandomGenerator::global()->generateDouble(), m_backoff);
    m_watchRetry.start(m_watchState == WatchUnsupported ? kUnsupportedRetryMs : static_cast<int>(delay * 1000));
}

void GreenWaveClient::setWatch(WatchState state, const QString &text)
{
    if (state == m_watchState && text == m_watchText)
        return;
    m_watchState = state;
    m_watchText = text;
    Q_EMIT watchChanged();
}

void GreenWaveClient::onWaveUpdate(std::uint64_t generation, const std::vector<WaveInfo> &waves, double simTime)
{
    if (generation != m_watchGeneration)
        return;
    m_watchAttempt = 0;
    if (m_watchState != WatchOpen)
        setWatch(WatchOpen, tr("Wave updates live"));
    m_simTime = std::max(m_simTime, simTime);
    std::vector<std::string> changed;
    for (const WaveInfo &w : waves)
        if (upsert(w))
            changed.push_back(w.waveId);
    Q_EMIT wavesChanged(changed);
}

void GreenWaveClient::onWatchEnded(std::uint64_t generation, const grpc::Status &status)
{
    if (generation != m_watchGeneration)
        return;
    m_watcher.reset();
    switch (status.error_code()) {
    case grpc::UNIMPLEMENTED:
        setWatch(WatchUnsupported, tr("This gateway does not offer green waves (yet)"));
        break;
    case grpc::UNAUTHENTICATED:
    case grpc::PERMISSION_DENIED:
        setWatch(WatchRetrying, tr("Wave updates refused: %1").arg(detail::operatorMessage(status)));
        break;
    default:
        qCInfo(lcWave).noquote() << "wave watch ended:" << detail::statusCodeName(status.error_code())
                                 << QString::fromStdString(status.error_message());
        setWatch(WatchRetrying, linkUp() ? tr("Wave updates lost (%1), reconnecting…").arg(detail::operatorMessage(status))
                                         : tr("Wave updates paused: the link to the gateway is down"));
        break;
    }
    scheduleWatchRetry();
}

void GreenWaveClient::listWaves()
{
    std::weak_ptr<detail::WaveMailbox> weakBox = m_mailbox;
    const std::uint64_t generation = m_watchGeneration;
    track(detail::startList({m_connection.get(), m_stub->stub.get(), m_watchToken,
                             std::chrono::milliseconds(m_callTimeoutMs)},
                            [weakBox, generation](const grpc::Status &status, std::vector<WaveInfo> waves,
                                                  double simTime) {
                                if (!status.ok())
                                    return;  // the watch says what is wrong
                                if (auto box = weakBox.lock())
                                    box->post([=](GreenWaveClient *client) {
                                        if (generation == client->m_watchGeneration)
                                            client->onWaveUpdate(generation, waves, simTime);
                                    });
                            }));
}

bool GreenWaveClient::upsert(const WaveInfo &wave)
{
    if (wave.waveId.empty())
        return false;
    auto it = m_waves.find(wave.waveId);
    if (it == m_waves.end()) {
        m_waves.emplace(wave.waveId, wave);
        return true;
    }
    // An older message (a list answered late, a command's answer) never undoes a newer one.
    if (wave.updatedSimS <= 0 || wave.updatedSimS < it->second.updatedSimS)
        return false;
    const bool ended = it->second.running() && !wave.running();
    it->second = wave;
    if (ended) {
        const QString what = QString::fromStdString(wave.destinationLabel.empty() ? wave.waveId : wave.destinationLabel);
        Q_EMIT notice(tr("Green wave to %1 ended: %2").arg(what, QString::fromStdString(wave.outcome)),
                      wave.state != WaveState::Arrived);
    }
    return true;
}

// --- plans -------------------------------------------------------------------------------------

std::uint64_t GreenWaveClient::plan(const WavePlace &origin, const WavePlace &destination)
{
    const std::uint64_t request = ++m_planRequest;
    QString refusal = refusalHere();
    if (refusal.isEmpty() && (!origin.isSet() || !destination.isSet()))
        refusal = tr("choose an origin and a destination first");
    if (!refusal.isEmpty()) {
        Q_EMIT planFinished(request, false, {}, tr("Not planned: %1").arg(refusal));
        return 0;
    }
    std::weak_ptr<detail::WaveMailbox> weakBox = m_mailbox;
    track(detail::startPlan({m_connection.get(), m_stub->stub.get(), m_control->token(),
                             std::chrono::milliseconds(m_callTimeoutMs * kPlanTimeoutFactor)},
                            origin, destination, [weakBox, request](const grpc::Status &status, WavePlanInfo plan) {
                                if (auto box = weakBox.lock())
                                    box->post([=](GreenWaveClient *client) {
                                        client->onPlanDone(request, status, plan);
                                    });
                            }));
    return request;
}

void GreenWaveClient::onPlanDone(std::uint64_t request, const grpc::Status &status, const WavePlanInfo &plan)
{
    if (request != m_planRequest)
        return;  // superseded
    if (status.ok()) {
        Q_EMIT planFinished(request, true, plan, {});
        return;
    }
    Q_EMIT planFinished(request, false, {}, detail::operatorMessage(status));
}

// --- commands ----------------------------------------------------------------------------------

std::string GreenWaveClient::registerCommand(Command command)
{
    const QString what = commandName(command.kind);
    QString refusal = refusalHere();
    if (refusal.isEmpty() && command.reason.empty())
        refusal = tr("a reason is required");
    if (refusal.isEmpty() && command.kind == Command::Kind::Dispatch
        && (!command.origin.isSet() || !command.destination.isSet()))
        refusal = tr("choose an origin and a destination first");
    if (refusal.isEmpty() && command.kind == Command::Kind::Abort) {
        const WaveInfo *w = wave(command.waveId);
        if (w && !w->running())
            refusal = tr("the wave has already ended (%1)").arg(QString::fromStdString(w->outcome));
    }
    if (refusal.isEmpty())
        for (const Command &c : m_commands)
            if (c.state == Command::State::Sending && c.kind == command.kind
                && (command.kind == Command::Kind::Dispatch || c.waveId == command.waveId)) {
                refusal = tr("the previous one has not been answered yet");
                break;
            }
    if (!refusal.isEmpty()) {
        Q_EMIT notice(tr("%1 not sent: %2").arg(what, refusal), true);
        return {};
    }
    command.key = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    m_commands.push_back(std::move(command));
    while (m_commands.size() > kCommandsKept && m_commands.front().state != Command::State::Sending)
        m_commands.pop_front();
    Command &stored = m_commands.back();
    send(stored);
    Q_EMIT commandChanged(stored.key);
    return stored.key;
}

std::string GreenWaveClient::dispatch(const WavePlace &origin, const WavePlace &destination, const QString &reason,
                                      int priority)
{
    Command command;
    command.kind = Command::Kind::Dispatch;
    command.origin = origin;
    command.destination = destination;
    command.reason = reason.trimmed().toStdString();
    command.priority = std::clamp(priority, 1, 9);
    return registerCommand(std::move(command));
}

std::string GreenWaveClient::abort(const std::string &waveId, const QString &reason)
{
    Command command;
    command.kind = Command::Kind::Abort;
    command.waveId = waveId;
    command.reason = reason.trimmed().toStdString();
    return registerCommand(std::move(command));
}

GreenWaveClient::Command *GreenWaveClient::findCommand(const std::string &key)
{
    for (Command &c : m_commands)
        if (c.key == key)
            return &c;
    return nullptr;
}

const GreenWaveClient::Command *GreenWaveClient::command(const std::string &key) const
{
    return const_cast<GreenWaveClient *>(this)->findCommand(key);
}

void GreenWaveClient::send(Command &command)
{
    ++command.attempts;
    command.state = Command::State::Sending;
    qCInfo(lcWave).noquote() << commandName(command.kind) << QString::fromStdString(command.waveId) << "key"
                             << QString::fromStdString(command.key) << "attempt" << command.attempts;
    const detail::WaveSetup setup{m_connection.get(), m_stub->stub.get(), m_control->token(),
                                  std::chrono::milliseconds(m_callTimeoutMs)};
    std::weak_ptr<detail::WaveMailbox> weakBox = m_mailbox;
    auto done = [weakBox, key = command.key](const grpc::Status &status, WaveInfo wave) {
        if (auto box = weakBox.lock())
            box->post([=](GreenWaveClient *client) { client->onCommandDone(key, status, wave); });
    };
    if (command.kind == Command::Kind::Dispatch)
        track(detail::startDispatch(setup, command.origin, command.destination, command.reason, command.priority,
                                    command.key, done));
    else
        track(detail::startAbort(setup, command.waveId, command.reason, command.key, done));
}

void GreenWaveClient::onCommandDone(const std::string &key, const grpc::Status &status, const WaveInfo &wave)
{
    Command *command = findCommand(key);
    if (!command || command->state != Command::State::Sending)
        return;
    if (status.ok()) {
        command->waveId = wave.waveId;
        if (upsert(wave))
            Q_EMIT wavesChanged({wave.waveId});
        finish(*command, Command::State::Done, {});
        return;
    }
    if (status.error_code() == grpc::DEADLINE_EXCEEDED && command->attempts < kMaxAttempts) {
        if (linkUp()) {
            qCInfo(lcWave) << "no answer in time; sending again with the same key";
            send(*command);
            Q_EMIT commandChanged(key);
            return;
        }
        finish(*command, Command::State::Failed,
               tr("no answer, and the link is down: the gateway may or may not have applied it"));
        return;
    }
    if (status.error_code() == grpc::DEADLINE_EXCEEDED) {
        finish(*command, Command::State::Failed,
               tr("no answer after %1 attempts: the gateway may or may not have applied it").arg(command->attempts));
        return;
    }
    finish(*command, detail::isTransportFailure(status) ? Command::State::Failed : Command::State::Refused,
           detail::operatorMessage(status));
}

void GreenWaveClient::finish(Command &command, Command::State state, const QString &message)
{
    command.state = state;
    command.message = message;
    const std::string key = command.key;
    if (state == Command::State::Refused || state == Command::State::Failed) {
        const QString verb = state == Command::State::Refused ? tr("refused") : tr("failed");
        Q_EMIT notice(tr("%1 %2: %3").arg(commandName(command.kind), verb, message), true);
    }
    Q_EMIT commandChanged(key);
}

} // namespace greenlight::console
