#pragma once

#include "core/citylayout.h"
#include "core/livestate.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace greenlight::console {

// The console's copy of one gateway's city: the layout and the live state applied to it.
// Lives on the GUI thread; the link hands it batches there. Every view (map, panels, models)
// reads from it and listens to its change signals, which name exactly what changed.
class StateStore : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool hasLayout READ hasLayout NOTIFY layoutChanged)
    Q_PROPERTY(bool hasLiveState READ hasLiveState NOTIFY liveStateReset)
    Q_PROPERTY(double simTime READ simTime NOTIFY simTimeChanged)
    Q_PROPERTY(QString cityName READ cityName NOTIFY layoutChanged)
    Q_PROPERTY(int intersectionCount READ intersectionCount NOTIFY layoutChanged)
    Q_PROPERTY(int segmentCount READ segmentCount NOTIFY layoutChanged)
    Q_PROPERTY(int vehicleCount READ vehicleCount NOTIFY vehiclesChanged)

public:
    // What applying a batch did.
    enum class ApplyResult {
        Applied,        // the batch is now part of the state
        Ignored,        // an old or duplicate delta; nothing changed
        Gap,            // a delta does not follow the last one applied: ask for a snapshot
        WrongLayout,    // the batch indexes into another layout: fetch the layout again
    };
    Q_ENUM(ApplyResult)

    explicit StateStore(QObject *parent = nullptr);

    // Replaces the layout and clears all live state.
    void setLayout(std::shared_ptr<const core::CityLayout> layout);
    // Applies one snapshot or delta (see live.proto's stream protocol).
    ApplyResult applyBatch(const core::LiveBatch &batch);

    // The layout, or an empty one before the first.
    const core::CityLayout &layout() const { return *m_layout; }
    // Shared ownership of the layout, for work off the GUI thread.
    std::shared_ptr<const core::CityLayout> layoutPtr() const { return m_layout; }
    bool hasLayout() const { return m_hasLayout; }
    bool hasLiveState() const { return m_hasLiveState; }

    // Live signal state of intersection i (colours empty until the first snapshot).
    const core::SignalState &signalState(int i) const { return m_signals[static_cast<size_t>(i)]; }
    // Live traffic on segment s.
    const core::SegmentState &segmentState(int s) const { return m_segments[static_cast<size_t>(s)]; }
    // Tracked vehicles by id.
    const std::unordered_map<std::string, core::VehicleState> &vehicles() const { return m_vehicles; }
    // Who holds intersection i and what override runs there; nullptr when it is free.
    const core::IntersectionControl *control(int i) const;
    // Every intersection with a lease or an override, by layout index.
    const std::map<int, core::IntersectionControl> &controls() const { return m_controls; }

    int intersectionCount() const { return static_cast<int>(m_layout->intersections.size()); }
    int segmentCount() const { return static_cast<int>(m_layout->segments.size()); }
    QString cityName() const { return QString::fromStdString(m_layout->name); }
    // Tracked vehicles held now.
    int vehicleCount() const { return static_cast<int>(m_vehicles.size()); }
    // Index of the intersection with this id, or -1.
    int intersectionIndex(const std::string &id) const;
    // Index of the segment with this id, or -1.
    int segmentIndex(const std::string &id) const;

    double simTime() const { return m_simTime; }
    std::uint64_t lastSequence() const { return m_lastSequence; }
    const std::string &gatewayRunId() const { return m_runId; }
    // Gateway wall clock (unix microseconds) of the newest applied batch.
    std::int64_t lastEmittedUnixUs() const { return m_lastEmittedUs; }

Q_SIGNALS:
    // A new layout is in place; everything indexed by it must be rebuilt.
    void layoutChanged();
    // A snapshot replaced all live state (or it was cleared).
    void liveStateReset();
    // These intersections' signal states changed (all of them after a snapshot).
    void signalsChanged(const std::vector<int> &intersections);
    // These segments' traffic changed (all of them after a snapshot).
    void segmentsChanged(const std::vector<int> &segments);
    // Tracked vehicles moved, appeared or left.
    void vehiclesChanged();
    // These intersections' leases or overrides changed (appeared, changed or ended).
    void controlsChanged(const std::vector<int> &intersections);
    // Simulation time advanced.
    void simTimeChanged();
    // A batch has been applied and all the signals above for it have been emitted.
    void batchApplied(std::uint64_t sequence);

private:
    void applySignals(const std::vector<core::SignalState> &in, std::vector<int> &changed);
    void applySegments(const std::vector<core::SegmentState> &in, std::vector<int> &changed);
    void applyControls(const core::LiveBatch &batch, std::vector<int> &changed);

    std::shared_ptr<const core::CityLayout> m_layout;
    bool m_hasLayout = false;
    bool m_hasLiveState = false;
    std::vector<core::SignalState> m_signals;
    std::vector<core::SegmentState> m_segments;
    std::unordered_map<std::string, core::VehicleState> m_vehicles;
    std::map<int, core::IntersectionControl> m_controls;
    std::unordered_map<std::string, int> m_intersectionById;
    std::unordered_map<std::string, int> m_segmentById;
    double m_simTime = 0;
    std::uint64_t m_lastSequence = 0;
    std::string m_runId;
    std::int64_t m_lastEmittedUs = 0;
};

} // namespace greenlight::console
