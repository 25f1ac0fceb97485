#pragma once

#include <QObject>
#include <QString>

#include <string>
#include <vector>

namespace greenlight::console {

class MovementModel;
class PhaseModel;
class StateStore;

// The intersection the operator has selected, with its live phase and movements. Follows the
// store: live values update with every batch, and after a new layout the selection is kept if
// an intersection with the same id still exists.
class SelectedIntersection : public QObject
{
    Q_OBJECT
    Q_MOC_INCLUDE("console/movementmodel.h")
    Q_MOC_INCLUDE("console/phasemodel.h")
    Q_PROPERTY(int index READ index WRITE setIndex NOTIFY indexChanged)
    Q_PROPERTY(bool valid READ isValid NOTIFY indexChanged)
    Q_PROPERTY(QString intersectionId READ intersectionId NOTIFY indexChanged)
    Q_PROPERTY(QString name READ name NOTIFY indexChanged)
    Q_PROPERTY(QString programId READ programId NOTIFY indexChanged)
    Q_PROPERTY(int groupCount READ groupCount NOTIFY indexChanged)
    Q_PROPERTY(int phaseCount READ phaseCount NOTIFY indexChanged)
    Q_PROPERTY(bool hasLiveState READ hasLiveState NOTIFY liveChanged)
    Q_PROPERTY(int phaseIndex READ phaseIndex NOTIFY liveChanged)
    Q_PROPERTY(QString phaseName READ phaseName NOTIFY liveChanged)
    Q_PROPERTY(QString phaseState READ phaseState NOTIFY liveChanged)
    Q_PROPERTY(double phaseDuration READ phaseDuration NOTIFY liveChanged)
    Q_PROPERTY(double secondsToChange READ secondsToChange NOTIFY secondsToChangeChanged)
    Q_PROPERTY(greenlight::console::MovementModel *movements READ movements CONSTANT)
    Q_PROPERTY(greenlight::console::PhaseModel *phases READ phases CONSTANT)

public:
    // The store is not owned and must outlive the controller.
    explicit SelectedIntersection(StateStore *store, QObject *parent = nullptr);

    // Layout index of the selection, -1 for none.
    int index() const { return m_index; }
    void setIndex(int index);
    // Clears the selection.
    Q_INVOKABLE void clear() { setIndex(-1); }
    bool isValid() const { return m_index >= 0; }

    QString intersectionId() const;
    QString name() const;
    QString programId() const;
    int groupCount() const;
    int phaseCount() const;

    // True once the store holds live signals for the selection.
    bool hasLiveState() const;
    // Current phase, -1 without live state.
    int phaseIndex() const;
    // The programme's label for the current phase (often empty).
    QString phaseName() const;
    // The live colours as SUMO letters, e.g. "GGrrGGrr".
    QString phaseState() const;
    // Planned duration of the current phase, 0 when unknown.
    double phaseDuration() const;
    // Simulation seconds until the phase changes, -1 when unknown.
    double secondsToChange() const;

    // The selection's movements with live colours.
    MovementModel *movements() const { return m_movements; }
    // The selection's green phases with the movements each serves.
    PhaseModel *phases() const { return m_phases; }

Q_SIGNALS:
    void indexChanged();
    void liveChanged();
    void secondsToChangeChanged();

private:
    void onLayoutChanged();
    void onSignalsChanged(const std::vector<int> &intersections);

    StateStore *m_store;
    MovementModel *m_movements;
    PhaseModel *m_phases;
    int m_index = -1;
    std::string m_id;  // to find the selection again in a new layout
};

} // namespace greenlight::console
