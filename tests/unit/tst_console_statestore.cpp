// The console's state store: snapshots, deltas, the sequence rules of live.proto, and change
// signals naming exactly what changed.

#include "console/statestore.h"
#include "tst_console_fixtures.h"

#include <QSignalSpy>
#include <QTest>

using namespace greenlight;
using console::StateStore;
using Result = console::StateStore::ApplyResult;
namespace fx = greenlight::testfixtures;

Q_DECLARE_METATYPE(std::vector<int>)

class TestStateStore : public QObject
{
    Q_OBJECT

private:
    static std::vector<int> indicesOf(const QSignalSpy &spy, int call)
    {
        return spy.at(call).at(0).value<std::vector<int>>();
    }

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<std::vector<int>>(); }

    void emptyBeforeLayout()
    {
        StateStore store;
        QVERIFY(!store.hasLayout());
        QVERIFY(!store.hasLiveState());
        QCOMPARE(store.intersectionCount(), 0);
        QCOMPARE(store.vehicleCount(), 0);
        QCOMPARE(store.applyBatch(fx::snapshot(1)), Result::WrongLayout);
    }

    void layoutIndexesIds()
    {
        StateStore store;
        QSignalSpy layouts(&store, &StateStore::layoutChanged);
        QSignalSpy resets(&store, &StateStore::liveStateReset);
        store.setLayout(fx::smallCity());
        QCOMPARE(layouts.count(), 1);
        QCOMPARE(resets.count(), 1);
        QVERIFY(store.hasLayout());
        QCOMPARE(store.intersectionCount(), 4);
        QCOMPARE(store.segmentCount(), 9);
        QCOMPARE(store.cityName(), QStringLiteral("Test City"));
        QCOMPARE(store.intersectionIndex("J2"), 2);
        QCOMPARE(store.intersectionIndex("nope"), -1);
        QCOMPARE(store.segmentIndex("C1"), 6);
        QCOMPARE(store.segmentIndex("nope"), -1);
        QVERIFY(store.signalState(3).colours.empty());
    }

    void snapshotReplacesEverything()
    {
        StateStore store;
        store.setLayout(fx::smallCity());
        QSignalSpy resets(&store, &StateStore::liveStateReset);
        QSignalSpy sigs(&store, &StateStore::signalsChanged);
        QSignalSpy segs(&store, &StateStore::segmentsChanged);
        QSignalSpy vehicles(&store, &StateStore::vehiclesChanged);
        QSignalSpy time(&store, &StateStore::simTimeChanged);
        QSignalSpy applied(&store, &StateStore::batchApplied);

        QCOMPARE(store.applyBatch(fx::snapshot(7)), Result::Applied);
        QVERIFY(store.hasLiveState());
        QCOMPARE(store.lastSequence(), 7u);
        QCOMPARE(store.gatewayRunId(), std::string("run-1"));
        QCOMPARE(store.simTime(), 100.0);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(sigs.count(), 1);
        QCOMPARE(indicesOf(sigs, 0), (std::vector<int>{0, 1, 2, 3}));
        QCOMPARE(segs.count(), 1);
        QCOMPARE(indicesOf(segs, 0).size(), size_t(9));
        QCOMPARE(vehicles.count(), 1);
        QCOMPARE(time.count(), 1);
        QCOMPARE(applied.count(), 1);
        QCOMPARE(applied.at(0).at(0).value<std::uint64_t>(), 7u);
        QCOMPARE(store.signalState(2).colours, core::coloursFromState("Grr"));
        QCOMPARE(store.vehicleCount(), 1);
    }

    void deltaSignalsExactlyWhatChanged()
    {
        StateStore store;
        store.setLayout(fx::smallCity());
        QCOMPARE(store.applyBatch(fx::snapshot(1)), Result::Applied);
        QSignalSpy resets(&store, &StateStore::liveStateReset);
        QSignalSpy sigs(&store, &StateStore::signalsChanged);
        QSignalSpy segs(&store, &StateStore::segmentsChanged);
        QSignalSpy vehicles(&store, &StateStore::vehiclesChanged);

        auto d = fx::delta(2, 101);
        d.signals.push_back(fx::signalsInPhase(3, 1, 104));
        d.signals.push_back(fx::signalsInPhase(1, 2, 126));
        QCOMPARE(store.applyBatch(d), Result::Applied);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(sigs.count(), 1);
        auto changed = indicesOf(sigs, 0);
        std::sort(changed.begin(), changed.end());
        QCOMPARE(changed, (std::vector<int>{1, 3}));
        QCOMPARE(segs.count(), 0);
        QCOMPARE(vehicles.count(), 0);
        QCOMPARE(store.signalState(3).phaseIndex, 1);
        QCOMPARE(store.signalState(3).colours, core::coloursFromState("yrr"));
        QCOMPARE(store.signalState(0).colours, core::coloursFromState("Grr"));  // untouched

        auto d2 = fx::delta(3, 102);
        d2.segments.push_back({6, 2.0f, 5, core::CongestionLevel::Jammed});
        QCOMPARE(store.applyBatch(d2), Result::Applied);
        QCOMPARE(sigs.count(), 1);
        QCOMPARE(segs.count(), 1);
        QCOMPARE(indicesOf(segs, 0), (std::vector<int>{6}));
        QCOMPARE(store.segmentState(6).congestion, core::CongestionLevel::Jammed);
        QCOMPARE(store.lastSequence(), 3u);
    }

    void duplicateIsIgnored()
    {
        StateStore store;
        store.setLayout(fx::smallCity());
        store.applyBatch(fx::snapshot(5));
        QCOMPARE(store.applyBatch(fx::delta(6, 101)), Result::Applied);
        QSignalSpy applied(&store, &StateStore::batchApplied);
        auto old = fx::delta(6, 101);
        old.signals.push_back(fx::signalsInPhase(0, 2, 130));
        QCOMPARE(store.applyBatch(old), Result::Ignored);
        QCOMPARE(store.applyBatch(fx::delta(4, 99)), Result::Ignored);
        QCOMPARE(applied.count(), 0);
        QCOMPARE(store.lastSequence(), 6u);
        QCOMPARE(store.signalState(0).phaseIndex, 0);
    }

    void gapIsReported()
    {
        StateStore store;
        store.setLayout(fx::smallCity());
        QCOMPARE(store.applyBatch(fx::delta(1, 100)), Result::Gap);  // delta before any snapshot
        store.applyBatch(fx::snapshot(10));
        QSignalSpy applied(&store, &StateStore::batchApplied);
        auto skip = fx::delta(12, 102);
        skip.signals.push_back(fx::signalsInPhase(0, 2, 130));
        QCOMPARE(store.applyBatch(skip), Result::Gap);
        QCOMPARE(store.applyBatch(fx::delta(11, 101, "run-2")), Result::Gap);  // another gateway run
        QCOMPARE(applied.count(), 0);
        QCOMPARE(store.lastSequence(), 10u);
        QCOMPARE(store.signalState(0).phaseIndex, 0);
        // A fresh snapshot always applies, even from another run and an older sequence.
        QCOMPARE(store.applyBatch(fx::snapshot(3, "run-2")), Result::Applied);
        QCOMPARE(store.gatewayRunId(), std::string("run-2"));
        QCOMPARE(store.lastSequence(), 3u);
    }

    void wrongLayoutIsReported()
    {
        StateStore store;
        store.setLayout(fx::smallCity("v1"));
        QCOMPARE(store.applyBatch(fx::snapshot(1, "run-1", "v2")), Result::WrongLayout);
        QVERIFY(!store.hasLiveState());
        store.applyBatch(fx::snapshot(1));
        const auto before = store.signalState(0);
        auto outOfRange = fx::delta(2, 101);
        outOfRange.signals.push_back(fx::signalsInPhase(0, 1, 120));  // valid
        outOfRange.signals.push_back(fx::signalsInPhase(9, 0, 110));  // no such intersection
        QCOMPARE(store.applyBatch(outOfRange), Result::WrongLayout);
        // Nothing of a rejected batch is applied, not even its valid part.
        QCOMPARE(store.signalState(0).phaseIndex, before.phaseIndex);
        QCOMPARE(store.signalState(0).nextChangeTimeS, before.nextChangeTimeS);
        auto badSnapshot = fx::snapshot(5);
        badSnapshot.segments.push_back({99, 1.0f, 1, core::CongestionLevel::Free});
        QCOMPARE(store.applyBatch(badSnapshot), Result::WrongLayout);
        QCOMPARE(store.lastSequence(), 1u);
    }

    void vehiclesComeAndGo()
    {
        StateStore store;
        store.setLayout(fx::smallCity());
        store.applyBatch(fx::snapshot(1));
        QSignalSpy vehicles(&store, &StateStore::vehiclesChanged);
        auto d = fx::delta(2, 101);
        d.vehicles.push_back({"bus-7", {52.52, 13.41}, 270.0f, 8.0f, core::VehicleKind::Bus, "H2"});
        d.vehicles.push_back({"car-1", {52.52, 13.402}, 90.0f, 11.0f, core::VehicleKind::Car, "H1"});
        QCOMPARE(store.applyBatch(d), Result::Applied);
        QCOMPARE(vehicles.count(), 1);
        QCOMPARE(store.vehicleCount(), 2);
        QCOMPARE(store.vehicles().at("car-1").position.lon, 13.402);

        auto gone = fx::delta(3, 102);
        gone.vehiclesRemoved.push_back("car-1");
        QCOMPARE(store.applyBatch(gone), Result::Applied);
        QCOMPARE(vehicles.count(), 2);
        QCOMPARE(store.vehicleCount(), 1);
        QVERIFY(store.vehicles().count("bus-7"));

        // A snapshot replaces the set; a new layout clears it and says so.
        QCOMPARE(store.applyBatch(fx::snapshot(4)), Result::Applied);
        QCOMPARE(store.vehicleCount(), 1);
        QVERIFY(store.vehicles().count("car-1"));
        const int before = vehicles.count();
        store.setLayout(fx::smallCity("v2"));
        QCOMPARE(store.vehicleCount(), 0);
        QCOMPARE(vehicles.count(), before + 1);
    }

    void controlsFromSnapshotAndDeltas()
    {
        StateStore store;
        store.setLayout(fx::smallCity());
        QSignalSpy controls(&store, &StateStore::controlsChanged);
        auto first = fx::snapshot(1);
        first.controls.push_back(fx::leaseOn(1, "lin", 1000000));
        first.controls.push_back(fx::overrideOn(3, "ola", core::OverrideKind::Hold, "k-1",
                                                core::OverrideStage::Pending, 2000000));
        QCOMPARE(store.applyBatch(first), Result::Applied);
        QCOMPARE(controls.count(), 1);
        QCOMPARE(indicesOf(controls, 0), (std::vector<int>{1, 3}));
        QCOMPARE(store.controls().size(), size_t(2));
        QVERIFY(!store.control(0));
        QCOMPARE(store.control(1)->lease->holder, std::string("lin"));
        QVERIFY(!store.control(1)->override_);
        QCOMPARE(store.control(3)->override_->idempotencyKey, std::string("k-1"));

        // A delta entry replaces everything about its intersection.
        auto effective = fx::delta(2, 101);
        effective.controls.push_back(fx::overrideOn(3, "ola", core::OverrideKind::Hold, "k-1",
                                                    core::OverrideStage::Effective, 2000000));
        QCOMPARE(store.applyBatch(effective), Result::Applied);
        QCOMPARE(indicesOf(controls, 1), std::vector<int>{3});
        QCOMPARE(store.control(3)->override_->stage, core::OverrideStage::Effective);
        QCOMPARE(store.control(1)->lease->holder, std::string("lin"));

        // An entry with neither lease nor override frees the intersection.
        auto release = fx::delta(3, 102);
        release.controls.push_back(fx::freed(1));
        QCOMPARE(store.applyBatch(release), Result::Applied);
        QCOMPARE(indicesOf(controls, 2), std::vector<int>{1});
        QVERIFY(!store.control(1));
        QCOMPARE(store.controls().size(), size_t(1));

        // A delta without controls says nothing about them.
        QCOMPARE(store.applyBatch(fx::delta(4, 103)), Result::Applied);
        QCOMPARE(controls.count(), 3);

        // A snapshot replaces them all: what it does not list is free.
        auto again = fx::snapshot(9);
        again.controls.push_back(fx::leaseOn(0, "max", 3000000, core::ControlRole::Coordinator));
        QCOMPARE(store.applyBatch(again), Result::Applied);
        QCOMPARE(indicesOf(controls, 3), (std::vector<int>{0, 3}));
        QCOMPARE(store.controls().size(), size_t(1));
        QCOMPARE(store.control(0)->lease->role, core::ControlRole::Coordinator);
        QVERIFY(!store.control(3));

        // A new layout forgets them.
        store.setLayout(fx::smallCity("v2"));
        QVERIFY(store.controls().empty());
    }

    void controlsWithABadIndexRejectTheBatch()
    {
        StateStore store;
        store.setLayout(fx::smallCity());
        auto first = fx::snapshot(1);
        first.controls.push_back(fx::leaseOn(2, "lin", 1000000));
        QCOMPARE(store.applyBatch(first), Result::Applied);
        QSignalSpy controls(&store, &StateStore::controlsChanged);
        QSignalSpy signalChanges(&store, &StateStore::signalsChanged);

        auto bad = fx::delta(2, 101);
        bad.signals.push_back(fx::signalsInPhase(0, 1, 120));
        bad.controls.push_back(fx::freed(2));         // valid
        bad.controls.push_back(fx::leaseOn(4, "ola", 1000000));  // no such intersection
        QCOMPARE(store.applyBatch(bad), Result::WrongLayout);
        QCOMPARE(store.lastSequence(), 1u);
        QCOMPARE(store.signalState(0).phaseIndex, 0);
        QVERIFY(store.control(2));
        QCOMPARE(controls.count(), 0);
        QCOMPARE(signalChanges.count(), 0);

        auto negative = fx::snapshot(5);
        negative.controls.push_back(fx::leaseOn(-1, "ola", 1000000));
        QCOMPARE(store.applyBatch(negative), Result::WrongLayout);
        QVERIFY(store.control(2));
        QCOMPARE(store.lastSequence(), 1u);
    }

    void newLayoutForgetsLiveState()
    {
        StateStore store;
        store.setLayout(fx::smallCity());
        store.applyBatch(fx::snapshot(8));
        QSignalSpy resets(&store, &StateStore::liveStateReset);
        store.setLayout(fx::smallCity("v2"));
        QCOMPARE(resets.count(), 1);
        QVERIFY(!store.hasLiveState());
        QCOMPARE(store.lastSequence(), 0u);
        QVERIFY(store.gatewayRunId().empty());
        QVERIFY(store.signalState(0).colours.empty());
    }
};

QTEST_GUILESS_MAIN(TestStateStore)
#include "tst_console_statestore.moc"
