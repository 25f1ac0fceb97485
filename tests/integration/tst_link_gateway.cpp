// The console's link against a real gateway running a real SUMO simulation over loopback gRPC.

#include "console/gatewaylink.h"
#include "console/statestore.h"
#include "core/signalcolour.h"
#include "support/gatewayprocess.h"
#include "support/quickbackoff.h"
#include "support/tcpproxy.h"

#include <libsumo/libsumo.h>

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace greenlight;
using greenlight::testing::GatewayProcess;
using greenlight::testing::TcpProxy;
using greenlight::testing::quickBackoff;


class TestLinkGateway : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_cityDir;
    QString m_config;  // the small generated city's .sumocfg

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_cityDir.isValid());
        // The gateway writes its generated city so that this test can run the same scenario
        // in its own libsumo and compare.
        QProcess writer;
        writer.start(QStringLiteral(GREENLIGHT_GATEWAY_BIN),
                     {"--write-city", m_cityDir.path(), "--city-size", "small", "--seed", "7"});
        QVERIFY(writer.waitForFinished(180000));
        QVERIFY2(writer.exitCode() == 0, writer.readAllStandardError().constData());
        m_config = QString::fromUtf8(writer.readAllStandardOutput()).trimmed().split('\n').last();
        QVERIFY2(QFile::exists(m_config), qPrintable(m_config));
    }

    // The link receives the layout, a snapshot, then deltas in sequence.
    void receivesLayoutSnapshotAndDeltas()
    {
        GatewayProcess gateway(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(gateway.start({"--scenario", m_config, "--speed", "20"}), qPrintable(gateway.error()));

        console::StateStore store;
        console::GatewayLink link(&store);
        QSignalSpy layouts(&link, &console::GatewayLink::layoutReceived);
        QSignalSpy resets(&store, &console::StateStore::liveStateReset);
        std::vector<std::uint64_t> sequences;
        connect(&store, &console::StateStore::batchApplied, this,
                [&](std::uint64_t seq) { sequences.push_back(seq); });
        link.start(gateway.address());

        QTRY_VERIFY_WITH_TIMEOUT(store.hasLayout(), 30000);
        QCOMPARE(layouts.count(), 1);
        QVERIFY2(store.intersectionCount() >= 10, qPrintable(QString::number(store.intersectionCount())));
        QVERIFY(store.segmentCount() > store.intersectionCount());
        for (int i = 0; i < store.intersectionCount(); ++i) {
            const auto &ix = store.layout().intersections[size_t(i)];
            QVERIFY2(!ix.signalGroups.empty(), ix.id.c_str());
            QVERIFY2(!ix.phases.empty(), ix.id.c_str());
        }

        QTRY_VERIFY_WITH_TIMEOUT(sequences.size() >= 20, 30000);
        QCOMPARE(link.status(), console::GatewayLink::Connected);
        for (size_t k = 1; k < sequences.size(); ++k)
            QCOMPARE(sequences[k], sequences[k - 1] + 1);
        // Every intersection has live colours, one per signal group.
        for (int i = 0; i < store.intersectionCount(); ++i)
            QCOMPARE(store.signalState(i).colours.size(), store.layout().intersections[size_t(i)].signalGroups.size());
        QVERIFY(store.simTime() > 0);
    }

    // What the console holds is what SUMO shows at the same simulation time.
    void coloursMatchLibsumo()
    {
        GatewayProcess gateway(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(gateway.start({"--scenario", m_config, "--speed", "10"}), qPrintable(gateway.error()));
        console::StateStore store;
        console::GatewayLink link(&store);
        link.start(gateway.address());
        QTRY_VERIFY_WITH_TIMEOUT(store.hasLiveState() && store.simTime() >= 30, 60000);
        link.stop();

        // Freeze what the console holds, then run the same scenario here to that time.
        const double t = store.simTime();
        std::vector<std::string> held;
        for (int i = 0; i < store.intersectionCount(); ++i)
            held.push_back(core::stateFromColours(store.signalState(i).colours));

        libsumo::Simulation::load({"-c", m_config.toStdString(), "-X", "never", "--no-step-log",
                                   "--no-warnings", "--duration-log.disable"});
        libsumo::Simulation::step(t);
        QCOMPARE(libsumo::Simulation::getTime(), t);
        int compared = 0;
        for (int i = 0; i < store.intersectionCount(); ++i) {
            const auto &ix = store.layout().intersections[size_t(i)];
            const std::string sumoState = libsumo::TrafficLight::getRedYellowGreenState(ix.id);
            QVERIFY2(sumoState == held[size_t(i)],
                     qPrintable(QStringLiteral("%1 at t=%2: console %3, libsumo %4")
                                    .arg(QString::fromStdString(ix.id)).arg(t)
                                    .arg(QString::fromStdString(held[size_t(i)]), QString::fromStdString(sumoState))));
            QCOMPARE(store.signalState(i).phaseIndex, libsumo::TrafficLight::getPhase(ix.id));
            ++compared;
        }
        libsumo::Simulation::close();
        QVERIFY(compared >= 10);
    }

    // A dropped connection resumes from the last sequence: no gap, no new snapshot.
    void droppedLinkResumesWithoutGap()
    {
        GatewayProcess gateway(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(gateway.start({"--scenario", m_config, "--speed", "5"}), qPrintable(gateway.error()));
        TcpProxy proxy(quint16(gateway.port()));
        QVERIFY(proxy.listen());

        console::StateStore store;
        console::GatewayLink link(&store);
        link.setBackoffPolicy(quickBackoff());
        QSignalSpy resets(&store, &console::StateStore::liveStateReset);
        std::vector<std::uint64_t> sequences;
        connect(&store, &console::StateStore::batchApplied, this,
                [&](std::uint64_t seq) { sequences.push_back(seq); });
        link.start(QStringLiteral("127.0.0.1:%1").arg(proxy.port()));
        QTRY_VERIFY_WITH_TIMEOUT(sequences.size() >= 5, 60000);
        const int resetsBefore = resets.count();
        const size_t before = sequences.size();

        proxy.cutAll();
        QTRY_VERIFY_WITH_TIMEOUT(link.status() != console::GatewayLink::Connected, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(link.status() == console::GatewayLink::Connected && sequences.size() >= before + 10, 30000);

        QVERIFY(link.reconnectCount() >= 1);
        QVERIFY(proxy.connectionsAccepted() >= 2);
        QCOMPARE(resets.count(), resetsBefore);  // resumed, not re-snapshotted
        for (size_t k = 1; k < sequences.size(); ++k)
            QCOMPARE(sequences[k], sequences[k - 1] + 1);
    }

    // Killing the gateway turns the link stale/reconnecting; a restarted gateway is picked up.
    void gatewayRestartResumes()
    {
        GatewayProcess gateway(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(gateway.start({"--scenario", m_config, "--speed", "5"}), qPrintable(gateway.error()));
        const int port = gateway.port();
        console::StateStore store;
        console::GatewayLink link(&store);
        link.setBackoffPolicy(quickBackoff());
        link.start(gateway.address());
        QTRY_VERIFY_WITH_TIMEOUT(link.status() == console::GatewayLink::Connected && store.hasLiveState(), 60000);
        const std::string firstRun = store.gatewayRunId();

        gateway.kill();
        QTRY_VERIFY_WITH_TIMEOUT(link.status() == console::GatewayLink::Reconnecting, 15000);
        QVERIFY(!link.statusText().isEmpty());
        QVERIFY(!link.isConnected());

        QVERIFY2(gateway.start({"--scenario", m_config, "--speed", "5"}, port), qPrintable(gateway.error()));
        QTRY_VERIFY_WITH_TIMEOUT(link.status() == console::GatewayLink::Connected && store.gatewayRunId() != firstRun, 60000);
        const std::uint64_t seq = store.lastSequence();
        QTRY_VERIFY_WITH_TIMEOUT(store.lastSequence() > seq + 3, 30000);
        QVERIFY(store.hasLiveState());
    }
};

QTEST_GUILESS_MAIN(TestLinkGateway)
#include "tst_link_gateway.moc"
