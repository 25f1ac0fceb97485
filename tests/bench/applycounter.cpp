#include "applycounter.h"

#include "console/statestore.h"

#include <chrono>

namespace greenlight::bench {

ApplyCounter::ApplyCounter(console::StateStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    // liveStateReset precedes the signals of a snapshot; batchApplied ends every batch.
    connect(store, &console::StateStore::liveStateReset, this, [this] { m_inSnapshot = true; });
    connect(store, &console::StateStore::signalsChanged, this,
            [this](const std::vector<int> &changed) {
                m_pending += changed.size();
                m_pendingSignals += changed.size();
            });
    connect(store, &console::StateStore::segmentsChanged, this,
            [this](const std::vector<int> &changed) { m_pending += changed.size(); });
    connect(store, &console::StateStore::batchApplied, this, &ApplyCounter::onBatchApplied);
    reset();
}

void ApplyCounter::reset()
{
    m_clock.start();
    m_deltaUpdates = 0;
    m_signalUpdates = 0;
    m_deltaBatches = 0;
    m_snapshots = 0;
    m_delays.clear();
}

double ApplyCounter::elapsedSeconds() const
{
    return m_clock.nsecsElapsed() / 1e9;
}

std::int64_t ApplyCounter::nowUnixUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void ApplyCounter::onBatchApplied(std::uint64_t sequence)
{
    const std::uint64_t updates = m_pending;
    const std::uint64_t signalUpdates = m_pendingSignals;
    m_pending = 0;
    m_pendingSignals = 0;
    m_lastSequence = sequence;
    if (m_inSnapshot) {
        m_inSnapshot = false;
        ++m_snapshots;
        return;
    }
    ++m_deltaBatches;
    m_deltaUpdates += updates;
    m_signalUpdates += signalUpdates;
    const double delayMs = double(nowUnixUs() - m_store->lastEmittedUnixUs()) / 1000.0;
    m_delays.emplace_back(delayMs, double(updates));
}

} // namespace greenlight::bench
