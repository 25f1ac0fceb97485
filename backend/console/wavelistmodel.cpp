#include "wavelistmodel.h"

#include "console/greenwaveclient.h"

#include <algorithm>

namespace greenlight::console {

WaveListModel::WaveListModel(GreenWaveClient *client, QObject *parent)
    : SortedListModel(parent)
    , m_client(client)
{
    connect(m_client, &GreenWaveClient::wavesChanged, this, &WaveListModel::onWavesChanged);
    std::vector<std::string> all;
    for (const auto &[id, wave] : m_client->waves())
        all.push_back(id);
    onWavesChanged(all);
}

int WaveListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_ids.size());
}

QVariant WaveListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WaveInfo *w = m_client->wave(m_ids[static_cast<size_t>(index.row())]);
    if (!w)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 → %2 (%3)")
            .arg(QString::fromStdString(w->originLabel), QString::fromStdString(w->destinationLabel),
                 wavetext::waveStateText(w->state));
    case WaveIdRole: return QString::fromStdString(w->waveId);
    case VehicleIdRole: return QString::fromStdString(w->vehicleId);
    case RunningRole: return w->running();
    case StateRole: return wavetext::waveStateText(w->state);
    case OutcomeRole: return QString::fromStdString(w->outcome);
    case ReasonRole: return QString::fromStdString(w->reason);
    case PriorityRole: return w->priority;
    case OriginRole: return QString::fromStdString(w->originLabel);
    case DestinationRole: return QString::fromStdString(w->destinationLabel);
    case RemainingRole: return w->running() ? w->remainingS : 0.0;
    case RemainingTextRole: return w->running() ? wavetext::duration(w->remainingS) : QString();
    case HeldRole: return w->intersectionsHeld;
    case DispatcherRole: return QString::fromStdString(w->dispatcher);
    case SpawnedRole: return w->spawned;
    default: break;
    }
    return {};
}

QHash<int, QByteArray> WaveListModel::roleNames() const
{
    return {
        {WaveIdRole, "waveId"},         {VehicleIdRole, "vehicleId"},
        {RunningRole, "running"},       {StateRole, "state"},
        {OutcomeRole, "outcome"},       {ReasonRole, "reason"},
        {PriorityRole, "priority"},     {OriginRole, "origin"},
        {DestinationRole, "destination"}, {RemainingRole, "remaining"},
        {RemainingTextRole, "remainingText"}, {HeldRole, "held"},
        {DispatcherRole, "dispatcher"}, {SpawnedRole, "spawned"},
    };
}

int WaveListModel::rowOf(const QString &waveId) const
{
    const auto it = std::find(m_ids.begin(), m_ids.end(), waveId.toStdString());
    return it == m_ids.end() ? -1 : static_cast<int>(it - m_ids.begin());
}

bool WaveListModel::lessThan(const std::string &a, const std::string &b) const
{
    const WaveInfo *x = m_client->wave(a);
    const WaveInfo *y = m_client->wave(b);
    if (!x || !y)
        return a < b;
    if (x->running() != y->running())
        return x->running();
    // Running: newest dispatched first. Ended: newest ended first.
    const double kx = x->running() ? x->dispatchedSimS : x->endedSimS;
    const double ky = y->running() ? y->dispatchedSimS : y->endedSimS;
    if (kx != ky)
        return kx > ky;
    if (x->dispatchedUnixMs != y->dispatchedUnixMs)
        return x->dispatchedUnixMs > y->dispatchedUnixMs;
    return a < b;
}

void WaveListModel::onWavesChanged(const std::vector<std::string> &ids)
{
    const int before = count();
    const auto less = [this](const std::string &a, const std::string &b) { return lessThan(a, b); };
    for (const std::string &id : ids) {
        if (!m_client->wave(id))
            continue;
        const auto it = std::find(m_ids.begin(), m_ids.end(), id);
        if (it != m_ids.end()) {
            const int r = static_cast<int>(it - m_ids.begin());
            Q_EMIT dataChanged(index(r), index(r));
            continue;
        }
        const auto at = std::lower_bound(m_ids.begin(), m_ids.end(), id, less);
        const int pos = static_cast<int>(at - m_ids.begin());
        beginInsertRows({}, pos, pos);
        m_ids.insert(m_ids.begin() + pos, id);
        endInsertRows();
    }
    resort();
    const int running = m_client->runningCount();
    if (count() != before || running != m_running) {
        m_running = running;
        Q_EMIT countChanged();
    }
}

void WaveListModel::resort()
{
    const auto less = [this](const std::string &a, const std::string &b) { return lessThan(a, b); };
    resortRows(m_ids, less);
}

} // namespace greenlight::console
