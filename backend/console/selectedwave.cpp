#include "selectedwave.h"

#include "console/greenwaveclient.h"
#include "console/statestore.h"
#include "console/wavepassagemodel.h"

#include <algorithm>

namespace greenlight::console {

SelectedWave::SelectedWave(GreenWaveClient *client, StateStore *store, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_passages(new WavePassageModel(store, this))
{
    connect(m_client, &GreenWaveClient::wavesChanged, this, &SelectedWave::onWavesChanged);
    connect(m_client, &GreenWaveClient::commandChanged, this, &SelectedWave::onCommandChanged);
    connect(m_store, &StateStore::simTimeChanged, this, [this] {
        m_passages->setSimTime(m_store->simTime());
        if (running())
            Q_EMIT changed();  // the remaining time counts down
    });
    connect(m_store, &StateStore::vehiclesChanged, this, [this] {
        if (running())
            Q_EMIT vehicleMoved();
    });
    connect(m_store, &StateStore::layoutChanged, this, &SelectedWave::routeChanged);
}

const WaveInfo *SelectedWave::wave() const
{
    return m_waveId.empty() ? nullptr : m_client->wave(m_waveId);
}

void SelectedWave::setWaveId(const QString &waveId)
{
    const std::string id = waveId.toStdString();
    if (id == m_waveId)
        return;
    m_waveId = id;
    m_abortKey.clear();
    m_abortError.clear();
    Q_EMIT waveIdChanged();
    Q_EMIT abortChanged();
    refresh();
}

void SelectedWave::onWavesChanged(const std::vector<std::string> &ids)
{
    if (!m_waveId.empty() && std::find(ids.begin(), ids.end(), m_waveId) != ids.end())
        refresh();
}

void SelectedWave::refresh()
{
    const WaveInfo *w = wave();
    m_passages->setPassages(w ? w->passages : std::vector<WavePassageInfo>{}, w && w->running() ? w->updatedSimS : 0);
    m_passages->setSimTime(m_store->simTime());
    Q_EMIT changed();
    Q_EMIT routeChanged();
    Q_EMIT vehicleMoved();
}

bool SelectedWave::valid() const
{
    return wave() != nullptr;
}

bool SelectedWave::running() const
{
    const WaveInfo *w = wave();
    return w && w->running();
}

QString SelectedWave::state() const
{
    const WaveInfo *w = wave();
    return w ? wavetext::waveStateText(w->state) : QString();
}

QString SelectedWave::outcome() const
{
    const WaveInfo *w = wave();
    return w ? QString::fromStdString(w->outcome) : QString();
}

QString SelectedWave::reason() const
{
    const WaveInfo *w = wave();
    return w ? QString::fromStdString(w->reason) : QString();
}

int SelectedWave::priority() const
{
    const WaveInfo *w = wave();
    return w ? w->priority : 0;
}

QString SelectedWave::vehicleId() const
{
    const WaveInfo *w = wave();
    return w ? QString::fromStdString(w->vehicleId) : QString();
}

QString SelectedWave::originLabel() const
{
    const WaveInfo *w = wave();
    return w ? QString::fromStdString(w->originLabel) : QString();
}

QString SelectedWave::destinationLabel() const
{
    const WaveInfo *w = wave();
    return w ? QString::fromStdString(w->destinationLabel) : QString();
}

QString SelectedWave::dispatcher() const
{
    const WaveInfo *w = wave();
    return w ? QString::fromStdString(w->dispatcher) : QString();
}

double SelectedWave::remainingS() const
{
    const WaveInfo *w = wave();
    if (!w || !w->running())
        return 0;
    const double elapsed = w->updatedSimS > 0 && m_store->simTime() > w->updatedSimS ? m_store->simTime() - w->updatedSimS : 0;
    return std::max(0.0, w->remainingS - elapsed);
}

QString SelectedWave::remainingText() const
{
    return running() ? wavetext::duration(remainingS()) : QString();
}

int SelectedWave::held() const
{
    const WaveInfo *w = wave();
    return w ? w->intersectionsHeld : 0;
}

QVariantList SelectedWave::routeSegments() const
{
    QVariantList out;
    const WaveInfo *w = wave();
    if (!w || !w->running())
        return out;
    for (const std::string &id : w->segmentIds) {
        const int s = m_store->segmentIndex(id);
        if (s >= 0)
            out.append(s);
    }
    return out;
}

QVariantList SelectedWave::routeMarkers() const
{
    return m_passages->markers();
}

QVariantList SelectedWave::vehiclePosition() const
{
    const WaveInfo *w = wave();
    if (!w || !w->running())
        return {};
    const auto &vehicles = m_store->vehicles();
    if (auto it = vehicles.find(w->vehicleId); it != vehicles.end())
        return {it->second.position.lat, it->second.position.lon};
    if (w->hasVehiclePosition)
        return {w->vehiclePosition.lat, w->vehiclePosition.lon};
    return {};
}

bool SelectedWave::abort(const QString &reason)
{
    if (m_waveId.empty())
        return false;
    m_abortError.clear();
    m_abortKey = m_client->abort(m_waveId, reason);
    if (m_abortKey.empty())
        m_abortError = reason.trimmed().isEmpty() ? tr("Enter a reason.")
                     : !m_client->blockedText().isEmpty() ? m_client->blockedText() : tr("Not sent.");
    Q_EMIT abortChanged();
    return !m_abortKey.empty();
}

void SelectedWave::onCommandChanged(const std::string &key)
{
    if (key != m_abortKey)
        return;
    const GreenWaveClient::Command *command = m_client->command(key);
    if (!command || command->state == GreenWaveClient::Command::State::Sending)
        return;
    m_abortKey.clear();
    m_abortError = command->state == GreenWaveClient::Command::State::Done ? QString() : command->message;
    Q_EMIT abortChanged();
}

} // namespace greenlight::console
