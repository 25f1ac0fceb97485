#include "waveplanner.h"

#include "console/greenwaveclient.h"
#include "console/statestore.h"
#include "console/wavepassagemodel.h"

namespace greenlight::console {

WavePlanner::WavePlanner(GreenWaveClient *client, StateStore *store, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_passages(new WavePassageModel(store, this))
{
    connect(m_client, &GreenWaveClient::planFinished, this, &WavePlanner::onPlanFinished);
    connect(m_client, &GreenWaveClient::commandChanged, this, &WavePlanner::onCommandChanged);
    connect(m_client, &GreenWaveClient::availabilityChanged, this, &WavePlanner::updateCanDispatch);
    // Segment indices change with the layout: the plan is asked again.
    connect(m_store, &StateStore::layoutChanged, this, [this] {
        if (m_hasPlan || planning())
            requestPlan();
    });
}

QString WavePlanner::summary() const
{
    if (!m_hasPlan)
        return {};
    const int n = static_cast<int>(m_plan.passages.size());
    const QString crossings = n == 1 ? tr("1 intersection") : tr("%1 intersections").arg(n);
    return tr("%1 · %2 · %3").arg(wavetext::distance(m_plan.lengthM), wavetext::duration(m_plan.travelTimeS), crossings);
}

QVariantList WavePlanner::routeSegments() const
{
    QVariantList out;
    if (!m_hasPlan)
        return out;
    for (const std::string &id : m_plan.segmentIds) {
        const int s = m_store->segmentIndex(id);
        if (s >= 0)
            out.append(s);
    }
    return out;
}

QVariantList WavePlanner::routeMarkers() const
{
    QVariantList out = m_passages->markers();
    for (QVariant &m : out) {
        QVariantMap map = m.toMap();
        map[QStringLiteral("state")] = QStringLiteral("planned");
        m = map;
    }
    return out;
}

bool WavePlanner::canDispatch() const
{
    return m_hasPlan && !planning() && !dispatching() && m_client->mayDispatch();
}

void WavePlanner::updateCanDispatch()
{
    if (canDispatch() == m_canDispatch)
        return;
    m_canDispatch = canDispatch();
    Q_EMIT canDispatchChanged();
}

QString WavePlanner::poiLabel(const std::string &id) const
{
    for (const auto &poi : m_store->layout().pointsOfInterest)
        if (poi.id == id)
            return QString::fromStdString(poi.name.empty() ? poi.id : poi.name);
    return QString::fromStdString(id);
}

void WavePlanner::setOrigin(const WavePlace &place, const QString &kind)
{
    if (place == m_origin && kind == m_originKind)
        return;
    m_origin = place;
    m_originKind = place.isSet() ? kind : QString();
    Q_EMIT placesChanged();
    requestPlan();
}

void WavePlanner::setDestination(const WavePlace &place)
{
    if (place == m_destination)
        return;
    m_destination = place;
    Q_EMIT placesChanged();
    requestPlan();
}

void WavePlanner::setOriginVehicle(const QString &vehicleId)
{
    setOrigin(WavePlace::vehicle(vehicleId.toStdString()), QStringLiteral("vehicle"));
}

void WavePlanner::setOriginPlace(const QString &poiId, const QString &kind)
{
    const std::string id = poiId.toStdString();
    setOrigin(WavePlace::poi(id, poiLabel(id)), kind);
}

void WavePlanner::setOriginPoint(double lat, double lon)
{
    setOrigin(WavePlace::at({lat, lon}), QStringLiteral("point"));
}

void WavePlanner::setDestinationPoint(double lat, double lon)
{
    setDestination(WavePlace::at({lat, lon}));
}

void WavePlanner::setDestinationPlace(const QString &poiId)
{
    const std::string id = poiId.toStdString();
    setDestination(WavePlace::poi(id, poiLabel(id)));
}

void WavePlanner::replan()
{
    requestPlan();
}

void WavePlanner::clear()
{
    m_origin = {};
    m_originKind.clear();
    m_destination = {};
    m_request = 0;
    m_hasPlan = false;
    m_planError.clear();
    m_plan = {};
    m_passages->clear();
    m_dispatchError.clear();
    Q_EMIT placesChanged();
    Q_EMIT planChanged();
    Q_EMIT dispatchChanged();
    updateCanDispatch();
}

void WavePlanner::requestPlan()
{
    m_hasPlan = false;
    m_plan = {};
    m_passages->clear();
    m_planError.clear();
    m_request = 0;
    if (m_origin.isSet() && m_destination.isSet())
        m_request = m_client->plan(m_origin, m_destination);  // 0 when refused here (error set already)
    Q_EMIT planChanged();
    updateCanDispatch();
}

void WavePlanner::onPlanFinished(std::uint64_t request, bool ok, const WavePlanInfo &plan, const QString &error)
{
    // A refusal before sending arrives while plan() runs, before m_request is set.
    if (request != m_request && !(m_request == 0 && !ok && m_origin.isSet() && m_destination.isSet()))
        return;
    m_request = 0;
    m_hasPlan = ok;
    m_plan = ok ? plan : WavePlanInfo{};
    m_planError = error;
    m_passages->setPassages(m_plan.passages, 0);
    Q_EMIT planChanged();
    updateCanDispatch();
}

bool WavePlanner::dispatch(const QString &reason, int priority)
{
    if (!m_hasPlan) {
        m_dispatchError = tr("Plan a route first.");
        Q_EMIT dispatchChanged();
        return false;
    }
    m_dispatchError.clear();
    m_dispatchKey = m_client->dispatch(m_origin, m_destination, reason, priority);
    if (m_dispatchKey.empty()) {
        m_dispatchError = reason.trimmed().isEmpty() ? tr("Enter a reason.") : m_client->blockedText();
        Q_EMIT dispatchChanged();
        return false;
    }
    Q_EMIT dispatchChanged();
    updateCanDispatch();
    return true;
}

void WavePlanner::onCommandChanged(const std::string &key)
{
    if (key != m_dispatchKey)
        return;
    const GreenWaveClient::Command *command = m_client->command(key);
    if (!command || command->state == GreenWaveClient::Command::State::Sending)
        return;
    m_dispatchKey.clear();
    if (command->state == GreenWaveClient::Command::State::Done) {
        const QString waveId = QString::fromStdString(command->waveId);
        m_dispatchError.clear();
        Q_EMIT dispatchChanged();
        updateCanDispatch();
        Q_EMIT dispatched(waveId);
        return;
    }
    m_dispatchError = command->message;
    Q_EMIT dispatchChanged();
    updateCanDispatch();
}

} // namespace greenlight::console
