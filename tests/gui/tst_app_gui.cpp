// The console as an operator starts it: against a real gateway serving a small generated city,
// on an X display (Xvfb) with the default OpenGL scene graph. Checks the window's screenshot for
// live signal colours on the map, and the --self-test startup run.

#include "support/gatewayprocess.h"

#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using greenlight::testing::GatewayProcess;

namespace {

// The signal colours of the console's theme (qml/Theme.qml), which the map's palette matches.
const QColor kSignalGreen(0x2e, 0xcc, 0x71);
const QColor kSignalRed(0xe7, 0x4c, 0x3c);
// Per channel; tight enough that no road (congestion) colour comes near either.
constexpr int kTolerance = 12;
// The right-hand panel and the status bar, left out when counting map pixels (the panel's
// legend shows the signal colours too). Slightly generous.
constexpr int kPanelWidth = 345;
constexpr int kStatusBarHeight = 44;

struct ColourCounts {
    int green = 0;
    int red = 0;
};

bool near(QRgb pixel, const QColor &colour)
{
    return std::abs(qRed(pixel) - colour.red()) <= kTolerance && std::abs(qGreen(pixel) - colour.green()) <= kTolerance
        && std::abs(qBlue(pixel) - colour.blue()) <= kTolerance;
}

ColourCounts countMapColours(const QImage &shot)
{
    const QImage image = shot.convertToFormat(QImage::Format_RGB32);
    ColourCounts counts;
    const int width = image.width() - kPanelWidth;
    const int height = image.height() - kStatusBarHeight;
    for (int y = 0; y < height; ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < width; ++x) {
            counts.green += near(line[x], kSignalGreen);
            counts.red += near(line[x], kSignalRed);
        }
    }
    return counts;
}

} // namespace

class TestAppGui : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GatewayProcess> m_gateway;
    QTemporaryDir m_dir;

    // Runs the console with these arguments; returns its exit code, or -1 if it did not finish.
    int runConsole(const QStringList &args, QString *out, QString *err, int timeoutMs = 150000)
    {
        QProcess console;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));  // never offscreen here
        console.setProcessEnvironment(env);
        console.start(QStringLiteral(GREENLIGHT_CONSOLE_BIN), args);
        if (!console.waitForStarted(10000)) {
            *err = console.errorString();
            return -1;
        }
        const bool finished = console.waitForFinished(timeoutMs);
        if (!finished) {
            console.kill();
            console.waitForFinished(5000);
        }
        *out = QString::fromUtf8(console.readAllStandardOutput());
        *err = QString::fromUtf8(console.readAllStandardError());
        return finished && console.exitStatus() == QProcess::NormalExit ? console.exitCode() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DISPLAY"))
            QSKIP("no X display: run this test under xvfb-run (is xvfb-run installed?)");
        const QString gatewayBin = QStringLiteral(GREENLIGHT_GATEWAY_BIN);
        if (gatewayBin.isEmpty() || !QFileInfo(gatewayBin).isExecutable())
            QSKIP("the greenlight-gateway target is not built");
        QVERIFY2(QFileInfo(QStringLiteral(GREENLIGHT_CONSOLE_BIN)).isExecutable(), GREENLIGHT_CONSOLE_BIN);
        QVERIFY(m_dir.isValid());

        m_gateway = std::make_unique<GatewayProcess>(gatewayBin);
        QVERIFY2(m_gateway->start({QStringLiteral("--city-size"), QStringLiteral("small"),
                                   QStringLiteral("--speed"), QStringLiteral("5")}),
                 qPrintable(m_gateway->error()));
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            m_gateway->terminate();
    }

    // The screenshot shows the city with live signals: green and red glyphs on the map.
    void screenshotShowsLiveSignals()
    {
        const QString path = m_dir.filePath(QStringLiteral("console.png"));
        QString out, err;
        const int code = runConsole({QStringLiteral("--gateway"), m_gateway->address(), QStringLiteral("--screenshot"),
                                     path, QStringLiteral("--timeout"), QStringLiteral("120")},
                                    &out, &err);
        QVERIFY2(code == 0, qPrintable(QStringLiteral("exit %1\n%2").arg(code).arg(err)));
        QVERIFY2(out.contains(QFileInfo(path).absoluteFilePath()), qPrintable(out));
        QVERIFY(QFileInfo::exists(path));

        const QImage shot(path);
        QVERIFY2(!shot.isNull(), "the screenshot is not a readable image");
        QCOMPARE(shot.size(), QSize(1600, 1000));
        const ColourCounts counts = countMapColours(shot);
        qInfo("map pixels: %d signal green, %d signal red", counts.green, counts.red);
        QVERIFY2(counts.green >= 200, qPrintable(QStringLiteral("only %1 signal-green pixels on the map").arg(counts.green)));
        QVERIFY2(counts.red >= 200, qPrintable(QStringLiteral("only %1 signal-red pixels on the map").arg(counts.red)));
    }

    // --self-test connects, renders the whole city and says so.
    void selfTestPasses()
    {
        QString out, err;
        const int code = runConsole({QStringLiteral("--gateway"), m_gateway->address(), QStringLiteral("--self-test"),
                                     QStringLiteral("--timeout"), QStringLiteral("120")},
                                    &out, &err);
        QVERIFY2(code == 0, qPrintable(QStringLiteral("exit %1\n%2%3").arg(code).arg(out, err)));
        QVERIFY2(out.startsWith(QStringLiteral("self-test passed: ")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral(" intersections, ")), qPrintable(out));
    }

    // Without a gateway, --self-test fails in time and says why.
    void selfTestFailsWithoutGateway()
    {
        const int port = GatewayProcess::freePort();
        QVERIFY(port > 0);
        QString out, err;
        const int code = runConsole({QStringLiteral("--gateway"), QStringLiteral("127.0.0.1:%1").arg(port),
                                     QStringLiteral("--self-test"), QStringLiteral("--timeout"), QStringLiteral("3")},
                                    &out, &err, 30000);
        QCOMPARE(code, 1);
        QVERIFY2(err.contains(QStringLiteral("self-test failed")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("no layout from the gateway")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestAppGui)
#include "tst_app_gui.moc"
