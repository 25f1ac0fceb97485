#pragma once

#include "console/wavepassagemodel.h"

#include <QObject>
#include <QString>
#include <QVariantList>

#include <string>

namespace greenlight::console {

class GreenWaveClient;
class StateStore;
struct WaveInfo;

// The wave the coordinator follows in the cockpit: where it stands, its passages, the path still
// ahead and the vehicle's live position for the map, and its abort. Follows the client's wave
// updates, the store's vehicles (the vehicle moves between updates) and the simulation clock.
class SelectedWave : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString waveId READ waveId WRITE setWaveId NOTIFY waveIdChanged)
    Q_PROPERTY(bool valid READ valid NOTIFY changed)
    Q_PROPERTY(bool running READ running NOTIFY changed)
    Q_PROPERTY(QString state READ state NOTIFY changed)
    Q_PROPERTY(QString outcome READ outcome NOTIFY changed)
    Q_PROPERTY(QString reason READ reason NOTIFY changed)
    Q_PROPERTY(int priority READ priority NOTIFY changed)
    Q_PROPERTY(QString vehicleId READ vehicleId NOTIFY changed)
    Q_PROPERTY(QString originLabel READ originLabel NOTIFY changed)
    Q_PROPERTY(QString destinationLabel READ destinationLabel NOTIFY changed)
    Q_PROPERTY(QString dispatcher READ dispatcher NOTIFY changed)
    Q_PROPERTY(double remainingS READ remainingS NOTIFY changed)
    Q_PROPERTY(QString remainingText READ remainingText NOTIFY changed)
    Q_PROPERTY(int held READ held NOTIFY changed)
    Q_PROPERTY(greenlight::console::WavePassageModel *passages READ passages CONSTANT)
    Q_PROPERTY(QVariantList routeSegments READ routeSegments NOTIFY routeChanged)
    Q_PROPERTY(QVariantList routeMarkers READ routeMarkers NOTIFY routeChanged)
    Q_PROPERTY(QVariantList vehiclePosition READ vehiclePosition NOTIFY vehicleMoved)
    Q_PROPERTY(bool aborting READ aborting NOTIFY abortChanged)
    Q_PROPERTY(QString abortError READ abortError NOTIFY abortChanged)

public:
    // None is owned; all must outlive this object.
    SelectedWave(GreenWaveClient *client, StateStore *store, QObject *parent = nullptr);

    QString waveId() const { return QString::fromStdString(m_waveId); }
    void setWaveId(const QString &waveId);
    bool valid() const;
    bool running() const;
    // "running", "arrived", "aborted", "lost".
    QString state() const;
    QString outcome() const;
    QString reason() const;
    int priority() const;
    QString vehicleId() const;
    QString originLabel() const;
    QString destinationLabel() const;
    QString dispatcher() const;
    // Seconds to the destination, counted down with the simulation clock since the last update.
    double remainingS() const;
    // "2 min 5 s"; empty once ended.
    QString remainingText() const;
    int held() const;
    WavePassageModel *passages() const { return m_passages; }
    // The path still ahead, as layout segment indices.
    QVariantList routeSegments() const;
    // Every intersection seen so far with its state: [{intersection, state}].
    QVariantList routeMarkers() const;
    // [lat, lon] of the vehicle (live from the stream where it is tracked), or empty.
    QVariantList vehiclePosition() const;
    bool aborting() const { return !m_abortKey.empty(); }
    QString abortError() const { return m_abortError; }

    // Aborts the wave with a reason; false when it was not sent (the reason is in a notice).
    Q_INVOKABLE bool abort(const QString &reason);

Q_SIGNALS:
    void waveIdChanged();
    void changed();
    void routeChanged();
    void vehicleMoved();
    void abortChanged();

private:
    const WaveInfo *wave() const;
    void refresh();
    void onWavesChanged(const std::vector<std::string> &ids);
    void onCommandChanged(const std::string &key);

    GreenWaveClient *m_client;
    StateStore *m_store;
    WavePassageModel *m_passages;
    std::string m_waveId;
    std::string m_abortKey;
    QString m_abortError;
};

} // namespace greenlight::console
