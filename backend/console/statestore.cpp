#include "statestore.h"

#include <QLoggingCategory>

#include <algorithm>
#include <numeric>

Q_LOGGING_CATEGORY(lcStore, "greenlight.store")

namespace greenlight::console {

StateStore::StateStore(QObject *parent)
    : QObject(parent)
    , m_layout(std::make_shared<core::CityLayout>())
{
}

void StateStore::setLayout(std::shared_ptr<const core::CityLayout> layout)
{
    m_layout = layout ? std::move(layout) : std::make_shared<core::CityLayout>();
    m_hasLayout = true;
    m_intersectionById.clear();
    m_intersectionById.reserve(m_layout->intersections.size());
    for (size_t i = 0; i < m_layout->intersections.size(); ++i)
        m_intersectionById.emplace(m_layout->intersections[i].id, static_cast<int>(i));
    m_segmentById.clear();
    m_segmentById.reserve(m_layout->segments.size());
    for (size_t s = 0; s < m_layout->segments.size(); ++s)
        m_segmentById.emplace(m_layout->segments[s].id, static_cast<int>(s));
    m_signals.assign(m_layout->intersections.size(), {});
    for (size_t i = 0; i < m_signals.size(); ++i)
        m_signals[i].intersection = static_cast<int>(i);
    m_segments.assign(m_layout->segments.size(), {});
    for (size_t s = 0; s < m_segments.size(); ++s)
        m_segments[s].segment = static_cast<int>(s);
    const bool hadVehicles = !m_vehicles.empty();
    m_vehicles.clear();
    m_controls.clear();
    m_hasLiveState = false;
    m_lastSequence = 0;
    m_runId.clear();
    Q_EMIT layoutChanged();
    Q_EMIT liveStateReset();
    if (hadVehicles)
        Q_EMIT vehiclesChanged();
}

int StateStore::intersectionIndex(const std::string &id) const
{
    auto it = m_intersectionById.find(id);
    return it == m_intersectionById.end() ? -1 : it->second;
}

int StateStore::segmentIndex(const std::string &id) const
{
    auto it = m_segmentById.find(id);
    return it == m_segmentById.end() ? -1 : it->second;
}

void StateStore::applySignals(const std::vector<core::SignalState> &in, std::vector<int> &changed)
{
    for (const auto &s : in) {
        m_signals[static_cast<size_t>(s.intersection)] = s;
        changed.push_back(s.intersection);
    }
}

void StateStore::applySegments(const std::vector<core::SegmentState> &in, std::vector<int> &changed)
{
    for (const auto &s : in) {
        m_segments[static_cast<size_t>(s.segment)] = s;
        changed.push_back(s.segment);
    }
}

const core::IntersectionControl *StateStore::control(int i) const
{
    auto it = m_controls.find(i);
    return it == m_controls.end() ? nullptr : &it->second;
}

void StateStore::applyControls(const core::LiveBatch &batch, std::vector<int> &changed)
{
    if (batch.snapshot) {
        // Everything held before may have ended; everything listed is (again) controlled.
        for (const auto &[i, control] : m_controls)
            changed.push_back(i);
        m_controls.clear();
    }
    for (const auto &c : batch.controls) {
        if (c.lease || c.override_)
            m_controls[c.intersection] = c;
        else
            m_controls.erase(c.intersection);
        changed.push_back(c.intersection);
    }
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
}

StateStore::ApplyResult StateStore::applyBatch(const core::LiveBatch &batch)
{
    if (!m_hasLayout || batch.layoutVersion != m_layout->layoutVersion) {
        qCWarning(lcStore) << "batch" << batch.sequence << "is for layout"
                           << QString::fromStdString(batch.layoutVersion) << "but the store holds"
                           << QString::fromStdString(m_layout->layoutVersion);
        return ApplyResult::WrongLayout;
    }
    if (!batch.snapshot) {
        if (!m_hasLiveState || batch.gatewayRunId != m_runId)
            return ApplyResult::Gap;
        if (batch.sequence <= m_lastSequence)
            return ApplyResult::Ignored;
        if (batch.sequence != m_lastSequence + 1)
            return ApplyResult::Gap;
    }

    std::vector<int> changedSignals;
    std::vector<int> changedSegments;
    const bool vehiclesTouched = batch.snapshot || !batch.vehicles.empty() || !batch.vehiclesRemoved.empty();
    // Validate every index first, so a malformed batch leaves the state exactly as it was.
    for (const auto &s : batch.signals)
        if (s.intersection < 0 || static_cast<size_t>(s.intersection) >= m_signals.size())
            return ApplyResult::WrongLayout;
    for (const auto &s : batch.segments)
        if (s.segment < 0 || static_cast<size_t>(s.segment) >= m_segments.size())
            return ApplyResult::WrongLayout;
    for (const auto &c : batch.controls)
        if (c.intersection < 0 || static_cast<size_t>(c.intersection) >= m_signals.size())
            return ApplyResult::WrongLayout;
    if (batch.snapshot) {
        for (size_t i = 0; i < m_signals.size(); ++i)
            m_signals[i] = core::SignalState{static_cast<int>(i), {}, 0, 0};
        for (size_t s = 0; s < m_segments.size(); ++s)
            m_segments[s] = core::SegmentState{static_cast<int>(s), 0, 0, core::CongestionLevel::Unknown};
        m_vehicles.clear();
        applySignals(batch.signals, changedSignals);
        applySegments(batch.segments, changedSegments);
        changedSignals.resize(m_signals.size());
        std::iota(changedSignals.begin(), changedSignals.end(), 0);
        changedSegments.resize(m_segments.size());
        std::iota(changedSegments.begin(), changedSegments.end(), 0);
    } else {
        applySignals(batch.signals, changedSignals);
        applySegments(batch.segments, changedSegments);
    }
    for (const auto &v : batch.vehicles)
        m_vehicles[v.id] = v;
    for (const auto &id : batch.vehiclesRemoved)
        m_vehicles.erase(id);
    std::vector<int> changedControls;
    applyControls(batch, changedControls);

    const bool wasLive = m_hasLiveState;
    m_hasLiveState = true;
    m_lastSequence = batch.sequence;
    m_runId = batch.gatewayRunId;
    m_lastEmittedUs = batch.emittedUnixUs;
    const bool timeMoved = batch.simTimeS != m_simTime;
    m_simTime = batch.simTimeS;

    if (batch.snapshot || !wasLive)
        Q_EMIT liveStateReset();
    if (!changedSignals.empty())
        Q_EMIT signalsChanged(changedSignals);
    if (!changedSegments.empty())
        Q_EMIT segmentsChanged(changedSegments);
    if (vehiclesTouched)
        Q_EMIT vehiclesChanged();
    if (!changedControls.empty())
        Q_EMIT controlsChanged(changedControls);
    if (timeMoved)
        Q_EMIT simTimeChanged();
    Q_EMIT batchApplied(batch.sequence);
    return ApplyResult::Applied;
}

} // namespace greenlight::console
