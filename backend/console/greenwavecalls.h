#pragma once

// The gRPC side of GreenWaveClient: the calls it makes on GreenWaveService, the WatchWaves
// stream, proto-to-domain conversion (done on gRPC's threads), and the mailbox through which
// those threads hand results to the GUI thread. Private to the client; nothing else includes this.

#include "console/controlcalls.h"
#include "console/greenwaveclient.h"
#include "console/wavetypes.h"
#include "greenlight/v1/greenwave.grpc.pb.h"

#include <QMetaObject>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace greenlight::console::detail {

// The only way from gRPC threads to the client; the same contract as ControlMailbox: `client` is
// cleared by the client's destructor under `mutex`, and every post happens under `mutex`.
struct WaveMailbox {
    template <typename F>
    void post(F f)
    {
        std::lock_guard lock(mutex);
        if (GreenWaveClient *target = client)
            QMetaObject::invokeMethod(
                target, [target, f = std::move(f)] { f(target); }, Qt::QueuedConnection);
    }

    std::mutex mutex;
    GreenWaveClient *client = nullptr;
};

// The GreenWaveService stub on the client's channel (a nested generated class cannot be declared
// ahead in the client's header).
struct WaveStub {
    std::unique_ptr<v1::GreenWaveService::Stub> stub;
};

// What every wave call needs: the connection (for its ticket), the stub, the caller's token and
// how long the call may take.
struct WaveSetup {
    Connection *connection = nullptr;
    v1::GreenWaveService::Stub *stub = nullptr;
    std::string token;
    std::chrono::milliseconds timeout{5000};
};

// Conversions, proto to domain and back.
void toProto(const WavePlace &place, v1::WavePlace *out);
WavePassageInfo fromProto(const v1::WavePassage &in);
WavePlanInfo fromProto(const v1::WavePlan &in);
WaveInfo fromProto(const v1::Wave &in, double simTimeS);

// PlanWave; done(status, plan) runs on a gRPC thread.
std::shared_ptr<CallBase> startPlan(const WaveSetup &setup, const WavePlace &origin, const WavePlace &destination,
                                    std::function<void(const grpc::Status &, WavePlanInfo)> done);
// DispatchWave with its idempotency key; done(status, wave) runs on a gRPC thread.
std::shared_ptr<CallBase> startDispatch(const WaveSetup &setup, const WavePlace &origin, const WavePlace &destination,
                                        const std::string &reason, int priority, const std::string &key,
                                        std::function<void(const grpc::Status &, WaveInfo)> done);
// AbortWave with its idempotency key.
std::shared_ptr<CallBase> startAbort(const WaveSetup &setup, const std::string &waveId, const std::string &reason,
                                     const std::string &key, std::function<void(const grpc::Status &, WaveInfo)> done);
// ListWaves; done(status, waves, simTime).
std::shared_ptr<CallBase> startList(const WaveSetup &setup,
                                    std::function<void(const grpc::Status &, std::vector<WaveInfo>, double)> done);

// One WatchWaves call for every wave: hands each update, then the stream's end, to the client.
// Owns itself (m_self) from start() until OnDone has run; the client holds a further reference to
// cancel it.
class WaveWatcher final : public grpc::ClientReadReactor<v1::WaveUpdate>
{
public:
    WaveWatcher(std::shared_ptr<WaveMailbox> mailbox, Connection *connection, std::uint64_t generation);

    // Starts the call (GUI thread). No deadline: the stream runs until cancelled. No
    // wait-for-ready: it fails at once while the gateway is away.
    void start(v1::GreenWaveService::Stub *stub, const std::string &token, std::shared_ptr<WaveWatcher> self);
    // Any thread; harmless after the call has finished.
    void cancel() { m_context.TryCancel(); }

    void OnReadDone(bool ok) override;
    void OnDone(const grpc::Status &status) override;

private:
    CallTicket m_ticket;  // first: outlives the context
    std::shared_ptr<WaveMailbox> m_mailbox;
    const std::uint64_t m_generation;
    grpc::ClientContext m_context;
    v1::WatchWavesRequest m_request;
    v1::WaveUpdate m_update;
    std::shared_ptr<WaveWatcher> m_self;
};

} // namespace greenlight::console::detail
