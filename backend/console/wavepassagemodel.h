#pragma once

#include "console/wavetypes.h"

#include <QAbstractListModel>
#include <QString>
#include <QVariantList>

#include <vector>

namespace greenlight::console {

class StateStore;

// The signalised intersections of one route, in route order: a plan's preview or a wave's
// progress. ETAs count down with the simulation clock from the message that brought them; a
// new message for the same intersections updates rows in place.
class WavePassageModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        IntersectionRole = Qt::UserRole + 1,  // "intersection": layout index, -1 when unknown here
        IntersectionIdRole,                   // "intersectionId"
        NameRole,                             // "name": the intersection's name
        EtaRole,                              // "eta": seconds to the stop line now
        EtaTextRole,                          // "etaText": "in 23 s"; empty once it is behind
        StateRole,                            // "state": colour key, "waiting" "preparing" "green" "passed" "released" "refused"
        StateTextRole,                        // "stateText": "green held"
        NoteRole,                             // "note": why it was refused or released
        TargetPhaseRole,                      // "targetPhase": 0-based, -1 when no phase serves it
    };
    Q_ENUM(Role)

    // The store names the intersections; not owned, must outlive the model.
    explicit WavePassageModel(StateStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return rowCount(); }

    // Shows these passages, whose ETAs were counted at simulation time baseSimS (0: never count down).
    void setPassages(const std::vector<WavePassageInfo> &passages, double baseSimS);
    // Empties the list.
    void clear() { setPassages({}, 0); }
    // The simulation clock now; ETAs shown count down from their base.
    void setSimTime(double simS);

    // The passages shown.
    const std::vector<WavePassageInfo> &passages() const { return m_passages; }
    // The map's markers: [{intersection, state}] for the intersections known here.
    QVariantList markers() const;

Q_SIGNALS:
    void countChanged();

private:
    double etaNow(const WavePassageInfo &p) const;
    QString etaText(const WavePassageInfo &p) const;

    StateStore *m_store;
    std::vector<WavePassageInfo> m_passages;
    std::vector<int> m_intersections;
    double m_baseSimS = 0;
    double m_simS = 0;
};

} // namespace greenlight::console
