#pragma once

#include <QAbstractListModel>
#include <QString>

#include <vector>

namespace greenlight::console {

class StateStore;

// Places a green wave can start or end at: the tracked emergency vehicles of the live stream
// (origins only), then the layout's hospitals and fire stations. Vehicles come and go with the
// stream; the list is rebuilt only when the set of emergency vehicles changes.
class WavePlaceModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    // Which places are listed.
    enum class Use { Origins, Destinations };

    enum Role {
        KindRole = Qt::UserRole + 1,  // "kind": "vehicle", "hospital" or "fire"
        PlaceIdRole,                  // "placeId": vehicle id or point-of-interest id
        LabelRole,                    // "label": "ambulance_3", "Hospital St. Mary"
        DetailRole,                   // "detail": "emergency vehicle", "hospital", "fire station"
    };
    Q_ENUM(Role)

    // The store is not owned and must outlive the model.
    WavePlaceModel(StateStore *store, Use use, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return rowCount(); }

Q_SIGNALS:
    void countChanged();

private:
    struct Row {
        QString kind;
        QString id;
        QString label;
        QString detail;
        bool operator==(const Row &) const = default;
    };
    std::vector<Row> build() const;
    void refresh();

    StateStore *m_store;
    Use m_use;
    std::vector<Row> m_rows;
};

} // namespace greenlight::console
