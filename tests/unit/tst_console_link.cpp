// The console's gateway link against a scripted in-process CityService over loopback gRPC:
// layout then stream, resume after a drop, snapshot after a gap, layout refetch, staleness,
// reconnecting to a gateway that is down, and shutting down mid-stream.

#include "console/gatewaylink.h"
#include "console/statestore.h"
#include "convert/protoconvert.h"
#include "greenlight/v1/service.grpc.pb.h"
#include "tst_console_fixtures.h"

#include <QSignalSpy>
#include <QTest>

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <deque>
#include <mutex>

using namespace greenlight;
using console::GatewayLink;
using console::StateStore;
namespace fx = greenlight::testfixtures;

namespace {

// A CityService whose stream sends what the test queues, and which records what it was asked.
class ScriptedCity final : public v1::CityService::Service
{
public:
    explicit ScriptedCity(const core::CityLayout &layout) { setLayout(layout); }

    void setLayout(const core::CityLayout &layout)
    {
        std::lock_guard lock(m_mutex);
        m_layout.Clear();
        convert::toProto(layout, &m_layout);
    }

    // Queues a message for the open stream (or the next one).
    void send(const core::LiveBatch &batch)
    {
        v1::LiveUpdate update;
        convert::toProto(batch, &update);
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(update));
        m_cv.notify_all();
    }

    // Ends the open stream with this status once the queue is sent.
    void endStream(grpc::Status status)
    {
        std::lock_guard lock(m_mutex);
        m_end = std::move(status);
        m_cv.notify_all();
    }

    int layoutCalls() const
    {
        std::lock_guard lock(m_mutex);
        return m_layoutCalls;
    }

    std::vector<v1::StreamLiveRequest> streamRequests() const
    {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }

    int openStreams() const
    {
        std::lock_guard lock(m_mutex);
        return m_open;
    }

    grpc::Status GetLayout(grpc::ServerContext *, const v1::GetLayoutRequest *, v1::CityLayout *response) override
    {
        std::lock_guard lock(m_mutex);
        ++m_layoutCalls;
        *response = m_layout;
        return grpc::Status::OK;
    }

    grpc::Status StreamLive(grpc::ServerContext *context, const v1::StreamLiveRequest *request,
                            grpc::ServerWriter<v1::LiveUpdate> *writer) override
    {
        std::unique_lock lock(m_mutex);
        m_requests.push_back(*request);
        ++m_open;
        grpc::Status result = grpc::Status::CANCELLED;
        while (!context->IsCancelled() && !m_stopping) {
            m_cv.wait_for(lock, std::chrono::milliseconds(20));
            while (!m_queue.empty()) {
                auto update = std::move(m_queue.front());
                m_queue.pop_front();
                lock.unlock();
                const bool ok = writer->Write(update);
                lock.lock();
                if (!ok)
                    break;
            }
            if (m_end) {
                result = *m_end;
                m_end.reset();
                break;
            }
        }
        --m_open;
        return result;
    }

    // Lets handlers return so the server can shut down.
    void stopping()
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_cv.notify_all();
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    v1::CityLayout m_layout;
    std::deque<v1::LiveUpdate> m_queue;
    std::optional<grpc::Status> m_end;
    std::vector<v1::StreamLiveRequest> m_requests;
    int m_layoutCalls = 0;
    int m_open = 0;
    bool m_stopping = false;
};

// The scripted service served on a loopback port.
class ScriptedGateway
{
public:
    explicit ScriptedGateway(const core::CityLayout &layout, int port = 0)
        : city(layout)
    {
        grpc::ServerBuilder builder;
        builder.AddListeningPort(QStringLiteral("127.0.0.1:%1").arg(port).toStdString(),
                                 grpc::InsecureServerCredentials(), &m_port);
        builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
        builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 5000);
        builder.RegisterService(&city);
        m_server = builder.BuildAndStart();
    }

    ~ScriptedGateway() { stop(); }

    void stop()
    {
        if (!m_server)
            return;
        city.stopping();
        m_server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
        m_server->Wait();
        m_server.reset();
    }

    bool isServing() const { return m_server && m_port > 0; }
    int port() const { return m_port; }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }

    ScriptedCity city;

private:
    int m_port = 0;
    std::unique_ptr<grpc::Server> m_server;
};

console::BackoffPolicy quickBackoff()
{
    console::BackoffPolicy p;
    p.initialSeconds = 0.05;
    p.maxSeconds = 0.2;
    return p;
}

} // namespace

class TestLink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layoutThenSnapshotThenDeltas()
    {
        ScriptedGateway gateway(*fx::smallCity());
        QVERIFY(gateway.isServing());
        StateStore store;
        GatewayLink link(&store);
        QSignalSpy layouts(&link, &GatewayLink::layoutReceived);
        QSignalSpy firstLive(&link, &GatewayLink::firstLiveState);
        QSignalSpy statuses(&link, &GatewayLink::statusChanged);
        QCOMPARE(link.status(), GatewayLink::Idle);

        link.start(gateway.address());
        QCOMPARE(link.address(), gateway.address());
        QCOMPARE(link.status(), GatewayLink::Connecting);
        QVERIFY(link.statusText().contains(gateway.address()));
        QTRY_VERIFY(store.hasLayout());
        QCOMPARE(layouts.count(), 1);
        QCOMPARE(store.intersectionCount(), 4);
        QTRY_COMPARE(gateway.city.openStreams(), 1);
        const auto request = gateway.city.streamRequests().front();
        QCOMPARE(request.resume_after_sequence(), 0u);
        QVERIFY(request.include_vehicles());

        gateway.city.send(fx::snapshot(1));
        auto d = fx::delta(2, 101);
        d.signals = {fx::signalsInPhase(2, 1, 104)};
        gateway.city.send(d);
        gateway.city.send(fx::delta(3, 102));
        QTRY_COMPARE(store.lastSequence(), 3u);
        QCOMPARE(firstLive.count(), 1);
        QCOMPARE(link.batchesApplied(), 3u);
        QCOMPARE(link.status(), GatewayLink::Connected);
        QVERIFY(link.isConnected());
        QCOMPARE(link.statusText(), QStringLiteral("Connected"));
        QCOMPARE(link.simTime(), 102.0);
        QCOMPARE(store.signalState(2).phaseIndex, 1);
        QVERIFY(link.secondsSinceUpdate() >= 0 && link.secondsSinceUpdate() < 1);
        QCOMPARE(link.reconnectCount(), 0);
        QVERIFY(link.lastError().isEmpty());
    }

    void resumesAfterTheStreamDrops()
    {
        ScriptedGateway gateway(*fx::smallCity());
        StateStore store;
        GatewayLink link(&store);
        link.setBackoffPolicy(quickBackoff());
        QSignalSpy resets(&store, &StateStore::liveStateReset);
        QSignalSpy errors(&link, &GatewayLink::errorOccurred);
        link.start(gateway.address());
        gateway.city.send(fx::snapshot(10));
        gateway.city.send(fx::delta(11, 101));
        QTRY_COMPARE(store.lastSequence(), 11u);
        const int resetsBefore = resets.count();

        gateway.city.endStream(grpc::Status(grpc::StatusCode::UNAVAILABLE, "field link lost"));
        QTRY_COMPARE(link.status(), GatewayLink::Reconnecting);
        QCOMPARE(errors.count(), 1);
        QCOMPARE(link.lastError(), QStringLiteral("Live stream failed: connection lost (field link lost)"));
        QVERIFY(!link.isConnected());

        QTRY_COMPARE(gateway.city.streamRequests().size(), size_t(2));
        const auto resume = gateway.city.streamRequests().back();
        QCOMPARE(resume.resume_after_sequence(), 11u);
        QCOMPARE(resume.gateway_run_id(), std::string("run-1"));
        QCOMPARE(gateway.city.layoutCalls(), 1);  // the layout is kept

        gateway.city.send(fx::delta(12, 102));
        QTRY_COMPARE(store.lastSequence(), 12u);
        QCOMPARE(link.status(), GatewayLink::Connected);
        QCOMPARE(resets.count(), resetsBefore);  // resumed, no snapshot
        QCOMPARE(link.reconnectCount(), 1);
        QCOMPARE(link.attempt(), 0);
    }

    void gapAsksForASnapshot()
    {
        ScriptedGateway gateway(*fx::smallCity());
        StateStore store;
        GatewayLink link(&store);
        link.setBackoffPolicy(quickBackoff());
        link.start(gateway.address());
        gateway.city.send(fx::snapshot(1));
        QTRY_COMPARE(store.lastSequence(), 1u);

        auto skipped = fx::delta(5, 105);
        skipped.signals = {fx::signalsInPhase(0, 2, 130)};
        gateway.city.send(skipped);
        gateway.city.send(fx::delta(6, 106));  // after the gap: must be dropped too
        QTRY_COMPARE(gateway.city.streamRequests().size(), size_t(2));
        QCOMPARE(gateway.city.streamRequests().back().resume_after_sequence(), 0u);
        QCOMPARE(store.lastSequence(), 1u);
        QCOMPARE(store.signalState(0).phaseIndex, 0);
        QCOMPARE(link.snapshotsRequested(), 2);

        gateway.city.send(fx::snapshot(6, "run-1", "v1", 106));
        gateway.city.send(fx::delta(7, 107));
        QTRY_COMPARE(store.lastSequence(), 7u);
        QCOMPARE(link.status(), GatewayLink::Connected);
        QCOMPARE(gateway.city.layoutCalls(), 1);
    }

    void newLayoutVersionRefetchesTheLayout()
    {
        ScriptedGateway gateway(*fx::smallCity("v1"));
        StateStore store;
        GatewayLink link(&store);
        link.setBackoffPolicy(quickBackoff());
        QSignalSpy layouts(&link, &GatewayLink::layoutReceived);
        link.start(gateway.address());
        gateway.city.send(fx::snapshot(1));
        QTRY_COMPARE(store.lastSequence(), 1u);

        // The gateway now serves another layout: a bigger city.
        auto bigger = fx::smallCity("v2");
        bigger->intersections.push_back(bigger->intersections.back());
        bigger->intersections.back().id = "J4";
        gateway.city.setLayout(*bigger);
        gateway.city.send(fx::snapshot(2, "run-1", "v2"));
        QTRY_COMPARE(gateway.city.layoutCalls(), 2);
        QTRY_COMPARE(layouts.count(), 2);
        QCOMPARE(store.layout().layoutVersion, std::string("v2"));
        QCOMPARE(store.intersectionCount(), 5);
        QTRY_COMPARE(gateway.city.streamRequests().size(), size_t(2));
        QCOMPARE(gateway.city.streamRequests().back().resume_after_sequence(), 0u);

        auto snap = fx::snapshot(3, "run-1", "v2");
        snap.signals.push_back(fx::signalsInPhase(4, 2, 120));
        gateway.city.send(snap);
        QTRY_COMPARE(store.lastSequence(), 3u);
        QCOMPARE(store.signalState(4).phaseIndex, 2);
    }

    void silentStreamTurnsStale()
    {
        ScriptedGateway gateway(*fx::smallCity());
        StateStore store;
        GatewayLink link(&store);
        link.setStaleAfterSeconds(0.4);
        link.start(gateway.address());
        gateway.city.send(fx::snapshot(1));
        QTRY_COMPARE(link.status(), GatewayLink::Connected);
        QTRY_COMPARE_WITH_TIMEOUT(link.status(), GatewayLink::Stale, 3000);
        QVERIFY(link.isConnected());
        QVERIFY2(link.statusText().startsWith(QStringLiteral("Stale")), qPrintable(link.statusText()));
        QVERIFY(link.secondsSinceUpdate() > 0.4);

        gateway.city.send(fx::delta(2, 101));
        QTRY_COMPARE(link.status(), GatewayLink::Connected);
        QVERIFY(link.secondsSinceUpdate() < 0.4);
    }

    void reconnectsToAGatewayThatComesBack()
    {
        const auto city = fx::smallCity();
        int port = 0;
        {
            ScriptedGateway probe(*city);
            port = probe.port();
        }
        StateStore store;
        GatewayLink link(&store);
        link.setBackoffPolicy(quickBackoff());
        QSignalSpy errors(&link, &GatewayLink::errorOccurred);
        link.start(QStringLiteral("127.0.0.1:%1").arg(port));  // nobody listens yet
        QTRY_COMPARE(link.status(), GatewayLink::Reconnecting);
        QTRY_VERIFY(link.reconnectCount() >= 2);
        QVERIFY(errors.count() >= 2);
        QVERIFY(link.statusText().startsWith(QStringLiteral("Reconnecting")));
        QCOMPARE(link.lastError(), QStringLiteral("Layout request failed: gateway unreachable (connection refused)"));
        QVERIFY(!store.hasLayout());

        ScriptedGateway gateway(*city, port);
        QVERIFY(gateway.isServing());
        gateway.city.send(fx::snapshot(1));
        QTRY_VERIFY_WITH_TIMEOUT(store.hasLiveState(), 5000);
        QTRY_COMPARE(link.status(), GatewayLink::Connected);
        QCOMPARE(link.attempt(), 0);

        // It goes away: the link says so and keeps trying.
        gateway.stop();
        QTRY_COMPARE(link.status(), GatewayLink::Reconnecting);
        QVERIFY(store.hasLiveState());  // the console keeps what it had
        link.stop();
        QCOMPARE(link.status(), GatewayLink::Idle);
        const int tries = link.reconnectCount();
        QTest::qWait(300);
        QCOMPARE(link.reconnectCount(), tries);  // stopped means stopped
    }

    void destroyedMidStream()
    {
        ScriptedGateway gateway(*fx::smallCity());
        StateStore store;
        QElapsedTimer timer;
        {
            GatewayLink link(&store);
            link.start(gateway.address());
            QTRY_COMPARE(gateway.city.openStreams(), 1);
            for (std::uint64_t s = 1; s <= 50; ++s)
                gateway.city.send(s == 1 ? fx::snapshot(1) : fx::delta(s, 100 + s));
            QTRY_VERIFY(store.lastSequence() >= 2);
            timer.start();
        }
        QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
        // Anything still posted for the dead link is dropped harmlessly.
        QTest::qWait(100);
        QTRY_COMPARE(gateway.city.openStreams(), 0);
    }

    void restartWithAnotherAddress()
    {
        ScriptedGateway first(*fx::smallCity());
        ScriptedGateway second(*fx::smallCity());
        StateStore store;
        GatewayLink link(&store);
        link.start(first.address());
        first.city.send(fx::snapshot(1));
        QTRY_COMPARE(store.lastSequence(), 1u);
        link.start(second.address());
        QTRY_COMPARE(first.city.openStreams(), 0);
        QTRY_COMPARE(second.city.openStreams(), 1);
        second.city.send(fx::snapshot(1, "run-2"));
        QTRY_COMPARE(store.gatewayRunId(), std::string("run-2"));
        QCOMPARE(link.address(), second.address());
    }
};

QTEST_GUILESS_MAIN(TestLink)
#include "tst_console_link.moc"
