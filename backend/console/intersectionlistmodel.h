#pragma once

#include <QAbstractListModel>

#include <utility>
#include <vector>

namespace greenlight::console {

class StateStore;

// Every intersection of the store's layout, one row each in layout order, with a live summary of
// its signals. Reset when the layout changes; live roles change by ranged dataChanged.
class IntersectionListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        NameRole = Qt::UserRole + 1,  // "name": human name
        IdRole,                       // "intersectionId": field id ("id" is reserved in QML)
        IndexRole,                    // "intersectionIndex": index in the layout
        GroupCountRole,               // "groupCount": signal groups
        PhaseCountRole,               // "phaseCount"
        PhaseIndexRole,               // "phaseIndex": live, -1 before live state
        GreenCountRole,               // "greenCount": live, groups showing green now
        SummaryColourRole,            // "summaryColour": live colour key of the most permissive group
    };
    Q_ENUM(Role)

    // The store is not owned and must outlive the model.
    explicit IntersectionListModel(StateStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return rowCount(); }
    // The name of intersection `intersection` (a layout index), empty when out of range.
    Q_INVOKABLE QString nameAt(int intersection) const;
    // Who controls it, e.g. "held by lin · hold", or empty when it is free.
    Q_INVOKABLE QString holderAt(int intersection) const;

    // Sorted, de-duplicated runs [first, last] of consecutive values, for ranged dataChanged.
    static std::vector<std::pair<int, int>> contiguousRanges(std::vector<int> values);

Q_SIGNALS:
    void countChanged();

private:
    void onSignalsChanged(const std::vector<int> &intersections);

    StateStore *m_store;
};

} // namespace greenlight::console
