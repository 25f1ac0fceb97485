#pragma once

#include "core/citylayout.h"
#include "core/signalcolour.h"

#include <QAbstractListModel>
#include <QString>

#include <vector>

namespace greenlight::console {

class StateStore;

// The movements (signal groups) of one intersection, one row per group in group order, with
// their live colours. Static roles come from the layout; colour roles follow the store.
// Setting another intersection (or a layout change, which clears it) resets the model.
class MovementModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int intersection READ intersection WRITE setIntersection NOTIFY intersectionChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        GroupIndexRole = Qt::UserRole + 1,  // "groupIndex": position in the colour list
        ApproachRole,                       // "approach": compass side traffic comes from, "N"
        TurnRole,                           // "turn": "left", "straight", ...
        TurnSymbolRole,                     // "turnSymbol": an arrow
        FromStreetRole,                     // "fromStreet": approach street name
        ToStreetRole,                       // "toStreet": exit street name
        LaneRole,                           // "lane": incoming lane id
        LaneNumberRole,                     // "laneNumber": 1 for the rightmost lane, 0 when unknown
        ApproachLabelRole,                  // "approachLabel": "From N · Harbour Rd", for sections
        PedestrianRole,                     // "pedestrian": a crossing rather than a vehicle movement
        ColourNameRole,                     // "colourName": live, human ("green (yield)")
        ColourKeyRole,                      // "colourKey": live, Theme key ("green", "red", ...)
        GoRole,                             // "go": live, traffic may enter (green or yellow)
    };
    Q_ENUM(Role)

    // The store is not owned and must outlive the model.
    explicit MovementModel(StateStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The intersection shown, -1 for none.
    int intersection() const { return m_intersection; }
    void setIntersection(int intersection);
    int count() const { return rowCount(); }

Q_SIGNALS:
    void intersectionChanged();
    void countChanged();

private:
    struct Row {
        int group = 0;
        QString approach;
        core::Turn turn = core::Turn::Unknown;
        std::vector<core::Turn> turns; // every way it lets go (a shared signal has several), left to right
        QString fromStreet;
        QString toStreet;
        QString lane;
        int laneNumber = 0;
        QString approachLabel;
    };

    void rebuild(int intersection);
    void onSignalsChanged(const std::vector<int> &intersections);
    core::SignalColour liveColour(int group) const;
    QString streetName(const std::string &segmentId) const;

    StateStore *m_store;
    int m_intersection = -1;
    std::vector<Row> m_rows;
    std::vector<core::SignalColour> m_shown;  // colour per row as last announced
};

} // namespace greenlight::console
