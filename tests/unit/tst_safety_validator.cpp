#include "core/safety/freshnessguard.h"
#include "core/safety/leasetable.h"
#include "core/safety/programtiming.h"
#include "core/safety/signaldisplay.h"
#include "core/safety/transitionvalidator.h"
#include "tst_safety_fixtures.h"

#include <QTest>

using namespace greenlight::core;
using namespace greenlight::core::safety;

namespace {

// "state@time" entries applied in order: what the intersection showed before.
SignalDisplay displayFrom(const QStringList &history)
{
    SignalDisplay display;
    for (const QString &entry : history) {
        const QStringList parts = entry.split(QLatin1Char('@'));
        const std::string state = parts.at(0).toStdString();
        const double time = parts.at(1).toDouble();
        if (display.size() == 0)
            display = SignalDisplay(state, time);
        else
            display.apply(state, time);
    }
    return display;
}

QString describe(const std::vector<Violation> &violations)
{
    QString out;
    for (const Violation &v : violations)
        out += QString::fromStdString(v.rule + ": " + v.reason + "\n");
    return out;
}

// plain: the netconvert programme; crossings: pedestrian clearance, all-red and red-amber.
const QString P0 = QStringLiteral("GGgrrrGGgrrr");
const QString P1 = QStringLiteral("yyyrrryyyrrr");
const QString P2 = QStringLiteral("rrrGGgrrrGGg");
const QString P3 = QStringLiteral("rrryyyrrryyy");
const QString RED = QStringLiteral("rrrrrrrrrrrr");
const QString FLASH = QStringLiteral("oooooooooooo");
const QString C0 = QStringLiteral("GgGgrrrrrGrG");
const QString C1 = QStringLiteral("GgGgrrrrrrrr");
const QString C2 = QStringLiteral("yyyyrrrrrrrr");
const QString C3 = QStringLiteral("rrrrrrrrrrrr");
const QString C4 = QStringLiteral("rrrruuuurrrr");
const QString C5 = QStringLiteral("rrrrGgGgGrGr");

QString at(const QString &state, double time)
{
    return state + QLatin1Char('@') + QString::number(time);
}

} // namespace

class TestSafetyValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void transitions_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QStringList>("history");
        QTest::addColumn<QString>("next");
        QTest::addColumn<double>("time");
        QTest::addColumn<QString>("rule");          // empty: must pass
        QTest::addColumn<QStringList>("fragments");  // in the reason of a violation of `rule`

        // S1: conflicting movements never go together; permissive only as the programme shows it.
        QTest::newRow("S1 pass: the programme's permissive left")
            << "plain" << QStringList{at(P3, 0)} << P0 << 4.0 << "" << QStringList{};
        QTest::newRow("S1 fail: crossing greens")
            << "plain" << QStringList{at(P0, 0)} << "GGgGrrGGgrrr" << 10.0 << "S1"
            << QStringList{"movement 0 (N right) would be green while conflicting movement 3 (E right) is green"};
        QTest::newRow("S1 fail: permissive pair the programme never shows")
            << "plain" << QStringList{at(RED, 0)} << "rrgGrrrrrrrr" << 10.0 << "S1"
            << QStringList{"movement 2 (N left)", "movement 3 (E right)"};
        QTest::newRow("S1 fail: not a colour")
            << "plain" << QStringList{at(P0, 0)} << "GGgrrrGGgrrx" << 10.0 << "S1"
            << QStringList{"'x', which is not a signal colour"};

        // S2: every green ends in a yellow of the programme's length, at least 3 s.
        QTest::newRow("S2 pass: full yellow")
            << "plain" << QStringList{at(P0, 0), at(P1, 31)} << P2 << 35.0 << "" << QStringList{};
        QTest::newRow("S2 fail: yellow cut short")
            << "plain" << QStringList{at(P0, 0), at(P1, 31)} << P2 << 33.0 << "S2"
            << QStringList{"movement 0 (N right) yellow would last 2 s; it needs 4 s"};
        QTest::newRow("S2 fail: green ends without yellow")
            << "plain" << QStringList{at(P0, 0)} << P2 << 31.0 << "S2"
            << QStringList{"green would end without its 4 s yellow"};

        // S3: the red clearance after a yellow (or a walk) is never cut.
        QTest::newRow("S3 pass: all-red and red-amber served")
            << "crossings" << QStringList{at(C0, 0), at(C1, 30), at(C2, 35), at(C3, 38), at(C4, 40)} << C5 << 41.0
            << "" << QStringList{};
        QTest::newRow("S3 fail: all-red cut")
            << "crossings" << QStringList{at(C0, 0), at(C1, 30), at(C2, 35), at(C3, 38), at(C4, 39)} << C5 << 40.0
            << "S3" << QStringList{"would turn green 2 s after the yellow of conflicting movement", "red clearance is 3 s"};
        QTest::newRow("S3 fail: pedestrian clearance cut")
            << "crossings" << QStringList{at(C0, 0), at(C1, 30), at(C2, 33), at(C3, 36), at(C4, 38)} << C5 << 39.0
            << "S3" << QStringList{"9 s after the walk of conflicting crossing 9 (E) ended; the red clearance is 11 s"};

        // S4: green, yellow, red, (red-amber), green.
        QTest::newRow("S4 pass: red, red-amber, green")
            << "crossings" << QStringList{at(C2, 0), at(C3, 3), at(C4, 5)} << C5 << 6.0 << "" << QStringList{};
        QTest::newRow("S4 fail: yellow to green")
            << "plain" << QStringList{at(P0, 0), at(P1, 31)} << P0 << 35.0 << "S4"
            << QStringList{"movement 0 (N right) would go from yellow to green"};
        QTest::newRow("S4 fail: red-amber skipped")
            << "crossings" << QStringList{at(C2, 0), at(C3, 3)} << C5 << 10.0 << "S4"
            << QStringList{"from red to green without red-amber"};
        QTest::newRow("S4 fail: red to yellow")
            << "plain" << QStringList{at(RED, 0)} << P1 << 10.0 << "S4" << QStringList{"from red to yellow"};
        QTest::newRow("S4 fail: red-amber back to red")
            << "crossings" << QStringList{at(C3, 0), at(C4, 2)} << C3 << 3.0 << "S4"
            << QStringList{"from red-amber to red"};

        // S5: minimum green.
        QTest::newRow("S5 pass: minimum served")
            << "plain" << QStringList{at(P0, 0)} << P1 << 31.0 << "" << QStringList{};
        QTest::newRow("S5 fail: default minimum")
            << "plain" << QStringList{at(P3, 0), at(P0, 4)} << P1 << 6.0 << "S5"
            << QStringList{"has been green 2 s, less than its 5 s minimum green"};
        QTest::newRow("S5 fail: actuated minimum")
            << "lefts" << QStringList{at("rrrrryrrrrry", 0), at("rrrGGgrrrGGg", 3)} << "rrryyGrrryyG" << 10.0 << "S5"
            << QStringList{"has been green 7 s, less than its 10 s minimum green"};

        // S6: a started walk is not cut.
        QTest::newRow("S6 pass: full walk")
            << "crossings" << QStringList{at(C0, 0)} << C1 << 30.0 << "" << QStringList{};
        QTest::newRow("S6 fail: walk cut")
            << "crossings" << QStringList{at(C0, 0)} << C1 << 12.0 << "S6"
            << QStringList{"crossing 9 (E) would lose its walk after 12 s; a started walk gets its full 30 s"};

        // S9: flash only after the red clearance; leave it through all-red.
        QTest::newRow("S9 pass: flash after the red clearance")
            << "crossings" << QStringList{at(C0, 0), at(C1, 30), at(C2, 35), at(C3, 38)} << FLASH << 46.0 << ""
            << QStringList{};
        QTest::newRow("S9 fail: flash straight from green")
            << "plain" << QStringList{at(P0, 0)} << FLASH << 40.0 << "S9"
            << QStringList{"would flash straight from green"};
        QTest::newRow("S9 fail: flash before the red clearance")
            << "crossings" << QStringList{at(C0, 0), at(C1, 30), at(C2, 35), at(C3, 38)} << FLASH << 40.0 << "S9"
            << QStringList{"would start flashing after 2 s of red; its red clearance is 3 s"};
        QTest::newRow("S9 pass: leave flash through all-red")
            << "plain" << QStringList{at(FLASH, 0), at(RED, 100)} << P0 << 103.0 << "" << QStringList{};
        QTest::newRow("S9 fail: flash straight to green")
            << "plain" << QStringList{at(FLASH, 0)} << P0 << 100.0 << "S9"
            << QStringList{"leaving flash goes through all-red first"};
        QTest::newRow("S9 fail: all-red after flash too short")
            << "plain" << QStringList{at(FLASH, 0), at(RED, 100)} << P0 << 101.0 << "S9"
            << QStringList{"would leave flash after 1 s of all-red; it needs 3 s"};
    }
    void transitions()
    {
        QFETCH(QString, fixture);
        QFETCH(QStringList, history);
        QFETCH(QString, next);
        QFETCH(double, time);
        QFETCH(QString, rule);
        QFETCH(QStringList, fragments);
        const ProgramTiming timing(safetyfixtures::byName(fixture.toStdString()));
        const TransitionValidator validator(timing);
        const std::vector<Violation> violations = validator.validate(displayFrom(history), next.toStdString(), time);
        if (rule.isEmpty()) {
            QVERIFY2(violations.empty(), qPrintable(describe(violations)));
            return;
        }
        bool found = false;
        for (const Violation &v : violations) {
            if (v.rule != rule.toStdString())
                continue;
            bool all = true;
            for (const QString &f : fragments)
                all = all && QString::fromStdString(v.reason).contains(f);
            found = found || all;
        }
        QVERIFY2(found, qPrintable(QStringLiteral("expected %1 with %2, got:\n%3")
                                       .arg(rule, fragments.join(QStringLiteral(" | ")), describe(violations))));
    }

    void programmeStatesAreSafe_data()
    {
        QTest::addColumn<QString>("fixture");
        for (const auto &x : safetyfixtures::all())
            QTest::newRow(x.id.c_str()) << QString::fromStdString(x.id);
    }
    void programmeStatesAreSafe()
    {
        QFETCH(QString, fixture);
        const Intersection x = safetyfixtures::byName(fixture.toStdString());
        const ProgramTiming timing(x);
        const TransitionValidator validator(timing);
        for (const Phase &p : x.phases)
            QVERIFY2(validator.validateState(p.state).empty(), p.state.c_str());
        // The unmodified programme, run for three cycles, breaks nothing.
        SignalDisplay display;
        for (const auto &[time, state] : safetyfixtures::programmeRun(x, 3)) {
            if (display.size() > 0) {
                const auto broken = validator.validate(display, state, time);
                QVERIFY2(broken.empty(), qPrintable(describe(broken)));
                display.apply(state, time);
            } else {
                display = SignalDisplay(state, time);
            }
        }
        QVERIFY(!validator.validateState("GGg").empty()); // wrong length
    }

    // S7, S8: leases with an expiry, one holder, take-over only upwards and with a reason.
    void leases_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("S7 pass: acquire a free intersection") << "acquire free" << true << "granted for 120 s";
        QTest::newRow("S8 fail: acquire one held by another") << "acquire held" << false
                                                              << "held by alice (operator) for \"incident\", 110 s left";
        QTest::newRow("S7 pass: the holder renews") << "renew holder" << true << "renewed for 300 s";
        QTest::newRow("S7 fail: another renews") << "renew other" << false << "only the holder may renew";
        QTest::newRow("S7 pass: expiry capped at the maximum") << "acquire long" << true << "capped at the 600 s maximum";
        QTest::newRow("S7 fail: no reason") << "acquire no reason" << false << "needs a reason";
        QTest::newRow("S8 pass: higher role takes over with a reason") << "takeover higher" << true
                                                                       << "took over from alice (operator): ambulance";
        QTest::newRow("S8 fail: same role cannot take over") << "takeover same" << false
                                                             << "taking over needs a role above operator";
        QTest::newRow("S8 fail: take-over needs a reason") << "takeover no reason" << false << "needs a reason";
        QTest::newRow("S7 fail: another cannot release") << "release other" << false << "only the holder may release";
        QTest::newRow("S7 pass: the holder releases") << "release holder" << true << "released";
        QTest::newRow("S7 pass: a lapsed lease frees the intersection") << "acquire lapsed" << true << "granted";
    }
    void leases()
    {
        QFETCH(QString, op);
        QFETCH(bool, accepted);
        QFETCH(QString, fragment);
        LeaseTable table;
        QVERIFY(table.acquire({"X", "alice", "operator", 1, "incident", 120}, 0).accepted);
        const LeaseRequest bob{"X", "bob", "operator", 1, "queue", 120};
        const LeaseRequest supervisor{"X", "sam", "supervisor", 2, "ambulance", 120};
        LeaseResult r;
        if (op == QLatin1String("acquire free"))
            r = table.acquire({"Y", "bob", "operator", 1, "queue", 120}, 10);
        else if (op == QLatin1String("acquire held"))
            r = table.acquire(bob, 10);
        else if (op == QLatin1String("renew holder"))
            r = table.renew("X", "alice", 300, 10);
        else if (op == QLatin1String("renew other"))
            r = table.renew("X", "bob", 300, 10);
        else if (op == QLatin1String("acquire long"))
            r = table.acquire({"Y", "bob", "operator", 1, "queue", 3600}, 10);
        else if (op == QLatin1String("acquire no reason"))
            r = table.acquire({"Y", "bob", "operator", 1, "", 60}, 10);
        else if (op == QLatin1String("takeover higher"))
            r = table.takeOver(supervisor, 10);
        else if (op == QLatin1String("takeover same"))
            r = table.takeOver(bob, 10);
        else if (op == QLatin1String("takeover no reason"))
            r = table.takeOver({"X", "sam", "supervisor", 2, "", 120}, 10);
        else if (op == QLatin1String("release other"))
            r = table.release("X", "bob", 10);
        else if (op == QLatin1String("release holder"))
            r = table.release("X", "alice", 10);
        else if (op == QLatin1String("acquire lapsed"))
            r = table.acquire(bob, 130);
        QCOMPARE(r.accepted, accepted);
        QVERIFY2(QString::fromStdString(r.reason).contains(fragment), r.reason.c_str());
        if (op == QLatin1String("acquire long"))
            QCOMPARE(r.lease->expiresS, 610.0);
        if (op == QLatin1String("takeover higher")) {
            QCOMPARE(r.previous->holder, std::string("alice"));
            QCOMPARE(table.leaseOf("X", 11)->holder, std::string("sam"));
        }
    }

    void leaseExpiryAndLostHolder()
    {
        LeaseTable table(300);
        QVERIFY(table.acquire({"X", "alice", "operator", 1, "incident", 120}, 0).accepted);
        QVERIFY(table.acquire({"Y", "alice", "operator", 1, "incident", 500}, 0).accepted);
        QVERIFY(table.acquire({"Z", "bob", "operator", 1, "queue", 60}, 0).accepted);
        QCOMPARE(table.leaseOf("Y", 1)->expiresS, 300.0);
        QVERIFY(table.expire(59).empty());
        const auto lapsed = table.expire(60);
        QCOMPARE(lapsed.size(), std::size_t(1));
        QCOMPARE(lapsed.front().intersectionId, std::string("Z"));
        const auto dropped = table.dropHolder("alice");
        QCOMPARE(dropped.size(), std::size_t(2));
        QVERIFY(table.leases(61).empty());
    }

    // S10: no command to an intersection not heard from within the freshness window.
    void freshness_data()
    {
        QTest::addColumn<QString>("intersection");
        QTest::addColumn<double>("now");
        QTest::addColumn<QString>("refusal"); // empty: fresh
        QTest::newRow("S10 pass: heard 3 s ago") << "X" << 103.0 << "";
        QTest::newRow("S10 pass: heard just inside the window") << "X" << 105.0 << "";
        QTest::newRow("S10 fail: stale") << "X" << 106.0 << "last heard 6 s ago, beyond the 5 s freshness window";
        QTest::newRow("S10 fail: never heard") << "Y" << 100.0 << "has not reported its state";
    }
    void freshness()
    {
        QFETCH(QString, intersection);
        QFETCH(double, now);
        QFETCH(QString, refusal);
        FreshnessGuard guard(5.0);
        guard.heard("X", 90);
        guard.heard("X", 100);
        guard.heard("X", 95); // late report does not move it back
        const auto why = guard.refusal(intersection.toStdString(), now);
        QCOMPARE(guard.isFresh(intersection.toStdString(), now), refusal.isEmpty());
        if (!refusal.isEmpty())
            QVERIFY2(why && QString::fromStdString(*why).contains(refusal), why ? why->c_str() : "fresh");
    }
};

QTEST_GUILESS_MAIN(TestSafetyValidator)
#include "tst_safety_validator.moc"
