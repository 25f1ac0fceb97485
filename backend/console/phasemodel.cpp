#include "phasemodel.h"

#include "console/signalnames.h"
#include "console/statestore.h"

#include <QVariantMap>

#include <algorithm>

namespace greenlight::console {

namespace {
// The side of the junction (0 N, 1 E, 2 S, 3 W) an approach such as "N" or "SW" comes from.
int sideOf(const std::string &approach)
{
    switch (approach.empty() ? ' ' : approach.front()) {
    case 'N': return 0;
    case 'E': return 1;
    case 'S': return 2;
    case 'W': return 3;
    default: break;
    }
    return -1;
}

bool contains(const std::vector<int> &list, int value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}
} // namespace

PhaseModel::PhaseModel(StateStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    connect(m_store, &StateStore::layoutChanged, this, [this] { rebuild(-1); });
    connect(m_store, &StateStore::signalsChanged, this, [this](const std::vector<int> &changed) {
        if (m_intersection >= 0 && contains(changed, m_intersection))
            announce(CurrentRole);
    });
    connect(m_store, &StateStore::liveStateReset, this, [this] { announce(CurrentRole); });
    connect(m_store, &StateStore::controlsChanged, this, [this](const std::vector<int> &changed) {
        if (m_intersection >= 0 && contains(changed, m_intersection))
            announce(TargetRole);
    });
}

bool PhaseModel::isGreenPhase(const std::string &state)
{
    const bool green = state.find_first_of("Gg") != std::string::npos;
    return green && state.find_first_of("yYu") == std::string::npos;
}

int PhaseModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int PhaseModel::targetPhase() const
{
    const core::IntersectionControl *control = m_intersection >= 0 ? m_store->control(m_intersection) : nullptr;
    if (!control || !control->override_ || control->override_->kind == core::OverrideKind::Flash
        || control->override_->kind == core::OverrideKind::Restore)
        return -1;
    return control->override_->targetPhase;
}

QVariant PhaseModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return tr("Phase %1: %2").arg(row.phase + 1).arg(row.summary);
    case PhaseIndexRole: return row.phase;
    case NameRole: return row.name;
    case DurationRole: return row.duration;
    case MovementsRole: return row.movements;
    case SummaryRole: return row.summary;
    case CurrentRole:
        return m_store->hasLiveState() && m_store->signalState(m_intersection).phaseIndex == row.phase;
    case TargetRole: return targetPhase() == row.phase;
    default: break;
    }
    return {};
}

QHash<int, QByteArray> PhaseModel::roleNames() const
{
    return {
        {PhaseIndexRole, "phaseIndex"}, {NameRole, "name"},       {DurationRole, "duration"},
        {MovementsRole, "movements"},   {SummaryRole, "summary"}, {CurrentRole, "current"},
        {TargetRole, "target"},
    };
}

void PhaseModel::setIntersection(int intersection)
{
    if (intersection < 0 || intersection >= m_store->intersectionCount())
        intersection = -1;
    if (intersection != m_intersection)
        rebuild(intersection);
}

void PhaseModel::rebuild(int intersection)
{
    const bool changed = intersection != m_intersection;
    const int before = rowCount();
    beginResetModel();
    m_intersection = intersection;
    m_rows.clear();
    if (intersection >= 0) {
        const auto &ix = m_store->layout().intersections[static_cast<size_t>(intersection)];
        for (const auto &phase : ix.phases) {
            if (!isGreenPhase(phase.state))
                continue;
            Row row;
            row.phase = phase.index;
            row.name = QString::fromStdString(phase.name);
            row.duration = phase.durationS;
            QStringList perSide[5];
            for (const auto &g : ix.signalGroups) {
                if (g.index < 0 || static_cast<size_t>(g.index) >= phase.state.size())
                    continue;
                const char letter = phase.state[static_cast<size_t>(g.index)];
                if (letter != 'G' && letter != 'g')
                    continue;
                const int side = sideOf(g.approach);
                QVariantMap m;
                m.insert(QStringLiteral("side"), side);
                m.insert(QStringLiteral("symbol"), turnSymbol(g.turn));
                m.insert(QStringLiteral("bearing"), g.approachBearingDeg);
                m.insert(QStringLiteral("turn"), turnText(g.turn));
                m.insert(QStringLiteral("protectedGreen"), letter == 'G');
                m.insert(QStringLiteral("pedestrian"), g.turn == core::Turn::Pedestrian);
                m.insert(QStringLiteral("approach"), QString::fromStdString(g.approach));
                row.movements.append(m);
                QStringList &list = perSide[side < 0 ? 4 : side];
                if (const QString symbol = turnSymbol(g.turn); !list.contains(symbol))
                    list.append(symbol);
                // A signal shared by several ways through the junction lets every one of them go.
                for (const auto &more : g.moreMovements)
                    if (const QString symbol = turnSymbol(more.turn);
                        more.fromSegmentId == g.fromSegmentId && !list.contains(symbol))
                        list.append(symbol);
            }
            static const char *sides[] = {"N", "E", "S", "W", "?"};
            QStringList parts;
            for (int s = 0; s < 5; ++s)
                if (!perSide[s].isEmpty())
                    parts.append(QStringLiteral("%1 %2").arg(QLatin1String(sides[s]), perSide[s].join(QLatin1Char(' '))));
            row.summary = parts.join(QStringLiteral(" · "));
            m_rows.push_back(std::move(row));
        }
    }
    m_shownCurrent = m_intersection >= 0 && m_store->hasLiveState() ? m_store->signalState(m_intersection).phaseIndex : -1;
    m_shownTarget = targetPhase();
    endResetModel();
    if (changed)
        Q_EMIT intersectionChanged();
    if (before != rowCount())
        Q_EMIT countChanged();
}

void PhaseModel::announce(int role)
{
    if (m_rows.empty())
        return;
    int &shown = role == CurrentRole ? m_shownCurrent : m_shownTarget;
    const int now = role == CurrentRole
        ? (m_store->hasLiveState() ? m_store->signalState(m_intersection).phaseIndex : -1)
        : targetPhase();
    if (now == shown)
        return;
    // Only the rows of the old and the new phase change.
    for (size_t r = 0; r < m_rows.size(); ++r) {
        if (m_rows[r].phase == shown || m_rows[r].phase == now)
            Q_EMIT dataChanged(index(int(r)), index(int(r)), {role});
    }
    shown = now;
}

} // namespace greenlight::console
