#pragma once

#include <QSortFilterProxyModel>
#include <QString>

namespace greenlight::console {

// Search over an IntersectionListModel: rows whose name or id contains `query` (case-insensitive),
// sorted by name. An empty query matches everything.
class IntersectionSearchModel : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit IntersectionSearchModel(QObject *parent = nullptr);

    QString query() const { return m_query; }
    void setQuery(const QString &query);
    // Rows matching now.
    int count() const { return rowCount(); }
    // The layout index of the intersection in proxy row `row`, or -1.
    Q_INVOKABLE int intersectionAt(int row) const;

Q_SIGNALS:
    void queryChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_query;
};

} // namespace greenlight::console
