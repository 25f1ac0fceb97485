#include "controllistmodel.h"

#include "console/controlclient.h"
#include "console/statestore.h"

#include <algorithm>

namespace greenlight::console {

ControlListModel::ControlListModel(StateStore *store, QObject *parent)
    : SortedListModel(parent)
    , m_store(store)
{
    connect(m_store, &StateStore::layoutChanged, this, &ControlListModel::reset);
    connect(m_store, &StateStore::controlsChanged, this, &ControlListModel::onControlsChanged);
    reset();
}

qint64 ControlListModel::Row::expires() const
{
    if (overrideExpires > 0 && (leaseExpires <= 0 || overrideExpires < leaseExpires))
        return overrideExpires;
    return leaseExpires;
}

int ControlListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ControlListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1: %2 (%3)").arg(row.name, row.kind, row.holder);
    case IntersectionRole: return row.intersection;
    case IntersectionIdRole: return row.id;
    case NameRole: return row.name;
    case HolderRole: return row.holder;
    case HolderRoleRole: return row.holderRole;
    case ReasonRole: return row.reason;
    case KindRole: return row.kind;
    case StageRole: return row.stage;
    case ExpiresRole: return row.expires();
    case LeaseExpiresRole: return row.leaseExpires;
    case OverrideExpiresRole: return row.overrideExpires;
    default: break;
    }
    return {};
}

QHash<int, QByteArray> ControlListModel::roleNames() const
{
    return {
        {IntersectionRole, "intersection"},
        {IntersectionIdRole, "intersectionId"},
        {NameRole, "name"},
        {HolderRole, "holder"},
        {HolderRoleRole, "holderRole"},
        {ReasonRole, "reason"},
        {KindRole, "kind"},
        {StageRole, "stage"},
        {ExpiresRole, "expires"},
        {LeaseExpiresRole, "leaseExpires"},
        {OverrideExpiresRole, "overrideExpires"},
    };
}

void ControlListModel::setSortKey(SortKey key)
{
    if (key == m_sortKey)
        return;
    m_sortKey = key;
    Q_EMIT sortChanged();
    resort();
}

void ControlListModel::setDescending(bool descending)
{
    if (descending == m_descending)
        return;
    m_descending = descending;
    Q_EMIT sortChanged();
    resort();
}

void ControlListModel::sortBy(SortKey key)
{
    if (key == m_sortKey) {
        setDescending(!m_descending);
    } else {
        m_descending = false;
        setSortKey(key);
    }
}

ControlListModel::Row ControlListModel::rowFor(int intersection) const
{
    Row row;
    row.intersection = intersection;
    const auto &ix = m_store->layout().intersections[static_cast<size_t>(intersection)];
    row.id = QString::fromStdString(ix.id);
    row.name = QString::fromStdString(ix.name.empty() ? ix.id : ix.name);
    const core::IntersectionControl *control = m_store->control(intersection);
    if (!control)
        return row;
    if (control->lease) {
        row.holder = QString::fromStdString(control->lease->holder);
        row.holderRole = ControlClient::roleText(control->lease->role);
        row.reason = QString::fromStdString(control->lease->reason);
        row.leaseExpires = control->lease->expiresUnixMs;
        row.kind = tr("Control");
    }
    if (const auto &o = control->override_) {
        if (row.holder.isEmpty()) {
            row.holder = QString::fromStdString(o->holder);
            row.holderRole = ControlClient::roleText(o->role);
            row.reason = QString::fromStdString(o->reason);
        }
        row.kind = ControlClient::overrideKindText(o->kind);
        if (o->kind != core::OverrideKind::Flash && o->targetPhase >= 0)
            row.kind = tr("%1 · phase %2").arg(row.kind).arg(o->targetPhase + 1);
        row.stage = o->stage == core::OverrideStage::Effective ? QStringLiteral("effective") : QStringLiteral("pending");
        row.overrideExpires = o->expiresUnixMs;
    }
    return row;
}

bool ControlListModel::lessThan(const Row &a, const Row &b) const
{
    int order = 0;
    switch (m_sortKey) {
    case ByHolder: order = QString::compare(a.holder, b.holder, Qt::CaseInsensitive); break;
    case ByKind: order = QString::compare(a.kind, b.kind, Qt::CaseInsensitive); break;
    case ByExpiry: order = a.expires() < b.expires() ? -1 : a.expires() > b.expires() ? 1 : 0; break;
    case ByIntersection: break;
    }
    if (order == 0)
        order = QString::compare(a.name, b.name, Qt::CaseInsensitive);
    if (order == 0)
        order = a.intersection < b.intersection ? -1 : a.intersection > b.intersection ? 1 : 0;
    return m_descending ? order > 0 : order < 0;
}

int ControlListModel::rowOf(int intersection) const
{
    for (size_t r = 0; r < m_rows.size(); ++r)
        if (m_rows[r].intersection == intersection)
            return static_cast<int>(r);
    return -1;
}

void ControlListModel::reset()
{
    const int before = count();
    beginResetModel();
    m_rows.clear();
    if (m_store->hasLayout())
        for (const auto &[i, control] : m_store->controls())
            m_rows.push_back(rowFor(i));
    std::sort(m_rows.begin(), m_rows.end(), [this](const Row &a, const Row &b) { return lessThan(a, b); });
    endResetModel();
    if (count() != before)
        Q_EMIT countChanged();
}

void ControlListModel::onControlsChanged(const std::vector<int> &intersections)
{
    const int before = count();
    const auto less = [this](const Row &a, const Row &b) { return lessThan(a, b); };
    for (int i : intersections) {
        const int r = rowOf(i);
        if (!m_store->control(i)) {
            if (r >= 0) {
                beginRemoveRows({}, r, r);
                m_rows.erase(m_rows.begin() + r);
                endRemoveRows();
            }
        } else if (r >= 0) {
            m_rows[static_cast<size_t>(r)] = rowFor(i);
            Q_EMIT dataChanged(index(r), index(r));
        } else {
            Row row = rowFor(i);
            const auto at = std::lower_bound(m_rows.begin(), m_rows.end(), row, less);
            const int pos = static_cast<int>(at - m_rows.begin());
            beginInsertRows({}, pos, pos);
            m_rows.insert(m_rows.begin() + pos, std::move(row));
            endInsertRows();
        }
    }
    if (!std::is_sorted(m_rows.begin(), m_rows.end(), less))
        resort();
    if (count() != before)
        Q_EMIT countChanged();
}

void ControlListModel::resort()
{
    const auto less = [this](const Row &a, const Row &b) { return lessThan(a, b); };
    resortRows(m_rows, less);
}

} // namespace greenlight::console
