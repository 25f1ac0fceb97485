#include "intersectionsearchmodel.h"

#include "console/intersectionlistmodel.h"

namespace greenlight::console {

IntersectionSearchModel::IntersectionSearchModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(IntersectionListModel::NameRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
    setDynamicSortFilter(true);
    sort(0);
    for (auto sig : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, sig, this, &IntersectionSearchModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &IntersectionSearchModel::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &IntersectionSearchModel::countChanged);
}

void IntersectionSearchModel::setQuery(const QString &query)
{
    const QString trimmed = query.trimmed();
    if (trimmed == m_query)
        return;
    m_query = trimmed;
    invalidateRowsFilter();
    Q_EMIT queryChanged();
    Q_EMIT countChanged();
}

int IntersectionSearchModel::intersectionAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return -1;
    return index(row, 0).data(IntersectionListModel::IndexRole).toInt();
}

bool IntersectionSearchModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_query.isEmpty())
        return true;
    const QModelIndex source = sourceModel()->index(sourceRow, 0, sourceParent);
    return source.data(IntersectionListModel::NameRole).toString().contains(m_query, Qt::CaseInsensitive)
        || source.data(IntersectionListModel::IdRole).toString().contains(m_query, Qt::CaseInsensitive);
}

} // namespace greenlight::console
