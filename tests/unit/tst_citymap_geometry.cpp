// The map's plain helper classes, without a window: viewport maths, picking index, glyph sides,
// colours, and the geometry with its in-place colour updates.
#include "tst_citymap_grid.h"
#include "widgets/maplod.h"
#include "widgets/mapmesh.h"
#include "widgets/mappalette.h"
#include "widgets/mapviewport.h"
#include "widgets/meshbuilder.h"
#include "widgets/projectedcity.h"
#include "widgets/spatialindex.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <memory>

using namespace greenlight;
using namespace greenlight::widgets;
using citymaptest::buildAll;
using citymaptest::gridIndex;
using citymaptest::near;

class TestCityMapGeometry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void viewportRoundTrip();
    void viewportZoomKeepsAnchor();
    void viewportMatrixMatchesMapping();
    void viewportClampsZoom();
    void spatialIndexMatchesBruteForce();
    void glyphSides();
    void sideSummaries();
    void staleColoursAreGrey();
    void signalUpdateTouchesBoundedVertices();
    void segmentUpdateTouchesOnlyItsVertices();
};

void TestCityMapGeometry::viewportRoundTrip()
{
    MapViewport vp;
    vp.setSize(QSizeF(800, 600));
    vp.setCentre(QPointF(120.5, -340.25));
    vp.setUnitsPerPixel(2.5);
    for (QPointF w : {QPointF(0, 0), QPointF(1000, -2000), QPointF(-5432.1, 987.6), QPointF(120.5, -340.25)})
        QVERIFY(near(vp.screenToWorld(vp.worldToScreen(w)), w, 1e-9));
    // The centre is in the middle; north is up.
    QVERIFY(near(vp.worldToScreen(QPointF(120.5, -340.25)), QPointF(400, 300)));
    QVERIFY(vp.worldToScreen(QPointF(120.5, 0)).y() < 300);
    QVERIFY(vp.worldToScreen(QPointF(500, -340.25)).x() > 400);
    const QRectF visible = vp.visibleWorldRect();
    QCOMPARE(visible.width(), 2000.0);
    QCOMPARE(visible.height(), 1500.0);
    QVERIFY(near(visible.center(), vp.centre()));
}

void TestCityMapGeometry::viewportZoomKeepsAnchor()
{
    MapViewport vp;
    vp.setSize(QSizeF(800, 600));
    vp.setCentre(QPointF(10, 20));
    vp.setUnitsPerPixel(4.0);
    for (QPointF anchor : {QPointF(123, 456), QPointF(0, 0), QPointF(799, 1), QPointF(400, 300)}) {
        for (double factor : {1.7, 0.3, 2.0}) {
            const QPointF world = vp.screenToWorld(anchor);
            const double before = vp.unitsPerPixel();
            vp.zoomBy(factor, anchor);
            QVERIFY(near(vp.worldToScreen(world), anchor, 1e-6));
            QVERIFY(std::abs(vp.unitsPerPixel() - before / factor) < 1e-9);
        }
    }
    // Panning moves content with the pointer.
    const QPointF world = vp.screenToWorld(QPointF(200, 200));
    vp.panBy(QPointF(30, -40));
    QVERIFY(near(vp.worldToScreen(world), QPointF(230, 160), 1e-9));
}

void TestCityMapGeometry::viewportMatrixMatchesMapping()
{
    MapViewport vp;
    vp.setSize(QSizeF(1024, 768));
    vp.setCentre(QPointF(-300, 450));
    vp.setUnitsPerPixel(0.75);
    const QMatrix4x4 m = vp.matrix();
    for (QPointF w : {QPointF(-300, 450), QPointF(0, 0), QPointF(-100, 300), QPointF(-700, 900)})
        QVERIFY2(near(m.map(w), vp.worldToScreen(w), 1e-2), "transform node matrix must match worldToScreen");
}

void TestCityMapGeometry::viewportClampsZoom()
{
    MapViewport vp;
    vp.setSize(QSizeF(100, 100));
    vp.setUnitsPerPixel(1.0);
    vp.zoomBy(1e9, QPointF(50, 50));
    QCOMPARE(vp.unitsPerPixel(), MapViewport::kMinUnitsPerPixel);
    vp.zoomBy(1e-12, QPointF(50, 50));
    QCOMPARE(vp.unitsPerPixel(), MapViewport::kMaxUnitsPerPixel);
    vp.setUnitsPerPixel(std::nan(""));
    QCOMPARE(vp.unitsPerPixel(), MapViewport::kMaxUnitsPerPixel);
}

void TestCityMapGeometry::spatialIndexMatchesBruteForce()
{
    QRandomGenerator rng(42);
    std::vector<QPointF> points;
    for (int k = 0; k < 2000; ++k)
        points.emplace_back(rng.bounded(5000.0) - 2500.0, rng.bounded(3000.0) - 1000.0);
    SpatialIndex index;
    index.build(points);
    for (int q = 0; q < 500; ++q) {
        const QPointF p(rng.bounded(6000.0) - 3000.0, rng.bounded(4000.0) - 1500.0);
        const double radius = rng.bounded(200.0);
        int best = -1;
        double bestD = radius;
        for (size_t k = 0; k < points.size(); ++k) {
            const double d = std::hypot(points[k].x() - p.x(), points[k].y() - p.y());
            if (d <= bestD && (best < 0 || d < bestD)) {
                bestD = d;
                best = int(k);
            }
        }
        const int found = index.nearest(p, radius);
        if (best < 0) {
            QCOMPARE(found, -1);
        } else {
            QVERIFY(found >= 0);
            const double d = std::hypot(points[size_t(found)].x() - p.x(), points[size_t(found)].y() - p.y());
            QVERIFY(std::abs(d - bestD) < 1e-9);
        }
    }
    const QRectF box(-500, -200, 800, 600);
    const std::vector<int> inBox = index.query(box);
    int expected = 0;
    for (const QPointF &p : points)
        expected += box.contains(p) ? 1 : 0;
    QCOMPARE(int(inBox.size()), expected);
}

void TestCityMapGeometry::glyphSides()
{
    core::SignalGroup g;
    g.approach = "N";
    g.approachBearingDeg = 180;
    QCOMPARE(ProjectedCity::sideOf(g), Side::North);
    g.approach = "";
    g.approachBearingDeg = 270;   // travelling west: arrives from the east
    QCOMPARE(ProjectedCity::sideOf(g), Side::East);
    g.approachBearingDeg = 10;    // travelling north: from the south
    QCOMPARE(ProjectedCity::sideOf(g), Side::South);
    g.approach = "w";
    g.approachBearingDeg = 0;     // the name wins over a bearing that disagrees
    QCOMPARE(ProjectedCity::sideOf(g), Side::West);
    g.approach = "NE";
    g.approachBearingDeg = 200;   // from 20 degrees: the northern half of NE
    QCOMPARE(ProjectedCity::sideOf(g), Side::North);
    g.approachBearingDeg = 250;   // from 70 degrees
    QCOMPARE(ProjectedCity::sideOf(g), Side::East);
}

void TestCityMapGeometry::sideSummaries()
{
    core::CityLayout layout;
    layout.layoutVersion = "x";
    core::Intersection in;
    in.position = {52.0, 4.0};
    const auto group = [](int index, const char *approach, core::Turn turn = core::Turn::Straight) {
        core::SignalGroup g;
        g.index = index;
        g.approach = approach;
        g.turn = turn;
        return g;
    };
    in.signalGroups = {group(0, "N"), group(1, "N", core::Turn::Left), group(2, "S"),
                       group(3, "E", core::Turn::Pedestrian)};
    layout.intersections.push_back(in);
    const auto city = ProjectedCity::build(layout);
    using core::SignalColour;
    const SideSignals sides = city->sideSignals(0, {SignalColour::Red, SignalColour::GreenPermissive,
                                                    SignalColour::Yellow, SignalColour::GreenProtected});
    QVERIFY(sides[0].hasMovements);
    QCOMPARE(sides[0].colour, SignalColour::GreenPermissive);   // the most permissive of the side
    QCOMPARE(sides[2].colour, SignalColour::Yellow);
    QVERIFY(!sides[1].hasMovements);                             // pedestrians only
    QVERIFY(!sides[3].hasMovements);
    // Missing colours (no live state yet) read as unknown.
    QCOMPARE(city->sideSignals(0, {})[0].colour, SignalColour::Unknown);

    const GlyphColours colours = glyphColours(sides, false);
    QCOMPARE(colours[0], palette::signal(SignalColour::GreenPermissive));
    QCOMPARE(colours[1], palette::noMovement());
    QVERIFY(!(palette::signal(SignalColour::Red) == palette::signal(SignalColour::GreenProtected)));
}

void TestCityMapGeometry::staleColoursAreGrey()
{
    using core::SignalColour;
    for (SignalColour c : {SignalColour::Red, SignalColour::GreenProtected, SignalColour::Yellow,
                           SignalColour::RedAmber, SignalColour::Unknown}) {
        const Rgba grey = palette::stale(palette::signal(c));
        QCOMPARE(grey.r, grey.g);
        QCOMPARE(grey.g, grey.b);
        QVERIFY(grey.r > palette::background().r + 20);   // still visible on the background
    }
    const Rgba road = roadColour(core::CongestionLevel::Jammed, true);
    QCOMPARE(road.r, road.b);
}

void TestCityMapGeometry::signalUpdateTouchesBoundedVertices()
{
    int touchedSmall = -1;
    for (int n : {10, 60}) {
        const auto layout = citymaptest::makeGridLayout(n, 120.0);
        const auto city = ProjectedCity::build(*layout);
        MapMesh mesh(city);
        const MapLod lod = MapLod::forView(1.0, city->groundScale());
        buildAll(mesh, lod);
        mesh.takeChangedChunks();

        const int target = gridIndex(n, n / 2, n / 3);
        GlyphColours colours;
        colours.fill(palette::signal(core::SignalColour::Yellow));
        mesh.resetStats();
        mesh.setIntersectionColours(target, colours);
        const int touched = mesh.stats().touchedVertices;
        QVERIFY2(touched > 0 && touched <= 16, qPrintable(QString::number(touched)));
        QCOMPARE(mesh.stats().builtChunks, 0);
        if (touchedSmall < 0)
            touchedSmall = touched;
        QCOMPARE(touched, touchedSmall);   // independent of the city's size

        // Exactly one tile changed, and the glyph's colour vertices now carry the colour.
        const std::vector<int> changed = mesh.takeChangedChunks();
        QCOMPARE(changed.size(), size_t(1));
        QCOMPARE(changed.front(), city->chunkOfIntersection(target));
        QSGGeometry *g = mesh.glyphGeometry(changed.front());
        const MapVertex *v = g->vertexDataAsColoredPoint2D();
        const int slot = city->slotOfIntersection(target);
        const int first = slot * meshbuilder::kGlyphVertices;   // glyphs are laid out in slot order
        const QPointF pos = city->intersectionPosition(target);
        QVERIFY(std::abs(v[first + meshbuilder::kGlyphFirstColourVertex].x - pos.x()) < 5.0);
        for (int k = 0; k < meshbuilder::kGlyphColourVertices; ++k) {
            const MapVertex &cv = v[first + meshbuilder::kGlyphFirstColourVertex + k];
            QCOMPARE(Rgba({cv.r, cv.g, cv.b, cv.a}), colours[0]);
        }
        // The rim did not change.
        QCOMPARE(Rgba({v[first].r, v[first].g, v[first].b, v[first].a}), palette::glyphOutline());
        // The same colours again write nothing and change no tile.
        mesh.resetStats();
        mesh.setIntersectionColours(target, colours);
        QCOMPARE(mesh.stats().touchedVertices, 0);
        QVERIFY(mesh.takeChangedChunks().empty());
        // A tile not yet built only records the colour; building it later uses it.
        MapMesh lazy(city);
        lazy.setIntersectionColours(target, colours);
        QCOMPARE(lazy.stats().touchedVertices, 0);
        lazy.ensureBuilt(city->chunkOfIntersection(target), lod);
        const MapVertex *lv = lazy.glyphGeometry(city->chunkOfIntersection(target))->vertexDataAsColoredPoint2D();
        QCOMPARE(Rgba({lv[first + 5].r, lv[first + 5].g, lv[first + 5].b, lv[first + 5].a}), colours[0]);
    }
}

void TestCityMapGeometry::segmentUpdateTouchesOnlyItsVertices()
{
    const auto layout = citymaptest::makeGridLayout(30, 120.0);
    const auto city = ProjectedCity::build(*layout);
    MapMesh mesh(city);
    buildAll(mesh, MapLod::forView(0.5, city->groundScale()));
    mesh.resetStats();
    const Rgba jammed = roadColour(core::CongestionLevel::Jammed, false);
    mesh.setSegmentColour(17, jammed);
    // A straight two-point segment is one quad.
    QCOMPARE(mesh.stats().touchedVertices, 4);
    QCOMPARE(mesh.segmentColour(17), jammed);
    // Most speed updates keep a segment's congestion level: the same colour writes nothing.
    mesh.takeChangedChunks();
    mesh.resetStats();
    mesh.setSegmentColour(17, jammed);
    QCOMPARE(mesh.stats().touchedVertices, 0);
    QVERIFY(mesh.takeChangedChunks().empty());
}

QTEST_MAIN(TestCityMapGeometry)
#include "tst_citymap_geometry.moc"
