#include "movementmodel.h"

#include "console/signalnames.h"
#include "console/statestore.h"

#include <algorithm>

namespace greenlight::console {

namespace {
// SUMO lane ids end in "_<index>", 0 being the rightmost lane; 1-based for people, 0 if unknown.
// Where a turn's arrow stands on a road sign, counted from the left (right-hand traffic).
int leftToRight(core::Turn turn)
{
    switch (turn) {
    case core::Turn::UTurn: return 0;
    case core::Turn::Left: return 1;
    case core::Turn::Straight: return 2;
    case core::Turn::Right: return 3;
    default: return 4;
    }
}

int laneNumber(const std::string &laneId)
{
    const auto underscore = laneId.rfind('_');
    if (underscore == std::string::npos || underscore + 1 >= laneId.size())
        return 0;
    int n = 0;
    for (size_t i = underscore + 1; i < laneId.size(); ++i) {
        if (laneId[i] < '0' || laneId[i] > '9')
            return 0;
        n = n * 10 + (laneId[i] - '0');
        if (n > 999)
            return 0;
    }
    return n + 1;
}

const QList<int> kLiveRoles = {MovementModel::ColourNameRole, MovementModel::ColourKeyRole, MovementModel::GoRole};
} // namespace

MovementModel::MovementModel(StateStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    // Indices of the old layout mean nothing in the new one.
    connect(m_store, &StateStore::layoutChanged, this, [this] { rebuild(-1); });
    connect(m_store, &StateStore::signalsChanged, this, &MovementModel::onSignalsChanged);
}

int MovementModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant MovementModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 %2 %3").arg(row.approach, turnText(row.turn), colourText(liveColour(row.group)));
    case GroupIndexRole:
        return row.group;
    case ApproachRole:
        return row.approach;
    case TurnRole: {
        QStringList text;
        for (const core::Turn t : row.turns)
            text.append(turnText(t));
        return text.join(QStringLiteral(", "));
    }
    case TurnSymbolRole: {
        QString symbols;
        for (const core::Turn t : row.turns)
            symbols += turnSymbol(t);
        return symbols;
    }
    case FromStreetRole:
        return row.fromStreet;
    case ToStreetRole:
        return row.toStreet;
    case LaneRole:
        return row.lane;
    case LaneNumberRole:
        return row.laneNumber;
    case ApproachLabelRole:
        return row.approachLabel;
    case PedestrianRole:
        return row.turn == core::Turn::Pedestrian;
    case ColourNameRole:
        return colourText(liveColour(row.group));
    case ColourKeyRole:
        return colourKey(liveColour(row.group));
    case GoRole:
        return core::isGo(liveColour(row.group));
    default:
        break;
    }
    return {};
}

QHash<int, QByteArray> MovementModel::roleNames() const
{
    return {
        {GroupIndexRole, "groupIndex"},
        {ApproachRole, "approach"},
        {TurnRole, "turn"},
        {TurnSymbolRole, "turnSymbol"},
        {FromStreetRole, "fromStreet"},
        {ToStreetRole, "toStreet"},
        {LaneRole, "lane"},
        {LaneNumberRole, "laneNumber"},
        {ApproachLabelRole, "approachLabel"},
        {PedestrianRole, "pedestrian"},
        {ColourNameRole, "colourName"},
        {ColourKeyRole, "colourKey"},
        {GoRole, "go"},
    };
}

void MovementModel::setIntersection(int intersection)
{
    if (intersection < 0 || intersection >= m_store->intersectionCount())
        intersection = -1;
    if (intersection == m_intersection)
        return;
    rebuild(intersection);
}

void MovementModel::rebuild(int intersection)
{
    const bool changed = intersection != m_intersection;
    const int oldCount = rowCount();
    beginResetModel();
    m_intersection = intersection;
    m_rows.clear();
    m_shown.clear();
    if (intersection >= 0) {
        const auto &in = m_store->layout().intersections[static_cast<size_t>(intersection)];
        for (const auto &g : in.signalGroups) {
            Row row;
            row.group = g.index;
            row.approach = QString::fromStdString(g.approach);
            row.turn = g.turn;
            row.turns = {g.turn};
            row.fromStreet = g.fromSegmentId.empty() ? QString() : streetName(g.fromSegmentId);
            row.toStreet = streetName(g.toSegmentId);
            // One signal serving several ways out (a shared field signal): every street it lets onto.
            for (const auto &m : g.moreMovements) {
                if (m.fromSegmentId != g.fromSegmentId)
                    continue;
                const QString street = streetName(m.toSegmentId);
                if (!row.toStreet.split(QStringLiteral(" / ")).contains(street))
                    row.toStreet += QStringLiteral(" / ") + street;
                if (std::find(row.turns.begin(), row.turns.end(), m.turn) == row.turns.end())
                    row.turns.push_back(m.turn);
            }
            // Read as the arrows on a road sign: left to right.
            std::sort(row.turns.begin(), row.turns.end(),
                      [](core::Turn a, core::Turn b) { return leftToRight(a) < leftToRight(b); });
            row.lane = QString::fromStdString(g.fromLaneId);
            row.laneNumber = laneNumber(g.fromLaneId);
            if (g.turn == core::Turn::Pedestrian)
                row.approachLabel = tr("Pedestrian crossings");
            else if (row.approach.isEmpty())
                row.approachLabel = tr("From %1").arg(row.fromStreet);
            else
                row.approachLabel = tr("From %1 · %2").arg(row.approach, row.fromStreet);
            m_rows.push_back(std::move(row));
        }
        std::stable_sort(m_rows.begin(), m_rows.end(), [](const Row &a, const Row &b) { return a.group < b.group; });
        for (const Row &row : m_rows)
            m_shown.push_back(liveColour(row.group));
    }
    endResetModel();
    if (changed)
        Q_EMIT intersectionChanged();
    if (oldCount != rowCount())
        Q_EMIT countChanged();
}

core::SignalColour MovementModel::liveColour(int group) const
{
    if (m_intersection < 0)
        return core::SignalColour::Unknown;
    const auto &colours = m_store->signalState(m_intersection).colours;
    return group >= 0 && static_cast<size_t>(group) < colours.size() ? colours[static_cast<size_t>(group)]
                                                                    : core::SignalColour::Unknown;
}

QString MovementModel::streetName(const std::string &segmentId) const
{
    const int s = m_store->segmentIndex(segmentId);
    if (s < 0)
        return QString::fromStdString(segmentId);
    const auto &name = m_store->layout().segments[static_cast<size_t>(s)].name;
    return QString::fromStdString(name.empty() ? segmentId : name);
}

void MovementModel::onSignalsChanged(const std::vector<int> &intersections)
{
    if (m_intersection < 0 || std::find(intersections.begin(), intersections.end(), m_intersection) == intersections.end())
        return;
    // Announce only rows whose colour changed, as contiguous ranges.
    int first = -1;
    for (int r = 0; r <= rowCount(); ++r) {
        bool differs = false;
        if (r < rowCount()) {
            const auto now = liveColour(m_rows[static_cast<size_t>(r)].group);
            differs = now != m_shown[static_cast<size_t>(r)];
            m_shown[static_cast<size_t>(r)] = now;
        }
        if (differs && first < 0) {
            first = r;
        } else if (!differs && first >= 0) {
            Q_EMIT dataChanged(index(first), index(r - 1), kLiveRoles);
            first = -1;
        }
    }
}

} // namespace greenlight::console
