// The green wave coordinator view driven as a coordinator drives it, in the real console (the
// application's composition root and QML, on an X display) against a real gateway: W opens it,
// a hospital is chosen as the origin and a click on the map as the destination, the route
// preview shows on the map and in the panel, the wave is dispatched, the cockpit shows its
// passages live, and Abort (confirmed with a reason) ends it as aborted in the history.

#include "consoleapp.h"
#include "support/gatewayprocess.h"

#include <QAbstractItemModel>
#include <QFileInfo>
#include <QGuiApplication>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <memory>

Q_IMPORT_QML_PLUGIN(GreenlightPlugin)
Q_IMPORT_QML_PLUGIN(Greenlight_WidgetsPlugin)

using greenlight::testing::GatewayProcess;

class TestGreenWaveGui : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<GatewayProcess> m_gateway;
    std::unique_ptr<greenlight::app::ConsoleApp> m_app;
    QQuickWindow *m_window = nullptr;

    QString path(const char *name) const { return m_dir.filePath(QLatin1StringView(name)); }

    QQuickItem *item(const char *name) const
    {
        return m_window ? m_window->findChild<QQuickItem *>(QLatin1StringView(name)) : nullptr;
    }

    // Clicks the middle of an item as the mouse would.
    void click(QQuickItem *target)
    {
        QVERIFY(target);
        const QPointF p = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, p.toPoint());
    }

    // Chooses a row of a ComboBox as a click in its popup does (the activated signal).
    void choose(QQuickItem *combo, int row)
    {
        QVERIFY(combo);
        combo->setProperty("currentIndex", row);
        QVERIFY(QMetaObject::invokeMethod(combo, "activated", Q_ARG(int, row)));
    }

    // Types text into the item with the keyboard focus.
    void type(const char *text)
    {
        for (const char *c = text; *c; ++c)
            QTest::keyClick(m_window, *c);
    }

    QString text(const char *name) const
    {
        QQuickItem *label = item(name);
        return label ? label->property("text").toString() : QString();
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
        QVERIFY(GatewayProcess::writeUsersFile(path("users.txt"), "cora coordinator t-cora\n"));
        m_gateway = std::make_unique<GatewayProcess>(gatewayBin);
        QVERIFY2(m_gateway->start({"--city-size", "small", "--speed", "4", "--cache-dir", path("cache"), "--users",
                                   path("users.txt"), "--audit", path("audit.sqlite3")}),
                 qPrintable(m_gateway->error()));

        QQuickStyle::setStyle(QStringLiteral("Basic"));
        greenlight::app::ConsoleOptions options;
        options.gateway = m_gateway->address();
        options.operatorName = QStringLiteral("cora");
        options.token = QStringLiteral("t-cora");
        m_app = std::make_unique<greenlight::app::ConsoleApp>(options);
        QVERIFY(m_app->start());
        for (QWindow *w : QGuiApplication::topLevelWindows())
            if (auto *q = qobject_cast<QQuickWindow *>(w))
                m_window = q;
        QVERIFY(m_window);
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        QQuickItem *map = item("cityMap");
        QVERIFY(map);
        QTRY_VERIFY_WITH_TIMEOUT(map->property("cityRendered").toBool(), 60000);
    }

    void cleanupTestCase()
    {
        m_app.reset();
        if (m_gateway)
            m_gateway->terminate();
    }

    void dispatchFromTheView()
    {
        QQuickItem *coordinator = item("waveCoordinator");
        QVERIFY(coordinator);
        QVERIFY(!coordinator->isVisible());
        m_window->requestActivate();
        QTest::keyClick(m_window, Qt::Key_W);
        QTRY_VERIFY_WITH_TIMEOUT(coordinator->isVisible(), 5000);
        auto *client = coordinator->property("client").value<QObject *>();
        QVERIFY(client);
        QTRY_VERIFY_WITH_TIMEOUT(client->property("watchState").toInt() >= 2, 30000);
        if (client->property("watchState").toInt() == 4)
            QSKIP("this gateway answers UNIMPLEMENTED for GreenWaveService");
        QTRY_VERIFY_WITH_TIMEOUT(client->property("mayDispatch").toBool(), 30000);

        // Origin: the first hospital of the list.
        QQuickItem *origin = item("waveOrigin");
        QVERIFY(origin);
        auto *origins = origin->property("model").value<QAbstractItemModel *>();
        QVERIFY(origins);
        const int kindRole = origins->roleNames().key("kind");
        int hospitalRow = -1;
        for (int r = 0; r < origins->rowCount() && hospitalRow < 0; ++r)
            if (origins->data(origins->index(r, 0), kindRole).toString() == QLatin1String("hospital"))
                hospitalRow = r;
        if (hospitalRow < 0)
            QSKIP("the city lists no hospital");
        choose(origin, hospitalRow);

        // Destination: pick on the map, then a click on the intersection farthest from the middle.
        click(item("pickDestination"));
        QQuickItem *map = item("cityMap");
        QTRY_VERIFY_WITH_TIMEOUT(map->property("pickingPoint").toBool(), 5000);
        QTRY_VERIFY(item("pickHint")->isVisible());
        QPointF target;
        double best = -1;
        const QPointF middle(map->width() / 2, map->height() / 2);
        for (int i = 0; i < 200; ++i) {
            QPointF p;
            if (!QMetaObject::invokeMethod(map, "intersectionPosition", Q_RETURN_ARG(QPointF, p), Q_ARG(int, i)) || p.isNull())
                break;
            const double d = QLineF(p, middle).length();
            if (d > best && p.x() > 20 && p.y() > 20 && p.x() < map->width() - 80 && p.y() < map->height() - 20) {
                best = d;
                target = p;
            }
        }
        QVERIFY(best > 0);
        QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, map->mapToScene(target).toPoint());
        QTRY_VERIFY(!map->property("pickingPoint").toBool());
        QVERIFY2(text("waveDestinationLabel").startsWith("To: "), qPrintable(text("waveDestinationLabel")));

        // The preview: travel time and intersections in the panel, the route on the map.
        QTRY_VERIFY_WITH_TIMEOUT(text("wavePlanSummary").contains("intersection"), 20000);
        qInfo("plan: %s", qPrintable(text("wavePlanSummary")));
        QVERIFY(!map->property("routeSegments").toList().isEmpty());
        QVERIFY(item("wavePlanPassages")->property("count").toInt() > 0);
        QCOMPARE(map->property("routeMarkers").toList().size(), item("wavePlanPassages")->property("count").toInt());

        // The reason, then Dispatch.
        QQuickItem *dispatch = item("waveDispatch");
        QVERIFY(!dispatch->isEnabled());  // no reason yet
        click(item("waveReason"));
        type("gui test stroke");
        QTRY_VERIFY(dispatch->isEnabled());
        click(dispatch);

        // The cockpit: the wave runs, its passages listed and coloured on the map.
        QQuickItem *cockpit = item("waveCockpit");
        QTRY_VERIFY_WITH_TIMEOUT(cockpit->isVisible(), 20000);
        QCOMPARE(text("waveStateLabel"), QString("RUNNING"));
        QTRY_VERIFY_WITH_TIMEOUT(item("waveCockpitPassages")->property("count").toInt() > 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!map->property("routeVehicle").toList().isEmpty(), 20000);
        QVERIFY(!text("waveRemaining").isEmpty());
        // Let the wave make progress, then keep a picture of the cockpit.
        const auto progressed = [&] {
            for (const QVariant &m : map->property("routeMarkers").toList()) {
                const QString state = m.toMap().value("state").toString();
                if (state == QLatin1String("green") || state == QLatin1String("passed"))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(progressed(), 40000);
        QTest::qWait(500);
        // The view shows the route at street level, not the whole planet.
        QVERIFY2(map->property("metresPerPixel").toDouble() < 10, qPrintable(map->property("metresPerPixel").toString()));
        const QImage shot = m_window->grabWindow();
        QVERIFY(!shot.isNull());
        const QString shotPath = qEnvironmentVariable("GREENLIGHT_WAVE_SHOT", path("greenwave.png"));
        QVERIFY(shot.save(shotPath));
        qInfo("cockpit screenshot: %s", qPrintable(shotPath));

        // Abort, confirmed with a reason: the wave ends as aborted and stays in the history.
        click(item("waveAbort"));
        QQuickItem *reason = item("waveAbortReason");
        QTRY_VERIFY_WITH_TIMEOUT(reason && reason->isVisible(), 5000);
        QTRY_VERIFY(reason->hasActiveFocus());
        type("gui test over");
        click(item("waveAbortConfirm"));
        QTRY_COMPARE_WITH_TIMEOUT(text("waveStateLabel"), QString("ABORTED"), 20000);
        QVERIFY2(text("waveOutcome").startsWith("aborted"), qPrintable(text("waveOutcome")));
        QVERIFY(map->property("routeSegments").toList().isEmpty());
    }
};

QTEST_MAIN(TestGreenWaveGui)
#include "tst_greenwave_gui.moc"
