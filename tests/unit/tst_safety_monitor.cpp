#include "core/safety/conflictmonitor.h"
#include "tst_safety_fixtures.h"

#include <QTest>

#include <cmath>

using namespace greenlight::core;
using namespace greenlight::core::safety;

namespace {

// Two crossing movements (N straight 0, E straight 1): 3 s yellow, 2 s all-red.
Intersection tiny()
{
    Intersection x;
    x.id = "tiny";
    safetyfixtures::addGroup(x, "N", Turn::Straight);
    safetyfixtures::addGroup(x, "E", Turn::Straight);
    safetyfixtures::addFoes(x, {0}, {1});
    safetyfixtures::addPhase(x, 20, "Gr");
    safetyfixtures::addPhase(x, 3, "yr");
    safetyfixtures::addPhase(x, 2, "rr");
    safetyfixtures::addPhase(x, 20, "rG");
    safetyfixtures::addPhase(x, 3, "ry");
    safetyfixtures::addPhase(x, 2, "rr");
    return x;
}

// As netconvert writes a junction with a protected left: after N straight (0) stops, E left (1)
// goes first, then E straight (2), which conflicts with both; a long all-red pads the cycle.
Intersection leftBetween()
{
    Intersection x;
    x.id = "leftBetween";
    safetyfixtures::addGroup(x, "N", Turn::Straight);
    safetyfixtures::addGroup(x, "E", Turn::Left);
    safetyfixtures::addGroup(x, "E", Turn::Straight);
    safetyfixtures::addFoes(x, {0, 1}, {2});
    safetyfixtures::addPhase(x, 30, "Grr");
    safetyfixtures::addPhase(x, 4, "yrr");
    safetyfixtures::addPhase(x, 8, "rGr");
    safetyfixtures::addPhase(x, 4, "ryr");
    safetyfixtures::addPhase(x, 1, "rrr");
    safetyfixtures::addPhase(x, 30, "rrG");
    safetyfixtures::addPhase(x, 4, "rry");
    safetyfixtures::addPhase(x, 16, "rrr");
    return x;
}

Intersection fixture(const QString &name)
{
    if (name == QLatin1String("tiny"))
        return tiny();
    if (name == QLatin1String("leftBetween"))
        return leftBetween();
    return safetyfixtures::byName(name.toStdString());
}

// Feeds the programme as SUMO shows it, one observation per simulation step.
void runProgramme(ConflictMonitor &monitor, const Intersection &x, int cycles, double stepS)
{
    double cycle = 0;
    for (const Phase &p : x.phases)
        cycle += p.durationS;
    for (double t = 0; t < cycles * cycle; t += stepS) {
        double into = std::fmod(t, cycle) + 1e-9;
        for (const Phase &p : x.phases) {
            if (into < p.durationS) {
                monitor.observe(x.id, t, p.state);
                break;
            }
            into -= p.durationS;
        }
    }
}

} // namespace

class TestSafetyMonitor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // A pair the programme never shows back to back (another foe goes between) is held to no more
    // than the programme itself gives it, not to its longest all-red; a direct jump that gives
    // less is still counted.
    void clearanceThroughAnotherFoe()
    {
        const Intersection x = leftBetween();
        ConflictMonitor monitor;
        monitor.addIntersection(x);
        runProgramme(monitor, x, 4, 1.0);
        QVERIFY2(monitor.total() == 0, monitor.summary().c_str());
        ConflictMonitor jump;
        jump.addIntersection(x);
        jump.observe(x.id, 0, "Grr");
        jump.observe(x.id, 30, "yrr");
        jump.observe(x.id, 34, "rrr");
        jump.observe(x.id, 36, "rrG"); // E straight 2 s after N stopped: the programme gives 13 s
        QCOMPARE(jump.count("S3"), std::uint64_t(1));
    }

    void cleanProgrammeCountsZero_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<double>("step");
        for (const char *name : {"tiny", "plain", "lefts", "crossings", "joined"}) {
            QTest::addRow("%s, 1 s steps", name) << name << 1.0;
            QTest::addRow("%s, 0.1 s steps", name) << name << 0.1;
        }
    }
    void cleanProgrammeCountsZero()
    {
        QFETCH(QString, fixture);
        QFETCH(double, step);
        const Intersection x = ::fixture(fixture);
        ConflictMonitor monitor;
        monitor.addIntersection(x);
        runProgramme(monitor, x, 5, step);
        QVERIFY2(monitor.total() == 0, monitor.summary().c_str());
        QCOMPARE(monitor.malformed(), std::uint64_t(0));
        QVERIFY(monitor.observations() > 0);
        QVERIFY(monitor.records().empty());
    }

    void detects_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QStringList>("sequence"); // "state@time"
        QTest::addColumn<QList<int>>("counts");    // S1 S2 S3 S4 S5 S9
        QTest::newRow("S1 conflicting greens, counted once while they last")
            << "tiny" << QStringList{"Gr@0", "GG@10", "GG@11", "GG@12"} << QList<int>{1, 0, 0, 0, 0, 0};
        QTest::newRow("S1 permissive pair the programme never shows")
            << "plain" << QStringList{"rrrrrrrrrrrr@0", "rrgGrrrrrrrr@10"} << QList<int>{1, 0, 0, 0, 0, 0};
        QTest::newRow("S2 yellow cut short")
            << "tiny" << QStringList{"Gr@0", "yr@20", "rr@21", "rG@30"} << QList<int>{0, 1, 0, 0, 0, 0};
        QTest::newRow("S2 green ends without yellow (and S4)")
            << "tiny" << QStringList{"Gr@0", "rr@20"} << QList<int>{0, 1, 0, 1, 0, 0};
        QTest::newRow("S3 all-red cut")
            << "tiny" << QStringList{"Gr@0", "yr@20", "rr@23", "rG@24"} << QList<int>{0, 0, 1, 0, 0, 0};
        // A controller joining two junctions runs the other junction's phase between X's
        // north-south and east-west greens: the red clearance is X's 2 s all-red, not that phase.
        QTest::newRow("S3 joined junctions, all-red kept")
            << "joined" << QStringList{"Grrr@0", "yrrr@20", "rrrr@23", "rGrG@25"} << QList<int>{0, 0, 0, 0, 0, 0};
        QTest::newRow("S3 joined junctions, all-red cut")
            << "joined" << QStringList{"Grrr@0", "yrrr@20", "rrrr@23", "rGrG@24"} << QList<int>{0, 0, 1, 0, 0, 0};
        QTest::newRow("S4 yellow back to green")
            << "tiny" << QStringList{"Gr@0", "yr@20", "Gr@23"} << QList<int>{0, 0, 0, 1, 0, 0};
        QTest::newRow("S4 red-amber skipped")
            << "crossings" << QStringList{"yyyyrrrrrrrr@0", "rrrrrrrrrrrr@3", "rrrrGgGgGrGr@10"}
            << QList<int>{0, 0, 0, 4, 0, 0};
        QTest::newRow("S5 green ended before its minimum")
            << "tiny" << QStringList{"rr@0", "Gr@2", "yr@4", "rr@7"} << QList<int>{0, 0, 0, 0, 1, 0};
        QTest::newRow("S9 flash straight from green (and S2)")
            << "tiny" << QStringList{"Gr@0", "oo@30"} << QList<int>{0, 1, 0, 0, 0, 1};
        QTest::newRow("S9 flash before the red clearance")
            << "tiny" << QStringList{"Gr@0", "yr@20", "rr@23", "oo@24"} << QList<int>{0, 0, 0, 0, 0, 1};
        QTest::newRow("S9 flash left straight to green")
            << "tiny" << QStringList{"oo@0", "Go@10"} << QList<int>{0, 0, 0, 0, 0, 1};
        QTest::newRow("S9 all-red after flash too short")
            << "tiny" << QStringList{"oo@0", "rr@10", "Gr@11"} << QList<int>{0, 0, 0, 0, 0, 1};
    }
    void detects()
    {
        QFETCH(QString, fixture);
        QFETCH(QStringList, sequence);
        QFETCH(QList<int>, counts);
        ConflictMonitor monitor;
        monitor.addIntersection(::fixture(fixture));
        for (const QString &entry : sequence) {
            const QStringList parts = entry.split(QLatin1Char('@'));
            monitor.observe(fixture.toStdString(), parts.at(1).toDouble(), parts.at(0).toStdString());
        }
        int total = 0;
        for (std::size_t r = 0; r < ConflictMonitor::kRules.size(); ++r) {
            QVERIFY2(monitor.count(ConflictMonitor::kRules[r]) == std::uint64_t(counts.at(static_cast<int>(r))),
                     monitor.summary().c_str());
            QCOMPARE(monitor.count(fixture.toStdString(), ConflictMonitor::kRules[r]),
                     std::uint64_t(counts.at(static_cast<int>(r))));
            total += counts.at(static_cast<int>(r));
        }
        QCOMPARE(monitor.total(), std::uint64_t(total));
        QCOMPARE(monitor.records().size(), std::size_t(total));
    }

    // The monitor only counts: a real programme may break the rules itself (here the east-west
    // yellow is 2 s, under the 3 s floor), and it is counted every cycle.
    void programmeThatBreaksItsOwnRules()
    {
        Intersection x = safetyfixtures::plainNetconvert();
        x.phases[3].durationS = 2;
        ConflictMonitor monitor;
        monitor.addIntersection(x);
        runProgramme(monitor, x, 3, 1.0); // the last cycle's short yellow ends after the run
        QCOMPARE(monitor.count("S2"), std::uint64_t(2 * 6));
        QCOMPARE(monitor.total(), monitor.count("S2"));
        QCOMPARE(monitor.records().front().after, std::string("GGgrrrGGgrrr"));
    }

    void recordsAndSummary()
    {
        ConflictMonitor monitor(2);
        const int index = monitor.addIntersection(tiny());
        monitor.observe(index, 0, "Gr");
        monitor.observe(index, 10, "GG");  // S1
        monitor.observe(index, 11, "yG");  // nothing new: the conflict goes on
        monitor.observe(index, 12, "rG");  // S2: 1 s of yellow
        monitor.observe(index, 13, "ry");  // S5: 3 s of green
        QCOMPARE(monitor.total(), std::uint64_t(3));
        QCOMPARE(monitor.records().size(), std::size_t(2));
        const MonitorRecord &first = monitor.records().front();
        QCOMPARE(first.intersectionId, std::string("tiny"));
        QCOMPARE(first.rule, std::string("S1"));
        QCOMPARE(first.timeS, 10.0);
        QCOMPARE(first.groups, std::vector<int>({0, 1}));
        QCOMPARE(first.before, std::string("Gr"));
        QCOMPARE(first.after, std::string("GG"));
        const MonitorRecord &second = monitor.records().back();
        QCOMPARE(second.rule, std::string("S2"));
        QVERIFY2(second.detail.find("1.0 s of yellow; needs 3.0 s") != std::string::npos, second.detail.c_str());
        const std::string summary = monitor.summary();
        QVERIFY2(summary.find("3 violations (S1 1, S2 1, S3 0, S4 0, S5 1, S9 0)") != std::string::npos,
                 summary.c_str());
        monitor.reset();
        QCOMPARE(monitor.total(), std::uint64_t(0));
        QVERIFY(monitor.records().empty());
    }

    void toleratesOddInput()
    {
        ConflictMonitor monitor;
        CityLayout city;
        city.intersections = {tiny(), safetyfixtures::plainNetconvert()};
        monitor.addLayout(city);
        monitor.observe("nowhere", 0, "Gr");
        monitor.observe("tiny", 0, "Grr");
        QCOMPARE(monitor.malformed(), std::uint64_t(2));
        // A recording replayed from the start again is a fresh history, not a violation.
        monitor.observe(0, 100, "Gr");
        monitor.observe(0, 0, "rG");
        monitor.observe(0, 1, "rG");
        // The first state seen carries no history: no timing rule can be judged on it.
        monitor.observe(1, 5, "yyyrrryyyrrr");
        monitor.observe(1, 6, "rrrGGgrrrGGg");
        QVERIFY2(monitor.total() == 0, monitor.summary().c_str());
    }
};

QTEST_GUILESS_MAIN(TestSafetyMonitor)
#include "tst_safety_monitor.moc"
