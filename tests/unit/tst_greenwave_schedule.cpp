#include "core/greenwave/waveschedule.h"
#include "core/safety/signaldisplay.h"
#include "tst_safety_fixtures.h"

#include <QTest>

using namespace greenlight::core;
using namespace greenlight::core::greenwave;
using greenlight::core::Intersection;

namespace {

// A route over segments 10, 11, 12, 13 with signalised intersections 0, 1, 2 at the ends of the
// first three, reached after the given seconds from now.
routing::Route route(const std::vector<int> &segments, const std::vector<std::pair<int, double>> &signals)
{
    routing::Route r;
    r.segments = segments;
    for (const auto &[intersection, eta] : signals) {
        routing::SignalPassage s;
        s.intersection = intersection;
        s.etaS = eta;
        s.approachSegment = 10 + intersection;
        s.exitSegment = 11 + intersection;
        s.signalGroups = {intersection};
        r.signals.push_back(s);
    }
    return r;
}

WaveSchedule::PhaseLookup everyPhaseZero()
{
    return [](const WavePassage &) { return 0; };
}

std::vector<int> requested(const std::vector<WaveAction> &actions, WaveAction::Kind kind)
{
    std::vector<int> out;
    for (const auto &a : actions)
        if (a.kind == kind)
            out.push_back(a.intersection);
    return out;
}

const auto lead8 = [](const WavePassage &) { return 8.0; };

// fourArms groups; the north arm gets a leading phase of its own after the north-south through
// phase: N straight (1) is protected in phases 0 and 2, and only phase 2 lets the N left (2) go too.
Intersection leadingNorth()
{
    Intersection x = safetyfixtures::fourArms("leading");
    safetyfixtures::addPhase(x, 20, "GGrrrrGGrrrr");
    safetyfixtures::addPhase(x, 3, "yyrrrryyrrrr");
    safetyfixtures::addPhase(x, 15, "GGGrrrrrrrrr");
    safetyfixtures::addPhase(x, 3, "yyyrrrrrrrrr");
    safetyfixtures::addPhase(x, 20, "rrrGGgrrrGGg");
    safetyfixtures::addPhase(x, 3, "rrryyyrrryyy");
    return x;
}

} // namespace

class TestGreenWaveSchedule : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void servingPhasePrefersProtected()
    {
        const safety::ProgramTiming timing(safetyfixtures::fourPhaseLefts());
        // N straight (1) is green in the through phase only
        const int p = servingPhase(timing, {1});
        QVERIFY(p >= 0);
        QVERIFY(safety::isGreenLetter(timing.letter(p, 1)));
        // the N left (2) is protected in its own phase, permissive in the through phase
        const int left = servingPhase(timing, {2});
        QCOMPARE(timing.letter(left, 2), 'G');
        // N straight and E straight together: no phase
        QCOMPARE(servingPhase(timing, {1, 4}), -1);
        QCOMPARE(servingPhase(timing, {}), -1);
    }

    // Of the phases serving the vehicle, the one stopping the fewest others; where its approach
    // has a phase of its own, that one, so the queue in front of the vehicle clears too.
    void targetPhaseClearsTheApproach()
    {
        const safety::ProgramTiming timing(leadingNorth());
        QCOMPARE(servingPhaseInOrder(timing, {1}), 0);
        QCOMPARE(servingPhaseInOrder(timing, {1}, {0, 1, 2}), 2);
        QCOMPARE(servingPhaseInOrder(timing, {2}), 2);
        QCOMPARE(servingPhaseInOrder(timing, {}), -1);
    }

    // A joined controller's crossings in order: where no phase serves them all, the first ones.
    void targetPhaseServesTheFirstCrossingFirst()
    {
        const safety::ProgramTiming timing(leadingNorth());
        QCOMPARE(servingPhase(timing, {1, 4}), -1);
        QCOMPARE(servingPhaseInOrder(timing, {1, 4}), 0);
        QCOMPARE(servingPhaseInOrder(timing, {4, 1}), 4);
        QCOMPARE(servingPhaseInOrder(timing, {0, 1, 4}), 0);
    }

    // Given back, the programme resumes with the movements the wave cut short, never the one it
    // just served.
    void programmeResumesWhereItWasInterrupted()
    {
        const safety::ProgramTiming timing(leadingNorth());
        QCOMPARE(resumePhase(timing, 0, 4), 0);  // a green cut short runs again
        QCOMPARE(resumePhase(timing, 1, 4), 2);  // a yellow: the green it led to
        QCOMPARE(resumePhase(timing, 3, 4), 0);  // that green is the target: the next one
        QCOMPARE(resumePhase(timing, 4, 4), 0);  // the target was running: on from it
        QCOMPARE(resumePhase(timing, 2, 2), 4);
        QCOMPARE(resumePhase(timing, -1, 4), -1); // unknown: the planner's own choice
        QCOMPARE(resumePhase(timing, 99, 4), -1);
    }

    // Each intersection is asked only when its ETA comes within its clearance plus the margin.
    // Vehicles halted on roads between two lights (over junctions without signals) are one queue
    // for the next light; a light is asked at most 20 s ahead for it and the rest is delay.
    void queuesAheadCountBackToTheLastLight()
    {
        // Roads 0-5: the vehicle's road, a road into light 7, two roads over unsignalised
        // junctions, a road into light 9, then the destination.
        const std::vector<int> lightAt{-1, 7, -1, -1, 9, -1};
        const QueuesAhead shortQueue = queuesAhead({1, 2, 0, 0, 0, 4}, lightAt);
        QCOMPARE(shortQueue.leadS.at(7), 2.0 + 2.0 * 3);   // the vehicle's queue and the approach's
        QVERIFY(shortQueue.leadS.count(9) == 0);            // nothing halted before 9; after it, no light
        QCOMPARE(shortQueue.delayS, std::vector<double>(6, 0.0));

        const QueuesAhead spill = queuesAhead({0, 0, 6, 5, 3, 0}, lightAt);
        QVERIFY(spill.leadS.count(7) == 0);
        QCOMPARE(spill.leadS.at(9), 20.0);              // 14 vehicles a lane: 30 s to clear
        QCOMPARE(spill.delayS, std::vector<double>({0, 0, 0, 0, 10.0, 0}));

        const QueuesAhead longerLead = queuesAhead({0, 0, 6, 5, 3, 0}, lightAt, {2.0, 2.0, 40.0});
        QCOMPARE(longerLead.leadS.at(9), 30.0);
        QCOMPARE(longerLead.delayS[4], 0.0);
    }

    void asksNoEarlierThanNeeded()
    {
        WaveSchedule wave(everyPhaseZero(), {6.0, 120.0});
        QVERIFY(wave.update(route({10, 11, 12, 13}, {{0, 20}, {1, 50}, {2, 90}}), 10, 0).empty());
        QVERIFY(wave.due(0, lead8).empty());
        QVERIFY(wave.due(5.9, lead8).empty());
        QCOMPARE(requested(wave.due(6, lead8), WaveAction::Kind::Request), std::vector<int>{0});
        QCOMPARE(wave.passages()[0].stage, PassageStage::Preparing);
        QVERIFY(wave.due(7, lead8).empty()); // asked once
        QCOMPARE(requested(wave.due(36, lead8), WaveAction::Kind::Request), std::vector<int>{1});
        // a longer clearance asks earlier
        QCOMPARE(requested(wave.due(50, [](const WavePassage &) { return 40.0; }), WaveAction::Kind::Request),
                 std::vector<int>{2});
        // an intersection that cannot be asked now waits
        WaveSchedule later(everyPhaseZero());
        later.update(route({10, 11}, {{0, 5}}), 10, 0);
        QVERIFY(later.due(0, [](const WavePassage &) { return -1.0; }).empty());
        QCOMPARE(later.passages()[0].stage, PassageStage::Waiting);
    }

    // Passing an intersection releases it at once; the ones ahead keep their state.
    void passedIsReleased()
    {
        WaveSchedule wave(everyPhaseZero());
        wave.update(route({10, 11, 12, 13}, {{0, 10}, {1, 30}, {2, 60}}), 10, 0);
        wave.due(0, lead8);
        wave.greenShown(0);
        QCOMPARE(wave.passages()[0].stage, PassageStage::GreenHeld);
        const auto actions = wave.update(route({11, 12, 13}, {{1, 18}, {2, 48}}), 11, 12);
        QCOMPARE(requested(actions, WaveAction::Kind::Release), std::vector<int>{0});
        QCOMPARE(wave.passages()[0].stage, PassageStage::Passed);
        QCOMPARE(wave.passages()[1].stage, PassageStage::Waiting);
        QCOMPARE(wave.passages()[1].etaS, 30.0);
        // two segments on in one update still counts as passed
        wave.due(24, lead8);
        QCOMPARE(wave.passages()[1].stage, PassageStage::Preparing);
        const auto skip = wave.update(route({13}, {}), 13, 40);
        QCOMPARE(requested(skip, WaveAction::Kind::Release), std::vector<int>{1});
        QCOMPARE(wave.passages()[1].stage, PassageStage::Passed);
        QCOMPARE(wave.passages()[2].stage, PassageStage::Passed);
    }

    // The vehicle leaves the route: intersections no longer on it are released, not passed.
    void routeChangeReleases()
    {
        WaveSchedule wave(everyPhaseZero());
        wave.update(route({10, 11, 12}, {{0, 10}, {1, 12}}), 10, 0);
        QCOMPARE(requested(wave.due(0, lead8), WaveAction::Kind::Request), (std::vector<int>{0, 1}));
        const auto actions = wave.update(route({10, 20}, {{0, 9}}), 10, 1);
        QCOMPARE(requested(actions, WaveAction::Kind::Release), std::vector<int>{1});
        QCOMPARE(wave.passages()[1].stage, PassageStage::Released);
        QVERIFY(!wave.passages()[1].note.empty());
        QCOMPARE(wave.passages()[0].stage, PassageStage::Preparing);
    }

    // Lost vehicle or dispatcher: every active intersection released, nothing more asked (S11).
    void shrinkReleasesAndStops()
    {
        WaveSchedule wave(everyPhaseZero());
        wave.update(route({10, 11, 12, 13}, {{0, 5}, {1, 8}, {2, 80}}), 10, 0);
        wave.due(0, lead8);
        const auto actions = wave.shrink("the vehicle was lost");
        QCOMPARE(requested(actions, WaveAction::Kind::Release), (std::vector<int>{0, 1}));
        for (const auto &p : wave.passages()) {
            QCOMPARE(p.stage, PassageStage::Released);
            QCOMPARE(p.note, std::string("the vehicle was lost"));
        }
        QVERIFY(wave.due(79, lead8).empty());
        QVERIFY(wave.update(route({12, 13}, {{2, 1}}), 12, 79).empty());
        QVERIFY(wave.due(79, lead8).empty());
    }

    // A controller joining two junctions is crossed twice in a row: one passage, both movements.
    void joinedControllerIsOnePassage()
    {
        std::vector<std::vector<int>> asked;
        WaveSchedule wave([&](const WavePassage &p) {
            asked.push_back(p.signalGroups);
            return 3;
        });
        routing::Route r;
        r.segments = {10, 11, 12, 13};
        r.signals.push_back({7, 10, 10, 11, {8}});
        r.signals.push_back({7, 14, 11, 12, {24, 25}});
        wave.update(r, 10, 0);
        QCOMPARE(wave.passages().size(), std::size_t(1));
        QCOMPARE(wave.passages()[0].signalGroups, (std::vector<int>{8, 24, 25}));
        QCOMPARE(wave.passages()[0].exitSegment, 12);
        QCOMPARE(wave.passages()[0].etaS, 10.0);
        QCOMPARE(asked.back(), (std::vector<int>{8, 24, 25}));
    }

    void refusalsAreKept()
    {
        WaveSchedule wave([](const WavePassage &p) { return p.intersection == 1 ? -1 : 0; });
        wave.update(route({10, 11, 12}, {{0, 5}, {1, 8}}), 10, 0);
        QCOMPARE(wave.passages()[1].stage, PassageStage::Refused);
        QCOMPARE(requested(wave.due(0, lead8), WaveAction::Kind::Request), std::vector<int>{0});
        wave.refused(0, "held by officer lin");
        QCOMPARE(wave.passages()[0].stage, PassageStage::Refused);
        QCOMPARE(wave.passages()[0].note, std::string("held by officer lin"));
        QVERIFY(wave.due(1, lead8).empty());
    }

    // A turn the layout has no signal group for cannot be asked, and says why.
    void unknownTurnIsRefusedWithWhy()
    {
        WaveSchedule wave([](const WavePassage &p) { return p.signalGroups.empty() ? -1 : 0; });
        routing::Route r = route({10, 11}, {{0, 5}});
        r.signals[0].signalGroups.clear();
        wave.update(r, 10, 0);
        QCOMPARE(wave.passages()[0].stage, PassageStage::Refused);
        QCOMPARE(wave.passages()[0].note, std::string("the layout has no signal group for the vehicle's turn here"));
        QVERIFY(wave.due(0, lead8).empty());
    }

    // Refused because another wave held it: asked again once that wave has let it go. A passage
    // no phase serves stays refused.
    void refusedForAnotherWaveIsAskedAgain()
    {
        WaveSchedule wave([](const WavePassage &p) { return p.intersection == 1 ? -1 : 0; });
        wave.update(route({10, 11, 12}, {{0, 5}, {1, 8}}), 10, 0);
        QCOMPARE(requested(wave.due(0, lead8), WaveAction::Kind::Request), std::vector<int>{0});
        wave.refused(0, "held for wave W2 (priority 5)");
        QVERIFY(wave.due(1, lead8).empty());
        wave.retry(0);
        wave.retry(1);
        QCOMPARE(wave.passages()[0].stage, PassageStage::Waiting);
        QCOMPARE(wave.passages()[1].stage, PassageStage::Refused);
        QCOMPARE(requested(wave.due(2, lead8), WaveAction::Kind::Request), std::vector<int>{0});
    }

    // A held green the vehicle cannot use is given back at once, and not asked for the rest.
    void unusableGreenIsGivenBack()
    {
        WaveSchedule wave(everyPhaseZero());
        wave.update(route({10, 11}, {{0, 5}}), 10, 0);
        wave.due(0, lead8);
        QVERIFY(wave.giveBack(1, "not on the route", 3, 30).empty());
        wave.greenShown(0);
        const auto back = wave.giveBack(0, "the vehicle could not move on its green", 3, 30);
        QCOMPARE(requested(back, WaveAction::Kind::Release), std::vector<int>{0});
        QCOMPARE(wave.passages()[0].stage, PassageStage::Waiting);
        QCOMPARE(wave.passages()[0].note, std::string("the vehicle could not move on its green"));
        QVERIFY(wave.giveBack(0, "again", 4, 30).empty());
        QVERIFY(wave.due(32, lead8).empty());
        QCOMPARE(requested(wave.due(34, lead8), WaveAction::Kind::Request), std::vector<int>{0});
    }

    // Held, the vehicle needs another phase (the second junction of a joined controller): asked
    // for it straight away, with no hand-back in between.
    void heldPassageIsRetargeted()
    {
        WaveSchedule wave([](const WavePassage &p) { return p.signalGroups.front() == 8 ? 3 : 5; });
        routing::Route r;
        r.segments = {10, 11, 12, 13};
        r.signals.push_back({7, 5, 10, 11, {8}});
        r.signals.push_back({7, 9, 11, 12, {24}});
        wave.update(r, 10, 0);
        QCOMPARE(wave.passages()[0].targetPhase, 3);
        wave.due(0, lead8);
        wave.greenShown(7);
        routing::Route on;
        on.segments = {11, 12, 13};
        on.signals.push_back({7, 3, 11, 12, {24}});
        const auto actions = wave.update(on, 11, 6);
        QCOMPARE(actions.size(), std::size_t(1));
        QCOMPARE(int(actions[0].kind), int(WaveAction::Kind::Request));
        QCOMPARE(actions[0].targetPhase, 5);
        QCOMPARE(wave.passages()[0].stage, PassageStage::Preparing);
        QCOMPARE(wave.passages()[0].targetPhase, 5);
    }

    // Asked far ahead (a long clearance, a queue to clear), a hold may outlast maxHoldS by that lead.
    void longLeadExtendsTheHold()
    {
        WaveSchedule wave(everyPhaseZero(), {6.0, 60.0, 20.0, 30.0, 200.0});
        wave.update(route({10, 11}, {{0, 70}}), 10, 0);
        const auto lead64 = [](const WavePassage &) { return 64.0; };
        QCOMPARE(requested(wave.due(0, lead64), WaveAction::Kind::Request), std::vector<int>{0});
        wave.greenShown(0);
        QVERIFY(wave.due(61, lead64).empty());
        QVERIFY(wave.due(100, lead64).empty());
        QCOMPARE(requested(wave.due(101, lead64), WaveAction::Kind::Release), std::vector<int>{0});
    }

    // Held too long in all over several asks, an intersection is left to its programme.
    void heldTooLongInAllIsLeftToItsProgramme()
    {
        WaveSchedule wave(everyPhaseZero(), {6.0, 60.0, 20.0, 30.0, 90.0});
        wave.update(route({10, 11}, {{0, 10}}), 10, 0);
        wave.due(0, lead8);
        wave.greenShown(0);
        QCOMPARE(requested(wave.due(61, lead8), WaveAction::Kind::Release), std::vector<int>{0}); // 61 s
        QCOMPARE(requested(wave.due(81, lead8), WaveAction::Kind::Request), std::vector<int>{0});
        QVERIFY(wave.due(110, lead8).empty());                                                    // 61 + 29 s
        QCOMPARE(requested(wave.due(111, lead8), WaveAction::Kind::Release), std::vector<int>{0}); // 61 + 30 s
        QCOMPARE(wave.passages()[0].stage, PassageStage::Refused);
        QVERIFY2(wave.passages()[0].note.find("left to its programme") != std::string::npos,
                 wave.passages()[0].note.c_str());
        QVERIFY(wave.due(200, lead8).empty());
    }

    // A green held a long time without the vehicle passing (a blocked exit, a queue) is given back
    // so the other movements are served, then asked again.
    void heldTooLongIsGivenBackForAWhile()
    {
        WaveSchedule wave(everyPhaseZero(), {6.0, 60.0, 20.0});
        wave.update(route({10, 11}, {{0, 10}}), 10, 0);
        wave.due(0, lead8);
        wave.greenShown(0);
        QVERIFY(wave.due(60, lead8).empty());
        QCOMPARE(requested(wave.due(61, lead8), WaveAction::Kind::Release), std::vector<int>{0});
        QCOMPARE(wave.passages()[0].stage, PassageStage::Waiting);
        QVERIFY(!wave.passages()[0].note.empty());
        wave.update(route({10, 11}, {{0, 2}}), 10, 70);
        QVERIFY(wave.due(80, lead8).empty()); // resting
        QCOMPARE(requested(wave.due(81, lead8), WaveAction::Kind::Request), std::vector<int>{0});
    }
};

QTEST_APPLESS_MAIN(TestGreenWaveSchedule)
#include "tst_greenwave_schedule.moc"
