#pragma once

#include <QElapsedTimer>
#include <QObject>

#include <cstdint>
#include <utility>
#include <vector>

namespace greenlight::console {
class StateStore;
}

namespace greenlight::bench {

// Counts what a StateStore applies, from its change signals: signal and segment updates of
// deltas (snapshot contents counted apart: they are the whole state, not updates), and for every
// batch the delay from the gateway publishing it (LiveBatch::emittedUnixUs, gateway wall clock)
// to the store having applied it on this thread (same machine, same clock).
//
// Lives on the store's thread.
class ApplyCounter : public QObject
{
    Q_OBJECT
public:
    explicit ApplyCounter(console::StateStore *store, QObject *parent = nullptr);

    // Forgets everything counted and starts a new measuring window now.
    void reset();
    // Seconds since reset().
    double elapsedSeconds() const;

    // Signal and segment updates applied from deltas since reset().
    std::uint64_t deltaUpdates() const { return m_deltaUpdates; }
    // Of those, signal (intersection) updates.
    std::uint64_t signalUpdates() const { return m_signalUpdates; }
    // Delta batches applied since reset().
    std::uint64_t deltaBatches() const { return m_deltaBatches; }
    // Snapshots applied since reset() (the first one, or resynchronisations).
    int snapshots() const { return m_snapshots; }
    // Per delta batch: (delay in ms, updates it carried).
    const std::vector<std::pair<double, double>> &delays() const { return m_delays; }
    // Sequence of the newest batch applied (any time).
    std::uint64_t lastSequence() const { return m_lastSequence; }

    // Wall clock now, unix microseconds.
    static std::int64_t nowUnixUs();

private:
    void onBatchApplied(std::uint64_t sequence);

    console::StateStore *m_store;
    QElapsedTimer m_clock;
    bool m_inSnapshot = false;
    std::uint64_t m_pending = 0;
    std::uint64_t m_pendingSignals = 0;
    std::uint64_t m_signalUpdates = 0;
    std::uint64_t m_deltaUpdates = 0;
    std::uint64_t m_deltaBatches = 0;
    int m_snapshots = 0;
    std::uint64_t m_lastSequence = 0;
    std::vector<std::pair<double, double>> m_delays;
};

} // namespace greenlight::bench
