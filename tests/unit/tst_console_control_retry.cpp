// The control client against a scripted in-process gateway: every call carries the bearer token,
// a command whose answer does not come in time is sent again with the same idempotency key, and
// it shows as effective only once the live stream shows its override with that key, and as no
// longer the operator's once someone else holds the intersection.

#include "console/controlclient.h"
#include "console/gatewaylink.h"
#include "console/statestore.h"
#include "convert/protoconvert.h"
#include "greenlight/v1/control.grpc.pb.h"
#include "greenlight/v1/service.grpc.pb.h"
#include "tst_console_fixtures.h"

#include <QTest>

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <mutex>
#include <thread>

using namespace greenlight;
using console::ControlClient;
namespace fx = greenlight::testfixtures;

namespace {

// Serves the small city: the layout, then a snapshot and a delta every 100 ms (plus what the
// test queues), so the link stays connected.
class City final : public v1::CityService::Service
{
public:
    void send(const core::LiveBatch &batch)
    {
        std::lock_guard lock(mutex);
        queued.push_back(batch);
    }

    grpc::Status GetLayout(grpc::ServerContext *, const v1::GetLayoutRequest *, v1::CityLayout *response) override
    {
        convert::toProto(*fx::smallCity(), response);
        return grpc::Status::OK;
    }

    grpc::Status StreamLive(grpc::ServerContext *context, const v1::StreamLiveRequest *,
                            grpc::ServerWriter<v1::LiveUpdate> *writer) override
    {
        std::uint64_t sequence = 1;
        v1::LiveUpdate update;
        convert::toProto(fx::snapshot(sequence), &update);
        writer->Write(update);
        while (!context->IsCancelled() && !stopping) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            ++sequence;
            core::LiveBatch batch = fx::delta(sequence, 100 + double(sequence));
            {
                std::lock_guard lock(mutex);
                for (const auto &q : queued)
                    batch.controls.insert(batch.controls.end(), q.controls.begin(), q.controls.end());
                queued.clear();
            }
            update.Clear();
            convert::toProto(batch, &update);
            if (!writer->Write(update))
                break;
        }
        return grpc::Status::OK;
    }

    std::mutex mutex;
    std::vector<core::LiveBatch> queued;
    std::atomic<bool> stopping = false;
};

// Answers WhoAmI for one token, and HoldPhase too late the first time it sees a key.
class Control final : public v1::ControlService::Service
{
public:
    grpc::Status WhoAmI(grpc::ServerContext *context, const v1::WhoAmIRequest *, v1::WhoAmIResponse *response) override
    {
        if (!authorised(context))
            return {grpc::UNAUTHENTICATED, "unknown token"};
        response->set_operator_("lin");
        response->set_role(v1::ROLE_OFFICER);
        return grpc::Status::OK;
    }

    grpc::Status HoldPhase(grpc::ServerContext *context, const v1::OverrideRequest *request,
                           v1::OverrideResponse *response) override
    {
        if (!authorised(context))
            return {grpc::UNAUTHENTICATED, "unknown token"};
        bool first = false;
        {
            std::lock_guard lock(mutex);
            first = keys.empty();
            keys.push_back(request->idempotency_key());
        }
        if (first)
            std::this_thread::sleep_for(std::chrono::milliseconds(900));  // past the client's deadline
        response->mutable_override()->set_idempotency_key(request->idempotency_key());
        response->mutable_override()->set_stage(v1::OVERRIDE_STAGE_PENDING);
        response->mutable_override()->set_note("phase 0 has not served its minimum green");
        return grpc::Status::OK;
    }

    bool authorised(grpc::ServerContext *context)
    {
        const auto &metadata = context->client_metadata();
        auto it = metadata.find("authorization");
        std::lock_guard lock(mutex);
        ++calls;
        if (it == metadata.end() || std::string(it->second.data(), it->second.size()) != "Bearer t-lin")
            return false;
        ++authorisedCalls;
        return true;
    }

    std::mutex mutex;
    std::vector<std::string> keys;
    int calls = 0;
    int authorisedCalls = 0;
};

} // namespace

class TestControlRetry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timeoutRetriesWithTheSameKey()
    {
        City city;
        Control control;
        int port = 0;
        grpc::ServerBuilder builder;
        builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
        builder.RegisterService(&city);
        builder.RegisterService(&control);
        auto server = builder.BuildAndStart();
        QVERIFY(server && port > 0);
        const QString address = QStringLiteral("127.0.0.1:%1").arg(port);

        {
            console::StateStore store;
            console::GatewayLink link(&store);
            ControlClient client(&link, &store);
            client.setCredentials("lin", "t-lin\n");
            client.setCallTimeout(400);
            link.start(address);
            client.start(address);
            QTRY_VERIFY_WITH_TIMEOUT(client.isLoggedIn() && link.status() == console::GatewayLink::Connected, 10000);

            const std::string key = client.send(ControlClient::Action::Hold, 1, "test");
            QVERIFY(!key.empty());
            QTRY_VERIFY_WITH_TIMEOUT(client.command(1)->state != ControlClient::Command::State::Sending, 10000);
            QCOMPARE(client.command(1)->state, ControlClient::Command::State::Pending);
            QCOMPARE(client.command(1)->attempts, 2);
            QCOMPARE(client.command(1)->message, QString("phase 0 has not served its minimum green"));
            {
                std::lock_guard lock(control.mutex);
                QCOMPARE(control.keys, (std::vector<std::string>{key, key}));
                QCOMPARE(control.authorisedCalls, control.calls);
            }

            // Pending until the stream shows the override with this key in the field.
            auto shown = fx::delta(0, 0);
            shown.controls.push_back(
                fx::overrideOn(1, "lin", core::OverrideKind::Hold, key, core::OverrideStage::Pending, 0));
            city.send(shown);
            QTest::qWait(300);
            QCOMPARE(client.command(1)->state, ControlClient::Command::State::Pending);
            auto effective = fx::delta(0, 0);
            effective.controls.push_back(
                fx::overrideOn(1, "lin", core::OverrideKind::Hold, key, core::OverrideStage::Effective, 0));
            city.send(effective);
            QTRY_COMPARE_WITH_TIMEOUT(client.command(1)->state, ControlClient::Command::State::Effective, 5000);
            QVERIFY(client.holds(1));

            // Taken over: the override goes on under its new holder, no longer as this operator's.
            auto takenOver = fx::delta(0, 0);
            takenOver.controls.push_back(
                fx::overrideOn(1, "max", core::OverrideKind::Hold, key, core::OverrideStage::Effective, 0));
            city.send(takenOver);
            QTRY_COMPARE_WITH_TIMEOUT(client.command(1)->state, ControlClient::Command::State::Done, 5000);
            QCOMPARE(client.command(1)->message, QString("control passed to max"));
            QVERIFY(!client.holds(1));
        }
        city.stopping = true;
        server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
        server->Wait();
    }
};

QTEST_GUILESS_MAIN(TestControlRetry)
#include "tst_console_control_retry.moc"
