#pragma once

#include "console/sortedlistmodel.h"

#include <QString>

#include <vector>

namespace greenlight::console {

class StateStore;

// Every lease and override in force across the city (all operators), one row per controlled
// intersection, sorted by the chosen key. Follows the store's controls: a change updates, inserts
// or removes exactly the rows concerned, then moves rows only if the order changed.
class ControlListModel : public SortedListModel
{
    Q_OBJECT
    Q_PROPERTY(SortKey sortKey READ sortKey WRITE setSortKey NOTIFY sortChanged)
    Q_PROPERTY(bool descending READ descending WRITE setDescending NOTIFY sortChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        IntersectionRole = Qt::UserRole + 1,  // "intersection": layout index, to select it
        IntersectionIdRole,                   // "intersectionId"
        NameRole,                             // "name": the intersection's name
        HolderRole,                           // "holder": who holds the lease (or commanded the override)
        HolderRoleRole,                       // "holderRole": their role, "officer"
        ReasonRole,                           // "reason"
        KindRole,                             // "kind": "Hold · phase 2", "Flash", or "Control" for a lease alone
        StageRole,                            // "stage": "pending", "effective", or "" without an override
        ExpiresRole,                          // "expires": Unix ms of the first end (override or lease)
        LeaseExpiresRole,                     // "leaseExpires": Unix ms, 0 without a lease
        OverrideExpiresRole,                  // "overrideExpires": Unix ms, 0 without an end of its own
    };
    Q_ENUM(Role)

    enum SortKey { ByIntersection, ByHolder, ByKind, ByExpiry };
    Q_ENUM(SortKey)

    // The store is not owned and must outlive the model.
    explicit ControlListModel(StateStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    SortKey sortKey() const { return m_sortKey; }
    void setSortKey(SortKey key);
    bool descending() const { return m_descending; }
    void setDescending(bool descending);
    // Sorts by key; the same key again flips the direction (a column header click).
    Q_INVOKABLE void sortBy(SortKey key);
    int count() const { return rowCount(); }

Q_SIGNALS:
    void sortChanged();
    void countChanged();

private:
    struct Row {
        int intersection = -1;
        QString id;
        QString name;
        QString holder;
        QString holderRole;
        QString reason;
        QString kind;
        QString stage;
        qint64 leaseExpires = 0;
        qint64 overrideExpires = 0;
        qint64 expires() const;
    };

    void reset();
    void onControlsChanged(const std::vector<int> &intersections);
    Row rowFor(int intersection) const;
    bool lessThan(const Row &a, const Row &b) const;
    void resort();
    int rowOf(int intersection) const;

    StateStore *m_store;
    std::vector<Row> m_rows;
    SortKey m_sortKey = ByIntersection;
    bool m_descending = false;
};

} // namespace greenlight::console
