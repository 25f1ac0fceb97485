#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <memory>

namespace greenlight::bench {

namespace detail {
struct ProbeState;
}

// Asks a gateway for its newest live sequence (GetGatewayInfo) every interval, without blocking
// its thread: the call runs on gRPC's callback threads and the answer is posted back here.
class GatewayProbe : public QObject
{
    Q_OBJECT
public:
    GatewayProbe(const QString &address, int intervalMs, QObject *parent = nullptr);
    ~GatewayProbe() override;

    void start();
    void stop();

Q_SIGNALS:
    // The gateway's newest sequence and simulation time, as it answered just now.
    void latest(std::uint64_t sequence, double simTime);

private:
    void ask();

    std::shared_ptr<detail::ProbeState> m_state;
    QTimer m_timer;
};

} // namespace greenlight::bench
