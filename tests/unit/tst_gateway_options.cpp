// The gateway's command line and listen address handling.

#include "gateway/gatewayoptions.h"
#include "gateway/listenaddress.h"

#include <QTcpServer>
#include <QTest>

using namespace greenlight;
using namespace greenlight::gateway;

namespace {

ParsedOptions parse(QStringList args)
{
    args.prepend(QStringLiteral("greenlight-gateway"));
    return parseGatewayOptions(args);
}

} // namespace

class TestGatewayOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults()
    {
        const auto p = parse({});
        QVERIFY2(p.error.empty(), p.error.c_str());
        const auto &o = p.options;
        QCOMPARE(o.listen, std::string("127.0.0.1:50051"));
        QVERIFY(o.scenario.empty());
        QVERIFY(!o.begin);
        QCOMPARE(o.speedFactor, 1.0);
        QCOMPARE(o.seed, 42u);
        QCOMPARE(o.origin.lat, 52.52);
        QCOMPARE(o.origin.lon, 13.405);
        QCOMPARE(o.citySize, sumo::CitySize::Default);
        QCOMPARE(o.track, sumo::TrackVehicles::All);
        QCOMPARE(o.history, std::size_t(600));
        QVERIFY(o.usersFile.empty());
        QVERIFY(o.auditFile.empty());
        QCOMPARE(o.maxLeaseS, 600.0);
        QCOMPARE(o.sessionGraceS, 10.0);
        QCOMPARE(o.freshnessS, 0.0);
        QVERIFY(QString::fromStdString(o.cacheDir).endsWith("greenlight"));
    }

    void everyOption()
    {
        const auto p = parse({"--listen", "0.0.0.0:6000", "--scenario", "x.sumocfg", "--begin", "3600", "--speed", "max",
                              "--seed", "7", "--origin", "48.8566,2.3522", "--city-size", "small", "--cache-dir", "/tmp/c",
                              "--track-vehicles", "emergency", "--step-length", "0.5", "--history", "100",
                              "--users", "/etc/greenlight/users", "--audit", "/var/lib/greenlight/audit.sqlite3",
                              "--max-lease", "120", "--session-grace", "2.5", "--freshness", "3"});
        QVERIFY2(p.error.empty(), p.error.c_str());
        const auto &o = p.options;
        QCOMPARE(o.listen, std::string("0.0.0.0:6000"));
        QCOMPARE(o.scenario, std::string("x.sumocfg"));
        QCOMPARE(*o.begin, 3600.0);
        QCOMPARE(o.speedFactor, 0.0);
        QCOMPARE(o.seed, 7u);
        QCOMPARE(o.origin.lat, 48.8566);
        QCOMPARE(o.citySize, sumo::CitySize::Small);
        QCOMPARE(o.cacheDir, std::string("/tmp/c"));
        QCOMPARE(o.track, sumo::TrackVehicles::Emergency);
        QCOMPARE(o.stepLength, 0.5);
        QCOMPARE(o.history, std::size_t(100));
        QCOMPARE(o.usersFile, std::string("/etc/greenlight/users"));
        QCOMPARE(o.auditFile, std::string("/var/lib/greenlight/audit.sqlite3"));
        QCOMPARE(o.maxLeaseS, 120.0);
        QCOMPARE(o.sessionGraceS, 2.5);
        QCOMPARE(o.freshnessS, 3.0);
        QCOMPARE(parse({"--speed", "2.5"}).options.speedFactor, 2.5);
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("unknown option") << QStringList{"--frobnicate"};
        QTest::newRow("missing value") << QStringList{"--seed"};
        QTest::newRow("speed") << QStringList{"--speed", "fast"};
        QTest::newRow("negative speed") << QStringList{"--speed", "-1"};
        QTest::newRow("seed") << QStringList{"--seed", "x"};
        QTest::newRow("origin") << QStringList{"--origin", "52.5"};
        QTest::newRow("origin range") << QStringList{"--origin", "95,13"};
        QTest::newRow("size") << QStringList{"--city-size", "huge"};
        QTest::newRow("track") << QStringList{"--track-vehicles", "some"};
        QTest::newRow("step") << QStringList{"--step-length", "0"};
        QTest::newRow("begin") << QStringList{"--begin", "-5"};
        QTest::newRow("positional") << QStringList{"city.sumocfg"};
        QTest::newRow("empty users") << QStringList{"--users", ""};
        QTest::newRow("empty audit") << QStringList{"--audit", ""};
        QTest::newRow("max lease") << QStringList{"--max-lease", "0"};
        QTest::newRow("grace") << QStringList{"--session-grace", "-1"};
        QTest::newRow("freshness") << QStringList{"--freshness", "0"};
    }

    void rejectsBadInput()
    {
        QFETCH(QStringList, args);
        const auto p = parse(args);
        QVERIFY(!p.error.empty());
        QVERIFY(p.error.find('\n') == std::string::npos);
    }

    void helpAndVersionPrintAndExit()
    {
        const auto help = parse({"--help"});
        QVERIFY(help.error.empty());
        QVERIFY(help.output.find("--scenario") != std::string::npos);
        QVERIFY(parse({"--version"}).output.find("greenlight-gateway") != std::string::npos);
    }

    void parsesListenAddresses()
    {
        std::string error;
        auto a = parseListenAddress("127.0.0.1:50051", &error);
        QVERIFY(a);
        QCOMPARE(a->host, std::string("127.0.0.1"));
        QCOMPARE(a->port, 50051);
        QCOMPARE(a->text(), std::string("127.0.0.1:50051"));
        auto v6 = parseListenAddress("[::1]:7000", &error);
        QVERIFY(v6);
        QCOMPARE(v6->host, std::string("::1"));
        QCOMPARE(v6->text(), std::string("[::1]:7000"));
        QCOMPARE(parseListenAddress("localhost:0", &error)->port, 0);
        for (const char *bad : {"50051", ":50051", "host:", "host:70000", "host:12a", "::1:5000"})
            QVERIFY2(!parseListenAddress(bad, &error), bad);
    }

    void probeFindsPortsInUse()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        ListenAddress busy{"127.0.0.1", taken.serverPort()};
        QCOMPARE(probeListenAddress(busy), std::string("address in use"));
        const int port = taken.serverPort();
        taken.close();
        QCOMPARE(probeListenAddress({"127.0.0.1", port}), std::string());
        QCOMPARE(probeListenAddress({"127.0.0.1", 0}), std::string());
        QVERIFY(!probeListenAddress({"no-such-host.invalid", 5000}).empty());
    }
};

QTEST_GUILESS_MAIN(TestGatewayOptions)
#include "tst_gateway_options.moc"
