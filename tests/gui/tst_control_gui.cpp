// The console with operator control, as an operator starts it: against a real gateway with
// users, logged in from the command line, on an X display (Xvfb). Checks that an intersection
// another operator holds carries the control ring on the map, that the console starts without a
// QML warning when logged in, and that an unreadable token file is a clear one-line error.

#include "greenlight/v1/control.grpc.pb.h"
#include "greenlight/v1/service.grpc.pb.h"
#include "support/grpccalls.h"
#include "support/gatewayprocess.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace greenlight;
using greenlight::testing::GatewayProcess;

using greenlight::testing::as;

namespace {

// The ring around held intersections (Theme.controlHeld, the map's palette::controlRing).
const QColor kControlRing(0xb3, 0x92, 0xf0);
constexpr int kTolerance = 10;
// The map's part of the window (left of the panel, above the status bar).
constexpr int kPanelWidth = 341;
constexpr int kStatusBarHeight = 40;

// Pixels of a colour in a square of 240 pixels at the map's centre, where --select puts the
// selected intersection (away from the map buttons, which use the same violet for their count).
int countAtMapCentre(const QImage &shot, const QColor &colour)
{
    const QImage image = shot.convertToFormat(QImage::Format_RGB32);
    const QPoint centre((image.width() - kPanelWidth) / 2, (image.height() - kStatusBarHeight) / 2);
    const QRect box(centre - QPoint(120, 120), QSize(240, 240));
    int n = 0;
    for (int y = box.top(); y <= box.bottom(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = box.left(); x <= box.right(); ++x)
            n += std::abs(qRed(line[x]) - colour.red()) <= kTolerance
                && std::abs(qGreen(line[x]) - colour.green()) <= kTolerance
                && std::abs(qBlue(line[x]) - colour.blue()) <= kTolerance;
    }
    return n;
}

} // namespace

class TestControlGui : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir{QDir::tempPath() + QStringLiteral("/tst_control_gui-XXXXXX")};
    std::unique_ptr<GatewayProcess> m_gateway;
    std::string m_heldId;

    QString path(const char *name) const { return m_dir.filePath(QLatin1StringView(name)); }

    int runConsole(const QStringList &args, QString *out, QString *err, int timeoutMs = 150000)
    {
        QProcess console;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        console.setProcessEnvironment(env);
        console.start(QStringLiteral(GREENLIGHT_CONSOLE_BIN), args);
        if (!console.waitForStarted(10000))
            return -1;
        const bool finished = console.waitForFinished(timeoutMs);
        if (!finished) {
            console.kill();
            console.waitForFinished(5000);
        }
        *out = QString::fromUtf8(console.readAllStandardOutput());
        *err = QString::fromUtf8(console.readAllStandardError());
        return finished && console.exitStatus() == QProcess::NormalExit ? console.exitCode() : -1;
    }

    bool writeFile(const char *name, const QByteArray &content)
    {
        QFile file(path(name));
        return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DISPLAY"))
            QSKIP("no X display: run this test under xvfb-run (is xvfb-run installed?)");
        const QString gatewayBin = QStringLiteral(GREENLIGHT_GATEWAY_BIN);
        if (gatewayBin.isEmpty() || !QFileInfo(gatewayBin).isExecutable())
            QSKIP("the greenlight-gateway target is not built");
        QVERIFY(m_dir.isValid());
        QVERIFY(writeFile("users.txt", "lin officer t-lin\nola officer t-ola\n"));
        QVERIFY(writeFile("lin.token", "  t-lin \n"));
        m_gateway = std::make_unique<GatewayProcess>(gatewayBin);
        QVERIFY2(m_gateway->start({"--city-size", "small", "--speed", "5", "--cache-dir", path("cache"), "--users",
                                   path("users.txt"), "--audit", path("audit.sqlite3")}),
                 qPrintable(m_gateway->error()));

        // Another operator holds one intersection (and holds its phase where the gateway can).
        const auto channel = grpc::CreateChannel(m_gateway->address().toStdString(), grpc::InsecureChannelCredentials());
        v1::CityLayout layout;
        QVERIFY(v1::CityService::NewStub(channel)->GetLayout(as("t-ola").get(), {}, &layout).ok());
        QVERIFY(layout.intersections_size() > 0);
        m_heldId = layout.intersections(0).id();
        auto control = v1::ControlService::NewStub(channel);
        v1::AcquireControlRequest acquire;
        acquire.set_intersection_id(m_heldId);
        acquire.set_reason("gui test");
        acquire.set_idempotency_key("gui-acquire");
        v1::Lease lease;
        const auto status = control->AcquireControl(as("t-ola").get(), acquire, &lease);
        QVERIFY2(status.ok(), status.error_message().c_str());
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            m_gateway->terminate();
        if (qEnvironmentVariableIsSet("GREENLIGHT_KEEP_SCREENSHOTS"))
            m_dir.setAutoRemove(false);
    }

    // The held intersection carries the control ring on the first live frame.
    void heldIntersectionHasARing()
    {
        const QString shot = path("held.png");
        QString out, err;
        // Taken a few seconds in, once the map has centred on the selection.
        const int code = runConsole({"--gateway", m_gateway->address(), "--operator", "lin", "--token-file",
                                     path("lin.token"), "--select", QString::fromStdString(m_heldId), "--screenshot",
                                     shot, "--screenshot-after", "6"},
                                    &out, &err);
        QVERIFY2(code == 0, qPrintable(QStringLiteral("exit %1\n%2").arg(code).arg(err)));
        const QImage image(shot);
        QVERIFY(!image.isNull());
        const int ring = countAtMapCentre(image, kControlRing);
        qInfo("control ring pixels: %d", ring);
        QVERIFY2(ring >= 30, qPrintable(QStringLiteral("only %1 control-ring pixels on the map").arg(ring)));
    }

    // Logged in from the command line, the console starts without a QML warning.
    void selfTestLoggedIn()
    {
        QString out, err;
        const int code = runConsole({"--gateway", m_gateway->address(), "--operator", "lin", "--token-file",
                                     path("lin.token"), "--self-test", "--timeout", "120"},
                                    &out, &err);
        QVERIFY2(code == 0, qPrintable(QStringLiteral("exit %1\n%2%3").arg(code).arg(out, err)));
        QVERIFY2(out.startsWith("self-test passed: "), qPrintable(out));
    }

    // A token file that cannot be read: one line saying so, and a non-zero exit.
    void unreadableTokenFile()
    {
        QString out, err;
        const int code = runConsole({"--gateway", m_gateway->address(), "--operator", "lin", "--token-file",
                                     path("missing.token")},
                                    &out, &err, 30000);
        QCOMPARE(code, 2);
        QCOMPARE(err.trimmed().count('\n'), 0);
        QVERIFY2(err.contains("cannot read the token file") && err.contains("missing.token"), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestControlGui)
#include "tst_control_gui.moc"
