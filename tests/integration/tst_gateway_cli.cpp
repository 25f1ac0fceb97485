// The gateway executable's command line: bad input fails fast with one clear line, signals stop it
// cleanly, and --write-city writes a loadable scenario.

#include "support/gatewayprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using greenlight::testing::GatewayProcess;

namespace {

struct Outcome {
    int exitCode = -1;
    bool crashed = false;
    QStringList errorLines;
    QString output;
    qint64 elapsedMs = 0;
};

Outcome run(const QStringList &args, int timeoutMs = 60000)
{
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral(GREENLIGHT_GATEWAY_BIN), args);
    Outcome out;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        out.errorLines << QStringLiteral("did not finish");
        return out;
    }
    out.elapsedMs = timer.elapsed();
    out.exitCode = process.exitCode();
    out.crashed = process.exitStatus() != QProcess::NormalExit;
    out.errorLines = QString::fromUtf8(process.readAllStandardError()).split('\n', Qt::SkipEmptyParts);
    out.output = QString::fromUtf8(process.readAllStandardOutput());
    return out;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestGatewayCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void missingScenarioFailsWithOneLine()
    {
        const auto out = run({"--listen", "127.0.0.1:0", "--scenario", m_dir.filePath("nowhere.sumocfg")});
        QVERIFY(!out.crashed);
        QVERIFY(out.exitCode != 0);
        QCOMPARE(out.errorLines.size(), 1);
        QVERIFY2(out.errorLines[0].startsWith("greenlight-gateway: cannot read scenario"), qPrintable(out.errorLines[0]));
    }

    void brokenScenarioFailsWithASummary()
    {
        const QString cfg = m_dir.filePath("broken.sumocfg");
        QVERIFY(writeFile(cfg, "<configuration><input><net-file value=\"broken.net.xml\"/></input></configuration>"));
        QVERIFY(writeFile(m_dir.filePath("broken.net.xml"), "<net><edge id=\"a\" from=\"x\""));
        const auto out = run({"--listen", "127.0.0.1:0", "--scenario", cfg});
        QVERIFY(!out.crashed);
        QVERIFY(out.exitCode != 0);
        // SUMO may say more first; the last line is ours.
        QVERIFY(!out.errorLines.isEmpty());
        QVERIFY2(out.errorLines.last().startsWith("greenlight-gateway: cannot load scenario"),
                 qPrintable(out.errorLines.join('\n')));

        QVERIFY(writeFile(cfg, "this is not XML"));
        const auto garbage = run({"--listen", "127.0.0.1:0", "--scenario", cfg});
        QVERIFY(!garbage.crashed);
        QVERIFY(garbage.exitCode != 0);
        QVERIFY2(garbage.errorLines.last().startsWith("greenlight-gateway: cannot load scenario"),
                 qPrintable(garbage.errorLines.join('\n')));
    }

    void portInUseFailsFast()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        const QString address = QStringLiteral("127.0.0.1:%1").arg(taken.serverPort());
        const auto out = run({"--listen", address, "--city-size", "small", "--cache-dir", m_dir.filePath("cache")});
        QVERIFY(!out.crashed);
        QVERIFY(out.exitCode != 0);
        QCOMPARE(out.errorLines, QStringList{QStringLiteral("greenlight-gateway: cannot listen on %1: address in use").arg(address)});
        QVERIFY2(out.elapsedMs < 5000, qPrintable(QString::number(out.elapsedMs)));
    }

    void portTakenByAnotherGateway()
    {
        GatewayProcess first(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(first.start({"--city-size", "small", "--cache-dir", m_dir.filePath("cache")}), qPrintable(first.error()));
        const auto out = run({"--listen", first.address(), "--city-size", "small", "--cache-dir", m_dir.filePath("cache")});
        QVERIFY(out.exitCode != 0);
        QCOMPARE(out.errorLines.size(), 1);
        QVERIFY2(out.errorLines[0].contains("address in use"), qPrintable(out.errorLines[0]));
    }

    void invalidOptionsFailWithOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("unknown") << QStringList{"--bogus"};
        QTest::newRow("speed") << QStringList{"--speed", "fast"};
        QTest::newRow("listen") << QStringList{"--listen", "nowhere"};
        QTest::newRow("origin") << QStringList{"--origin", "x,y"};
    }

    void invalidOptionsFailWithOneLine()
    {
        QFETCH(QStringList, args);
        const auto out = run(args);
        QVERIFY(!out.crashed);
        QCOMPARE(out.exitCode, 2);
        QCOMPARE(out.errorLines.size(), 1);
        QVERIFY(out.errorLines[0].startsWith("greenlight-gateway: "));
    }

    void writeCityPrintsTheConfig()
    {
        const QString dir = m_dir.filePath("written");
        const auto out = run({"--write-city", dir, "--city-size", "small", "--seed", "3"});
        QCOMPARE(out.exitCode, 0);
        const QString config = out.output.trimmed();
        QCOMPARE(config, QDir(dir).absoluteFilePath("city.sumocfg"));
        for (const char *name : {"city.sumocfg", "city.net.xml", "city.rou.xml", "city.add.xml", "plain.nod.xml", "plain.edg.xml"})
            QVERIFY2(QFile::exists(QDir(dir).filePath(name)), name);
    }

    void terminateStopsCleanly()
    {
        QProcess process;
        const int port = GatewayProcess::freePort();
        process.start(QStringLiteral(GREENLIGHT_GATEWAY_BIN),
                      {"--listen", QStringLiteral("127.0.0.1:%1").arg(port), "--city-size", "small", "--cache-dir",
                       m_dir.filePath("cache")});
        QVERIFY(process.waitForStarted());
        process.setReadChannel(QProcess::StandardError);
        QString log;
        QElapsedTimer timer;
        timer.start();
        while (!log.contains("serving") && timer.elapsed() < 60000 && process.state() == QProcess::Running) {
            process.waitForReadyRead(200);
            log += QString::fromUtf8(process.readAllStandardError());
        }
        QVERIFY2(log.contains("serving"), qPrintable(log));
        process.terminate();
        QVERIFY(process.waitForFinished(15000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestGatewayCli)
#include "tst_gateway_cli.moc"
