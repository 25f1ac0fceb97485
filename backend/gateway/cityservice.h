#pragma once

#include "greenlight/v1/service.grpc.pb.h"

#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include <chrono>
#include <memory>

namespace greenlight::gateway {

namespace auth {
class UserDirectory;
}
class LiveHub;

// greenlight.v1.CityService. StreamLive and GetGatewayInfo use the synchronous gRPC API: each
// StreamLive call holds one handler thread that drains its own subscription; a client that stops
// reading blocks only that thread, never the hub or other streams. GetLayout is a raw callback
// method serving bytes serialised once: a layout of 10,000 intersections is tens of megabytes,
// and copying and serialising it per call cost the gateway about 100 MB per connected console.
class CityService final : public v1::CityService::WithRawCallbackMethod_GetLayout<v1::CityService::Service>
{
public:
    // Serves layout (built once, shared) and the hub's live state; info is the static part of
    // GetGatewayInfo (latest sequence and sim time are filled in per call). With users (not owned)
    // outside demo mode, GetLayout and StreamLive need a valid operator token (any role).
    CityService(std::shared_ptr<const v1::CityLayout> layout, LiveHub &hub, v1::GatewayInfo info,
                const auth::UserDirectory *users = nullptr);

    // Returns the layout (its bytes, serialised when the service was made).
    grpc::ServerUnaryReactor *GetLayout(grpc::CallbackServerContext *context, const grpc::ByteBuffer *request,
                                        grpc::ByteBuffer *response) override;
    // Returns what the gateway runs.
    grpc::Status GetGatewayInfo(grpc::ServerContext *context, const v1::GetGatewayInfoRequest *request,
                                v1::GatewayInfo *response) override;
    // Streams a snapshot (or resumed deltas), then deltas, until the client cancels, the
    // subscriber is cut off for being too slow, or the gateway shuts down.
    grpc::Status StreamLive(grpc::ServerContext *context, const v1::StreamLiveRequest *request,
                            grpc::ServerWriter<v1::LiveUpdate> *writer) override;

private:
    grpc::Status authenticate(const grpc::ServerContextBase &context) const;

    const grpc::Slice m_layoutBytes;
    const auth::UserDirectory *m_users = nullptr;
    LiveHub &m_hub;
    const v1::GatewayInfo m_info;
};

} // namespace greenlight::gateway
