#pragma once

#include <QAbstractListModel>
#include <QString>
#include <QVariantList>

#include <vector>

namespace greenlight::console {

class StateStore;

// The green phases of one intersection's programme (the phases an operator may go to), one row
// per phase in programme order, each with the movements it serves: the diagram the operator picks
// a phase from. Static roles come from the layout; "current" and "target" follow the store.
class PhaseModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int intersection READ intersection WRITE setIntersection NOTIFY intersectionChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        PhaseIndexRole = Qt::UserRole + 1,  // "phaseIndex": index into the programme (0-based)
        NameRole,                           // "name": the programme's label, often empty
        DurationRole,                       // "duration": planned seconds
        MovementsRole,                      // "movements": [{side, symbol, bearing, turn, protectedGreen, pedestrian, approach}]
        SummaryRole,                        // "summary": "N ↑ ← · S ↑", for lists and tests
        CurrentRole,                        // "current": the live phase is this one
        TargetRole,                         // "target": an override holds or goes to this one
    };
    Q_ENUM(Role)

    // The store is not owned and must outlive the model.
    explicit PhaseModel(StateStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int intersection() const { return m_intersection; }
    void setIntersection(int intersection);
    int count() const { return rowCount(); }

    // True when a programme phase state ("GGrrgg") serves traffic: some green, no yellow or red+amber.
    static bool isGreenPhase(const std::string &state);

Q_SIGNALS:
    void intersectionChanged();
    void countChanged();

private:
    struct Row {
        int phase = 0;
        QString name;
        double duration = 0;
        QVariantList movements;
        QString summary;
    };

    void rebuild(int intersection);
    void announce(int role);
    int targetPhase() const;

    StateStore *m_store;
    int m_intersection = -1;
    std::vector<Row> m_rows;
    int m_shownCurrent = -1;
    int m_shownTarget = -1;
};

} // namespace greenlight::console
