#include "cityservice.h"

#include "gateway/auth/userdirectory.h"
#include "livehub.h"
#include "logging.h"

namespace greenlight::gateway {

namespace {

// How often a waiting stream handler checks for cancellation.
constexpr std::chrono::milliseconds kPollInterval{100};

// Removes the subscription from the hub when the handler returns, whichever way.
class SubscriptionGuard
{
public:
    SubscriptionGuard(LiveHub &hub, std::shared_ptr<LiveSubscription> subscription)
        : m_hub(hub)
        , m_subscription(std::move(subscription))
    {
    }
    ~SubscriptionGuard() { m_hub.unsubscribe(m_subscription); }
    SubscriptionGuard(const SubscriptionGuard &) = delete;
    SubscriptionGuard &operator=(const SubscriptionGuard &) = delete;

private:
    LiveHub &m_hub;
    std::shared_ptr<LiveSubscription> m_subscription;
};

} // namespace

CityService::CityService(std::shared_ptr<const v1::CityLayout> layout, LiveHub &hub, v1::GatewayInfo info,
                         const auth::UserDirectory *users)
    : m_layoutBytes(layout->SerializeAsString())
    , m_users(users)
    , m_hub(hub)
    , m_info(std::move(info))
{
}

grpc::Status CityService::authenticate(const grpc::ServerContextBase &context) const
{
    if (!m_users || m_users->demoMode())
        return grpc::Status::OK;
    const auto &metadata = context.client_metadata();
    const auto found = metadata.find("authorization");
    const std::string_view value =
        found == metadata.end() ? std::string_view() : std::string_view(found->second.data(), found->second.size());
    if (m_users->authenticate(value))
        return grpc::Status::OK;
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        value.empty() ? "this gateway shows its city to operators only: log in (send 'authorization: "
                                        "Bearer <token>')"
                                      : "unknown token: the gateway knows no user with it");
}

grpc::ServerUnaryReactor *CityService::GetLayout(grpc::CallbackServerContext *context, const grpc::ByteBuffer *,
                                                  grpc::ByteBuffer *response)
{
    auto *reactor = context->DefaultReactor();
    grpc::Status status = authenticate(*context);
    if (status.ok()) {
        // The buffer refers to the one serialised copy; nothing is copied per call.
        grpc::ByteBuffer bytes(&m_layoutBytes, 1);
        response->Swap(&bytes);
    }
    reactor->Finish(status);
    return reactor;
}

grpc::Status CityService::GetGatewayInfo(grpc::ServerContext *, const v1::GetGatewayInfoRequest *,
                                         v1::GatewayInfo *response)
{
    *response = m_info;
    response->set_latest_sequence(m_hub.latestSequence());
    response->set_sim_time_s(m_hub.simTime());
    return grpc::Status::OK;
}

grpc::Status CityService::StreamLive(grpc::ServerContext *context, const v1::StreamLiveRequest *request,
                                     grpc::ServerWriter<v1::LiveUpdate> *writer)
{
    if (auto status = authenticate(*context); !status.ok())
        return status;
    const auto subscription =
        m_hub.subscribe(request->resume_after_sequence(), request->gateway_run_id(), request->include_vehicles());
    const SubscriptionGuard guard(m_hub, subscription);
    // A client that stops reading leaves Write() blocked; the hub cancels the call to free it.
    subscription->setCanceller([context] { context->TryCancel(); });
    qCInfo(lcGateway, "live stream opened by %s", context->peer().c_str());
    std::shared_ptr<const v1::LiveUpdate> message;
    for (;;) {
        if (context->IsCancelled())
            return grpc::Status::CANCELLED;
        switch (subscription->next(&message, kPollInterval)) {
        case LiveSubscription::Result::Timeout:
            continue;
        case LiveSubscription::Result::Message:
            if (!writer->Write(*message)) {
                if (subscription->endReason() == LiveSubscription::EndReason::TooSlow)
                    break;
                qCInfo(lcGateway, "live stream to %s closed by the client", context->peer().c_str());
                return grpc::Status::CANCELLED;
            }
            continue;
        case LiveSubscription::Result::Ended:
            break;
        }
        break;
    }
    const auto reason = subscription->endReason();
    const auto text = subscription->endMessage();
    qCInfo(lcGateway, "live stream to %s ended: %s", context->peer().c_str(), text.c_str());
    if (reason == LiveSubscription::EndReason::TooSlow)
        return {grpc::StatusCode::RESOURCE_EXHAUSTED, text};
    return {grpc::StatusCode::UNAVAILABLE, text};
}

} // namespace greenlight::gateway
