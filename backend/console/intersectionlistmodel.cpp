#include "intersectionlistmodel.h"

#include "console/signalnames.h"
#include "console/statestore.h"

#include <algorithm>

namespace greenlight::console {

namespace {
const QList<int> kLiveRoles = {IntersectionListModel::PhaseIndexRole, IntersectionListModel::GreenCountRole,
                               IntersectionListModel::SummaryColourRole};
} // namespace

IntersectionListModel::IntersectionListModel(StateStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    // The store has already changed when layoutChanged arrives; a reset is the only honest signal.
    connect(m_store, &StateStore::layoutChanged, this, [this] {
        beginResetModel();
        endResetModel();
        Q_EMIT countChanged();
    });
    connect(m_store, &StateStore::signalsChanged, this, &IntersectionListModel::onSignalsChanged);
}

int IntersectionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_store->intersectionCount();
}

QVariant IntersectionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const auto &intersection = m_store->layout().intersections[static_cast<size_t>(row)];
    const auto &live = m_store->signalState(row);
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return QString::fromStdString(intersection.name);
    case IdRole:
        return QString::fromStdString(intersection.id);
    case IndexRole:
        return row;
    case GroupCountRole:
        return static_cast<int>(intersection.signalGroups.size());
    case PhaseCountRole:
        return static_cast<int>(intersection.phases.size());
    case PhaseIndexRole:
        return live.colours.empty() ? -1 : live.phaseIndex;
    case GreenCountRole:
        return static_cast<int>(std::count_if(live.colours.begin(), live.colours.end(), core::isGreen));
    case SummaryColourRole:
        return colourKey(core::summariseColours(live.colours.data(), live.colours.data() + live.colours.size()));
    default:
        break;
    }
    return {};
}

QString IntersectionListModel::nameAt(int intersection) const
{
    if (intersection < 0 || intersection >= m_store->intersectionCount())
        return {};
    return QString::fromStdString(m_store->layout().intersections[static_cast<size_t>(intersection)].name);
}

QString IntersectionListModel::holderAt(int intersection) const
{
    const core::IntersectionControl *control =
        intersection >= 0 && intersection < m_store->intersectionCount() ? m_store->control(intersection) : nullptr;
    if (!control || !control->lease)
        return {};
    QString text = tr("held by %1").arg(QString::fromStdString(control->lease->holder));
    if (control->override_) {
        switch (control->override_->kind) {
        case core::OverrideKind::Hold:
            return text + tr(" · hold");
        case core::OverrideKind::Advance:
            return text + tr(" · advance");
        case core::OverrideKind::GoToPhase:
            return text + tr(" · phase %1").arg(control->override_->targetPhase + 1);
        case core::OverrideKind::Flash:
            return text + tr(" · flash");
        case core::OverrideKind::Restore:
            return text + tr(" · restoring");
        case core::OverrideKind::Unknown:
            break;
        }
    }
    return text;
}

QHash<int, QByteArray> IntersectionListModel::roleNames() const
{
    return {
        {NameRole, "name"},
        {IdRole, "intersectionId"},
        {IndexRole, "intersectionIndex"},
        {GroupCountRole, "groupCount"},
        {PhaseCountRole, "phaseCount"},
        {PhaseIndexRole, "phaseIndex"},
        {GreenCountRole, "greenCount"},
        {SummaryColourRole, "summaryColour"},
    };
}

std::vector<std::pair<int, int>> IntersectionListModel::contiguousRanges(std::vector<int> values)
{
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::vector<std::pair<int, int>> ranges;
    for (int v : values) {
        if (!ranges.empty() && ranges.back().second + 1 == v)
            ranges.back().second = v;
        else
            ranges.emplace_back(v, v);
    }
    return ranges;
}

void IntersectionListModel::onSignalsChanged(const std::vector<int> &intersections)
{
    const int rows = rowCount();
    for (const auto &[first, last] : contiguousRanges(intersections)) {
        const int from = std::max(first, 0);
        const int to = std::min(last, rows - 1);
        if (from <= to)
            Q_EMIT dataChanged(index(from), index(to), kLiveRoles);
    }
}

} // namespace greenlight::console
