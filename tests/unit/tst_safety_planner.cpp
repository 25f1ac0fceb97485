#include "core/safety/conflictmonitor.h"
#include "core/safety/programtiming.h"
#include "core/safety/transitionplanner.h"
#include "core/safety/transitionvalidator.h"
#include "tst_safety_fixtures.h"

#include <QTest>

#include <algorithm>
#include <random>

using namespace greenlight::core;
using namespace greenlight::core::safety;

namespace {

// One intersection as the gateway would drive it: the programme runs, commands are planned,
// every step is checked by the validator and watched by the independent monitor.
class Rig
{
public:
    explicit Rig(const Intersection &x)
        : m_x(x), timing(m_x), planner(timing), validator(timing)
    {
        monitor.addIntersection(m_x);
    }

    // Shows the programme from t=0 for two full cycles, then up to the start of `phase`.
    void runProgrammeTo(int phase)
    {
        double t = 0;
        for (int cycle = 0; cycle < 3; ++cycle) {
            for (int p = 0; p < timing.phaseCount(); ++p) {
                show(timing.phase(p).state, t);
                if (cycle == 2 && p == phase)
                    return;
                t += timing.phase(p).durationS;
            }
        }
    }
    // Shows the programme from `phase` at time t on, for `count` phases (a hand-back).
    void resumeProgramme(int phase, double t, int count)
    {
        for (int k = 0; k < count; ++k) {
            const int p = (phase + k) % timing.phaseCount();
            show(timing.phase(p).state, t);
            t += timing.phase(p).durationS;
        }
    }
    // Shows every step of an accepted plan at its start time; the validator must accept each.
    void execute(const Plan &plan)
    {
        for (const PlanStep &step : plan.steps) {
            const auto broken = validator.validate(display, step.state, step.startS);
            for (const Violation &v : broken)
                validatorFindings.push_back(v.rule + ": " + v.reason + " at " + std::to_string(step.startS));
            show(step.state, step.startS);
        }
    }
    void show(const std::string &state, double t)
    {
        if (display.size() == 0)
            display = SignalDisplay(state, t);
        else
            display.apply(state, t);
        monitor.observe(m_x.id, t, state);
        now = t;
    }
    QString report() const
    {
        QString out = QString::fromStdString(monitor.summary());
        for (const std::string &f : validatorFindings)
            out += QString::fromStdString("validator: " + f + "\n");
        return out;
    }
    bool clean() const { return monitor.total() == 0 && validatorFindings.empty() && monitor.malformed() == 0; }

private:
    Intersection m_x;

public:
    ProgramTiming timing;
    TransitionPlanner planner;
    TransitionValidator validator;
    ConflictMonitor monitor;
    SignalDisplay display;
    std::vector<std::string> validatorFindings;
    double now = 0;
};

QString planText(const Plan &plan)
{
    QString out = QString::fromStdString(plan.reason) + "\n";
    for (const PlanStep &s : plan.steps)
        out += QStringLiteral("  %1 at %2 for %3\n").arg(QString::fromStdString(s.state)).arg(s.startS).arg(s.durationS);
    return out;
}

// How long each group showed yellow in a plan, for every yellow it started.
std::vector<std::pair<int, double>> yellowsOf(const std::string &before, const Plan &plan)
{
    std::vector<std::pair<int, double>> out;
    std::string shown = before;
    std::vector<double> yellowFrom(before.size(), -1);
    for (const PlanStep &step : plan.steps) {
        for (std::size_t g = 0; g < shown.size(); ++g) {
            if (step.state[g] == 'y' && shown[g] != 'y')
                yellowFrom[g] = step.startS;
            if (step.state[g] != 'y' && shown[g] == 'y' && yellowFrom[g] >= 0)
                out.emplace_back(static_cast<int>(g), step.startS - yellowFrom[g]);
        }
        shown = step.state;
    }
    return out;
}

} // namespace

class TestSafetyPlanner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Every pair of green phases of every fixture, early in the phase (minimum green pending) and
    // late, then back to the programme: each step valid, the monitor counts nothing.
    void everyPairOfGreenPhases_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<double>("elapsed");
        for (const Intersection &x : safetyfixtures::all()) {
            const ProgramTiming t(x);
            for (int from : t.greenPhases())
                for (int to : t.greenPhases())
                    for (double elapsed : {1.0, 60.0})
                        QTest::addRow("%s %d->%d after %g s", x.id.c_str(), from, to, elapsed)
                            << QString::fromStdString(x.id) << from << to << elapsed;
        }
    }
    void everyPairOfGreenPhases()
    {
        QFETCH(QString, fixture);
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(double, elapsed);
        Rig rig(safetyfixtures::byName(fixture.toStdString()));
        rig.runProgrammeTo(from);
        const std::string before = rig.display.state();
        const double start = rig.now;
        const Plan plan = rig.planner.plan(rig.display, {CommandKind::GoToPhase, to}, start + elapsed);
        QVERIFY2(plan.accepted, plan.reason.c_str());
        QVERIFY(rig.planner.check(rig.display, plan.steps).empty());
        QCOMPARE(plan.steps.back().state, rig.timing.phase(to).state);
        QVERIFY(plan.steps.back().hold);
        QCOMPARE(plan.targetPhase, to);
        for (std::size_t i = 1; i < plan.steps.size(); ++i)
            QVERIFY(plan.steps[i].startS >= plan.steps[i - 1].startS);
        // S2: every yellow at least the programme's and at least 3 s.
        for (const auto &[group, seconds] : yellowsOf(before, plan)) {
            QVERIFY(seconds >= 3.0);
            QVERIFY(seconds >= rig.timing.yellowS(group));
        }
        // S5: nothing changes before the leaving movements' minimum green.
        if (from != to) {
            double due = start + elapsed;
            for (int g = 0; g < rig.timing.groupCount(); ++g)
                if (isGreenLetter(before[static_cast<std::size_t>(g)])
                    && !isGreenLetter(rig.timing.letter(to, g)))
                    due = std::max(due, rig.display.group(g).sinceS
                                            + std::max(rig.timing.minGreenS(g), rig.timing.walkS(g)));
            QVERIFY2(plan.firstChangeS >= due - 1e-9, qPrintable(planText(plan)));
            if (due > start + elapsed + 1e-9)
                QVERIFY2(QString::fromStdString(plan.reason).contains(QStringLiteral("advancing in")),
                         plan.reason.c_str());
        }
        rig.execute(plan);

        // Hold a while, then give the intersection back to its programme.
        const Plan restore = rig.planner.plan(rig.display, {CommandKind::Restore, -1}, rig.now + 30);
        QVERIFY2(restore.accepted, restore.reason.c_str());
        QVERIFY(restore.handBack);
        rig.execute(restore);
        rig.resumeProgramme(restore.targetPhase, restore.handBackS, 2 * rig.timing.phaseCount());
        QVERIFY2(rig.clean(), qPrintable(rig.report() + planText(plan) + planText(restore)));
    }

    void advanceWaitsForMinimumGreen()
    {
        Rig rig(safetyfixtures::plainNetconvert());
        rig.runProgrammeTo(0); // phase 0 starts at t=140
        QCOMPARE(rig.now, 140.0);
        const Plan plan = rig.planner.plan(rig.display, {CommandKind::Advance, -1}, 142);
        QVERIFY2(plan.accepted, plan.reason.c_str());
        QCOMPARE(plan.reason, std::string("phase 0 has not served its 5 s minimum green; advancing in 3 s"));
        QCOMPARE(plan.firstChangeS, 145.0);
        QCOMPARE(plan.targetPhase, 2);
        QCOMPARE(plan.steps.size(), std::size_t(2)); // the programme's own yellow, then phase 2
        QCOMPARE(plan.steps[0].state, std::string("yyyrrryyyrrr"));
        QCOMPARE(plan.steps[0].phase, 1);
        QCOMPARE(plan.steps[0].durationS, 4.0);
        QCOMPARE(plan.steps[1].startS, 149.0);
        QCOMPARE(plan.steps[1].phase, 2);
        rig.execute(plan);
        QVERIFY2(rig.clean(), qPrintable(rig.report()));
    }

    void walkDelaysTheChange()
    {
        Rig rig(safetyfixtures::crossingsAllRed());
        rig.runProgrammeTo(0);
        const Plan plan = rig.planner.plan(rig.display, {CommandKind::GoToPhase, 5}, rig.now + 2);
        QVERIFY2(plan.accepted, plan.reason.c_str());
        QCOMPARE(plan.reason, std::string("crossing 9 (E) has not finished its 30 s walk; advancing in 28 s"));
        QCOMPARE(plan.firstChangeS, rig.now + 30);
        rig.execute(plan);
        QVERIFY2(rig.clean(), qPrintable(rig.report()));
    }

    // A controller joining two junctions: from X's north-south green straight to east-west at
    // both takes X's yellow and the 2 s all-red, not the 26 s the programme spends on Y's phase
    // in between.
    void joinedControllerChangesWithinItsClearance()
    {
        Rig rig(safetyfixtures::joinedJunctions());
        rig.runProgrammeTo(0);
        const double asked = rig.now + 10;
        const Plan plan = rig.planner.plan(rig.display, {CommandKind::GoToPhase, 6}, asked);
        QVERIFY2(plan.accepted, plan.reason.c_str());
        QCOMPARE(plan.firstChangeS, asked);
        QCOMPARE(plan.steps.front().state, std::string("yrrr"));
        QCOMPARE(plan.steps.front().durationS, 3.0);
        QCOMPARE(plan.steps.back().state, std::string("rGrG"));
        QCOMPARE(plan.steps.back().startS, asked + 5);
        rig.execute(plan);
        QVERIFY2(rig.clean(), qPrintable(rig.report() + planText(plan)));
    }

    void allRedAndRedAmberKept()
    {
        Rig rig(safetyfixtures::crossingsAllRed());
        rig.runProgrammeTo(1); // vehicles green, crossings in their clearance
        const Plan plan = rig.planner.plan(rig.display, {CommandKind::Advance, -1}, rig.now + 5);
        QVERIFY2(plan.accepted, plan.reason.c_str());
        QCOMPARE(plan.targetPhase, 5);
        std::vector<std::string> states;
        for (const PlanStep &s : plan.steps)
            states.push_back(s.state);
        QCOMPARE(states, std::vector<std::string>({"yyyyrrrrrrrr", "rrrrrrrrrrrr", "rrrruuuurrrr", "rrrrGgGgGrGr"}));
        QCOMPARE(plan.steps[0].durationS, 3.0);
        QCOMPARE(plan.steps[1].durationS, 2.0);
        QCOMPARE(plan.steps[2].durationS, 1.0);
        rig.execute(plan);
        QVERIFY2(rig.clean(), qPrintable(rig.report()));
    }

    void goToTransitionPhaseRefused_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("phase");
        QTest::addColumn<QString>("reason");
        QTest::newRow("yellow phase") << "plain" << 1
                                      << "phase 1 is a yellow or red transition, not a green phase; choose one of phases 0, 2";
        QTest::newRow("all-red phase") << "crossings" << 3 << "choose one of phases 0, 1, 5, 6";
        QTest::newRow("red-amber phase") << "crossings" << 9 << "phase 9 is a yellow or red transition";
        QTest::newRow("no such phase") << "lefts" << 8 << "phase 8 does not exist; the programme has 8 phases";
        QTest::newRow("negative") << "lefts" << -1 << "phase -1 does not exist";
    }
    void goToTransitionPhaseRefused()
    {
        QFETCH(QString, fixture);
        QFETCH(int, phase);
        QFETCH(QString, reason);
        Rig rig(safetyfixtures::byName(fixture.toStdString()));
        rig.runProgrammeTo(0);
        const Plan plan = rig.planner.plan(rig.display, {CommandKind::GoToPhase, phase}, rig.now + 10);
        QVERIFY(!plan.accepted);
        QVERIFY(plan.steps.empty());
        QVERIFY2(QString::fromStdString(plan.reason).contains(reason), plan.reason.c_str());
    }

    void holdStaysOrFinishesTheTransition()
    {
        Rig rig(safetyfixtures::plainNetconvert());
        rig.runProgrammeTo(2);
        Plan hold = rig.planner.plan(rig.display, {CommandKind::HoldPhase, -1}, rig.now + 3);
        QVERIFY(hold.accepted);
        QCOMPARE(hold.targetPhase, 2);
        QCOMPARE(hold.steps.size(), std::size_t(1));
        QCOMPARE(hold.steps[0].state, rig.display.state());
        QVERIFY(hold.steps[0].hold);

        // In the yellow after phase 2: finish it and hold phase 0.
        rig.show("rrryyyrrryyy", rig.now + 31);
        hold = rig.planner.plan(rig.display, {CommandKind::HoldPhase, -1}, rig.now + 1);
        QVERIFY(hold.accepted);
        QCOMPARE(hold.targetPhase, 0);
        QCOMPARE(hold.steps.back().state, std::string("GGgrrrGGgrrr"));
        QCOMPARE(hold.steps.back().startS, rig.now + 4);
        const Plan advance = rig.planner.plan(rig.display, {CommandKind::Advance, -1}, rig.now + 1);
        QCOMPARE(advance.targetPhase, 0);
        rig.execute(hold);
        QVERIFY2(rig.clean(), qPrintable(rig.report()));
    }

    void flashAndBack_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("from");
        for (const Intersection &x : safetyfixtures::all()) {
            const ProgramTiming t(x);
            for (int p = 0; p < t.phaseCount(); ++p)
                QTest::addRow("%s from phase %d", x.id.c_str(), p) << QString::fromStdString(x.id) << p;
        }
    }
    void flashAndBack()
    {
        QFETCH(QString, fixture);
        QFETCH(int, from);
        Rig rig(safetyfixtures::byName(fixture.toStdString()));
        rig.runProgrammeTo(from);
        const Plan flash = rig.planner.plan(rig.display, {CommandKind::Flash, -1}, rig.now + 0.5);
        QVERIFY2(flash.accepted, flash.reason.c_str());
        QVERIFY(flash.flash);
        QCOMPARE(flash.steps.back().state, rig.timing.flashState());
        rig.execute(flash);
        QVERIFY(rig.planner.plan(rig.display, {CommandKind::Advance, -1}, rig.now + 1).reason.find("flashing")
                != std::string::npos);
        const Plan back = rig.planner.plan(rig.display, {CommandKind::Restore, -1}, rig.now + 120);
        QVERIFY2(back.accepted, back.reason.c_str());
        QCOMPARE(back.steps.front().state, std::string(static_cast<std::size_t>(rig.timing.groupCount()), 'r'));
        QVERIFY(back.steps.back().startS - back.steps.front().startS >= rig.timing.flashExitRedS());
        rig.execute(back);
        rig.resumeProgramme(back.targetPhase, back.handBackS, rig.timing.phaseCount());
        QVERIFY2(rig.clean(), qPrintable(rig.report() + planText(flash) + planText(back)));
    }

    void restoreToTheProgrammesPhase()
    {
        Rig rig(safetyfixtures::crossingsAllRed());
        rig.runProgrammeTo(5);
        // The programme would be in its all-red after phase 6: continue to phase 0 and hand back.
        Plan restore = rig.planner.plan(rig.display, {CommandKind::Restore, 8}, rig.now + 40);
        QVERIFY2(restore.accepted, restore.reason.c_str());
        QCOMPARE(restore.targetPhase, 0);
        QVERIFY(restore.handBack);
        QVERIFY(!restore.steps.back().hold);
        // Already in the phase the programme is in: hand back at once, nothing changes.
        restore = rig.planner.plan(rig.display, {CommandKind::Restore, 5}, rig.now + 40);
        QVERIFY(restore.accepted);
        QCOMPARE(restore.steps.size(), std::size_t(1));
        QCOMPARE(restore.handBackS, rig.now + 40);
        QCOMPARE(restore.steps[0].state, rig.display.state());
    }

    void redAmberIsFinishedFirst()
    {
        Rig rig(safetyfixtures::crossingsAllRed());
        rig.runProgrammeTo(4); // red-amber for the east-west movements
        const Plan plan = rig.planner.plan(rig.display, {CommandKind::GoToPhase, 0}, rig.now + 0.5);
        QVERIFY2(plan.accepted, plan.reason.c_str());
        QCOMPARE(plan.steps.front().state, rig.timing.phase(5).state);
        rig.execute(plan);
        QVERIFY2(rig.clean(), qPrintable(rig.report() + planText(plan)));
    }

    // Random commands at random times, each one cutting into the plan before it; between
    // commands the plan (or, after a hand-back, the programme) runs on. Nothing may break a rule.
    void randomCommandsStayLegal_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("seed");
        for (const Intersection &x : safetyfixtures::all())
            for (int seed = 1; seed <= 8; ++seed)
                QTest::addRow("%s seed %d", x.id.c_str(), seed) << QString::fromStdString(x.id) << seed;
    }
    void randomCommandsStayLegal()
    {
        QFETCH(QString, fixture);
        QFETCH(int, seed);
        Rig rig(safetyfixtures::byName(fixture.toStdString()));
        rig.runProgrammeTo(0);
        std::mt19937 random(static_cast<std::mt19937::result_type>(seed));
        std::uniform_real_distribution<double> gap(0.2, 25.0);
        std::uniform_int_distribution<int> kind(0, 4);
        std::uniform_int_distribution<int> phase(0, rig.timing.phaseCount() - 1);
        Plan active;
        std::size_t shown = 0;
        int programmePhase = -1; // the programme's phase after a hand-back
        double programmePhaseStart = 0;
        double t = rig.now;
        int accepted = 0;
        for (int i = 0; i < 200; ++i) {
            const double next = t + gap(random);
            for (; shown < active.steps.size() && active.steps[shown].startS <= next; ++shown) {
                Plan one;
                one.steps = {active.steps[shown]};
                rig.execute(one);
                if (shown + 1 == active.steps.size() && active.handBack) {
                    programmePhase = active.targetPhase;
                    programmePhaseStart = active.handBackS;
                }
            }
            while (programmePhase >= 0
                   && programmePhaseStart + rig.timing.phase(programmePhase).durationS <= next) {
                programmePhaseStart += rig.timing.phase(programmePhase).durationS;
                programmePhase = (programmePhase + 1) % rig.timing.phaseCount();
                rig.show(rig.timing.phase(programmePhase).state, programmePhaseStart);
            }
            const Command command{static_cast<CommandKind>(kind(random)), phase(random)};
            const Command asked = command.kind == CommandKind::Restore && programmePhase >= 0
                ? Command{CommandKind::Restore, programmePhase}
                : command;
            const Plan plan = rig.planner.plan(rig.display, asked, next);
            if (plan.accepted) {
                QVERIFY(!plan.steps.empty());
                QVERIFY(plan.steps.front().startS >= next - 1e-9);
                active = plan;
                shown = 0;
                programmePhase = -1;
                ++accepted;
            }
            t = next;
        }
        QVERIFY(accepted > 60);
        QVERIFY2(rig.clean(), qPrintable(rig.report()));
    }

    void unsafeProgrammePhaseRefused()
    {
        Intersection x = safetyfixtures::plainNetconvert();
        x.phases[2].state = "rrrGGgrGrGGg"; // S straight green with the east-west movements
        const ProgramTiming timing(x);
        const TransitionPlanner planner(timing);
        const Plan plan = planner.plan(SignalDisplay(x.phases[0].state, 0), {CommandKind::GoToPhase, 2}, 100);
        QVERIFY(!plan.accepted);
        QVERIFY2(plan.reason.find("phase 2 cannot be shown safely: movement") != std::string::npos, plan.reason.c_str());
    }

    void unknownDisplayRefused()
    {
        const ProgramTiming timing(safetyfixtures::plainNetconvert());
        const TransitionPlanner planner(timing);
        const Plan plan = planner.plan(SignalDisplay("GGr", 0), {CommandKind::Advance, -1}, 10);
        QVERIFY(!plan.accepted);
        QVERIFY2(plan.reason.find("does not match its 12 signals") != std::string::npos, plan.reason.c_str());
        const Plan empty = planner.plan(SignalDisplay(), {CommandKind::HoldPhase, -1}, 10);
        QVERIFY(!empty.accepted);
    }
};

QTEST_GUILESS_MAIN(TestSafetyPlanner)
#include "tst_safety_planner.moc"
