// The CityMap item without rendering: fitting, picking, input, culling, level of detail, the QML
// module. Rendering itself is checked by tests/gui/tst_citymap_render.cpp.
#include "widgets/citymap.h"
#include "tst_citymap_grid.h"
#include "widgets/maplod.h"
#include "widgets/mapmesh.h"
#include "widgets/mapviewport.h"
#include "widgets/projectedcity.h"

#include "console/statestore.h"

#include <QMouseEvent>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QSignalSpy>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

#include <cmath>
#include <memory>

// The app imports the module the same way.
Q_IMPORT_QML_PLUGIN(Greenlight_WidgetsPlugin)

using namespace greenlight;
using namespace greenlight::widgets;
using citymaptest::buildAll;
using citymaptest::gridIndex;
using citymaptest::near;

namespace {

// A store holding an n x n grid with a snapshot applied, and a map of 800 x 600 on it.
struct Fixture
{
    explicit Fixture(int n, double spacing = 150.0)
        : n(n)
    {
        layout = citymaptest::makeGridLayout(n, spacing);
        store.setLayout(layout);
        const auto result = store.applyBatch(citymaptest::makeGridSnapshot(*layout, n));
        ok = result == console::StateStore::ApplyResult::Applied;
        map.setSize(QSizeF(800, 600));
        map.setStore(&store);
    }
    int n;
    std::shared_ptr<core::CityLayout> layout;
    console::StateStore store;
    CityMap map;
    bool ok = false;
};

} // namespace

class TestCityMap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fitToCityContainsAllIntersections();
    void resizeRefitsUntilUserMoves();
    void hitTestPicksNearest();
    void clickSelectsAndDragPans();
    void cullingAtZoomedInView();
    void levelOfDetailDropsLocalRoads();
    void centerOnAndZoomButtons();
    void newLayoutResetsSelection();
    void qmlModuleLoads();
};

void TestCityMap::fitToCityContainsAllIntersections()
{
    Fixture f(10);
    QVERIFY(f.ok);
    const auto city = f.map.city();
    QVERIFY(city);
    QCOMPARE(city->intersectionCount(), 100);
    // Auto-fit on the first layout: every intersection inside the item, the city filling it.
    double minX = 1e9, maxX = -1e9, minY = 1e9, maxY = -1e9;
    for (int i = 0; i < city->intersectionCount(); ++i) {
        const QPointF p = f.map.intersectionPosition(i);
        QVERIFY2(p.x() >= 0 && p.x() <= 800 && p.y() >= 0 && p.y() <= 600, qPrintable(QString::number(i)));
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    QVERIFY(maxY - minY > 600 - 2 * CityMap::kFitMarginPx - 2);
    QCOMPARE(f.map.drawnIntersections(), 100);
    QCOMPARE(f.map.drawnSegments(), city->segmentCount());
    // Row 0 is the southern row: it is drawn below row 9.
    QVERIFY(f.map.intersectionPosition(gridIndex(10, 0, 0)).y() > f.map.intersectionPosition(gridIndex(10, 9, 0)).y());
    // metresPerPixel is in ground metres: 9 blocks of 150 m over about 552 px.
    QVERIFY(std::abs(f.map.metresPerPixel() - 1350.0 / 552.0) < 0.05);

    // After zooming away, fitToCity brings everything back.
    f.map.zoomBy(6.0, QPointF(10, 10));
    QVERIFY(f.map.drawnIntersections() < 100);
    f.map.fitToCity();
    for (int i = 0; i < city->intersectionCount(); ++i) {
        const QPointF p = f.map.intersectionPosition(i);
        QVERIFY(p.x() >= 0 && p.x() <= 800 && p.y() >= 0 && p.y() <= 600);
    }
    QCOMPARE(f.map.drawnIntersections(), 100);
}

void TestCityMap::resizeRefitsUntilUserMoves()
{
    Fixture f(6);
    const double before = f.map.metresPerPixel();
    f.map.setSize(QSizeF(1600, 1200));
    // Refitted: the city's height (5 blocks of 150 m) fills the new height less the margins.
    QVERIFY(f.map.metresPerPixel() < before / 2.0);
    QVERIFY(std::abs(f.map.metresPerPixel() - 750.0 / (1200 - 2 * CityMap::kFitMarginPx)) < 0.01);
    f.map.panBy(50, 0);
    const double afterPan = f.map.metresPerPixel();
    f.map.setSize(QSizeF(800, 600));
    QCOMPARE(f.map.metresPerPixel(), afterPan);
}

void TestCityMap::hitTestPicksNearest()
{
    Fixture f(10);
    const auto city = f.map.city();
    for (int i = 0; i < city->intersectionCount(); ++i)
        QCOMPARE(f.map.intersectionAt(f.map.intersectionPosition(i)), i);
    // A few pixels off still picks it.
    const int target = gridIndex(10, 4, 5);
    const QPointF p = f.map.intersectionPosition(target);
    QCOMPARE(f.map.intersectionAt(p + QPointF(5, -4)), target);
    // Between four intersections (blocks are about 60 px here) is nobody's.
    const QPointF q = f.map.intersectionPosition(gridIndex(10, 5, 6));
    QVERIFY((q - p).manhattanLength() > 4 * CityMap::kPickRadiusPx);
    QCOMPARE(f.map.intersectionAt((p + q) / 2.0), -1);
    // Nearer to one neighbour than the other: the nearer wins.
    const QPointF east = f.map.intersectionPosition(gridIndex(10, 4, 6));
    const QPointF dir = (east - p) / std::hypot(east.x() - p.x(), east.y() - p.y());
    QCOMPARE(f.map.intersectionAt(p + dir * 10.0), target);
    QCOMPARE(f.map.intersectionAt(east - dir * 10.0), gridIndex(10, 4, 6));
    // Far outside the city.
    QCOMPARE(f.map.intersectionAt(QPointF(-500, -500)), -1);
}

void TestCityMap::clickSelectsAndDragPans()
{
    Fixture f(10);
    QSignalSpy clicked(&f.map, &CityMap::intersectionClicked);
    QSignalSpy selected(&f.map, &CityMap::selectedIntersectionChanged);
    const int target = gridIndex(10, 3, 7);
    const QPointF p = f.map.intersectionPosition(target) + QPointF(2, 2);
    const auto send = [&](QEvent::Type type, QPointF pos, Qt::MouseButtons buttons) {
        QMouseEvent e(type, pos, pos, pos, Qt::LeftButton, buttons, Qt::NoModifier);
        QCoreApplication::sendEvent(&f.map, &e);
    };

    send(QEvent::MouseButtonPress, p, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, p, Qt::NoButton);
    QCOMPARE(f.map.selectedIntersection(), target);
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.at(0).at(0).toInt(), target);
    QCOMPARE(selected.size(), 1);

    // A drag pans and does not select.
    const QPointF before = f.map.intersectionPosition(target);
    send(QEvent::MouseButtonPress, QPointF(100, 100), Qt::LeftButton);
    send(QEvent::MouseMove, QPointF(130, 120), Qt::LeftButton);
    send(QEvent::MouseMove, QPointF(160, 140), Qt::LeftButton);
    send(QEvent::MouseButtonRelease, QPointF(160, 140), Qt::NoButton);
    QVERIFY(near(f.map.intersectionPosition(target), before + QPointF(60, 40), 1e-6));
    QCOMPARE(f.map.selectedIntersection(), target);
    QCOMPARE(clicked.size(), 1);

    // A click on empty space clears the selection without a click signal.
    send(QEvent::MouseButtonPress, QPointF(5, 5), Qt::LeftButton);
    send(QEvent::MouseButtonRelease, QPointF(5, 5), Qt::NoButton);
    QCOMPARE(f.map.selectedIntersection(), -1);
    QCOMPARE(clicked.size(), 1);

    // Hover follows the pointer.
    QSignalSpy hovered(&f.map, &CityMap::hoveredIntersectionChanged);
    const QPointF h = f.map.intersectionPosition(target);
    QHoverEvent move(QEvent::HoverMove, h, h, h);
    QCoreApplication::sendEvent(&f.map, &move);
    QCOMPARE(f.map.hoveredIntersection(), target);
    QHoverEvent leave(QEvent::HoverLeave, QPointF(-1, -1), QPointF(-1, -1), h);
    QCoreApplication::sendEvent(&f.map, &leave);
    QCOMPARE(f.map.hoveredIntersection(), -1);
    QCOMPARE(hovered.size(), 2);

    // The selection is writable and bounded.
    f.map.setSelectedIntersection(12);
    QCOMPARE(f.map.selectedIntersection(), 12);
    f.map.setSelectedIntersection(100000);
    QCOMPARE(f.map.selectedIntersection(), -1);
}

void TestCityMap::cullingAtZoomedInView()
{
    Fixture f(40, 100.0);
    const auto city = f.map.city();
    QCOMPARE(f.map.drawnIntersections(), 1600);
    QVERIFY(city->chunks().size() >= 4);

    // Zoom far into the south-west corner.
    const QPointF corner = f.map.intersectionPosition(gridIndex(40, 0, 0));
    f.map.zoomBy(8.0, corner);
    const int drawn = f.map.drawnIntersections();
    QVERIFY2(drawn > 0 && drawn < 1600 / 2, qPrintable(QString::number(drawn)));
    QVERIFY(f.map.drawnSegments() < city->segmentCount() / 2);

    // Every intersection on screen is in a drawn tile.
    const MapViewport &vp = f.map.viewport();
    const MapLod lod = MapLod::forView(vp.unitsPerPixel(), city->groundScale());
    const CullResult visible = city->cull(vp.visibleWorldRect(), lod);
    QCOMPARE(visible.intersections, drawn);
    std::vector<char> inTile(city->chunks().size(), 0);
    for (int c : visible.chunks)
        inTile[size_t(c)] = 1;
    int onScreen = 0;
    for (int i = 0; i < city->intersectionCount(); ++i) {
        const QPointF p = f.map.intersectionPosition(i);
        // Glyphs reach a few pixels past their centre.
        if (p.x() < -10 || p.x() > 810 || p.y() < -10 || p.y() > 610)
            continue;
        ++onScreen;
        QVERIFY2(inTile[size_t(city->chunkOfIntersection(i))], qPrintable(QString::number(i)));
    }
    QVERIFY(onScreen > 0 && onScreen <= drawn);
    // And every segment touching the screen.
    for (int s = 0; s < city->segmentCount(); ++s) {
        const ProjectedSegment *seg = city->segment(s);
        QVERIFY(seg);
        for (int k = 0; k < seg->pointCount; ++k) {
            const QPointF p = vp.worldToScreen(city->points()[size_t(seg->firstPoint + k)]);
            if (p.x() >= 0 && p.x() <= 800 && p.y() >= 0 && p.y() <= 600)
                QVERIFY(inTile[size_t(city->chunkOfSegment(s))]);
        }
    }
}

void TestCityMap::levelOfDetailDropsLocalRoads()
{
    const MapLod nearLod = MapLod::forView(1.0, 1.6);
    const MapLod farLod = MapLod::forView(40.0, 1.6);
    QVERIFY(nearLod.showLocalRoads);
    QVERIFY(!farLod.showLocalRoads);
    QVERIFY(farLod.glyphPx < nearLod.glyphPx);
    // Steps are a factor sqrt(2) apart; small zooms stay on the same step.
    QCOMPARE(MapLod::forView(1.0, 1.6).step, MapLod::forView(1.1, 1.6).step);
    QVERIFY(MapLod::forView(1.0, 1.6).step != MapLod::forView(1.5, 1.6).step);
    const MapLod lod = MapLod::forView(1.05, 1.6);
    QVERIFY(lod.unitsPerPixel / 1.05 < 1.19 && 1.05 / lod.unitsPerPixel < 1.19);

    Fixture f(20, 120.0);
    const auto city = f.map.city();
    int local = 0;
    for (const auto &s : f.layout->segments)
        local += s.roadClass == core::RoadClass::Local ? 1 : 0;
    QVERIFY(local > 0 && local < city->segmentCount());
    QVERIFY(f.map.metresPerPixel() < MapLod::kLocalRoadsMaxMetresPerPixel);
    QCOMPARE(f.map.drawnSegments(), city->segmentCount());

    // Zoomed far out, the whole city is drawn but without local roads.
    f.map.zoomBy(1.0 / 8.0, QPointF(400, 300));
    QVERIFY(f.map.metresPerPixel() > MapLod::kLocalRoadsMaxMetresPerPixel);
    QCOMPARE(f.map.drawnIntersections(), city->intersectionCount());
    QCOMPARE(f.map.drawnSegments(), city->segmentCount() - local);

    // The geometry agrees: built far out, tiles hold only the other roads.
    MapMesh mesh(city);
    const MapLod far = MapLod::forView(f.map.viewport().unitsPerPixel(), city->groundScale());
    buildAll(mesh, far);
    int drawn = 0;
    for (int c = 0; c < mesh.chunkCount(); ++c)
        drawn += mesh.drawnSegments(c);
    QCOMPARE(drawn, city->segmentCount() - local);
    // Rebuilding at the same level does nothing; at another level rebuilds.
    mesh.resetStats();
    buildAll(mesh, far);
    QCOMPARE(mesh.stats().builtChunks, 0);
    buildAll(mesh, MapLod::forView(far.unitsPerPixel / 8.0, city->groundScale()));
    QCOMPARE(mesh.stats().builtChunks, mesh.chunkCount());
}

void TestCityMap::centerOnAndZoomButtons()
{
    Fixture f(10);
    QSignalSpy mpp(&f.map, &CityMap::metresPerPixelChanged);
    QSignalSpy view(&f.map, &CityMap::viewChanged);
    const double fitted = f.map.metresPerPixel();
    f.map.zoomIn();
    QVERIFY(std::abs(f.map.metresPerPixel() - fitted / 2.0) < 1e-9);
    f.map.zoomOut();
    QVERIFY(std::abs(f.map.metresPerPixel() - fitted) < 1e-9);
    QCOMPARE(mpp.size(), 2);
    QVERIFY(view.size() >= 2);

    const int target = gridIndex(10, 8, 2);
    f.map.zoomBy(1.0 / 8.0, QPointF(0, 0));   // far out: centerOn zooms to street level
    f.map.centerOn(target);
    QVERIFY(near(f.map.intersectionPosition(target), QPointF(400, 300), 1e-6));
    QVERIFY(f.map.metresPerPixel() <= 3.0);
    f.map.centerOn(-5);   // ignored
    QVERIFY(near(f.map.intersectionPosition(target), QPointF(400, 300), 1e-6));
}

void TestCityMap::newLayoutResetsSelection()
{
    Fixture f(10);
    f.map.setSelectedIntersection(5);
    QSignalSpy rendered(&f.map, &CityMap::cityRenderedChanged);
    // The same layout again (a reconnect) keeps the view and the selection.
    f.map.zoomBy(3.0, QPointF(100, 100));
    const double zoomed = f.map.metresPerPixel();
    f.store.setLayout(f.layout);
    QCOMPARE(f.map.selectedIntersection(), 5);
    QCOMPARE(f.map.metresPerPixel(), zoomed);
    // Another city: selection cleared and fitted again.
    f.store.setLayout(citymaptest::makeGridLayout(5, 150.0));
    QCOMPARE(f.map.selectedIntersection(), -1);
    QCOMPARE(f.map.city()->intersectionCount(), 25);
    QCOMPARE(f.map.drawnIntersections(), 25);
    QVERIFY(!f.map.cityRendered());
    // No store: nothing drawn.
    f.map.setStore(nullptr);
    QVERIFY(!f.map.city());
    QCOMPARE(f.map.drawnIntersections(), 0);
}

void TestCityMap::qmlModuleLoads()
{
    QQmlEngine engine;
    QQmlComponent component(&engine);
    component.setData("import Greenlight.Widgets\nCityMap { width: 640; height: 480; stale: true }", QUrl());
    std::unique_ptr<QObject> object(component.create());
    QVERIFY2(object, qPrintable(component.errorString()));
    auto *map = qobject_cast<CityMap *>(object.get());
    QVERIFY(map);
    QVERIFY(map->stale());

    auto layout = citymaptest::makeGridLayout(8, 150.0);
    console::StateStore store;
    store.setLayout(layout);
    QVERIFY(object->setProperty("store", QVariant::fromValue<QObject *>(&store)));
    QCOMPARE(object->property("drawnIntersections").toInt(), 64);
    QCOMPARE(object->property("selectedIntersection").toInt(), -1);
    const double fitted = object->property("metresPerPixel").toDouble();
    QVERIFY(QMetaObject::invokeMethod(object.get(), "zoomIn"));
    QVERIFY(std::abs(object->property("metresPerPixel").toDouble() - fitted / 2.0) < 1e-9);
}

QTEST_MAIN(TestCityMap)
#include "tst_citymap.moc"
