// The console's green wave client against a real gateway on the default city, logged in as a
// coordinator: a route planned from a hospital to a point, a wave dispatched with a spawned
// ambulance and followed until an intersection is green for it (or passed), then aborted and
// found in the history as aborted; the watch surviving a dropped link; an officer refused in
// the gateway's words.

#include "console/controlclient.h"
#include "console/gatewaylink.h"
#include "console/greenwaveclient.h"
#include "console/statestore.h"
#include "console/wavelistmodel.h"
#include "support/gatewayprocess.h"
#include "support/quickbackoff.h"
#include "support/tcpproxy.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace greenlight;
using console::GreenWaveClient;
using console::PassageState;
using console::WaveListModel;
using console::WavePlace;
using console::WaveState;
using greenlight::testing::GatewayProcess;
using greenlight::testing::TcpProxy;
using CommandState = GreenWaveClient::Command::State;

namespace {

const char *kUsers = "cora coordinator t-cora\n"
                     "lin officer t-lin\n";

using greenlight::testing::quickBackoff;

// One console: store, link, control client (the login) and wave client.
struct Desk {
    Desk(const QString &address, const QString &name, const QString &token)
    {
        link.setBackoffPolicy(quickBackoff());
        control.setBackoffPolicy(quickBackoff());
        waves.setBackoffPolicy(quickBackoff());
        control.setCredentials(name, token);
        link.start(address);
        control.start(address);
        waves.start(address);
    }
    bool ready() const
    {
        return link.status() == console::GatewayLink::Connected && control.isLoggedIn()
            && waves.watchState() != GreenWaveClient::WatchOpening && waves.watchState() != GreenWaveClient::WatchIdle;
    }
    CommandState state(const std::string &key) const
    {
        const auto *c = waves.command(key);
        return c ? c->state : CommandState::Failed;
    }
    QString message(const std::string &key) const
    {
        const auto *c = waves.command(key);
        return c ? c->message : QStringLiteral("no such command");
    }

    console::StateStore store;
    console::GatewayLink link{&store};
    console::ControlClient control{&link, &store};
    GreenWaveClient waves{&link, &control};
};

// The first hospital of the layout, or nullptr.
const core::PointOfInterest *hospital(const core::CityLayout &layout)
{
    for (const auto &poi : layout.pointsOfInterest)
        if (poi.kind == core::PoiKind::Hospital)
            return &poi;
    return nullptr;
}

// An intersection well away from `from` (about 1.5 km when the city is that big), as a point.
core::LatLon farPoint(const core::CityLayout &layout, const core::LatLon &from)
{
    core::LatLon best = from;
    double bestScore = 1e18;
    for (const auto &ix : layout.intersections) {
        const double score = std::abs(core::distanceMetres(from, ix.position) - 1500.0);
        if (score < bestScore) {
            bestScore = score;
            best = ix.position;
        }
    }
    return best;
}

} // namespace

class TestGreenWaveClient : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<GatewayProcess> m_gateway;

    QString path(const char *name) const { return m_dir.filePath(QLatin1StringView(name)); }

    // Skips the calling test when the gateway does not offer green waves.
    bool offersWaves(const Desk &desk) const
    {
        return desk.waves.watchState() != GreenWaveClient::WatchUnsupported;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(GatewayProcess::writeUsersFile(path("users.txt"), kUsers));
        m_gateway = std::make_unique<GatewayProcess>(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(m_gateway->start({"--speed", "4", "--cache-dir", path("cache"), "--users", path("users.txt"),
                                   "--audit", path("audit.sqlite3")}),
                 qPrintable(m_gateway->error()));
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            m_gateway->terminate();
    }

    void planDispatchFollowAbort()
    {
        Desk desk(m_gateway->address(), "cora", "t-cora");
        QTRY_VERIFY_WITH_TIMEOUT(desk.ready(), 30000);
        if (!offersWaves(desk))
            QSKIP("this gateway answers UNIMPLEMENTED for GreenWaveService");
        QTRY_COMPARE_WITH_TIMEOUT(desk.waves.watchState(), GreenWaveClient::WatchOpen, 15000);
        QVERIFY(desk.waves.mayDispatch());
        const core::PointOfInterest *h = hospital(desk.store.layout());
        QVERIFY2(h, "the default city lists a hospital");
        const WavePlace origin = WavePlace::poi(h->id);
        const WavePlace destination = WavePlace::at(farPoint(desk.store.layout(), h->position));

        // The plan: a path, a travel time, and the intersections it will preempt, all waiting.
        QSignalSpy planned(&desk.waves, &GreenWaveClient::planFinished);
        const std::uint64_t request = desk.waves.plan(origin, destination);
        QVERIFY(request > 0);
        QTRY_COMPARE_WITH_TIMEOUT(planned.count(), 1, 20000);
        QVERIFY2(planned.first().at(1).toBool(), qPrintable(planned.first().at(3).toString()));
        const auto plan = planned.first().at(2).value<console::WavePlanInfo>();
        QVERIFY(plan.segmentIds.size() >= 2);
        QVERIFY(plan.lengthM > 300);
        QVERIFY(plan.travelTimeS > 0);
        QVERIFY2(!plan.passages.empty(), "the route crosses signalised intersections");
        for (const auto &p : plan.passages) {
            QVERIFY(desk.store.intersectionIndex(p.intersectionId) >= 0);
            QCOMPARE(p.state, PassageState::Waiting);
        }
        for (const auto &id : plan.segmentIds)
            QVERIFY2(desk.store.segmentIndex(id) >= 0, id.c_str());

        // Dispatch with a spawned vehicle: the gateway accepts it and the wave runs.
        console::WaveListModel list(&desk.waves);
        const std::string key = desk.waves.dispatch(origin, destination, "integration test: cardiac arrest", 7);
        QVERIFY(!key.empty());
        QCOMPARE(desk.state(key), CommandState::Sending);
        QTRY_VERIFY_WITH_TIMEOUT(desk.state(key) != CommandState::Sending, 20000);
        QVERIFY2(desk.state(key) == CommandState::Done, qPrintable(desk.message(key)));
        const std::string waveId = desk.waves.command(key)->waveId;
        QVERIFY(!waveId.empty());
        QVERIFY(desk.waves.wave(waveId));
        QVERIFY(desk.waves.wave(waveId)->spawned);
        QCOMPARE(desk.waves.wave(waveId)->priority, 7);
        QCOMPARE(desk.waves.wave(waveId)->dispatcher, std::string("cora"));
        QTRY_VERIFY_WITH_TIMEOUT(list.rowOf(QString::fromStdString(waveId)) == 0, 10000);
        QCOMPARE(list.data(list.index(0), WaveListModel::RunningRole).toBool(), true);

        // Progress arrives on the watch until an intersection is green for the vehicle, or passed.
        const auto reached = [&] {
            const auto *w = desk.waves.wave(waveId);
            if (!w)
                return false;
            for (const auto &p : w->passages)
                if (p.state == PassageState::GreenHeld || p.state == PassageState::Passed)
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(reached() || !desk.waves.wave(waveId)->running(), 60000);
        QVERIFY2(desk.waves.wave(waveId)->running(),
                 qPrintable(QString::fromStdString("ended early: " + desk.waves.wave(waveId)->outcome)));
        // The vehicle is on the live stream, as an emergency vehicle.
        const std::string vehicle = desk.waves.wave(waveId)->vehicleId;
        QTRY_VERIFY_WITH_TIMEOUT(desk.store.vehicles().count(vehicle) == 1, 10000);
        QCOMPARE(desk.store.vehicles().at(vehicle).kind, core::VehicleKind::Emergency);

        // Abort, with a reason: the wave ends as aborted and stays in the history.
        const std::string abortKey = desk.waves.abort(waveId, "integration test over");
        QVERIFY(!abortKey.empty());
        QVERIFY(abortKey != key);
        QTRY_VERIFY_WITH_TIMEOUT(desk.state(abortKey) != CommandState::Sending, 20000);
        QVERIFY2(desk.state(abortKey) == CommandState::Done, qPrintable(desk.message(abortKey)));
        QTRY_COMPARE_WITH_TIMEOUT(desk.waves.wave(waveId)->state, WaveState::Aborted, 20000);
        QVERIFY2(QString::fromStdString(desk.waves.wave(waveId)->outcome).startsWith("aborted"),
                 desk.waves.wave(waveId)->outcome.c_str());
        const int row = list.rowOf(QString::fromStdString(waveId));
        QVERIFY(row >= 0);
        QCOMPARE(list.data(list.index(row), WaveListModel::StateRole).toString(), QString("aborted"));
        QCOMPARE(list.data(list.index(row), WaveListModel::RunningRole).toBool(), false);
        // Given back: it holds nothing any more.
        QTRY_COMPARE_WITH_TIMEOUT(desk.waves.wave(waveId)->intersectionsHeld, 0, 20000);

        // Aborting it again is refused here: it has ended.
        QCOMPARE(desk.waves.abort(waveId, "again"), std::string());
    }

    // A second console sees the history at once (ListWaves when the watch opens).
    void historyOnAnotherConsole()
    {
        Desk desk(m_gateway->address(), "lin", "t-lin");
        QTRY_VERIFY_WITH_TIMEOUT(desk.ready(), 30000);
        if (!offersWaves(desk))
            QSKIP("this gateway answers UNIMPLEMENTED for GreenWaveService");
        QTRY_VERIFY_WITH_TIMEOUT(!desk.waves.waves().empty(), 15000);
        bool aborted = false;
        for (const auto &[id, w] : desk.waves.waves())
            aborted = aborted || w.state == WaveState::Aborted;
        QVERIFY(aborted);
        // An officer may watch but not dispatch: refused here, before sending.
        QVERIFY(!desk.waves.mayDispatch());
        QVERIFY2(desk.waves.blockedText().contains("coordinator"), qPrintable(desk.waves.blockedText()));
    }

    // Refusals come back in the gateway's words; a place not in the city is one.
    void refusalInTheGatewaysWords()
    {
        Desk desk(m_gateway->address(), "cora", "t-cora");
        QTRY_VERIFY_WITH_TIMEOUT(desk.ready(), 30000);
        if (!offersWaves(desk))
            QSKIP("this gateway answers UNIMPLEMENTED for GreenWaveService");
        QSignalSpy notices(&desk.waves, &GreenWaveClient::notice);
        const std::string key = desk.waves.dispatch(WavePlace::vehicle("no_such_vehicle"),
                                                    WavePlace::poi(hospital(desk.store.layout())->id), "test", 5);
        QVERIFY(!key.empty());
        QTRY_VERIFY_WITH_TIMEOUT(desk.state(key) != CommandState::Sending, 20000);
        QCOMPARE(desk.state(key), CommandState::Refused);
        QVERIFY(!desk.message(key).isEmpty());
        QVERIFY2(!desk.message(key).contains("NOT_FOUND") || desk.message(key).size() > 12, qPrintable(desk.message(key)));
        QVERIFY(notices.count() >= 1);
        QVERIFY2(notices.last().at(0).toString().contains(desk.message(key)), qPrintable(notices.last().at(0).toString()));
    }

    // The link drops: the watch says so and nothing is sent; it comes back by itself.
    void watchSurvivesADroppedLink()
    {
        TcpProxy proxy(quint16(m_gateway->port()));
        QVERIFY(proxy.listen());
        Desk desk(QStringLiteral("127.0.0.1:%1").arg(proxy.port()), "cora", "t-cora");
        QTRY_VERIFY_WITH_TIMEOUT(desk.ready(), 30000);
        if (!offersWaves(desk))
            QSKIP("this gateway answers UNIMPLEMENTED for GreenWaveService");
        QTRY_COMPARE_WITH_TIMEOUT(desk.waves.watchState(), GreenWaveClient::WatchOpen, 15000);
        QSignalSpy watch(&desk.waves, &GreenWaveClient::watchChanged);
        proxy.cutAll();
        QTRY_VERIFY_WITH_TIMEOUT(watch.count() >= 1, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(desk.waves.watchState(), GreenWaveClient::WatchOpen, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(desk.link.status(), console::GatewayLink::Connected, 30000);
        QVERIFY(desk.waves.mayDispatch());
    }
};

QTEST_GUILESS_MAIN(TestGreenWaveClient)
#include "tst_greenwave_client.moc"
