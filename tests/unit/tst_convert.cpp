#include "convert/protoconvert.h"

#include <QTest>

using namespace greenlight;

namespace {
core::CityLayout sampleLayout()
{
    core::CityLayout l;
    l.cityId = "test-city";
    l.name = "Test City";
    l.layoutVersion = "v42";
    l.bounds.extend({52.50, 13.38});
    l.bounds.extend({52.54, 13.43});

    core::Intersection i;
    i.id = "J1";
    i.name = "Harbour Road & 3rd Avenue";
    i.position = {52.52, 13.40};
    i.programId = "0";
    i.junctionIds = {"J1", "J1b"};
    i.signalGroups.push_back({0, "E_in", "N_out", core::Turn::Left, 90.0, "W", "E_in_0", "N_out_0", {}});
    i.signalGroups.push_back({1, "N_in", "S_out", core::Turn::Straight, 180.0, "N", "N_in_0", "S_out_0",
                              {{"N_in", "E_out", core::Turn::Left}, {"N_in", "W_out", core::Turn::Right}}});
    i.signalGroups.push_back({2, "", "", core::Turn::Pedestrian, 0.0, "S", ":J1_c0_0", ":J1_w1_0", {}});
    i.phases.push_back({0, 30, 10, 45, "Grr", "east-west"});
    i.phases.push_back({1, 3, 3, 3, "yrr", ""});
    i.phases.push_back({2, 25, 5, 40, "rGG", "north-south"});
    i.foes = {{1}, {0}, {}};
    l.intersections.push_back(i);

    core::RoadSegment s;
    s.id = "E_in";
    s.name = "Harbour Road";
    s.shape = {{52.52, 13.39}, {52.5201, 13.395}, {52.52, 13.3999}};
    s.lanes = 2;
    s.speedLimitMps = 13.89;
    s.lengthM = 690.5;
    s.roadClass = core::RoadClass::Arterial;
    s.fromJunctionId = "J0";
    s.toJunctionId = "J1";
    s.fromIntersection = -1;
    s.toIntersection = 0;
    l.segments.push_back(s);

    l.cameras.push_back({"cam1", "Harbour cam", {52.5201, 13.3995}, 270, "E_in", "rtsp://cam1"});
    l.parkingLots.push_back({"p1", "Harbour Garage", {52.521, 13.401}, 250, "E_in"});
    l.pointsOfInterest.push_back({"h1", "St. Mary Hospital", core::PoiKind::Hospital, {52.53, 13.41}, "E_in"});
    return l;
}
} // namespace

class TestConvert : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void layoutRoundTrip()
    {
        const auto in = sampleLayout();
        v1::CityLayout proto;
        convert::toProto(in, &proto);
        // Survive the wire too, not only the in-memory message.
        v1::CityLayout wire;
        QVERIFY(wire.ParseFromString(proto.SerializeAsString()));
        const auto out = convert::fromProto(wire);

        QCOMPARE(out.cityId, in.cityId);
        QCOMPARE(out.name, in.name);
        QCOMPARE(out.layoutVersion, in.layoutVersion);
        QCOMPARE(out.bounds.southWest, in.bounds.southWest);
        QCOMPARE(out.bounds.northEast, in.bounds.northEast);
        QCOMPARE(out.intersections.size(), size_t(1));
        const auto &i = out.intersections[0];
        QCOMPARE(i.name, in.intersections[0].name);
        QCOMPARE(i.position, in.intersections[0].position);
        QCOMPARE(i.junctionIds, in.intersections[0].junctionIds);
        QCOMPARE(i.signalGroups.size(), size_t(3));
        QCOMPARE(i.signalGroups[0].turn, core::Turn::Left);
        QCOMPARE(i.signalGroups[0].approach, std::string("W"));
        QCOMPARE(i.signalGroups[2].turn, core::Turn::Pedestrian);
        QCOMPARE(i.signalGroups[1].fromLaneId, std::string("N_in_0"));
        QCOMPARE(i.signalGroups[1].moreMovements, in.intersections[0].signalGroups[1].moreMovements);
        QVERIFY(i.signalGroups[1].controls("N_in", "W_out"));
        QVERIFY(!i.signalGroups[0].controls("N_in", "W_out"));
        QVERIFY(i.signalGroups[0].moreMovements.empty());
        QCOMPARE(i.phases.size(), size_t(3));
        QCOMPARE(i.phases[2].state, std::string("rGG"));
        QCOMPARE(i.phases[2].minDurationS, 5.0);
        QCOMPARE(i.phases[0].name, std::string("east-west"));
        QCOMPARE(i.foes, in.intersections[0].foes);

        const auto &s = out.segments.at(0);
        QCOMPARE(s.shape, in.segments[0].shape);
        QCOMPARE(s.lanes, 2);
        QCOMPARE(s.roadClass, core::RoadClass::Arterial);
        QCOMPARE(s.fromIntersection, -1);
        QCOMPARE(s.toIntersection, 0);
        QCOMPARE(s.toJunctionId, std::string("J1"));

        QCOMPARE(out.cameras.at(0).streamUri, std::string("rtsp://cam1"));
        QCOMPARE(out.parkingLots.at(0).capacity, 250);
        QCOMPARE(out.pointsOfInterest.at(0).kind, core::PoiKind::Hospital);
        QCOMPARE(out.pointsOfInterest.at(0).name, std::string("St. Mary Hospital"));
    }

    void conflictsOutOfRangeAreDropped()
    {
        v1::CityLayout proto;
        auto *i = proto.add_intersections();
        i->add_signal_groups()->set_index(0);
        auto *c = i->add_conflicts();
        c->set_group(7);  // no such group
        c->add_foes(0);
        const auto out = convert::fromProto(proto);
        QCOMPARE(out.intersections[0].foes.size(), size_t(1));
        QVERIFY(out.intersections[0].foes[0].empty());
    }

    void liveRoundTrip()
    {
        core::LiveBatch in;
        in.snapshot = false;
        in.sequence = 1234;
        in.gatewayRunId = "run-a";
        in.layoutVersion = "v42";
        in.simTimeS = 3600.5;
        in.emittedUnixUs = 1'700'000'000'000'000;
        in.signals.push_back({3, core::coloursFromState("GGryu"), 2, 3612.0});
        in.segments.push_back({17, 4.5f, 12, core::CongestionLevel::Heavy});
        in.vehicles.push_back({"amb1", {52.52, 13.40}, 271.5f, 13.0f, core::VehicleKind::Emergency, "E_in"});
        in.vehiclesRemoved = {"car9"};

        v1::LiveUpdate proto;
        convert::toProto(in, &proto);
        QCOMPARE(proto.kind(), v1::LiveUpdate::KIND_DELTA);
        QCOMPARE(proto.signals(0).colours(0), v1::SIGNAL_COLOUR_GREEN_PROTECTED);
        QCOMPARE(proto.signals(0).colours(4), v1::SIGNAL_COLOUR_RED_AMBER);
        const auto out = convert::fromProto(proto);

        QCOMPARE(out.snapshot, false);
        QCOMPARE(out.sequence, in.sequence);
        QCOMPARE(out.gatewayRunId, in.gatewayRunId);
        QCOMPARE(out.simTimeS, in.simTimeS);
        QCOMPARE(out.emittedUnixUs, in.emittedUnixUs);
        QCOMPARE(out.signals.at(0).intersection, 3);
        QCOMPARE(core::stateFromColours(out.signals[0].colours), std::string("GGryu"));
        QCOMPARE(out.signals[0].phaseIndex, 2);
        QCOMPARE(out.signals[0].nextChangeTimeS, 3612.0);
        QCOMPARE(out.segments.at(0).segment, 17);
        QCOMPARE(out.segments[0].congestion, core::CongestionLevel::Heavy);
        QCOMPARE(out.segments[0].vehicleCount, 12);
        QCOMPARE(out.vehicles.at(0).kind, core::VehicleKind::Emergency);
        QCOMPARE(out.vehicles[0].headingDeg, 271.5f);
        QCOMPARE(out.vehiclesRemoved, in.vehiclesRemoved);

        in.snapshot = true;
        core::IntersectionControl control;
        control.intersection = 5;
        control.intersectionId = "J5";
        control.lease = core::LeaseInfo{"ana", core::ControlRole::Supervisor, "parade", 10, 20, "L-1"};
        core::OverrideInfo flash;
        flash.holder = "ana";
        flash.role = core::ControlRole::Supervisor;
        flash.kind = core::OverrideKind::Flash;
        flash.targetPhase = -1;
        flash.reason = "parade";
        flash.idempotencyKey = "K";
        flash.stage = core::OverrideStage::Effective;
        flash.requestedUnixMs = 11;
        flash.plannedEffectiveSimS = 3605.0;
        flash.effectiveUnixMs = 12;
        flash.expiresUnixMs = 19;
        flash.note = "after the minimum green";
        control.override_ = flash;
        in.controls.push_back(control);
        v1::LiveUpdate snap;
        convert::toProto(in, &snap);
        QCOMPARE(snap.kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        QCOMPARE(snap.controls(0).override().intersection_id(), std::string("J5"));
        const auto back = convert::fromProto(snap);
        QVERIFY(back.snapshot);
        QCOMPARE(back.controls.size(), std::size_t(1));
        const auto &c = back.controls[0];
        QCOMPARE(c.intersection, 5);
        QCOMPARE(c.intersectionId, std::string("J5"));
        QVERIFY(c.lease && c.override_);
        QCOMPARE(c.lease->holder, std::string("ana"));
        QCOMPARE(c.lease->role, core::ControlRole::Supervisor);
        QCOMPARE(c.lease->expiresUnixMs, std::int64_t(20));
        QCOMPARE(c.lease->leaseId, std::string("L-1"));
        QCOMPARE(c.override_->kind, core::OverrideKind::Flash);
        QCOMPARE(c.override_->stage, core::OverrideStage::Effective);
        QCOMPARE(c.override_->targetPhase, -1);
        QCOMPARE(c.override_->plannedEffectiveSimS, 3605.0);
        QCOMPARE(c.override_->expiresUnixMs, std::int64_t(19));
        QCOMPARE(c.override_->note, flash.note);
    }

    void unknownEnumValuesBecomeUnknown()
    {
        // A newer gateway may send enum values this console does not know.
        v1::LiveUpdate proto;
        auto *s = proto.add_signals();
        s->add_colours(static_cast<v1::SignalColour>(42));
        auto *seg = proto.add_segments();
        seg->set_congestion(static_cast<v1::CongestionLevel>(9));
        const auto out = convert::fromProto(proto);
        QCOMPARE(out.signals[0].colours[0], core::SignalColour::Unknown);
        QCOMPARE(out.segments[0].congestion, core::CongestionLevel::Unknown);
    }
};

QTEST_GUILESS_MAIN(TestConvert)
#include "tst_convert.moc"
