#pragma once

#include <QString>

#include <memory>

namespace greenlight::bench {

// A StreamLive call that is opened and then never read: the worst subscriber a gateway can have.
// Its gRPC transport takes in what flow control allows and then stops the gateway's writes.
class StalledReader
{
public:
    explicit StalledReader(const QString &address);
    ~StalledReader();
    StalledReader(const StalledReader &) = delete;
    StalledReader &operator=(const StalledReader &) = delete;

    // Opens the stream (asks for a snapshot and deltas, vehicles included) and reads nothing.
    void open();
    // Cancels the stream.
    void close();
    // Whether the call has ended (the gateway ended it, or close() did), and how.
    bool ended(QString *status = nullptr) const;

private:
    struct Call;
    std::unique_ptr<Call> m_call;
    QString m_address;
};

} // namespace greenlight::bench
