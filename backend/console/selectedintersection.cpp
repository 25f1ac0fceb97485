#include "selectedintersection.h"

#include "console/movementmodel.h"
#include "console/phasemodel.h"
#include "console/statestore.h"

#include <algorithm>

namespace greenlight::console {

SelectedIntersection::SelectedIntersection(StateStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    // Created first so that it sees the store's signals before this controller does.
    , m_movements(new MovementModel(store, this))
    , m_phases(new PhaseModel(store, this))
{
    connect(m_store, &StateStore::layoutChanged, this, &SelectedIntersection::onLayoutChanged);
    connect(m_store, &StateStore::signalsChanged, this, &SelectedIntersection::onSignalsChanged);
    connect(m_store, &StateStore::liveStateReset, this, &SelectedIntersection::liveChanged);
    connect(m_store, &StateStore::simTimeChanged, this, &SelectedIntersection::secondsToChangeChanged);
}

void SelectedIntersection::setIndex(int index)
{
    if (index < 0 || index >= m_store->intersectionCount())
        index = -1;
    if (index == m_index)
        return;
    m_index = index;
    m_id = index >= 0 ? m_store->layout().intersections[static_cast<size_t>(index)].id : std::string();
    m_movements->setIntersection(index);
    m_phases->setIntersection(index);
    Q_EMIT indexChanged();
    Q_EMIT liveChanged();
    Q_EMIT secondsToChangeChanged();
}

void SelectedIntersection::onLayoutChanged()
{
    const int again = m_id.empty() ? -1 : m_store->intersectionIndex(m_id);
    m_index = -2;  // force setIndex to announce, even for the same index
    setIndex(again);
}

void SelectedIntersection::onSignalsChanged(const std::vector<int> &intersections)
{
    if (m_index >= 0 && std::find(intersections.begin(), intersections.end(), m_index) != intersections.end()) {
        Q_EMIT liveChanged();
        Q_EMIT secondsToChangeChanged();
    }
}

namespace {
template <typename T, typename F>
T fromIntersection(const StateStore *store, int index, T fallback, F f)
{
    if (index < 0 || index >= store->intersectionCount())
        return fallback;
    return f(store->layout().intersections[static_cast<size_t>(index)]);
}
} // namespace

QString SelectedIntersection::intersectionId() const
{
    return fromIntersection(m_store, m_index, QString(), [](const auto &i) { return QString::fromStdString(i.id); });
}

QString SelectedIntersection::name() const
{
    return fromIntersection(m_store, m_index, QString(), [](const auto &i) { return QString::fromStdString(i.name); });
}

QString SelectedIntersection::programId() const
{
    return fromIntersection(m_store, m_index, QString(),
                            [](const auto &i) { return QString::fromStdString(i.programId); });
}

int SelectedIntersection::groupCount() const
{
    return fromIntersection(m_store, m_index, 0, [](const auto &i) { return static_cast<int>(i.signalGroups.size()); });
}

int SelectedIntersection::phaseCount() const
{
    return fromIntersection(m_store, m_index, 0, [](const auto &i) { return static_cast<int>(i.phases.size()); });
}

bool SelectedIntersection::hasLiveState() const
{
    return m_index >= 0 && !m_store->signalState(m_index).colours.empty();
}

int SelectedIntersection::phaseIndex() const
{
    return hasLiveState() ? m_store->signalState(m_index).phaseIndex : -1;
}

QString SelectedIntersection::phaseName() const
{
    const int phase = phaseIndex();
    return fromIntersection(m_store, m_index, QString(), [phase](const auto &i) {
        return phase >= 0 && static_cast<size_t>(phase) < i.phases.size()
            ? QString::fromStdString(i.phases[static_cast<size_t>(phase)].name)
            : QString();
    });
}

QString SelectedIntersection::phaseState() const
{
    return hasLiveState() ? QString::fromStdString(core::stateFromColours(m_store->signalState(m_index).colours))
                          : QString();
}

double SelectedIntersection::phaseDuration() const
{
    const int phase = phaseIndex();
    return fromIntersection(m_store, m_index, 0.0, [phase](const auto &i) {
        return phase >= 0 && static_cast<size_t>(phase) < i.phases.size() ? i.phases[static_cast<size_t>(phase)].durationS
                                                                         : 0.0;
    });
}

double SelectedIntersection::secondsToChange() const
{
    if (!hasLiveState())
        return -1;
    return std::max(0.0, m_store->signalState(m_index).nextChangeTimeS - m_store->simTime());
}

} // namespace greenlight::console
