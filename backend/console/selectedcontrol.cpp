#include "selectedcontrol.h"

#include "console/controlclient.h"
#include "console/gatewaylink.h"
#include "console/selectedintersection.h"
#include "console/statestore.h"

#include <algorithm>

namespace greenlight::console {

using Action = ControlClient::Action;
using State = ControlClient::Command::State;

SelectedControl::SelectedControl(SelectedIntersection *selection, StateStore *store, ControlClient *client,
                                 GatewayLink *link, QObject *parent)
    : QObject(parent)
    , m_selection(selection)
    , m_store(store)
    , m_client(client)
    , m_link(link)
{
    connect(m_selection, &SelectedIntersection::indexChanged, this, &SelectedControl::changed);
    connect(m_store, &StateStore::controlsChanged, this, [this](const std::vector<int> &changed) {
        if (std::find(changed.begin(), changed.end(), index()) != changed.end())
            Q_EMIT this->changed();
    });
    connect(m_client, &ControlClient::commandChanged, this, [this](int intersection) {
        if (intersection == index())
            Q_EMIT changed();
    });
    connect(m_client, &ControlClient::loginChanged, this, &SelectedControl::changed);
    connect(m_link, &GatewayLink::statusChanged, this, &SelectedControl::changed);
}

int SelectedControl::index() const
{
    return m_selection->index();
}

namespace {
const core::LeaseInfo *leaseOf(const StateStore *store, int i)
{
    const core::IntersectionControl *c = i >= 0 ? store->control(i) : nullptr;
    return c && c->lease ? &*c->lease : nullptr;
}
const core::OverrideInfo *overrideOf(const StateStore *store, int i)
{
    const core::IntersectionControl *c = i >= 0 ? store->control(i) : nullptr;
    return c && c->override_ ? &*c->override_ : nullptr;
}
} // namespace

bool SelectedControl::isHeld() const
{
    return leaseOf(m_store, index()) != nullptr;
}

bool SelectedControl::isMine() const
{
    return m_client->holds(index());
}

QString SelectedControl::holder() const
{
    const auto *lease = leaseOf(m_store, index());
    return lease ? QString::fromStdString(lease->holder) : QString();
}

QString SelectedControl::holderRole() const
{
    const auto *lease = leaseOf(m_store, index());
    return lease ? ControlClient::roleText(lease->role) : QString();
}

QString SelectedControl::reason() const
{
    const auto *lease = leaseOf(m_store, index());
    return lease ? QString::fromStdString(lease->reason) : QString();
}

qint64 SelectedControl::leaseExpires() const
{
    const auto *lease = leaseOf(m_store, index());
    return lease ? lease->expiresUnixMs : 0;
}

bool SelectedControl::hasOverride() const
{
    return overrideOf(m_store, index()) != nullptr;
}

QString SelectedControl::overrideText() const
{
    const auto *o = overrideOf(m_store, index());
    if (!o)
        return {};
    const QString kind = ControlClient::overrideKindText(o->kind);
    if (o->kind == core::OverrideKind::Flash || o->targetPhase < 0)
        return kind;
    return tr("%1 · phase %2").arg(kind).arg(o->targetPhase + 1);
}

bool SelectedControl::overrideEffective() const
{
    const auto *o = overrideOf(m_store, index());
    return o && o->stage == core::OverrideStage::Effective;
}

int SelectedControl::overridePhase() const
{
    const auto *o = overrideOf(m_store, index());
    return o && o->kind != core::OverrideKind::Flash ? o->targetPhase : -1;
}

QString SelectedControl::overrideNote() const
{
    const auto *o = overrideOf(m_store, index());
    return o ? QString::fromStdString(o->note) : QString();
}

qint64 SelectedControl::overrideExpires() const
{
    const auto *o = overrideOf(m_store, index());
    return o ? o->expiresUnixMs : 0;
}

SelectedControl::CommandState SelectedControl::commandState() const
{
    const auto *command = m_client->command(index());
    if (!command)
        return NoCommand;
    switch (command->state) {
    case State::Sending: return Sending;
    case State::Pending: return Pending;
    case State::Effective: return Effective;
    case State::Done: return Done;
    case State::Refused: return Refused;
    case State::Failed: return Failed;
    }
    return NoCommand;
}

QString SelectedControl::commandText() const
{
    const auto *command = m_client->command(index());
    if (!command)
        return {};
    QString what = ControlClient::actionText(command->action);
    if (command->action == Action::Acquire && isMine())
        what = tr("Renew");
    if (command->action == Action::GoToPhase && command->phase >= 0)
        what = tr("Go to phase %1").arg(command->phase + 1);
    const auto withMessage = [&](const QString &text) {
        return command->message.isEmpty() ? text : tr("%1: %2").arg(text, command->message);
    };
    switch (command->state) {
    case State::Sending:
        return command->attempts > 1 ? tr("%1 — no answer yet, sending again (attempt %2)…").arg(what).arg(command->attempts)
                                     : tr("%1 — sending…").arg(what);
    case State::Pending:
        return withMessage(tr("%1 — pending, waiting for the field").arg(what));
    case State::Effective:
        return tr("%1 — effective").arg(what);
    case State::Done:
        return withMessage(tr("%1 — done").arg(what));
    case State::Refused:
        return withMessage(tr("%1 refused").arg(what));
    case State::Failed:
        return withMessage(command->attempts == 0 ? tr("%1 not sent").arg(what) : tr("%1 failed").arg(what));
    }
    return {};
}

bool SelectedControl::canTakeControl() const
{
    return index() >= 0 && m_client->mayControl() && m_link->status() == GatewayLink::Connected && !isHeld();
}

bool SelectedControl::canTakeOver() const
{
    const auto *lease = leaseOf(m_store, index());
    return lease && !isMine() && m_client->mayControl() && m_link->status() == GatewayLink::Connected
        && m_client->role() >= core::ControlRole::Coordinator && lease->role < m_client->role();
}

bool SelectedControl::canCommand() const
{
    return isMine() && m_link->status() == GatewayLink::Connected;
}

QString SelectedControl::blockedText() const
{
    if (index() < 0)
        return {};
    if (!m_client->isLoggedIn())
        return tr("Log in to control signals.");
    if (!m_client->mayControl())
        return tr("Your role (%1) may watch but not control signals.").arg(m_client->roleName());
    if (m_link->status() != GatewayLink::Connected)
        return tr("The link to the gateway is down: no command can be sent.");
    if (isHeld() && !isMine() && !canTakeOver())
        return tr("Held by %1 (%2). Taking over needs a higher role.").arg(holder(), holderRole());
    return {};
}

bool SelectedControl::takeControl(const QString &reason)
{
    return !m_client->send(Action::Acquire, index(), reason).empty();
}

bool SelectedControl::renew()
{
    return isMine() && !m_client->send(Action::Acquire, index(), reason()).empty();
}

bool SelectedControl::takeOver(const QString &reason)
{
    return !m_client->send(Action::TakeOver, index(), reason).empty();
}

bool SelectedControl::release()
{
    return !m_client->send(Action::Release, index()).empty();
}

bool SelectedControl::hold(const QString &reason)
{
    return !m_client->send(Action::Hold, index(), reason).empty();
}

bool SelectedControl::advance(const QString &reason)
{
    return !m_client->send(Action::Advance, index(), reason).empty();
}

bool SelectedControl::goToPhase(int phase, const QString &reason)
{
    return !m_client->send(Action::GoToPhase, index(), reason, phase).empty();
}

bool SelectedControl::flash(const QString &reason)
{
    return !m_client->send(Action::Flash, index(), reason).empty();
}

bool SelectedControl::restore()
{
    return !m_client->send(Action::Restore, index()).empty();
}

} // namespace greenlight::console
