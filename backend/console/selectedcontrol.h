#pragma once

#include <QObject>
#include <QString>

namespace greenlight::console {

class ControlClient;
class GatewayLink;
class SelectedIntersection;
class StateStore;

// Who controls the selected intersection, what override runs there, where the operator's newest
// command about it stands, and which actions the operator may take now. The commands act on the
// selection through the ControlClient. Follows the selection, the store's controls, the client's
// login and commands, and the link.
class SelectedControl : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool held READ isHeld NOTIFY changed)
    Q_PROPERTY(bool mine READ isMine NOTIFY changed)
    Q_PROPERTY(QString holder READ holder NOTIFY changed)
    Q_PROPERTY(QString holderRole READ holderRole NOTIFY changed)
    Q_PROPERTY(QString reason READ reason NOTIFY changed)
    Q_PROPERTY(qint64 leaseExpires READ leaseExpires NOTIFY changed)
    Q_PROPERTY(bool hasOverride READ hasOverride NOTIFY changed)
    Q_PROPERTY(QString overrideText READ overrideText NOTIFY changed)
    Q_PROPERTY(bool overrideEffective READ overrideEffective NOTIFY changed)
    Q_PROPERTY(int overridePhase READ overridePhase NOTIFY changed)
    Q_PROPERTY(QString overrideNote READ overrideNote NOTIFY changed)
    Q_PROPERTY(qint64 overrideExpires READ overrideExpires NOTIFY changed)
    Q_PROPERTY(CommandState commandState READ commandState NOTIFY changed)
    Q_PROPERTY(QString commandText READ commandText NOTIFY changed)
    Q_PROPERTY(bool canTakeControl READ canTakeControl NOTIFY changed)
    Q_PROPERTY(bool canTakeOver READ canTakeOver NOTIFY changed)
    Q_PROPERTY(bool canCommand READ canCommand NOTIFY changed)
    Q_PROPERTY(QString blockedText READ blockedText NOTIFY changed)

public:
    // Where the operator's newest command about the selection stands.
    enum CommandState { NoCommand, Sending, Pending, Effective, Done, Refused, Failed };
    Q_ENUM(CommandState)

    // None of these is owned; all must outlive this object.
    SelectedControl(SelectedIntersection *selection, StateStore *store, ControlClient *client, GatewayLink *link,
                    QObject *parent = nullptr);

    bool isHeld() const;
    // Held by the operator at this console.
    bool isMine() const;
    QString holder() const;
    QString holderRole() const;
    QString reason() const;
    // Unix ms when the lease lapses; 0 when free.
    qint64 leaseExpires() const;
    bool hasOverride() const;
    // E.g. "Hold phase 3", "Flash".
    QString overrideText() const;
    bool overrideEffective() const;
    // The phase the override holds (0-based), -1 for none or flash.
    int overridePhase() const;
    QString overrideNote() const;
    // Unix ms when the override ends by itself; 0 when it has no end of its own.
    qint64 overrideExpires() const;

    CommandState commandState() const;
    // E.g. "Hold — pending: waiting for the field", "Flash refused: …".
    QString commandText() const;

    // Free, the link up, and the operator's role may control.
    bool canTakeControl() const;
    // Held by someone of a lower role, and the operator may take over.
    bool canTakeOver() const;
    // The operator holds it and the link is up: override commands and release are possible.
    bool canCommand() const;
    // Why no action is possible, for the panel ("Viewers cannot control signals"); empty if some is.
    QString blockedText() const;

    // Commands on the selection; each returns false when it was not sent (the reason is shown).
    Q_INVOKABLE bool takeControl(const QString &reason);
    // Renews the operator's own lease to the gateway's maximum, with its reason.
    Q_INVOKABLE bool renew();
    Q_INVOKABLE bool takeOver(const QString &reason);
    Q_INVOKABLE bool release();
    Q_INVOKABLE bool hold(const QString &reason = {});
    Q_INVOKABLE bool advance(const QString &reason = {});
    Q_INVOKABLE bool goToPhase(int phase, const QString &reason = {});
    Q_INVOKABLE bool flash(const QString &reason = {});
    Q_INVOKABLE bool restore();

Q_SIGNALS:
    void changed();

private:
    int index() const;

    SelectedIntersection *m_selection;
    StateStore *m_store;
    ControlClient *m_client;
    GatewayLink *m_link;
};

} // namespace greenlight::console
