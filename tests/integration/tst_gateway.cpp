// The gateway process serving the small generated city: layout, live stream protocol, resuming,
// health, reflection, and a stalled subscriber that must not slow anybody else down.

#include "core/geo.h"
#include "greenlight/v1/service.grpc.pb.h"
#include "support/gatewayprocess.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <future>
#include <set>

using namespace greenlight;
using greenlight::testing::GatewayProcess;

namespace {

const core::LatLon kOrigin{52.5200, 13.4050};
constexpr int kHistory = 3000;

std::chrono::system_clock::time_point deadline(int seconds)
{
    return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

core::LatLon latLon(const v1::LatLon &p)
{
    return {p.lat(), p.lon()};
}

std::string bytesOf(const grpc::ByteBuffer &buffer)
{
    std::vector<grpc::Slice> slices;
    std::string out;
    if (buffer.Dump(&slices).ok())
        for (const auto &s : slices)
            out.append(reinterpret_cast<const char *>(s.begin()), s.size());
    return out;
}

grpc::ByteBuffer bufferOf(const std::string &bytes)
{
    grpc::Slice slice(bytes);
    return grpc::ByteBuffer(&slice, 1);
}

// A live stream reader with its own context.
struct Stream {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<v1::LiveUpdate>> reader;

    Stream(v1::CityService::Stub &stub, const v1::StreamLiveRequest &request)
    {
        context.set_deadline(deadline(60));
        reader = stub.StreamLive(&context, request);
    }
    ~Stream()
    {
        context.TryCancel();
        v1::LiveUpdate rest;
        while (reader->Read(&rest)) {
        }
        reader->Finish();
    }
    bool read(v1::LiveUpdate *m) { return reader->Read(m); }
};

v1::StreamLiveRequest request(bool vehicles, std::uint64_t resumeAfter = 0, const std::string &runId = {})
{
    v1::StreamLiveRequest r;
    r.set_include_vehicles(vehicles);
    r.set_resume_after_sequence(resumeAfter);
    r.set_gateway_run_id(runId);
    return r;
}

} // namespace

class TestGateway : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_cache;
    std::unique_ptr<GatewayProcess> m_gateway;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<v1::CityService::Stub> m_stub;
    v1::CityLayout m_layout;
    v1::GatewayInfo m_info;

    // Calls a unary method with hand-encoded protobuf bytes (for services without generated stubs).
    grpc::Status rawUnary(const std::string &method, const std::string &requestBytes, std::string *responseBytes)
    {
        grpc::GenericStub generic(m_channel);
        grpc::ClientContext context;
        context.set_deadline(deadline(10));
        const grpc::ByteBuffer requestBuffer = bufferOf(requestBytes);
        grpc::ByteBuffer response;
        std::promise<grpc::Status> done;
        generic.UnaryCall(&context, method, grpc::StubOptions(), &requestBuffer, &response,
                          [&done](grpc::Status s) { done.set_value(std::move(s)); });
        const auto status = done.get_future().get();
        *responseBytes = bytesOf(response);
        return status;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_cache.isValid());
        m_gateway = std::make_unique<GatewayProcess>(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(m_gateway->start({"--city-size", "small", "--speed", "max", "--cache-dir", m_cache.path(),
                                   "--history", QString::number(kHistory)}),
                 qPrintable(m_gateway->error()));
        m_channel = grpc::CreateChannel(m_gateway->address().toStdString(), grpc::InsecureChannelCredentials());
        m_stub = v1::CityService::NewStub(m_channel);
        grpc::ClientContext context;
        context.set_deadline(deadline(30));
        const auto status = m_stub->GetLayout(&context, {}, &m_layout);
        QVERIFY2(status.ok(), status.error_message().c_str());
        grpc::ClientContext infoContext;
        infoContext.set_deadline(deadline(10));
        QVERIFY(m_stub->GetGatewayInfo(&infoContext, {}, &m_info).ok());
    }

    void cleanupTestCase()
    {
        m_stub.reset();
        m_channel.reset();
        if (m_gateway)
            m_gateway->kill();
    }

    void layoutHasIntersectionsWithGroupsPhasesAndConflicts()
    {
        const int n = m_layout.intersections_size();
        QVERIFY2(n >= 15 && n <= 40, qPrintable(QString::number(n)));
        QCOMPARE(m_layout.city_id(), std::string("default-seed-42"));
        QVERIFY(!m_layout.layout_version().empty());
        int withConflicts = 0;
        std::set<int> turns;
        for (const auto &i : m_layout.intersections()) {
            QVERIFY(!i.id().empty());
            QVERIFY(!i.name().empty());
            QVERIFY(!i.program_id().empty());
            QVERIFY(!i.junction_ids().empty());
            QVERIFY2(core::distanceMetres(latLon(i.position()), kOrigin) < 3000, i.id().c_str());
            QVERIFY2(i.signal_groups_size() > 0, i.id().c_str());
            QVERIFY2(i.phases_size() > 0, i.id().c_str());
            for (int g = 0; g < i.signal_groups_size(); ++g) {
                const auto &group = i.signal_groups(g);
                QCOMPARE(int(group.index()), g);
                QVERIFY(!group.from_segment_id().empty());
                QVERIFY(!group.approach().empty());
                turns.insert(group.turn());
            }
            for (const auto &p : i.phases()) {
                QCOMPARE(int(p.state().size()), i.signal_groups_size());
                QVERIFY(p.duration_s() > 0);
            }
            for (const auto &c : i.conflicts()) {
                QVERIFY(int(c.group()) < i.signal_groups_size());
                for (auto f : c.foes()) {
                    QVERIFY(int(f) < i.signal_groups_size());
                    // Symmetric: the foe lists the group too.
                    bool back = false;
                    for (const auto &other : i.conflicts())
                        if (other.group() == f)
                            back = std::count(other.foes().begin(), other.foes().end(), c.group()) > 0;
                    QVERIFY(back);
                }
            }
            withConflicts += i.conflicts_size() > 0;
        }
        QVERIFY(withConflicts >= n / 2);
        QVERIFY(turns.count(v1::TURN_STRAIGHT));
        QVERIFY(turns.count(v1::TURN_LEFT));
        QVERIFY(turns.count(v1::TURN_RIGHT));
        // Names come from the streets: "Harbour Road & 3rd Avenue".
        int crossings = 0;
        for (const auto &i : m_layout.intersections())
            crossings += i.name().find(" & ") != std::string::npos;
        QVERIFY(crossings >= n / 2);
    }

    void layoutHasSegmentsWithGeographicShapes()
    {
        const int n = m_layout.intersections_size();
        QVERIFY(m_layout.segments_size() > n);
        std::set<int> classes;
        int signalledEnds = 0;
        int named = 0;
        for (const auto &s : m_layout.segments()) {
            QVERIFY(s.shape_size() >= 2);
            for (const auto &p : s.shape())
                QVERIFY2(core::distanceMetres(latLon(p), kOrigin) < 3500, s.id().c_str());
            QVERIFY(s.lanes() >= 1);
            QVERIFY(s.speed_limit_mps() > 5);
            QVERIFY(s.length_m() > 0);
            QVERIFY(!s.from_junction_id().empty() && !s.to_junction_id().empty());
            QVERIFY(s.from_intersection() >= -1 && s.from_intersection() < n);
            QVERIFY(s.to_intersection() >= -1 && s.to_intersection() < n);
            signalledEnds += s.to_intersection() >= 0;
            named += !s.name().empty();
            classes.insert(s.road_class());
        }
        QVERIFY(signalledEnds > 0);
        QCOMPARE(named, m_layout.segments_size());
        QVERIFY(classes.count(v1::ROAD_CLASS_ARTERIAL));
        QVERIFY(classes.count(v1::ROAD_CLASS_LOCAL));
        const auto &b = m_layout.bounds();
        QVERIFY(b.south_west().lat() < kOrigin.lat && b.north_east().lat() > kOrigin.lat);
        QVERIFY(b.south_west().lon() < kOrigin.lon && b.north_east().lon() > kOrigin.lon);
    }

    void layoutHasParkingAndPointsOfInterest()
    {
        QVERIFY(m_layout.parking_lots_size() > 0);
        for (const auto &p : m_layout.parking_lots()) {
            QVERIFY(!p.name().empty());
            QVERIFY(p.capacity() > 0);
            QVERIFY(!p.segment_id().empty());
            QVERIFY(core::distanceMetres(latLon(p.position()), kOrigin) < 3500);
        }
        std::set<int> kinds;
        for (const auto &p : m_layout.points_of_interest()) {
            QVERIFY(!p.name().empty());
            QVERIFY(core::distanceMetres(latLon(p.position()), kOrigin) < 3500);
            kinds.insert(p.kind());
        }
        QVERIFY(kinds.count(v1::POI_KIND_HOSPITAL));
        QVERIFY(kinds.count(v1::POI_KIND_FIRE_STATION));
    }

    void gatewayInfoDescribesTheRun()
    {
        QCOMPARE(m_info.gateway_run_id().size(), 32u);
        QCOMPARE(m_info.city_id(), m_layout.city_id());
        QCOMPARE(m_info.city_name(), m_layout.name());
        QCOMPARE(m_info.scenario(), std::string("default"));
        QCOMPARE(m_info.speed_factor(), 0.0);
        QCOMPARE(m_info.step_length_s(), 1.0);
        QCOMPARE(m_info.tracked_vehicles(), std::string("all"));
        QCOMPARE(m_info.resume_history(), std::uint32_t(kHistory));
        QVERIFY(!m_info.gateway_version().empty());
    }

    void streamStartsWithSnapshotThenDeltasInSequence()
    {
        Stream stream(*m_stub, request(true));
        v1::LiveUpdate m;
        QVERIFY(stream.read(&m));
        QCOMPARE(m.kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        QCOMPARE(m.gateway_run_id(), m_info.gateway_run_id());
        QCOMPARE(m.layout_version(), m_layout.layout_version());
        QCOMPARE(m.signals_size(), m_layout.intersections_size());
        QCOMPARE(m.segments_size(), m_layout.segments_size());
        for (const auto &s : m.signals())
            QCOMPARE(s.colours_size(), m_layout.intersections(int(s.intersection_index())).signal_groups_size());
        const double firstTime = m.sim_time_s();
        std::uint64_t last = m.sequence();
        double lastTime = firstTime;
        int withVehicles = 0;
        for (int i = 0; i < 200; ++i) {
            QVERIFY(stream.read(&m));
            QCOMPARE(m.kind(), v1::LiveUpdate::KIND_DELTA);
            QCOMPARE(m.sequence(), last + 1);
            QVERIFY(m.sim_time_s() >= lastTime);
            QCOMPARE(m.layout_version(), m_layout.layout_version());
            for (const auto &s : m.signals())
                QVERIFY(int(s.intersection_index()) < m_layout.intersections_size());
            for (const auto &s : m.segments())
                QVERIFY(int(s.segment_index()) < m_layout.segments_size());
            withVehicles += m.vehicles_size() > 0;
            last = m.sequence();
            lastTime = m.sim_time_s();
        }
        QVERIFY(lastTime > firstTime);
        QVERIFY(withVehicles > 0);
    }

    void resumeContinuesWithoutGap()
    {
        std::uint64_t last = 0;
        {
            Stream stream(*m_stub, request(false));
            v1::LiveUpdate m;
            for (int i = 0; i < 20; ++i) {
                QVERIFY(stream.read(&m));
                last = m.sequence();
            }
        }
        Stream resumed(*m_stub, request(false, last, m_info.gateway_run_id()));
        v1::LiveUpdate m;
        QVERIFY(resumed.read(&m));
        QCOMPARE(m.kind(), v1::LiveUpdate::KIND_DELTA);
        QCOMPARE(m.sequence(), last + 1);
        QVERIFY(resumed.read(&m));
        QCOMPARE(m.sequence(), last + 2);
    }

    void resumeWithAnotherRunGetsSnapshot()
    {
        Stream stream(*m_stub, request(false, 5, "not-this-run"));
        v1::LiveUpdate m;
        QVERIFY(stream.read(&m));
        QCOMPARE(m.kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        QVERIFY(m.sequence() > 5);
        QCOMPARE(m.signals_size(), m_layout.intersections_size());
    }

    void streamWithoutVehiclesHasNone()
    {
        Stream stream(*m_stub, request(false));
        v1::LiveUpdate m;
        for (int i = 0; i < 100; ++i) {
            QVERIFY(stream.read(&m));
            QCOMPARE(m.vehicles_size(), 0);
            QCOMPARE(m.vehicles_removed_size(), 0);
        }
    }

    void healthReportsServing()
    {
        for (const std::string service : {"", "greenlight.v1.CityService"}) {
            std::string request;
            if (!service.empty())
                request = std::string("\x0a", 1) + char(service.size()) + service;
            std::string response;
            const auto status = rawUnary("/grpc.health.v1.Health/Check", request, &response);
            QVERIFY2(status.ok(), status.error_message().c_str());
            QCOMPARE(response, std::string("\x08\x01", 2));  // status: SERVING
        }
    }

    void reflectionListsTheCityService()
    {
        grpc::GenericStub generic(m_channel);
        grpc::ClientContext context;
        context.set_deadline(deadline(10));
        grpc::CompletionQueue queue;
        auto call = generic.PrepareCall(&context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &queue);
        void *tag = nullptr;
        bool ok = false;
        const auto step = [&](int expected) {
            return queue.Next(&tag, &ok) && tag == reinterpret_cast<void *>(expected) && ok;
        };
        call->StartCall(reinterpret_cast<void *>(1));
        QVERIFY(step(1));
        call->Write(bufferOf(std::string("\x3a\x00", 2)), reinterpret_cast<void *>(2));  // list_services: ""
        QVERIFY(step(2));
        grpc::ByteBuffer response;
        call->Read(&response, reinterpret_cast<void *>(3));
        QVERIFY(step(3));
        call->WritesDone(reinterpret_cast<void *>(4));
        QVERIFY(step(4));
        grpc::Status status;
        call->Finish(&status, reinterpret_cast<void *>(5));
        QVERIFY(queue.Next(&tag, &ok));
        queue.Shutdown();
        while (queue.Next(&tag, &ok)) {
        }
        const std::string bytes = bytesOf(response);
        QVERIFY2(bytes.find("greenlight.v1.CityService") != std::string::npos, bytes.c_str());
        QVERIFY(bytes.find("grpc.health.v1.Health") != std::string::npos);
    }

    void stalledSubscriberDoesNotSlowOthers()
    {
        // A subscriber that opens a stream and never reads.
        Stream stalled(*m_stub, request(true));
        QTest::qWait(1500);

        const auto latest = [this] {
            grpc::ClientContext context;
            context.set_deadline(deadline(5));
            v1::GatewayInfo info;
            return m_stub->GetGatewayInfo(&context, {}, &info).ok() ? info.latest_sequence() : 0;
        };
        Stream reader(*m_stub, request(true));
        v1::LiveUpdate m;
        QVERIFY(reader.read(&m));
        QCOMPARE(m.kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        const std::uint64_t from = latest();
        std::uint64_t last = m.sequence();
        int received = 0;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 4000) {
            QVERIFY(reader.read(&m));
            QCOMPARE(m.kind(), v1::LiveUpdate::KIND_DELTA);
            QCOMPARE(m.sequence(), last + 1);
            last = m.sequence();
            ++received;
        }
        const std::uint64_t to = latest();
        const auto produced = to - from;
        qInfo("read %d messages while the gateway produced %llu", received, static_cast<unsigned long long>(produced));
        QVERIFY2(produced > 100, qPrintable(QString::number(produced)));
        // The reader kept up with everything the simulation produced meanwhile.
        QVERIFY2(received >= int(produced * 0.9), qPrintable(QStringLiteral("%1 of %2").arg(received).arg(produced)));
        QVERIFY2(to - last < 300, qPrintable(QStringLiteral("latest %1, read %2").arg(to).arg(last)));
    }
};

QTEST_GUILESS_MAIN(TestGateway)
#include "tst_gateway.moc"
