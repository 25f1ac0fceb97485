// The gateway's live hub: numbering, snapshots, resuming from history, bounded queues.

#include "convert/protoconvert.h"
#include "gateway/livehub.h"

#include <QTest>

using namespace greenlight;
using gateway::LiveHub;
using gateway::LiveHubConfig;
using gateway::LiveSubscription;
using Message = std::shared_ptr<const v1::LiveUpdate>;

namespace {

constexpr auto kNoWait = std::chrono::milliseconds(0);
constexpr auto kShortWait = std::chrono::milliseconds(50);
const std::string kRun = "run-1";

LiveHubConfig config(std::size_t history = 600, std::size_t capacity = 256, int maxResyncs = 5)
{
    LiveHubConfig c;
    c.history = history;
    c.queueCapacity = capacity;
    c.maxResyncs = maxResyncs;
    return c;
}

// A step's changes: intersection 0 shows `state`, segment 1 carries `count` vehicles, and vehicle
// "v<n>" moves.
core::LiveBatch step(double time, const char *state = "Gr", int count = 1, int vehicle = 0)
{
    core::LiveBatch b;
    b.simTimeS = time;
    b.signals.push_back({0, core::coloursFromState(state), 1, time + 10});
    b.segments.push_back({1, 5.0f, count, core::CongestionLevel::Free});
    b.vehicles.push_back({"v" + std::to_string(vehicle), {52.5, 13.4}, 90.0f, 5.0f, core::VehicleKind::Car, "e1"});
    return b;
}

Message take(LiveSubscription &s)
{
    Message m;
    const auto r = s.next(&m, kShortWait);
    return r == LiveSubscription::Result::Message ? m : nullptr;
}

} // namespace

class TestGatewayLiveHub : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsWithSnapshotThenNumbersDeltas()
    {
        LiveHub hub(config(), kRun, "layout-1", 2, 3);
        auto s = hub.subscribe(0, {}, true);
        auto first = take(*s);
        QVERIFY(first);
        QCOMPARE(first->kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        QCOMPARE(first->sequence(), 0u);
        QCOMPARE(first->signals_size(), 2);
        QCOMPARE(first->segments_size(), 3);
        for (int i = 1; i <= 5; ++i)
            hub.publish(step(i));
        for (std::uint64_t i = 1; i <= 5; ++i) {
            auto m = take(*s);
            QVERIFY(m);
            QCOMPARE(m->kind(), v1::LiveUpdate::KIND_DELTA);
            QCOMPARE(m->sequence(), i);
            QCOMPARE(m->gateway_run_id(), kRun);
            QCOMPARE(m->layout_version(), std::string("layout-1"));
            QCOMPARE(m->sim_time_s(), double(i));
            QVERIFY(m->emitted_unix_us() > 0);
        }
        QVERIFY(!take(*s));
        QCOMPARE(hub.latestSequence(), 5u);
        QCOMPARE(hub.simTime(), 5.0);
    }

    void snapshotHoldsTheCurrentState()
    {
        LiveHub hub(config(), kRun, "l", 1, 2);
        hub.publish(step(1, "Gr", 4, 1));
        hub.publish(step(2, "yr", 6, 2));
        auto removal = step(3, "rG", 6, 3);
        removal.vehiclesRemoved.push_back("v1");
        hub.publish(removal);
        auto s = hub.subscribe(0, {}, true);
        auto m = take(*s);
        QVERIFY(m);
        QCOMPARE(m->kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        QCOMPARE(m->sequence(), 3u);
        QCOMPARE(m->sim_time_s(), 3.0);
        QCOMPARE(m->signals(0).colours(0), v1::SIGNAL_COLOUR_RED);
        QCOMPARE(m->signals(0).colours(1), v1::SIGNAL_COLOUR_GREEN_PROTECTED);
        QCOMPARE(m->segments(1).vehicle_count(), 6u);
        QStringList vehicles;
        for (const auto &v : m->vehicles())
            vehicles << QString::fromStdString(v.vehicle_id());
        QCOMPARE(vehicles, (QStringList{"v2", "v3"}));
    }

    // Control changes go out at once as deltas of their own; a snapshot lists every controlled
    // intersection, and an empty entry frees one.
    void controlsAreDeltasAndInSnapshots()
    {
        LiveHub hub(config(), kRun, "l", 2, 2);
        hub.publish(step(7));
        auto s = hub.subscribe(0, {}, true);
        QVERIFY(take(*s));
        core::IntersectionControl held;
        held.intersection = 1;
        held.intersectionId = "J1";
        held.lease = core::LeaseInfo{"lin", core::ControlRole::Officer, "crash", 1000, 2000, "lease-1"};
        core::OverrideInfo hold;
        hold.holder = "lin";
        hold.kind = core::OverrideKind::Hold;
        hold.stage = core::OverrideStage::Pending;
        hold.idempotencyKey = "k1";
        held.override_ = hold;
        hub.publishControls({held});
        auto m = take(*s);
        QVERIFY(m);
        QCOMPARE(m->kind(), v1::LiveUpdate::KIND_DELTA);
        QCOMPARE(m->sim_time_s(), 7.0); // the newest simulation time
        QCOMPARE(m->signals_size(), 0);
        QCOMPARE(m->controls_size(), 1);
        QCOMPARE(m->controls(0).intersection_index(), 1u);
        QCOMPARE(m->controls(0).lease().holder(), std::string("lin"));
        QCOMPARE(m->controls(0).lease().intersection_id(), std::string("J1"));
        QCOMPARE(m->controls(0).override().idempotency_key(), std::string("k1"));

        auto late = hub.subscribe(0, {}, true);
        auto snapshot = take(*late);
        QVERIFY(snapshot);
        QCOMPARE(snapshot->kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        QCOMPARE(snapshot->controls_size(), 1);
        QCOMPARE(snapshot->controls(0).override().kind(), v1::OVERRIDE_KIND_HOLD);

        core::IntersectionControl freed;
        freed.intersection = 1;
        hub.publishControls({freed});
        m = take(*s);
        QVERIFY(m);
        QCOMPARE(m->controls_size(), 1);
        QVERIFY(!m->controls(0).has_lease() && !m->controls(0).has_override());
        auto third = hub.subscribe(0, {}, true);
        snapshot = take(*third);
        QVERIFY(snapshot);
        QCOMPARE(snapshot->controls_size(), 0);
    }

    void resumesFromHistoryWithoutGap()
    {
        LiveHub hub(config(), kRun, "l", 1, 2);
        for (int i = 1; i <= 10; ++i)
            hub.publish(step(i));
        auto s = hub.subscribe(6, kRun, true);
        for (std::uint64_t i = 7; i <= 10; ++i) {
            auto m = take(*s);
            QVERIFY(m);
            QCOMPARE(m->kind(), v1::LiveUpdate::KIND_DELTA);
            QCOMPARE(m->sequence(), i);
        }
        QVERIFY(!take(*s));
    }

    void resumeAtLatestWaitsForTheNextDelta()
    {
        LiveHub hub(config(), kRun, "l", 1, 2);
        for (int i = 1; i <= 3; ++i)
            hub.publish(step(i));
        auto s = hub.subscribe(3, kRun, true);
        QVERIFY(!take(*s));
        hub.publish(step(4));
        auto m = take(*s);
        QVERIFY(m);
        QCOMPARE(m->kind(), v1::LiveUpdate::KIND_DELTA);
        QCOMPARE(m->sequence(), 4u);
    }

    // The history is bounded in bytes too: a resume from beyond it gets a snapshot.
    void historyBoundedInBytes()
    {
        LiveHubConfig c = config(600);
        v1::LiveUpdate probe;
        convert::toProto(step(1), &probe);
        c.historyBytes = 5 * probe.ByteSizeLong() + 2; // about five deltas
        LiveHub hub(c, kRun, "l", 1, 2);
        for (int i = 1; i <= 20; ++i)
            hub.publish(step(i));
        auto old = hub.subscribe(10, kRun, true);
        QCOMPARE(take(*old)->kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        auto recent = hub.subscribe(17, kRun, true);
        auto m = take(*recent);
        QCOMPARE(m->kind(), v1::LiveUpdate::KIND_DELTA);
        QCOMPARE(m->sequence(), 18u);
    }

    void snapshotWhenHistoryIsGone()
    {
        LiveHub hub(config(5), kRun, "l", 1, 2);
        for (int i = 1; i <= 20; ++i)
            hub.publish(step(i));
        auto s = hub.subscribe(10, kRun, true);
        auto m = take(*s);
        QVERIFY(m);
        QCOMPARE(m->kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        QCOMPARE(m->sequence(), 20u);
        // The oldest delta still held resumes fine.
        auto t = hub.subscribe(15, kRun, true);
        QCOMPARE(take(*t)->sequence(), 16u);
    }

    void snapshotWhenRunDiffersOrSequenceIsBogus()
    {
        LiveHub hub(config(), kRun, "l", 1, 2);
        for (int i = 1; i <= 5; ++i)
            hub.publish(step(i));
        auto other = hub.subscribe(3, "another-run", true);
        QCOMPARE(take(*other)->kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        auto future = hub.subscribe(99, kRun, true);
        QCOMPARE(take(*future)->kind(), v1::LiveUpdate::KIND_SNAPSHOT);
    }

    void leavesVehiclesOutWhenAsked()
    {
        LiveHub hub(config(), kRun, "l", 1, 2);
        hub.publish(step(1));
        auto lean = hub.subscribe(0, {}, false);
        auto full = hub.subscribe(0, {}, true);
        auto snapshot = take(*lean);
        QCOMPARE(snapshot->vehicles_size(), 0);
        QCOMPARE(take(*full)->vehicles_size(), 1);
        auto removal = step(2);
        removal.vehiclesRemoved.push_back("gone");
        hub.publish(removal);
        auto delta = take(*lean);
        QCOMPARE(delta->sequence(), 2u);
        QCOMPARE(delta->vehicles_size(), 0);
        QCOMPARE(delta->vehicles_removed_size(), 0);
        QCOMPARE(delta->signals_size(), 1);
        auto fullDelta = take(*full);
        QCOMPARE(fullDelta->vehicles_size(), 1);
        QCOMPARE(fullDelta->vehicles_removed_size(), 1);
        // Resumed lean streams leave vehicles out too.
        auto resumed = hub.subscribe(1, kRun, false);
        QCOMPARE(take(*resumed)->vehicles_size(), 0);
    }

    void deltasAreSharedNotCopied()
    {
        LiveHub hub(config(), kRun, "l", 1, 2);
        auto a = hub.subscribe(0, {}, true);
        auto b = hub.subscribe(0, {}, true);
        take(*a);
        take(*b);
        hub.publish(step(1));
        QCOMPARE(take(*a).get(), take(*b).get());
    }

    void overflowResyncsWithSnapshot()
    {
        LiveHub hub(config(600, 4), kRun, "l", 1, 2);
        auto s = hub.subscribe(0, {}, true);
        QVERIFY(take(*s));
        for (int i = 1; i <= 10; ++i)
            hub.publish(step(i));
        auto m = take(*s);
        QVERIFY(m);
        QCOMPARE(m->kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        QCOMPARE(m->sequence(), 10u);
        QCOMPARE(s->resyncCount(), 1);
        QVERIFY(!take(*s));
        hub.publish(step(11));
        QCOMPARE(take(*s)->sequence(), 11u);
        QCOMPARE(s->endReason(), LiveSubscription::EndReason::None);
    }

    void stalledSubscriberStaysBounded()
    {
        LiveHub hub(config(600, 4), kRun, "l", 1, 2);
        auto stalled = hub.subscribe(0, {}, true);
        auto reader = hub.subscribe(0, {}, true);
        QVERIFY(take(*reader));
        for (int i = 1; i <= 1000; ++i) {
            hub.publish(step(i));
            QCOMPARE(take(*reader)->sequence(), std::uint64_t(i));
        }
        // It never read, so it never overflowed twice: one snapshot of the latest state is pending.
        QCOMPARE(stalled->resyncCount(), 0);
        auto m = take(*stalled);
        QCOMPARE(m->kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        QCOMPARE(m->sequence(), 1000u);
    }

    // A client that stops reading never takes the snapshot it needs: it is ended after the
    // patience window and its call is cancelled, so its handler is not held forever.
    void cutsOffSubscriberThatStopsReading()
    {
        auto now = std::chrono::steady_clock::time_point{};
        auto c = config(600, 4);
        c.clock = [&now] { return now; };
        c.snapshotPatience = std::chrono::seconds(10);
        LiveHub hub(c, kRun, "l", 1, 2);
        auto stalled = hub.subscribe(0, {}, true);
        int cancels = 0;
        stalled->setCanceller([&cancels] { ++cancels; });
        auto reader = hub.subscribe(0, {}, true);
        QVERIFY(take(*reader));
        for (int i = 1; i <= 9; ++i) {
            now += std::chrono::seconds(1);
            hub.publish(step(i));
            QVERIFY(take(*reader));
        }
        QCOMPARE(stalled->endReason(), LiveSubscription::EndReason::None);
        QCOMPARE(cancels, 0);
        now += std::chrono::seconds(2);
        hub.publish(step(10));
        QCOMPARE(take(*reader)->sequence(), std::uint64_t(10));
        QCOMPARE(stalled->endReason(), LiveSubscription::EndReason::TooSlow);
        QCOMPARE(stalled->endMessage(), std::string("console too slow: not reading for 11 s"));
        QCOMPARE(cancels, 1);
        Message m;
        QCOMPARE(stalled->next(&m, kNoWait), LiveSubscription::Result::Ended);
        now += std::chrono::seconds(1);
        hub.publish(step(11));
        QCOMPARE(cancels, 1);  // cancelled once
        QCOMPARE(take(*reader)->sequence(), std::uint64_t(11));
        QCOMPARE(reader->endReason(), LiveSubscription::EndReason::None);
    }

    void cutsOffSubscriberThatKeepsFallingBehind()
    {
        LiveHub hub(config(600, 2, 2), kRun, "l", 1, 2);
        auto s = hub.subscribe(0, {}, true);
        int time = 0;
        for (int round = 0; round < 3; ++round) {
            QVERIFY(take(*s));  // the (re)sync snapshot
            for (int i = 0; i < 3; ++i)
                hub.publish(step(++time));
        }
        QCOMPARE(s->endReason(), LiveSubscription::EndReason::TooSlow);
        QCOMPARE(s->endMessage(), std::string("console too slow: 3 resyncs in 60 s"));
        Message m;
        QCOMPARE(s->next(&m, kNoWait), LiveSubscription::Result::Ended);
        // Others are unaffected.
        auto other = hub.subscribe(0, {}, true);
        QCOMPARE(take(*other)->kind(), v1::LiveUpdate::KIND_SNAPSHOT);
    }

    void resyncsOutsideTheWindowAreForgotten()
    {
        auto now = std::chrono::steady_clock::time_point{};
        auto c = config(600, 2, 2);
        c.clock = [&now] { return now; };
        LiveHub hub(c, kRun, "l", 1, 2);
        auto s = hub.subscribe(0, {}, true);
        int time = 0;
        for (int round = 0; round < 6; ++round) {
            QVERIFY(take(*s));
            for (int i = 0; i < 3; ++i)
                hub.publish(step(++time));
            now += std::chrono::seconds(31);
        }
        QCOMPARE(s->resyncCount(), 6);
        QCOMPARE(s->endReason(), LiveSubscription::EndReason::None);
    }

    void resumeBacklogMayExceedTheQueue()
    {
        LiveHub hub(config(600, 4), kRun, "l", 1, 2);
        for (int i = 1; i <= 30; ++i)
            hub.publish(step(i));
        auto s = hub.subscribe(5, kRun, true);
        hub.publish(step(31));
        for (std::uint64_t i = 6; i <= 31; ++i)
            QCOMPARE(take(*s)->sequence(), i);
        QCOMPARE(s->resyncCount(), 0);
    }

    void closeEndsEverySubscription()
    {
        LiveHub hub(config(), kRun, "l", 1, 2);
        auto s = hub.subscribe(0, {}, true);
        hub.close();
        Message m;
        QCOMPARE(s->next(&m, kNoWait), LiveSubscription::Result::Ended);
        QCOMPARE(s->endReason(), LiveSubscription::EndReason::Closed);
        auto late = hub.subscribe(0, {}, true);
        QCOMPARE(late->next(&m, kNoWait), LiveSubscription::Result::Ended);
        hub.publish(step(1));  // publishing after close is harmless
        QCOMPARE(hub.subscriberCount(), 0u);
    }

    void unsubscribeForgets()
    {
        LiveHub hub(config(), kRun, "l", 1, 2);
        auto s = hub.subscribe(0, {}, true);
        QCOMPARE(hub.subscriberCount(), 1u);
        hub.unsubscribe(s);
        QCOMPARE(hub.subscriberCount(), 0u);
    }
};

QTEST_GUILESS_MAIN(TestGatewayLiveHub)
#include "tst_gateway_livehub.moc"
