#include "core/safety/programtiming.h"
#include "core/safety/safetytext.h"
#include "core/safety/signaldisplay.h"
#include "tst_safety_fixtures.h"

#include <QTest>

using namespace greenlight::core;
using namespace greenlight::core::safety;

class TestSafetyTiming : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void groupValues_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("group");
        QTest::addColumn<double>("expected");
        QTest::newRow("plain yellow") << "plain" << "yellow" << 1 << 4.0;
        QTest::newRow("plain min green default") << "plain" << "minGreen" << 1 << 5.0;
        QTest::newRow("lefts yellow floor 3 s") << "lefts" << "yellow" << 2 << 3.0;
        QTest::newRow("lefts actuated min green") << "lefts" << "minGreen" << 4 << 10.0;
        QTest::newRow("lefts left in fixed and actuated phases") << "lefts" << "minGreen" << 5 << 10.0;
        QTest::newRow("lefts fixed min green") << "lefts" << "minGreen" << 1 << 5.0;
        QTest::newRow("crossings walk") << "crossings" << "walk" << 9 << 30.0;
        QTest::newRow("crossings vehicle has no walk") << "crossings" << "walk" << 0 << 0.0;
        QTest::newRow("crossings red-amber") << "crossings" << "redAmber" << 4 << 1.0;
        QTest::newRow("crossings crossing has no red-amber") << "crossings" << "redAmber" << 8 << 0.0;
        QTest::newRow("crossings vehicle clearance out") << "crossings" << "clearanceOut" << 0 << 3.0;
        QTest::newRow("crossings crossing clearance out") << "crossings" << "clearanceOut" << 9 << 11.0;
    }
    void groupValues()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, what);
        QFETCH(int, group);
        QFETCH(double, expected);
        const ProgramTiming t(safetyfixtures::byName(fixture.toStdString()));
        double actual = -1;
        if (what == QLatin1String("yellow"))
            actual = t.yellowS(group);
        else if (what == QLatin1String("minGreen"))
            actual = t.minGreenS(group);
        else if (what == QLatin1String("walk"))
            actual = t.walkS(group);
        else if (what == QLatin1String("redAmber"))
            actual = t.redAmberS(group);
        else if (what == QLatin1String("clearanceOut"))
            actual = t.clearanceOutS(group);
        QCOMPARE(actual, expected);
    }

    void clearances_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<double>("expected");
        QTest::newRow("plain has no all-red") << "plain" << 1 << 4 << 0.0;
        QTest::newRow("lefts: left to cross traffic") << "lefts" << 2 << 3 << 0.0;
        QTest::newRow("lefts: another green phase in between") << "lefts" << 1 << 4 << 0.0;
        QTest::newRow("crossings: all-red plus red-amber") << "crossings" << 0 << 4 << 3.0;
        QTest::newRow("crossings: pedestrian clearance") << "crossings" << 9 << 4 << 11.0;
        QTest::newRow("crossings: pedestrian clearance other arm") << "crossings" << 8 << 0 << 11.0;
        QTest::newRow("crossings: vehicle to crossing") << "crossings" << 4 << 9 << 3.0;
        QTest::newRow("crossings: never sequenced takes the all-red") << "crossings" << 1 << 9 << 3.0;
        QTest::newRow("not foes") << "crossings" << 0 << 2 << 0.0;
        // X's north-south yellow, 2 s all-red, then 20 s of Y's phase and its 4 s change before
        // X's east-west green: the clearance is the all-red, not the 26 s to that green.
        QTest::newRow("joined: the other junction's phase is no clearance") << "joined" << 0 << 1 << 2.0;
        QTest::newRow("joined: other way, sequenced directly") << "joined" << 1 << 0 << 2.0;
        QTest::newRow("joined: at the other junction") << "joined" << 2 << 3 << 1.0;
        QTest::newRow("joined: X's phase in between") << "joined" << 3 << 2 << 2.0;
    }
    void clearances()
    {
        QFETCH(QString, fixture);
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(double, expected);
        const ProgramTiming t(safetyfixtures::byName(fixture.toStdString()));
        QCOMPARE(t.clearanceS(from, to), expected);
    }

    void phasesAndFoes()
    {
        const ProgramTiming plain(safetyfixtures::plainNetconvert());
        QCOMPARE(plain.greenPhases(), std::vector<int>({0, 2}));
        QCOMPARE(plain.nextGreenPhase(0), 2);
        QCOMPARE(plain.nextGreenPhase(3), 0);
        QCOMPARE(plain.transitionFrom(0).phases, std::vector<int>({1}));
        QCOMPARE(plain.transitionFrom(0).durationS, 4.0);
        QVERIFY(!plain.usesRedAmber());
        QVERIFY(plain.conflicts(7, 2)); // symmetrised from foes[2]
        QVERIFY(plain.permissiveAllowed(2, 7));
        QVERIFY(plain.permissiveAllowed(7, 2));
        QVERIFY(!plain.permissiveAllowed(2, 3));
        QVERIFY(!plain.permissiveAllowed(0, 1)); // not even foes
        QCOMPARE(plain.flashExitRedS(), 3.0);
        QCOMPARE(plain.allRedS(), 0.0);
        QCOMPARE(plain.phaseOfState("rrryyyrrryyy"), 3);
        QCOMPARE(plain.phaseOfState("rrrrrrrrrrrr"), -1);
        QCOMPARE(plain.flashState(), std::string("oooooooooooo"));

        const ProgramTiming lefts(safetyfixtures::fourPhaseLefts());
        QCOMPARE(lefts.greenPhases(), std::vector<int>({0, 2, 4, 6}));
        QCOMPARE(lefts.phaseMinGreenS(4), 10.0);
        QCOMPARE(lefts.phaseMinGreenS(0), 5.0);

        const ProgramTiming crossings(safetyfixtures::crossingsAllRed());
        QCOMPARE(crossings.greenPhases(), std::vector<int>({0, 1, 5, 6}));
        QVERIFY(crossings.usesRedAmber());
        QCOMPARE(crossings.allRedS(), 3.0); // 2 s all-red and 1 s red-amber
        QCOMPARE(crossings.greenRunFromS(5, 4), 35.0);
        QCOMPARE(crossings.greenRunFromS(6, 4), 5.0);
        QCOMPARE(crossings.greenRunFromS(2, 4), 0.0);
        QVERIFY(crossings.requiresRedAmber(0));
        QVERIFY(!crossings.requiresRedAmber(9));
        QVERIFY(crossings.isPedestrian(9));
        QVERIFY(crossings.endsWithoutYellow(9));
        QVERIFY(!crossings.endsWithoutYellow(0));
        QVERIFY(crossings.permissiveAllowed(1, 9)); // permissive left across a walking crossing
        QCOMPARE(crossings.transitionFrom(1).phases, std::vector<int>({2, 3, 4}));
        QCOMPARE(crossings.groupLabel(9), std::string("crossing 9 (E)"));
        QCOMPARE(crossings.groupLabel(1), std::string("movement 1 (N left)"));
    }

    void displayHistory()
    {
        SignalDisplay display("Grr", 10);
        display.apply("grr", 12); // green stays green: protected to permissive keeps its start
        QCOMPARE(display.group(0).sinceS, 10.0);
        QCOMPARE(display.group(0).colour, 'g');
        display.apply("yrr", 20);
        QCOMPARE(display.group(0).colour, 'y');
        QCOMPARE(display.group(0).sinceS, 20.0);
        QCOMPARE(display.group(0).previous, 'g');
        QCOMPARE(display.group(0).previousSinceS, 10.0);
        QCOMPARE(display.group(1).previous, '?');
        display.apply("Yrr", 21); // SUMO's capital Y reads as yellow
        QCOMPARE(display.group(0).sinceS, 20.0);
        QCOMPARE(display.state(), std::string("yrr"));
        display.apply("rrrr", 22); // a different length starts a new history
        QCOMPARE(display.size(), 4);
        QCOMPARE(display.group(0).sinceS, 22.0);
    }

    void darkGroupsAndSeconds()
    {
        Intersection x = safetyfixtures::plainNetconvert();
        for (Phase &p : x.phases)
            p.state += 'O';
        x.signalGroups.push_back({});
        const ProgramTiming t(x);
        QVERIFY(t.isDark(12));
        QVERIFY(!t.isDark(0));
        QCOMPARE(t.flashState(), std::string("ooooooooooooO"));
        QCOMPARE(formatSeconds(4.0), std::string("4 s"));
        QCOMPARE(formatSeconds(2.5), std::string("2.5 s"));
        QCOMPARE(formatSeconds(0.04), std::string("0 s"));
    }
};

QTEST_GUILESS_MAIN(TestSafetyTiming)
#include "tst_safety_timing.moc"
