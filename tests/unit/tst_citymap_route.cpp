// The CityMap's green wave overlay without rendering: the route and its markers as properties,
// picking a point with a click (and not selecting), map coordinates both ways, and bringing the
// route into view. Rendering is checked by tests/gui/tst_citymap_render.cpp and the wave GUI test.
#include "widgets/citymap.h"
#include "tst_citymap_grid.h"
#include "widgets/projectedcity.h"

#include "console/statestore.h"

#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace greenlight;
using namespace greenlight::widgets;
using citymaptest::gridIndex;
using citymaptest::near;

namespace {

struct Fixture
{
    explicit Fixture(int n)
    {
        layout = citymaptest::makeGridLayout(n, 150.0);
        store.setLayout(layout);
        ok = store.applyBatch(citymaptest::makeGridSnapshot(*layout, n)) == console::StateStore::ApplyResult::Applied;
        map.setSize(QSizeF(800, 600));
        map.setStore(&store);
    }
    std::shared_ptr<core::CityLayout> layout;
    console::StateStore store;
    CityMap map;
    bool ok = false;
};

void click(CityMap &map, QPointF pos)
{
    QMouseEvent press(QEvent::MouseButtonPress, pos, pos, pos, Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&map, &press);
    QMouseEvent release(QEvent::MouseButtonRelease, pos, pos, pos, Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&map, &release);
}

} // namespace

class TestCityMapRoute : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void routeProperties()
    {
        Fixture f(10);
        QVERIFY(f.ok);
        QSignalSpy changed(&f.map, &CityMap::routeChanged);
        f.map.setRouteSegments({3, 4, QStringLiteral("x"), -2, 5});
        QCOMPARE(f.map.routeSegments(), (QVariantList{3, 4, 5}));
        QCOMPARE(changed.count(), 1);
        f.map.setRouteSegments({3, 4, 5});  // the same route: nothing to redo
        QCOMPARE(changed.count(), 1);

        const QVariantList markers{QVariantMap{{"intersection", 2}, {"state", "green"}},
                                   QVariantMap{{"intersection", 3}, {"state", "waiting"}}};
        f.map.setRouteMarkers(markers);
        QCOMPARE(changed.count(), 2);
        f.map.setRouteMarkers(markers);
        QCOMPARE(changed.count(), 2);
        f.map.setRouteVehicle({52.52, 13.40});
        QCOMPARE(f.map.routeVehicle().size(), 2);
        QCOMPARE(changed.count(), 3);
        f.map.setRouteVehicle({});
        QCOMPARE(changed.count(), 4);
    }

    void pickingReportsThePointAndDoesNotSelect()
    {
        Fixture f(10);
        QVERIFY(f.ok);
        QSignalSpy picked(&f.map, &CityMap::pointPicked);
        QSignalSpy clicked(&f.map, &CityMap::intersectionClicked);
        const int target = gridIndex(10, 4, 6);
        const core::LatLon where = f.layout->intersections[size_t(target)].position;
        const QPointF p = f.map.positionOf(where.lat, where.lon);
        QVERIFY(near(p, f.map.intersectionPosition(target), 1e-6));

        f.map.setPickingPoint(true);
        click(f.map, p);
        QCOMPARE(picked.count(), 1);
        QCOMPARE(clicked.count(), 0);
        QCOMPARE(f.map.selectedIntersection(), -1);
        QVERIFY(std::abs(picked.first().at(0).toDouble() - where.lat) < 1e-6);
        QVERIFY(std::abs(picked.first().at(1).toDouble() - where.lon) < 1e-6);
        const QVariantList back = f.map.coordinateAt(p);
        QVERIFY(std::abs(back[0].toDouble() - where.lat) < 1e-9 && std::abs(back[1].toDouble() - where.lon) < 1e-9);

        // Picking off: a click selects again.
        f.map.setPickingPoint(false);
        click(f.map, p);
        QCOMPARE(picked.count(), 1);
        QCOMPARE(f.map.selectedIntersection(), target);
    }

    void fitToRouteShowsTheRoute()
    {
        Fixture f(20);
        QVERIFY(f.ok);
        // A route along one corner of the city: the segments from the first intersections.
        QVariantList route;
        for (int s = 0; s < int(f.layout->segments.size()) && route.size() < 3; ++s)
            if (f.layout->segments[size_t(s)].fromIntersection == gridIndex(20, 0, route.size()))
                route.append(s);
        QVERIFY(!route.isEmpty());
        f.map.setRouteSegments(route);
        f.map.setRouteMarkers({QVariantMap{{"intersection", gridIndex(20, 0, 0)}, {"state", "planned"}}});
        const double before = f.map.metresPerPixel();
        f.map.fitToRoute();
        QVERIFY2(f.map.metresPerPixel() < before / 2, "the view zooms in on a short route");
        const QPointF p = f.map.intersectionPosition(gridIndex(20, 0, 0));
        QVERIFY(p.x() > 0 && p.x() < 800 && p.y() > 0 && p.y() < 600);

        // Without a route nothing moves.
        f.map.setRouteSegments({});
        f.map.setRouteMarkers({});
        const double zoom = f.map.metresPerPixel();
        f.map.fitToRoute();
        QCOMPARE(f.map.metresPerPixel(), zoom);
    }
};

QTEST_MAIN(TestCityMapRoute)
#include "tst_citymap_route.moc"
