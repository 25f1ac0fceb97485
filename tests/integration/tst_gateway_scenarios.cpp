// The gateway on the real cities in the shared scenarios folder: each loads and serves a layout
// with plausible signals, positioned where the city really is, and streams its live state.

#include "core/geo.h"
#include "greenlight/v1/service.grpc.pb.h"
#include "support/gatewayprocess.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <QDir>
#include <QFileInfo>
#include <QTest>

using namespace greenlight;
using greenlight::testing::GatewayProcess;

class TestGatewayScenarios : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesRealCity_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<int>("maxSignals");  // signalised junctions in the scenarios README
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::newRow("bologna") << "bologna/bologna.sumocfg" << 29 << 44.50 << 11.33;
        QTest::newRow("ingolstadt21") << "ingolstadt21/ingolstadt21.sumocfg" << 24 << 48.76 << 11.42;
        QTest::newRow("monaco") << "monaco/monaco.sumocfg" << 9 << 43.74 << 7.42;
        QTest::newRow("nyc") << "nyc/nyc.sumocfg" << 57 << 40.74 << -74.00;
        QTest::newRow("paris") << "paris/paris.sumocfg" << 91 << 48.86 << 2.37;
    }

    void servesRealCity()
    {
        QFETCH(QString, config);
        QFETCH(int, maxSignals);
        QFETCH(double, lat);
        QFETCH(double, lon);
        const QString path = QDir(QStringLiteral(GREENLIGHT_SCENARIOS_DIR)).filePath(config);
        if (!QFileInfo::exists(path))
            QSKIP(qPrintable(QStringLiteral("scenario not available here: %1").arg(path)));

        GatewayProcess gateway(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(gateway.start({"--scenario", path, "--speed", "max"}), qPrintable(gateway.error()));
        auto channel = grpc::CreateChannel(gateway.address().toStdString(), grpc::InsecureChannelCredentials());
        auto stub = v1::CityService::NewStub(channel);

        v1::CityLayout layout;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        const auto status = stub->GetLayout(&context, {}, &layout);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QCOMPARE(QString::fromStdString(layout.city_id()), QFileInfo(path).completeBaseName());

        const int n = layout.intersections_size();
        QVERIFY2(n > 0 && n <= maxSignals, qPrintable(QString::number(n)));
        const core::LatLon city{lat, lon};
        int withConflicts = 0;
        for (const auto &i : layout.intersections()) {
            QVERIFY2(i.signal_groups_size() > 0, i.id().c_str());
            QVERIFY2(i.phases_size() > 0, i.id().c_str());
            for (const auto &p : i.phases())
                QCOMPARE(int(p.state().size()), i.signal_groups_size());
            const double km = core::distanceMetres({i.position().lat(), i.position().lon()}, city) / 1000.0;
            QVERIFY2(km < 8.0, qPrintable(QStringLiteral("%1 is %2 km away").arg(QString::fromStdString(i.id())).arg(km)));
            withConflicts += i.conflicts_size() > 0;
        }
        QVERIFY(withConflicts > n / 2);
        QVERIFY(layout.segments_size() > n);
        for (const auto &s : layout.segments()) {
            QVERIFY(s.shape_size() >= 2);
            const double km = core::distanceMetres({s.shape(0).lat(), s.shape(0).lon()}, city) / 1000.0;
            QVERIFY2(km < 15.0, s.id().c_str());
        }

        // The stream starts with the full state and goes on in sequence.
        grpc::ClientContext streamContext;
        streamContext.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        v1::StreamLiveRequest request;
        request.set_include_vehicles(true);
        auto reader = stub->StreamLive(&streamContext, request);
        v1::LiveUpdate m;
        QVERIFY(reader->Read(&m));
        QCOMPARE(m.kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        QCOMPARE(m.signals_size(), n);
        QCOMPARE(m.segments_size(), layout.segments_size());
        std::uint64_t last = m.sequence();
        for (int i = 0; i < 20; ++i) {
            QVERIFY(reader->Read(&m));
            QCOMPARE(m.sequence(), ++last);
        }
        streamContext.TryCancel();
        while (reader->Read(&m)) {
        }
        reader->Finish();
    }
};

QTEST_GUILESS_MAIN(TestGatewayScenarios)
#include "tst_gateway_scenarios.moc"
