#pragma once

#include "console/sortedlistmodel.h"

#include <QString>

#include <string>
#include <vector>

namespace greenlight::console {

class GreenWaveClient;

// Every green wave of the gateway run: the running ones first (newest first), then the history of
// ended ones with their outcome (newest first). Follows the client: a change updates, inserts or
// moves exactly the rows concerned.
class WaveListModel : public SortedListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int runningCount READ runningCount NOTIFY countChanged)

public:
    enum Role {
        WaveIdRole = Qt::UserRole + 1,  // "waveId"
        VehicleIdRole,                  // "vehicleId"
        RunningRole,                    // "running": bool
        StateRole,                      // "state": "running", "arrived", "aborted", "lost"
        OutcomeRole,                    // "outcome": the gateway's words, "aborted: wrong address"
        ReasonRole,                     // "reason": why it was dispatched
        PriorityRole,                   // "priority": 1..9
        OriginRole,                     // "origin": label
        DestinationRole,                // "destination": label
        RemainingRole,                  // "remaining": seconds to the destination (running)
        RemainingTextRole,              // "remainingText": "2 min 5 s"
        HeldRole,                       // "held": intersections held now
        DispatcherRole,                 // "dispatcher"
        SpawnedRole,                    // "spawned": the gateway put the vehicle on the road
    };
    Q_ENUM(Role)

    // The client is not owned and must outlive the model.
    explicit WaveListModel(GreenWaveClient *client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return rowCount(); }
    int runningCount() const { return m_running; }
    // The row of a wave, or -1.
    Q_INVOKABLE int rowOf(const QString &waveId) const;

Q_SIGNALS:
    void countChanged();

private:
    void onWavesChanged(const std::vector<std::string> &ids);
    bool lessThan(const std::string &a, const std::string &b) const;
    void resort();

    GreenWaveClient *m_client;
    std::vector<std::string> m_ids;  // wave ids in row order
    int m_running = 0;
};

} // namespace greenlight::console
