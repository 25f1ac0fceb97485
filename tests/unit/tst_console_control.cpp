// The console's control side without a gateway: the list of leases and overrides, the phase
// diagram's model, the selected intersection's control state, and commands refused before they
// are sent (not logged in, link down).

#include "console/controlclient.h"
#include "console/controllistmodel.h"
#include "console/gatewaylink.h"
#include "console/movementmodel.h"
#include "console/phasemodel.h"
#include "console/selectedcontrol.h"
#include "console/selectedintersection.h"
#include "console/statestore.h"
#include "tst_console_fixtures.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace greenlight;
using console::ControlListModel;
using console::MovementModel;
using console::PhaseModel;
using console::StateStore;
namespace fx = greenlight::testfixtures;

using fx::column;

class TestConsoleControl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listFollowsControls()
    {
        StateStore store;
        store.setLayout(fx::smallCity());
        ControlListModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);

        auto first = fx::snapshot(1);
        first.controls.push_back(fx::leaseOn(2, "ola", 5000000));
        first.controls.push_back(fx::overrideOn(0, "lin", core::OverrideKind::Hold, "k-1",
                                                core::OverrideStage::Pending, 3000000, 2));
        QSignalSpy count(&model, &ControlListModel::countChanged);
        QCOMPARE(store.applyBatch(first), StateStore::ApplyResult::Applied);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(count.count(), 1);
        // By intersection name: "Harbour Rd & 1st Ave" (J0) before "Harbour Rd & Mill Lane" (J2).
        QCOMPARE(column(model, ControlListModel::IntersectionIdRole), (QStringList{"J0", "J2"}));
        const QModelIndex held = model.index(0, 0);
        QCOMPARE(model.data(held, ControlListModel::HolderRole).toString(), QString("lin"));
        QCOMPARE(model.data(held, ControlListModel::HolderRoleRole).toString(), QString("officer"));
        QCOMPARE(model.data(held, ControlListModel::KindRole).toString(), QString("Hold · phase 3"));
        QCOMPARE(model.data(held, ControlListModel::StageRole).toString(), QString("pending"));
        QCOMPARE(model.data(held, ControlListModel::IntersectionRole).toInt(), 0);
        QCOMPARE(model.data(model.index(1, 0), ControlListModel::KindRole).toString(), QString("Control"));
        QCOMPARE(model.data(model.index(1, 0), ControlListModel::StageRole).toString(), QString());

        // The stream confirms the override: that row changes, nothing moves.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        auto effective = fx::delta(2, 101);
        effective.controls.push_back(fx::overrideOn(0, "lin", core::OverrideKind::Hold, "k-1",
                                                    core::OverrideStage::Effective, 3000000, 2));
        store.applyBatch(effective);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(model.data(model.index(0, 0), ControlListModel::StageRole).toString(), QString("effective"));

        // Sorting by holder, by expiry, and the same key again reverses.
        model.sortBy(ControlListModel::ByHolder);
        QCOMPARE(column(model, ControlListModel::HolderRole), (QStringList{"lin", "ola"}));
        model.sortBy(ControlListModel::ByHolder);
        QVERIFY(model.descending());
        QCOMPARE(column(model, ControlListModel::HolderRole), (QStringList{"ola", "lin"}));
        model.sortBy(ControlListModel::ByExpiry);
        QVERIFY(!model.descending());
        QCOMPARE(column(model, ControlListModel::IntersectionIdRole), (QStringList{"J0", "J2"}));
        model.sortBy(ControlListModel::ByKind);
        QCOMPARE(column(model, ControlListModel::KindRole), (QStringList{"Control", "Hold · phase 3"}));

        // New rows land in order; freed ones leave.
        auto more = fx::delta(3, 102);
        more.controls.push_back(fx::overrideOn(3, "max", core::OverrideKind::Flash, "k-2",
                                               core::OverrideStage::Pending, 4000000, -1));
        more.controls.push_back(fx::freed(2));
        store.applyBatch(more);
        QCOMPARE(column(model, ControlListModel::KindRole), (QStringList{"Flash", "Hold · phase 3"}));
        QCOMPARE(model.count(), 2);

        // A snapshot without controls empties it; a new layout too.
        store.applyBatch(fx::snapshot(10));
        QCOMPARE(model.rowCount(), 0);
        store.setLayout(fx::smallCity("v2"));
        QCOMPARE(model.rowCount(), 0);
    }

    void phasesServeMovements()
    {
        StateStore store;
        store.setLayout(fx::smallCity());
        PhaseModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setIntersection(1);
        // Of "Grr", "yrr", "rGG", "ryy" only the two green phases can be gone to.
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0, 0), PhaseModel::PhaseIndexRole).toInt(), 0);
        QCOMPARE(model.data(model.index(1, 0), PhaseModel::PhaseIndexRole).toInt(), 2);
        QCOMPARE(model.data(model.index(0, 0), PhaseModel::NameRole).toString(), QString("Harbour Rd"));
        const QVariantList served = model.data(model.index(1, 0), PhaseModel::MovementsRole).toList();
        QCOMPARE(served.size(), 2);  // the left turn from the north and the crossing
        QCOMPARE(served.at(0).toMap().value("side").toInt(), 0);
        QCOMPARE(served.at(0).toMap().value("turn").toString(), QString("left"));
        QVERIFY(served.at(0).toMap().value("protectedGreen").toBool());
        QVERIFY(served.at(1).toMap().value("pedestrian").toBool());
        QCOMPARE(model.data(model.index(0, 0), PhaseModel::SummaryRole).toString(), QString("W \u2191"));

        // The live phase and the override's target follow the store.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        auto live = fx::snapshot(1);
        live.controls.push_back(fx::overrideOn(1, "lin", core::OverrideKind::GoToPhase, "k-1",
                                               core::OverrideStage::Pending, 3000000, 2));
        store.applyBatch(live);
        QVERIFY(model.data(model.index(0, 0), PhaseModel::CurrentRole).toBool());
        QVERIFY(!model.data(model.index(1, 0), PhaseModel::CurrentRole).toBool());
        QVERIFY(model.data(model.index(1, 0), PhaseModel::TargetRole).toBool());
        QVERIFY(!model.data(model.index(0, 0), PhaseModel::TargetRole).toBool());
        QVERIFY(changed.count() >= 1);

        QVERIFY(PhaseModel::isGreenPhase("GgrrGg"));
        QVERIFY(!PhaseModel::isGreenPhase("yyrryy"));
        QVERIFY(!PhaseModel::isGreenPhase("rrrr"));
        QVERIFY(!PhaseModel::isGreenPhase("uGrr"));
        model.setIntersection(-1);
        QCOMPARE(model.rowCount(), 0);
    }

    void sharedSignalShowsEveryTurnItLetsGo()
    {
        // The west signal also lets traffic turn right: the phase it is green in says so.
        auto city = fx::smallCity();
        auto &west = city->intersections[1].signalGroups[0];
        west.moreMovements.push_back({west.fromSegmentId, west.toSegmentId + "-right", core::Turn::Right});
        StateStore store;
        store.setLayout(city);
        PhaseModel phases(&store);
        phases.setIntersection(1);
        QCOMPARE(phases.data(phases.index(0, 0), PhaseModel::SummaryRole).toString(), QString("W \u2191 \u2192"));
        MovementModel movements(&store);
        movements.setIntersection(1);
        QCOMPARE(movements.index(0, 0).data(MovementModel::TurnSymbolRole).toString(), QString("\u2191\u2192"));
        QCOMPARE(movements.index(0, 0).data(MovementModel::TurnRole).toString(), QString("straight, right"));
    }

    // Nothing is sent without a login, and nothing while the link is down; the operator is told.
    void commandsRefusedBeforeSending()
    {
        StateStore store;
        store.setLayout(fx::smallCity());
        console::GatewayLink link(&store);  // never started: down
        console::ControlClient client(&link, &store);
        console::SelectedIntersection selection(&store);
        console::SelectedControl control(&selection, &store, &client, &link);
        QSignalSpy notices(&client, &console::ControlClient::notice);
        selection.setIndex(1);

        QVERIFY(!control.canTakeControl());
        QVERIFY(!control.canCommand());
        QVERIFY(!control.blockedText().isEmpty());
        QVERIFY(!control.takeControl(QStringLiteral("crash")));
        QCOMPARE(control.commandState(), console::SelectedControl::Failed);
        QCOMPARE(control.commandText(), QString("Take control not sent: you are not logged in"));
        QCOMPARE(notices.count(), 1);
        QVERIFY(notices.at(0).at(1).toBool());

        // Every action alike; a command to no intersection is dropped silently.
        QVERIFY(client.send(console::ControlClient::Action::Hold, 1, QStringLiteral("x")).empty());
        QVERIFY2(notices.last().at(0).toString().contains("not logged in"), qPrintable(notices.last().at(0).toString()));
        QVERIFY(client.send(console::ControlClient::Action::Hold, 7, QStringLiteral("x")).empty());
        QCOMPARE(notices.count(), 2);  // no such intersection: nothing to say about it
    }

    void heldIntersectionShowsItsHolder()
    {
        StateStore store;
        store.setLayout(fx::smallCity());
        console::GatewayLink link(&store);
        console::ControlClient client(&link, &store);
        client.setClock([] { return qint64(1000000); });
        console::SelectedIntersection selection(&store);
        console::SelectedControl control(&selection, &store, &client, &link);
        selection.setIndex(2);
        QVERIFY(!control.isHeld());

        QSignalSpy changed(&control, &console::SelectedControl::changed);
        auto first = fx::snapshot(1);
        first.controls.push_back(fx::overrideOn(2, "ola", core::OverrideKind::Flash, "k-9",
                                                core::OverrideStage::Effective, 1300000, -1));
        store.applyBatch(first);
        QVERIFY(changed.count() >= 1);
        QVERIFY(control.isHeld());
        QVERIFY(!control.isMine());
        QCOMPARE(control.holder(), QString("ola"));
        QCOMPARE(control.holderRole(), QString("officer"));
        QCOMPARE(control.overrideText(), QString("Flash"));
        QVERIFY(control.overrideEffective());
        QCOMPARE(control.overridePhase(), -1);
        QCOMPARE(control.leaseExpires(), qint64(1300000));
        QCOMPARE(client.now(), qint64(1000000));
        QVERIFY(!control.canTakeOver());  // not logged in

        selection.setIndex(0);
        QVERIFY(!control.isHeld());
        QVERIFY(!control.hasOverride());
    }
};

QTEST_GUILESS_MAIN(TestConsoleControl)
#include "tst_console_control.moc"
