// The console's list models and selection controller, checked with QAbstractItemModelTester and
// driven by a real StateStore.

#include "console/intersectionlistmodel.h"
#include "console/intersectionsearchmodel.h"
#include "console/movementmodel.h"
#include "console/selectedintersection.h"
#include "console/statestore.h"
#include "tst_console_fixtures.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace greenlight;
using console::IntersectionListModel;
using console::IntersectionSearchModel;
using console::MovementModel;
using console::SelectedIntersection;
using console::StateStore;
namespace fx = greenlight::testfixtures;

namespace {
using Ranges = std::vector<std::pair<int, int>>;

// The [first, last] rows of every dataChanged the spy saw.
Ranges rangesOf(const QSignalSpy &spy)
{
    Ranges out;
    for (const auto &call : spy)
        out.emplace_back(call.at(0).toModelIndex().row(), call.at(1).toModelIndex().row());
    return out;
}

using fx::column;
} // namespace

class TestModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void contiguousRanges()
    {
        QCOMPARE(IntersectionListModel::contiguousRanges({}), Ranges{});
        QCOMPARE(IntersectionListModel::contiguousRanges({4}), (Ranges{{4, 4}}));
        QCOMPARE(IntersectionListModel::contiguousRanges({5, 1, 2, 3, 9, 8, 2}), (Ranges{{1, 3}, {5, 5}, {8, 9}}));
    }

    void intersectionListFollowsTheStore()
    {
        StateStore store;
        IntersectionListModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy count(&model, &IntersectionListModel::countChanged);
        store.setLayout(fx::smallCity());
        QCOMPARE(resets.count(), 1);
        QCOMPARE(count.count(), 1);
        QCOMPARE(model.rowCount(), 4);
        const QModelIndex second = model.index(1, 0);
        QCOMPARE(second.data(IntersectionListModel::NameRole).toString(), QStringLiteral("Harbour Rd & 2nd Ave"));
        QCOMPARE(second.data(IntersectionListModel::IdRole).toString(), QStringLiteral("J1"));
        QCOMPARE(second.data(IntersectionListModel::IndexRole).toInt(), 1);
        QCOMPARE(second.data(IntersectionListModel::GroupCountRole).toInt(), 3);
        QCOMPARE(second.data(IntersectionListModel::PhaseCountRole).toInt(), 4);
        QCOMPARE(second.data(IntersectionListModel::PhaseIndexRole).toInt(), -1);
        QCOMPARE(second.data(IntersectionListModel::SummaryColourRole).toString(), QStringLiteral("unknown"));
        QCOMPARE(model.nameAt(3), QStringLiteral("Harbour Rd & Quay St"));
        QCOMPARE(model.nameAt(4), QString());
        const auto roles = model.roleNames();
        for (const char *name : {"name", "intersectionId", "intersectionIndex", "groupCount", "phaseIndex", "summaryColour"})
            QVERIFY2(roles.values().contains(name), name);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        store.applyBatch(fx::snapshot(1));
        QCOMPARE(rangesOf(changed), (Ranges{{0, 3}}));
        QCOMPARE(second.data(IntersectionListModel::PhaseIndexRole).toInt(), 0);
        QCOMPARE(second.data(IntersectionListModel::GreenCountRole).toInt(), 1);
        QCOMPARE(second.data(IntersectionListModel::SummaryColourRole).toString(), QStringLiteral("green"));

        // One delta touching 0, 1 and 3: two ranged signals, live roles only.
        changed.clear();
        auto d = fx::delta(2, 101);
        d.signals = {fx::signalsInPhase(3, 1, 104), fx::signalsInPhase(0, 1, 104), fx::signalsInPhase(1, 1, 104)};
        store.applyBatch(d);
        QCOMPARE(rangesOf(changed), (Ranges{{0, 1}, {3, 3}}));
        const auto changedRoles = changed.at(0).at(2).value<QList<int>>();
        QVERIFY(changedRoles.contains(IntersectionListModel::PhaseIndexRole));
        QVERIFY(!changedRoles.contains(IntersectionListModel::NameRole));
        QCOMPARE(model.index(3, 0).data(IntersectionListModel::SummaryColourRole).toString(), QStringLiteral("yellow"));

        // A new layout resets the model.
        store.setLayout(fx::smallCity("v2"));
        QCOMPARE(resets.count(), 2);
        QCOMPARE(model.rowCount(), 4);
    }

    // The map's hover label says who holds an intersection and what it is made to do.
    void holderOfAnIntersection()
    {
        StateStore store;
        IntersectionListModel model(&store);
        store.setLayout(fx::smallCity());
        auto batch = fx::snapshot(1);
        batch.controls.push_back(fx::leaseOn(1, "lin", 1000000));
        batch.controls.push_back(fx::overrideOn(3, "ola", core::OverrideKind::GoToPhase, "k-1",
                                                core::OverrideStage::Effective, 1000000, 2));
        QCOMPARE(store.applyBatch(batch), StateStore::ApplyResult::Applied);
        QCOMPARE(model.holderAt(0), QString());
        QCOMPARE(model.holderAt(1), QStringLiteral("held by lin"));
        QCOMPARE(model.holderAt(3), QStringLiteral("held by ola · phase 3"));
        QCOMPARE(model.holderAt(99), QString());
        QCOMPARE(model.holderAt(-1), QString());
    }

    void searchFindsByNameOrId()
    {
        StateStore store;
        IntersectionListModel list(&store);
        IntersectionSearchModel search;
        search.setSourceModel(&list);
        QAbstractItemModelTester tester(&search, QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.setLayout(fx::smallCity());
        QCOMPARE(search.count(), 4);
        // Sorted by name.
        QCOMPARE(column(search, IntersectionListModel::NameRole),
                 (QStringList{"Harbour Rd & 1st Ave", "Harbour Rd & 2nd Ave", "Harbour Rd & Mill Lane", "Harbour Rd & Quay St"}));

        QSignalSpy countChanged(&search, &IntersectionSearchModel::countChanged);
        search.setQuery(QStringLiteral("mill"));
        QVERIFY(countChanged.count() >= 1);
        QCOMPARE(search.count(), 1);
        QCOMPARE(search.intersectionAt(0), 2);
        QCOMPARE(search.intersectionAt(1), -1);

        search.setQuery(QStringLiteral("  QUAY "));
        QCOMPARE(column(search, IntersectionListModel::IdRole), QStringList{"J3"});

        search.setQuery(QStringLiteral("j1"));  // by id
        QCOMPARE(column(search, IntersectionListModel::IdRole), QStringList{"J1"});

        search.setQuery(QStringLiteral("Harbour"));
        QCOMPARE(search.count(), 4);
        search.setQuery(QStringLiteral("no such street"));
        QCOMPARE(search.count(), 0);
        search.setQuery(QString());
        QCOMPARE(search.count(), 4);

        // Live updates pass through without disturbing the filter.
        search.setQuery(QStringLiteral("Ave"));
        store.applyBatch(fx::snapshot(1));
        auto d = fx::delta(2, 101);
        d.signals = {fx::signalsInPhase(1, 2, 130)};
        store.applyBatch(d);
        QCOMPARE(search.count(), 2);
        QCOMPARE(search.index(1, 0).data(IntersectionListModel::PhaseIndexRole).toInt(), 2);
    }

    void sharedSignalNamesEveryStreetItLetsOnto()
    {
        // One field signal serving two ways out of the same approach: the operator sees both.
        auto city = fx::smallCity();
        city->intersections[2].signalGroups[0].moreMovements.push_back({"H2", "C2", core::Turn::Left});
        StateStore store;
        MovementModel model(&store);
        store.setLayout(city);
        model.setIntersection(2);
        QCOMPARE(model.count(), 3);
        QCOMPARE(model.index(0, 0).data(MovementModel::ToStreetRole).toString(), QStringLiteral("Harbour Rd / Mill Lane"));
        QCOMPARE(model.index(0, 0).data(MovementModel::TurnRole).toString(), QStringLiteral("left, straight"));
        QCOMPARE(model.index(1, 0).data(MovementModel::ToStreetRole).toString(), QStringLiteral("Harbour Rd"));
        QCOMPARE(model.index(1, 0).data(MovementModel::TurnRole).toString(), QStringLiteral("left"));
    }

    void movementsOfOneIntersection()
    {
        StateStore store;
        MovementModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.setLayout(fx::smallCity());
        QCOMPARE(model.rowCount(), 0);
        model.setIntersection(7);  // out of range: nothing
        QCOMPARE(model.intersection(), -1);

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setIntersection(2);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.count(), 3);
        const QModelIndex first = model.index(0, 0);
        QCOMPARE(first.data(MovementModel::ApproachRole).toString(), QStringLiteral("W"));
        QCOMPARE(first.data(MovementModel::TurnRole).toString(), QStringLiteral("straight"));
        QCOMPARE(first.data(MovementModel::FromStreetRole).toString(), QStringLiteral("Harbour Rd"));
        QCOMPARE(first.data(MovementModel::ToStreetRole).toString(), QStringLiteral("Harbour Rd"));
        QCOMPARE(model.index(1, 0).data(MovementModel::FromStreetRole).toString(), QStringLiteral("Mill Lane"));
        QCOMPARE(model.index(1, 0).data(MovementModel::TurnRole).toString(), QStringLiteral("left"));
        QVERIFY(model.index(2, 0).data(MovementModel::PedestrianRole).toBool());
        QCOMPARE(first.data(MovementModel::ColourKeyRole).toString(), QStringLiteral("unknown"));
        const auto roles = model.roleNames().values();
        for (const char *name : {"approach", "turn", "fromStreet", "toStreet", "colourName", "colourKey"})
            QVERIFY2(roles.contains(name), name);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        store.applyBatch(fx::snapshot(1));  // "Grr"
        QCOMPARE(rangesOf(changed), (Ranges{{0, 2}}));
        QCOMPARE(first.data(MovementModel::ColourKeyRole).toString(), QStringLiteral("green"));
        QCOMPARE(model.index(1, 0).data(MovementModel::ColourKeyRole).toString(), QStringLiteral("red"));
        QVERIFY(first.data(MovementModel::GoRole).toBool());

        // Another intersection changing says nothing here.
        changed.clear();
        auto other = fx::delta(2, 101);
        other.signals = {fx::signalsInPhase(0, 2, 130)};
        store.applyBatch(other);
        QCOMPARE(changed.count(), 0);

        // "Grr" -> "yrr": only the first row changed.
        auto d = fx::delta(3, 102);
        d.signals = {fx::signalsInPhase(2, 1, 105)};
        store.applyBatch(d);
        QCOMPARE(rangesOf(changed), (Ranges{{0, 0}}));
        QCOMPARE(first.data(MovementModel::ColourKeyRole).toString(), QStringLiteral("yellow"));
        QCOMPARE(first.data(MovementModel::ColourNameRole).toString(), QStringLiteral("yellow"));

        // "yrr" -> "rGG": rows 0..2 in one range.
        changed.clear();
        auto d2 = fx::delta(4, 105);
        d2.signals = {fx::signalsInPhase(2, 2, 130)};
        store.applyBatch(d2);
        QCOMPARE(rangesOf(changed), (Ranges{{0, 2}}));

        // A new layout clears the model: its indices mean nothing there.
        store.setLayout(fx::smallCity("v2"));
        QCOMPARE(model.intersection(), -1);
        QCOMPARE(model.rowCount(), 0);
    }

    void selectionFollowsTheStore()
    {
        StateStore store;
        SelectedIntersection selection(&store);
        QAbstractItemModelTester tester(selection.movements(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.setLayout(fx::smallCity());
        QVERIFY(!selection.isValid());
        QCOMPARE(selection.secondsToChange(), -1.0);

        QSignalSpy indexChanged(&selection, &SelectedIntersection::indexChanged);
        selection.setIndex(1);
        QCOMPARE(indexChanged.count(), 1);
        QVERIFY(selection.isValid());
        QCOMPARE(selection.name(), QStringLiteral("Harbour Rd & 2nd Ave"));
        QCOMPARE(selection.intersectionId(), QStringLiteral("J1"));
        QCOMPARE(selection.phaseCount(), 4);
        QCOMPARE(selection.groupCount(), 3);
        QCOMPARE(selection.movements()->intersection(), 1);
        QCOMPARE(selection.movements()->count(), 3);
        QVERIFY(!selection.hasLiveState());
        QCOMPARE(selection.phaseIndex(), -1);

        QSignalSpy live(&selection, &SelectedIntersection::liveChanged);
        QSignalSpy countdown(&selection, &SelectedIntersection::secondsToChangeChanged);
        store.applyBatch(fx::snapshot(1));  // phase 0, next change at 110, sim time 100
        QVERIFY(live.count() >= 1);
        QVERIFY(countdown.count() >= 1);
        QVERIFY(selection.hasLiveState());
        QCOMPARE(selection.phaseIndex(), 0);
        QCOMPARE(selection.phaseName(), QStringLiteral("Harbour Rd"));
        QCOMPARE(selection.phaseState(), QStringLiteral("Grr"));
        QCOMPARE(selection.phaseDuration(), 30.0);
        QCOMPARE(selection.secondsToChange(), 10.0);

        // Time passing moves the countdown; it never goes below zero.
        countdown.clear();
        store.applyBatch(fx::delta(2, 104));
        QCOMPARE(countdown.count(), 1);
        QCOMPARE(selection.secondsToChange(), 6.0);
        store.applyBatch(fx::delta(3, 111));
        QCOMPARE(selection.secondsToChange(), 0.0);

        // A phase change of the selection is announced; of another intersection, not.
        live.clear();
        auto other = fx::delta(4, 112);
        other.signals = {fx::signalsInPhase(3, 2, 140)};
        store.applyBatch(other);
        QCOMPARE(live.count(), 0);
        auto mine = fx::delta(5, 113);
        mine.signals = {fx::signalsInPhase(1, 1, 116)};
        store.applyBatch(mine);
        QCOMPARE(live.count(), 1);
        QCOMPARE(selection.phaseIndex(), 1);
        QCOMPARE(selection.secondsToChange(), 3.0);

        // A new layout keeps the selection by id.
        auto moved = fx::smallCity("v2");
        std::swap(moved->intersections[0], moved->intersections[1]);
        indexChanged.clear();
        store.setLayout(moved);
        QCOMPARE(indexChanged.count(), 1);
        QCOMPARE(selection.index(), 0);
        QCOMPARE(selection.intersectionId(), QStringLiteral("J1"));
        QCOMPARE(selection.movements()->intersection(), 0);
        QVERIFY(!selection.hasLiveState());

        // ...and drops it when the id is gone.
        auto without = fx::smallCity("v3");
        without->intersections.erase(without->intersections.begin() + 1);
        store.setLayout(without);
        QVERIFY(!selection.isValid());
        QCOMPARE(selection.movements()->rowCount(), 0);

        selection.setIndex(2);
        selection.clear();
        QCOMPARE(selection.index(), -1);
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_console_models.moc"
