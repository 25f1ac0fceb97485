#include "core/safety/conflictmonitor.h"
#include "core/safety/overriderunner.h"
#include "tst_safety_fixtures.h"

#include <QTest>

#include <random>

using namespace greenlight::core;
using namespace greenlight::core::safety;

namespace {

// A field that behaves as SUMO's traffic lights do: the programme runs by itself until a state is
// set, the set state stays until the next one, and a hand-back restarts the programme at the
// start of a phase. What the field shows is read after each step. With a programme delay, the
// programme's own changes are seen that much after they were due (a set state never is).
class FakeField
{
public:
    explicit FakeField(const Intersection &x, double programmeDelayS = 0) : m_x(x), m_delayS(programmeDelayS) {}

    // Runs the programme up to time t.
    void advanceTo(double t)
    {
        while (!m_online
               && m_phaseStart + m_x.phases[static_cast<std::size_t>(m_phase)].durationS <= t - m_delayS + 1e-9) {
            m_phaseStart += m_x.phases[static_cast<std::size_t>(m_phase)].durationS;
            m_phase = (m_phase + 1) % static_cast<int>(m_x.phases.size());
        }
    }
    std::string state() const { return m_online ? m_state : m_x.phases[static_cast<std::size_t>(m_phase)].state; }
    void apply(const FieldAction &action, double t)
    {
        if (action.kind == FieldAction::Kind::Show) {
            m_online = true;
            m_state = action.state;
        } else if (action.kind == FieldAction::Kind::HandBack) {
            m_online = false;
            m_phase = action.phase;
            m_phaseStart = t;
            ++handBacks;
        }
    }
    bool online() const { return m_online; }
    int phase() const { return m_phase; }
    int handBacks = 0;

private:
    Intersection m_x;
    double m_delayS = 0;
    bool m_online = false;
    std::string m_state;
    int m_phase = 0;
    double m_phaseStart = 0;
};

// The runner driving a fake field, watched by the independent monitor, one step at a time.
class Loop
{
public:
    Loop(const Intersection &x, double stepS, double programmeDelayS = 0)
        : m_x(x), runner(x, {}, stepS), field(x, programmeDelayS), m_stepS(stepS)
    {
        monitor.addIntersection(x);
    }
    // One simulation step: the field moves, the runner and monitor read it, the runner acts.
    void step(bool act = true)
    {
        t += m_stepS;
        field.advanceTo(t);
        const std::string shown = field.state();
        runner.observe(shown, t);
        monitor.observe(m_x.id, t, shown);
        if (act)
            field.apply(runner.due(t), t);
    }
    void run(double seconds)
    {
        const double until = t + seconds;
        while (t + m_stepS <= until + 1e-9)
            step();
    }
    Plan command(CommandKind kind, int phase = -1)
    {
        Plan plan = runner.command(Command{kind, phase}, t);
        field.apply(runner.due(t), t);
        return plan;
    }
    QString report() const { return QString::fromStdString(monitor.summary()); }

private:
    Intersection m_x;

public:
    OverrideRunner runner;
    FakeField field;
    ConflictMonitor monitor;
    double t = 0;

private:
    double m_stepS;
};

} // namespace

class TestSafetyRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void unknownStateRefused()
    {
        OverrideRunner runner(safetyfixtures::plainNetconvert());
        const Plan plan = runner.command(Command{CommandKind::HoldPhase}, 0);
        QVERIFY(!plan.accepted);
        QVERIFY2(QString::fromStdString(plan.reason).contains("not known"), plan.reason.c_str());
        QCOMPARE(runner.due(0).kind, FieldAction::Kind::None);
    }

    // A hold in the middle of a green is shown at once and outlasts the programme's phase.
    void holdIsEffectiveAndOutlastsThePhase()
    {
        Loop loop(safetyfixtures::plainNetconvert(), 1.0);
        loop.run(10);
        const std::string green = loop.field.state();
        QCOMPARE(green, std::string("GGgrrrGGgrrr"));
        const Plan plan = loop.command(CommandKind::HoldPhase);
        QVERIFY2(plan.accepted, plan.reason.c_str());
        QCOMPARE(loop.runner.stage(), RunnerStage::Pending);
        loop.step();
        QCOMPARE(loop.runner.stage(), RunnerStage::Effective);
        QCOMPARE(loop.runner.effectiveSinceS(), 11.0);
        loop.run(120); // the programme alone would have left this green after 31 s
        QCOMPARE(loop.field.state(), green);
        QCOMPARE(loop.runner.stage(), RunnerStage::Effective);
        QVERIFY2(loop.monitor.total() == 0, qPrintable(loop.report()));
    }

    // Advance early in a green waits for the minimum green while the field stays frozen, then
    // runs the programme's own yellow before the next green becomes effective.
    void advanceWaitsThenClears()
    {
        Loop loop(safetyfixtures::plainNetconvert(), 1.0);
        loop.run(2); // 2 s into phase 0 (minimum green 5 s)
        const Plan plan = loop.command(CommandKind::Advance);
        QVERIFY2(plan.accepted, plan.reason.c_str());
        QVERIFY2(QString::fromStdString(plan.reason).contains("minimum green"), plan.reason.c_str());
        QVERIFY(loop.field.online()); // frozen on what it showed
        QCOMPARE(plan.targetPhase, 2);
        double effectiveAt = -1;
        for (int i = 0; i < 30 && effectiveAt < 0; ++i) {
            loop.step();
            if (loop.runner.stage() == RunnerStage::Effective)
                effectiveAt = loop.t;
        }
        QVERIFY(effectiveAt > 0);
        // green until at least 5 s, then 4 s of the programme's yellow
        QVERIFY2(effectiveAt >= 5 + 4, qPrintable(QString::number(effectiveAt)));
        QCOMPARE(loop.field.state(), std::string("rrrGGgrrrGGg"));
        QVERIFY2(loop.monitor.total() == 0, qPrintable(loop.report()));
    }

    // Restore hands the intersection back and the programme runs again by itself.
    void restoreHandsBack()
    {
        Loop loop(safetyfixtures::fourPhaseLefts(), 1.0);
        loop.run(40);
        QVERIFY(loop.command(CommandKind::GoToPhase, loop.runner.timing().greenPhases().back()).accepted);
        loop.run(60);
        QCOMPARE(loop.runner.stage(), RunnerStage::Effective);
        const Plan restore = loop.command(CommandKind::Restore);
        QVERIFY2(restore.accepted, restore.reason.c_str());
        QCOMPARE(loop.runner.stage(), RunnerStage::Restoring);
        for (int i = 0; i < 120 && loop.field.online(); ++i)
            loop.step();
        QVERIFY(!loop.field.online());
        QCOMPARE(loop.field.handBacks, 1);
        QCOMPARE(loop.runner.stage(), RunnerStage::Programme);
        // the programme moves on by itself
        const std::string before = loop.field.state();
        loop.run(200);
        QVERIFY(loop.field.state() != before || loop.field.phase() != restore.targetPhase);
        QVERIFY2(loop.monitor.total() == 0, qPrintable(loop.report()));
        // a restore with nothing to restore changes nothing
        const Plan again = loop.command(CommandKind::Restore);
        QVERIFY(again.accepted);
        QVERIFY(!loop.field.online());
    }

    // Flash is entered through yellow and red, and left through all-red.
    void flashAndBack()
    {
        Loop loop(safetyfixtures::crossingsAllRed(), 1.0);
        loop.run(25);
        QVERIFY(loop.command(CommandKind::Flash).accepted);
        loop.run(30);
        QCOMPARE(loop.runner.stage(), RunnerStage::Effective);
        QVERIFY(QString::fromStdString(loop.field.state()).contains('o'));
        QVERIFY(loop.command(CommandKind::Restore).accepted);
        loop.run(60);
        QCOMPARE(loop.runner.stage(), RunnerStage::Programme);
        QVERIFY2(loop.monitor.total() == 0, qPrintable(loop.report()));
    }

    // A second command in the same step as the first, whose first change the field has not shown
    // yet: the yellow that change started is still served in full.
    void secondCommandBeforeTheFirstIsSeen()
    {
        Loop loop(safetyfixtures::plainNetconvert(), 1.0);
        loop.run(20);
        QVERIFY(loop.command(CommandKind::Flash).accepted);
        QVERIFY(loop.runner.awaitingField());
        QVERIFY(loop.command(CommandKind::Flash).accepted);
        loop.run(30);
        QCOMPARE(loop.runner.stage(), RunnerStage::Effective);
        QVERIFY2(loop.monitor.total() == 0, qPrintable(loop.report()));
    }

    // When the loop acts late (a slow step), later steps move later: no clearance is shortened.
    void lateStepsShiftTheRest()
    {
        Loop loop(safetyfixtures::fourPhaseLefts(), 0.5);
        loop.run(30);
        QVERIFY(loop.command(CommandKind::Advance).accepted);
        std::mt19937 random(7);
        std::bernoulli_distribution skip(0.6);
        for (int i = 0; i < 400; ++i)
            loop.step(!skip(random));
        QVERIFY2(loop.monitor.total() == 0, qPrintable(loop.report()));
        QCOMPARE(loop.runner.stage(), RunnerStage::Effective);
    }

    // Random commands at random moments on every fixture and two step lengths, with the
    // programme's own changes seen on time or a step late: the monitor, reading only what the
    // field shows, counts nothing.
    void randomCommandsStayLegal_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<double>("stepS");
        QTest::addColumn<int>("seed");
        QTest::addColumn<bool>("lateProgramme");
        for (const Intersection &x : safetyfixtures::all())
            for (double stepS : {1.0, 0.1})
                for (int seed = 1; seed <= 4; ++seed)
                    for (bool late : {false, true})
                        QTest::addRow("%s step %.1f seed %d%s", x.id.c_str(), stepS, seed, late ? " late programme" : "")
                            << QString::fromStdString(x.id) << stepS << seed << late;
    }
    void randomCommandsStayLegal()
    {
        QFETCH(QString, fixture);
        QFETCH(double, stepS);
        QFETCH(int, seed);
        QFETCH(bool, lateProgramme);
        Loop loop(safetyfixtures::byName(fixture.toStdString()), stepS, lateProgramme ? stepS : 0.0);
        loop.run(60);
        std::mt19937 random(static_cast<std::mt19937::result_type>(seed));
        std::uniform_real_distribution<double> gap(0.1, 20.0);
        std::uniform_int_distribution<int> kind(0, 4);
        std::uniform_int_distribution<int> phase(0, loop.runner.timing().phaseCount() - 1);
        int accepted = 0;
        int effective = 0;
        for (int i = 0; i < 150; ++i) {
            loop.run(gap(random));
            if (loop.runner.stage() == RunnerStage::Effective)
                ++effective;
            if (loop.command(static_cast<CommandKind>(kind(random)), phase(random)).accepted)
                ++accepted;
        }
        loop.run(120);
        QVERIFY2(accepted > 60, qPrintable(QString::number(accepted)));
        QVERIFY2(effective > 10, qPrintable(QString::number(effective)));
        QVERIFY2(loop.monitor.total() == 0 && loop.monitor.malformed() == 0, qPrintable(loop.report()));
    }
};

QTEST_APPLESS_MAIN(TestSafetyRunner)
#include "tst_safety_runner.moc"
