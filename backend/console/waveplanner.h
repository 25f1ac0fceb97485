#pragma once

#include "console/wavetypes.h"

#include "console/wavepassagemodel.h"

#include <QObject>
#include <QString>
#include <QVariantList>

#include <cstdint>
#include <string>

namespace greenlight::console {

class GreenWaveClient;
class StateStore;

// The wave the coordinator is preparing: the origin (a tracked emergency vehicle, or a hospital or
// fire station to spawn one at) and the destination (a point on the map or a hospital), the route
// the gateway plans between them (asked again whenever either changes), and the dispatch.
class WavePlanner : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool hasOrigin READ hasOrigin NOTIFY placesChanged)
    Q_PROPERTY(QString originKind READ originKind NOTIFY placesChanged)
    Q_PROPERTY(QString originId READ originId NOTIFY placesChanged)
    Q_PROPERTY(QString originLabel READ originLabel NOTIFY placesChanged)
    Q_PROPERTY(bool hasDestination READ hasDestination NOTIFY placesChanged)
    Q_PROPERTY(QString destinationLabel READ destinationLabel NOTIFY placesChanged)
    Q_PROPERTY(bool planning READ planning NOTIFY planChanged)
    Q_PROPERTY(bool hasPlan READ hasPlan NOTIFY planChanged)
    Q_PROPERTY(QString planError READ planError NOTIFY planChanged)
    Q_PROPERTY(double lengthM READ lengthM NOTIFY planChanged)
    Q_PROPERTY(double travelTimeS READ travelTimeS NOTIFY planChanged)
    Q_PROPERTY(QString summary READ summary NOTIFY planChanged)
    Q_PROPERTY(greenlight::console::WavePassageModel *passages READ passages CONSTANT)
    Q_PROPERTY(QVariantList routeSegments READ routeSegments NOTIFY planChanged)
    Q_PROPERTY(QVariantList routeMarkers READ routeMarkers NOTIFY planChanged)
    Q_PROPERTY(bool dispatching READ dispatching NOTIFY dispatchChanged)
    Q_PROPERTY(QString dispatchError READ dispatchError NOTIFY dispatchChanged)
    Q_PROPERTY(bool canDispatch READ canDispatch NOTIFY canDispatchChanged)

public:
    // Neither is owned; both must outlive the planner.
    WavePlanner(GreenWaveClient *client, StateStore *store, QObject *parent = nullptr);

    bool hasOrigin() const { return m_origin.isSet(); }
    // "vehicle", "hospital", "fire", "point", or "" with none.
    QString originKind() const { return m_originKind; }
    QString originId() const { return QString::fromStdString(m_origin.id); }
    QString originLabel() const { return m_origin.label; }
    bool hasDestination() const { return m_destination.isSet(); }
    QString destinationLabel() const { return m_destination.label; }
    bool planning() const { return m_request != 0; }
    bool hasPlan() const { return m_hasPlan; }
    QString planError() const { return m_planError; }
    double lengthM() const { return m_plan.lengthM; }
    double travelTimeS() const { return m_plan.travelTimeS; }
    // "1.8 km · 2 min 14 s · 6 intersections"; empty without a plan.
    QString summary() const;
    WavePassageModel *passages() const { return m_passages; }
    // The planned path as layout segment indices, for the map.
    QVariantList routeSegments() const;
    // The intersections the plan preempts, for the map: [{intersection, state: "planned"}].
    QVariantList routeMarkers() const;
    bool dispatching() const { return !m_dispatchKey.empty(); }
    QString dispatchError() const { return m_dispatchError; }
    // A plan is in, nothing is being sent, and the operator may dispatch.
    bool canDispatch() const;
    // The plan being shown.
    const WavePlanInfo &plan() const { return m_plan; }

    // Origins.
    Q_INVOKABLE void setOriginVehicle(const QString &vehicleId);
    Q_INVOKABLE void setOriginPlace(const QString &poiId, const QString &kind = QStringLiteral("hospital"));
    Q_INVOKABLE void setOriginPoint(double lat, double lon);
    // Destinations.
    Q_INVOKABLE void setDestinationPoint(double lat, double lon);
    Q_INVOKABLE void setDestinationPlace(const QString &poiId);
    // Plans again with the same places (e.g. after the vehicle moved on).
    Q_INVOKABLE void replan();
    // Forgets the places and the plan.
    Q_INVOKABLE void clear();
    // Dispatches the planned wave; false when it was not sent (the reason is in a notice).
    Q_INVOKABLE bool dispatch(const QString &reason, int priority);

    void setOrigin(const WavePlace &place, const QString &kind);
    void setDestination(const WavePlace &place);

Q_SIGNALS:
    void placesChanged();
    void planChanged();
    void dispatchChanged();
    void canDispatchChanged();
    // The gateway accepted the dispatch: the wave runs.
    void dispatched(const QString &waveId);

private:
    void requestPlan();
    void onPlanFinished(std::uint64_t request, bool ok, const WavePlanInfo &plan, const QString &error);
    void onCommandChanged(const std::string &key);
    void updateCanDispatch();
    QString poiLabel(const std::string &id) const;

    GreenWaveClient *m_client;
    StateStore *m_store;
    WavePassageModel *m_passages;
    WavePlace m_origin;
    QString m_originKind;
    WavePlace m_destination;
    std::uint64_t m_request = 0;
    bool m_hasPlan = false;
    QString m_planError;
    WavePlanInfo m_plan;
    std::string m_dispatchKey;
    QString m_dispatchError;
    bool m_canDispatch = false;
};

} // namespace greenlight::console
