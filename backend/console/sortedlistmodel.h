#pragma once

#include <QAbstractListModel>

#include <algorithm>
#include <numeric>
#include <vector>

namespace greenlight::console {

// A list model whose rows live in a std::vector kept in order by a comparison. resortRows()
// reorders them as one layout change and moves the views' persistent indexes with their rows,
// so a selection stays on its row. GUI thread only, like every model.
class SortedListModel : public QAbstractListModel
{
public:
    using QAbstractListModel::QAbstractListModel;

protected:
    template <typename Row, typename Less>
    void resortRows(std::vector<Row> &rows, Less less)
    {
        if (std::is_sorted(rows.begin(), rows.end(), less))
            return;
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        std::vector<int> order(rows.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return less(rows[std::size_t(a)], rows[std::size_t(b)]); });
        std::vector<int> newRowOf(rows.size());
        std::vector<Row> sorted;
        sorted.reserve(rows.size());
        for (std::size_t n = 0; n < order.size(); ++n) {
            newRowOf[std::size_t(order[n])] = static_cast<int>(n);
            sorted.push_back(std::move(rows[std::size_t(order[n])]));
        }
        rows = std::move(sorted);
        const QModelIndexList from = persistentIndexList();
        QModelIndexList to;
        to.reserve(from.size());
        for (const QModelIndex &old : from)
            to.append(index(newRowOf[std::size_t(old.row())], old.column()));
        changePersistentIndexList(from, to);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }
};

} // namespace greenlight::console
