// The console's green wave side without a gateway: the list of waves (running first, then the
// history with outcomes), the passages of a wave with their ETAs counting down, the places a wave
// can start or end at, the plan preview, and commands refused before they are sent.

#include "console/controlclient.h"
#include "console/gatewaylink.h"
#include "console/greenwaveclient.h"
#include "console/selectedwave.h"
#include "console/statestore.h"
#include "console/wavelistmodel.h"
#include "console/wavepassagemodel.h"
#include "console/waveplacemodel.h"
#include "console/waveplanner.h"
#include "tst_console_fixtures.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace greenlight;
using console::GreenWaveClient;
using console::PassageState;
using console::WaveInfo;
using console::WaveListModel;
using console::WavePassageInfo;
using console::WavePassageModel;
using console::WavePlaceModel;
using console::WaveState;
namespace fx = greenlight::testfixtures;

namespace {

using fx::column;

WavePassageInfo passage(const std::string &intersection, double eta, PassageState state, const std::string &note = {})
{
    WavePassageInfo p;
    p.intersectionId = intersection;
    p.etaS = eta;
    p.state = state;
    p.note = note;
    return p;
}

WaveInfo wave(const std::string &id, WaveState state, double dispatched, double ended, double updated)
{
    WaveInfo w;
    w.waveId = id;
    w.vehicleId = "ambulance_" + id;
    w.state = state;
    w.dispatchedSimS = dispatched;
    w.endedSimS = ended;
    w.updatedSimS = updated;
    w.originLabel = "Hospital St. Mary";
    w.destinationLabel = "Harbour Rd & Quay St";
    w.outcome = state == WaveState::Running ? "running"
        : state == WaveState::Arrived       ? "arrived"
        : state == WaveState::Aborted       ? "aborted: call cancelled"
                                            : "lost: vehicle left the simulation";
    w.reason = "cardiac arrest";
    w.remainingS = 95;
    return w;
}

// The small city with a hospital and a fire station.
std::shared_ptr<core::CityLayout> cityWithStations()
{
    auto city = fx::smallCity();
    city->pointsOfInterest.push_back({"poi-h1", "St. Mary Hospital", core::PoiKind::Hospital, {52.52, 13.40}, "H0"});
    city->pointsOfInterest.push_back({"poi-f1", "Fire Station 3", core::PoiKind::FireStation, {52.52, 13.42}, "H2"});
    city->pointsOfInterest.push_back({"poi-p1", "Central Station", core::PoiKind::TransitStation, {52.52, 13.43}, "H3"});
    return city;
}

// A store, link, control client and wave client, nothing started (no gateway).
struct Desk {
    Desk() { store.setLayout(cityWithStations()); }
    console::StateStore store;
    console::GatewayLink link{&store};
    console::ControlClient control{&link, &store};
    GreenWaveClient client{&link, &control};
};

} // namespace

class TestConsoleGreenWave : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wavesRunningFirstThenHistory()
    {
        Desk desk;
        WaveListModel model(&desk.client);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy count(&model, &WaveListModel::countChanged);

        desk.client.onWaveUpdate(0, {wave("w1", WaveState::Arrived, 10, 80, 90), wave("w2", WaveState::Running, 50, 0, 90),
                                     wave("w3", WaveState::Aborted, 20, 60, 90), wave("w4", WaveState::Running, 70, 0, 90)},
                                 90);
        QCOMPARE(model.rowCount(), 4);
        QVERIFY(count.count() >= 1);
        QCOMPARE(model.runningCount(), 2);
        // Running, newest first; then ended, the latest to end first.
        QCOMPARE(column(model, WaveListModel::WaveIdRole), (QStringList{"w4", "w2", "w1", "w3"}));
        QCOMPARE(column(model, WaveListModel::StateRole), (QStringList{"running", "running", "arrived", "aborted"}));
        QCOMPARE(model.data(model.index(3, 0), WaveListModel::OutcomeRole).toString(), QString("aborted: call cancelled"));
        QCOMPARE(model.data(model.index(0, 0), WaveListModel::RemainingTextRole).toString(), QString("1 min 35 s"));
        QCOMPARE(model.data(model.index(2, 0), WaveListModel::RemainingTextRole).toString(), QString());

        // w4 is lost: it moves into the history, newest ended first; the operator is told.
        QSignalSpy notices(&desk.client, &GreenWaveClient::notice);
        desk.client.onWaveUpdate(0, {wave("w4", WaveState::Lost, 70, 100, 100)}, 100);
        QCOMPARE(column(model, WaveListModel::WaveIdRole), (QStringList{"w2", "w4", "w1", "w3"}));
        QCOMPARE(model.runningCount(), 1);
        QCOMPARE(notices.count(), 1);
        QVERIFY2(notices.first().at(0).toString().contains("lost: vehicle left the simulation"),
                 qPrintable(notices.first().at(0).toString()));

        // An older message (a late list answer) does not undo a newer state.
        desk.client.onWaveUpdate(0, {wave("w4", WaveState::Running, 70, 0, 95)}, 95);
        QCOMPARE(model.data(model.index(1, 0), WaveListModel::StateRole).toString(), QString("lost"));
        QCOMPARE(model.rowOf("w4"), 1);
    }

    void passagesCountDownAndGrow()
    {
        Desk desk;
        WavePassageModel model(&desk.store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPassages({passage("J0", 8, PassageState::GreenHeld), passage("J1", 23, PassageState::Preparing),
                           passage("J9", 40, PassageState::Waiting)},
                          100);
        model.setSimTime(100);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(column(model, WavePassageModel::NameRole),
                 (QStringList{"Harbour Rd & 1st Ave", "Harbour Rd & 2nd Ave", "J9"}));
        QCOMPARE(column(model, WavePassageModel::EtaTextRole), (QStringList{"in 8 s", "in 23 s", "in 40 s"}));
        QCOMPARE(column(model, WavePassageModel::StateRole), (QStringList{"green", "preparing", "waiting"}));
        QCOMPARE(column(model, WavePassageModel::StateTextRole), (QStringList{"green held", "preparing", "waiting"}));
        QCOMPARE(model.data(model.index(2, 0), WavePassageModel::IntersectionRole).toInt(), -1);

        // Ten simulated seconds later, without a new message.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setSimTime(110);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(column(model, WavePassageModel::EtaTextRole), (QStringList{"now", "in 13 s", "in 30 s"}));

        // The next update: J0 passed, J1 green; a refused intersection comes into view at the end.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setPassages({passage("J0", 0, PassageState::Passed), passage("J1", 12, PassageState::GreenHeld),
                           passage("J9", 29, PassageState::Waiting),
                           passage("J3", 50, PassageState::Refused, "held by lin (officer)")},
                          111);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(column(model, WavePassageModel::EtaTextRole), (QStringList{"", "in 12 s", "in 29 s", ""}));
        QCOMPARE(model.data(model.index(3, 0), WavePassageModel::NoteRole).toString(), QString("held by lin (officer)"));
        QCOMPARE(model.data(model.index(3, 0), WavePassageModel::StateTextRole).toString(), QString("refused"));

        // The map's markers: the known intersections with their state keys.
        const QVariantList markers = model.markers();
        QCOMPARE(markers.size(), 3);
        QCOMPARE(markers[1].toMap().value("intersection").toInt(), 1);
        QCOMPARE(markers[1].toMap().value("state").toString(), QString("green"));
        QCOMPARE(markers[2].toMap().value("state").toString(), QString("refused"));
    }

    void placesForOriginsAndDestinations()
    {
        Desk desk;
        WavePlaceModel origins(&desk.store, WavePlaceModel::Use::Origins);
        WavePlaceModel destinations(&desk.store, WavePlaceModel::Use::Destinations);
        QAbstractItemModelTester t1(&origins, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&destinations, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Stations only, hospitals first; the transit station is no place for a wave.
        QCOMPARE(column(origins, WavePlaceModel::LabelRole), (QStringList{"St. Mary Hospital", "Fire Station 3"}));
        QCOMPARE(column(origins, WavePlaceModel::KindRole), (QStringList{"hospital", "fire"}));
        QCOMPARE(column(destinations, WavePlaceModel::PlaceIdRole), (QStringList{"poi-h1"}));

        // Emergency vehicles of the live stream come first among origins; cars are not listed.
        auto batch = fx::snapshot(1);
        batch.vehicles.push_back({"ambulance_2", {52.52, 13.401}, 90, 10, core::VehicleKind::Emergency, "H1"});
        batch.vehicles.push_back({"car_7", {52.52, 13.402}, 90, 10, core::VehicleKind::Car, "H1"});
        QCOMPARE(desk.store.applyBatch(batch), console::StateStore::ApplyResult::Applied);
        QCOMPARE(column(origins, WavePlaceModel::PlaceIdRole), (QStringList{"ambulance_2", "poi-h1", "poi-f1"}));
        QCOMPARE(origins.data(origins.index(0, 0), WavePlaceModel::KindRole).toString(), QString("vehicle"));
        QCOMPARE(destinations.rowCount(), 1);

        // The vehicle moving on does not rebuild the list.
        QSignalSpy reset(&origins, &QAbstractItemModel::modelReset);
        auto moved = fx::delta(2, 101);
        moved.vehicles.push_back({"ambulance_2", {52.52, 13.405}, 90, 10, core::VehicleKind::Emergency, "H2"});
        QCOMPARE(desk.store.applyBatch(moved), console::StateStore::ApplyResult::Applied);
        QCOMPARE(reset.count(), 0);
    }

    void notSentWithoutLoginOrLink()
    {
        Desk desk;
        QSignalSpy notices(&desk.client, &GreenWaveClient::notice);
        const auto origin = console::WavePlace::poi("poi-h1");
        const auto destination = console::WavePlace::at({52.52, 13.43});
        QCOMPARE(desk.client.dispatch(origin, destination, "cardiac arrest", 7), std::string());
        QCOMPARE(notices.count(), 1);
        QVERIFY2(notices.first().at(0).toString().startsWith("Dispatch not sent"), qPrintable(notices.first().at(0).toString()));
        QCOMPARE(desk.client.abort("w1", "cancelled"), std::string());
        QCOMPARE(notices.count(), 2);
        QVERIFY(!desk.client.mayDispatch());
        QVERIFY(!desk.client.blockedText().isEmpty());

        // Planning says why too, and the planner shows it instead of a route.
        console::WavePlanner planner(&desk.client, &desk.store);
        planner.setOriginPlace("poi-h1");
        QVERIFY(planner.hasOrigin());
        QCOMPARE(planner.originLabel(), QString("St. Mary Hospital"));
        QCOMPARE(planner.originKind(), QString("hospital"));
        QVERIFY(!planner.planning());
        planner.setDestinationPoint(52.52, 13.43);
        QVERIFY(planner.hasDestination());
        QVERIFY(!planner.hasPlan());
        QVERIFY(!planner.planning());
        QVERIFY2(planner.planError().startsWith("Not planned"), qPrintable(planner.planError()));
        QVERIFY(!planner.canDispatch());
        QVERIFY(!planner.dispatch("cardiac arrest", 5));
        QVERIFY(!planner.dispatchError().isEmpty());
        planner.clear();
        QVERIFY(!planner.hasOrigin() && !planner.hasDestination() && planner.planError().isEmpty());
    }

    void selectedWaveFollowsUpdates()
    {
        Desk desk;
        console::SelectedWave selected(&desk.client, &desk.store);
        QVERIFY(!selected.valid());
        QCOMPARE(selected.routeSegments(), QVariantList());

        auto batch = fx::snapshot(1, "run-1", "v1", 100);
        batch.vehicles.push_back({"ambulance_w1", {52.5201, 13.4049}, 90, 12, core::VehicleKind::Emergency, "H1"});
        QCOMPARE(desk.store.applyBatch(batch), console::StateStore::ApplyResult::Applied);

        WaveInfo w = wave("w1", WaveState::Running, 90, 0, 100);
        w.segmentIds = {"H1", "H2", "H3", "unknown"};
        w.passages = {passage("J0", 0, PassageState::Passed), passage("J1", 9, PassageState::GreenHeld),
                      passage("J2", 30, PassageState::Waiting)};
        w.intersectionsHeld = 1;
        desk.client.onWaveUpdate(0, {w}, 100);
        selected.setWaveId("w1");
        QVERIFY(selected.valid());
        QVERIFY(selected.running());
        QCOMPARE(selected.held(), 1);
        QCOMPARE(selected.remainingText(), QString("1 min 35 s"));
        QCOMPARE(selected.passages()->rowCount(), 3);
        // The path ahead, as the map wants it (segments unknown here are left out).
        QCOMPARE(selected.routeSegments(), (QVariantList{1, 2, 3}));
        QCOMPARE(selected.routeMarkers().size(), 3);
        // The vehicle is where the live stream shows it.
        QCOMPARE(selected.vehiclePosition(), (QVariantList{52.5201, 13.4049}));

        // The clock runs: the remaining time counts down between updates.
        QCOMPARE(desk.store.applyBatch(fx::delta(2, 110)), console::StateStore::ApplyResult::Applied);
        QCOMPARE(selected.remainingText(), QString("1 min 25 s"));

        // It arrives: no route, no vehicle ring, the outcome shown.
        QSignalSpy changed(&selected, &console::SelectedWave::changed);
        desk.client.onWaveUpdate(0, {wave("w1", WaveState::Arrived, 90, 112, 112)}, 112);
        QVERIFY(changed.count() >= 1);
        QVERIFY(!selected.running());
        QCOMPARE(selected.state(), QString("arrived"));
        QCOMPARE(selected.outcome(), QString("arrived"));
        QCOMPARE(selected.routeSegments(), QVariantList());
        QCOMPARE(selected.vehiclePosition(), QVariantList());
        QCOMPARE(selected.remainingText(), QString());
    }
};

QTEST_GUILESS_MAIN(TestConsoleGreenWave)
#include "tst_console_greenwave.moc"
