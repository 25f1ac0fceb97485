// Renders the map for real (OpenGL on Mesa llvmpipe under Xvfb) and checks it by pixels.
#include "widgets/citymap.h"

#include "console/statestore.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <ctime>
#include <memory>

namespace citymaptest {
std::shared_ptr<greenlight::core::CityLayout> makeGridLayout(int n, double spacingM);
greenlight::core::LiveBatch makeGridSnapshot(const greenlight::core::CityLayout &layout, int n);
int gridIndex(int n, int r, int c);
bool northSouthGreen(int r, int c);
std::vector<greenlight::core::SignalColour> gridColours(const greenlight::core::CityLayout &layout, int i,
                                                        bool northSouth);
greenlight::core::LatLon gridPosition(int n, double spacingM, int r, int c);
} // namespace citymaptest

using namespace greenlight;
using namespace greenlight::widgets;
using citymaptest::gridIndex;

namespace {

constexpr int kGrid = 10;
constexpr double kSpacing = 150.0;

QString shotPath(const QString &name)
{
    return QStringLiteral(GREENLIGHT_MAP_SHOTS_DIR "/") + name;
}

bool isGreen(QColor c) { return c.green() > 150 && c.red() < 120 && c.blue() < 160; }
bool isRed(QColor c) { return c.red() > 170 && c.green() < 110 && c.blue() < 110; }
bool isGrey(QColor c)
{
    const int hi = std::max({c.red(), c.green(), c.blue()});
    const int lo = std::min({c.red(), c.green(), c.blue()});
    return hi - lo <= 6 && hi > 35;
}

QString describe(QColor c) { return c.name(); }

} // namespace

class TestCityMapRender : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void showsSignalColours();
    void updatesOneIntersectionInPlace();
    void highlightsSelection();
    void drawsWaveRoute();
    void staleIsGrey();
    void zoomedIn();
    void largeCityFrameTimes();

private:
    // The colour of the glyph's side facing (dx, dy) (screen direction), at intersection i.
    QColor sidePixel(const QImage &image, int i, int dx, int dy) const;
    QImage grab(const QString &name);
    void waitForFrame();

    std::shared_ptr<core::CityLayout> m_layout;
    console::StateStore m_store;
    std::unique_ptr<QQuickWindow> m_window;
    CityMap *m_map = nullptr;
    std::uint64_t m_sequence = 1;
};

void TestCityMapRender::initTestCase()
{
    const QString platform = QGuiApplication::platformName();
    if (platform == QLatin1String("offscreen") || platform == QLatin1String("minimal"))
        QSKIP("needs a display with OpenGL (run under xvfb-run)");
    QOpenGLContext context;
    if (!context.create())
        QSKIP("no OpenGL context");
    QQuickWindow::setGraphicsApi(QSGRendererInterface::OpenGL);

    m_layout = citymaptest::makeGridLayout(kGrid, kSpacing);
    m_store.setLayout(m_layout);
    core::LiveBatch snapshot = citymaptest::makeGridSnapshot(*m_layout, kGrid);
    // A few vehicles between intersections, one an ambulance.
    const auto midBlock = [](int r, int c) {
        const core::LatLon a = citymaptest::gridPosition(kGrid, kSpacing, r, c);
        const core::LatLon b = citymaptest::gridPosition(kGrid, kSpacing, r, c + 1);
        return core::LatLon{(a.lat + b.lat) / 2, (a.lon + b.lon) / 2};
    };
    for (int k = 0; k < 6; ++k) {
        core::VehicleState v;
        v.id = "car" + std::to_string(k);
        v.position = midBlock(1 + k, 1 + k % 3);
        v.kind = core::VehicleKind::Car;
        snapshot.vehicles.push_back(v);
    }
    core::VehicleState ambulance;
    ambulance.id = "amb";
    ambulance.position = midBlock(6, 3);
    ambulance.kind = core::VehicleKind::Emergency;
    snapshot.vehicles.push_back(ambulance);
    QCOMPARE(m_store.applyBatch(snapshot), console::StateStore::ApplyResult::Applied);

    m_window = std::make_unique<QQuickWindow>();
    m_window->resize(900, 700);
    m_map = new CityMap(m_window->contentItem());
    m_map->setSize(QSizeF(900, 700));
    m_map->setStore(&m_store);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->rendererInterface()->graphicsApi(), QSGRendererInterface::OpenGL);
    QTRY_VERIFY_WITH_TIMEOUT(m_map->cityRendered(), 20000);
}

void TestCityMapRender::cleanupTestCase()
{
    m_window.reset();
}

void TestCityMapRender::waitForFrame()
{
    QSignalSpy swapped(m_window.get(), &QQuickWindow::frameSwapped);
    m_window->update();
    QVERIFY(swapped.wait(10000));
}

QImage TestCityMapRender::grab(const QString &name)
{
    waitForFrame();
    QImage image = m_window->grabWindow();
    image.save(shotPath(name));
    return image;
}

QColor TestCityMapRender::sidePixel(const QImage &image, int i, int dx, int dy) const
{
    const QPointF p = m_map->intersectionPosition(i) * image.devicePixelRatio();
    const int reach = int(std::lround(3 * image.devicePixelRatio()));
    return image.pixelColor(int(std::lround(p.x())) + dx * reach, int(std::lround(p.y())) + dy * reach);
}

void TestCityMapRender::showsSignalColours()
{
    const QImage image = grab(QStringLiteral("citymap_live.png"));
    QVERIFY(!image.isNull());
    // The background is the dark theme.
    QCOMPARE(image.pixelColor(2, 2), QColor(0x10, 0x14, 0x1a));
    int checked = 0;
    for (int r = 1; r + 1 < kGrid; ++r) {
        for (int c = 1; c + 1 < kGrid; ++c) {
            const int i = gridIndex(kGrid, r, c);
            const bool ns = citymaptest::northSouthGreen(r, c);
            const QColor north = sidePixel(image, i, 0, -1);
            const QColor east = sidePixel(image, i, 1, 0);
            const QColor south = sidePixel(image, i, 0, 1);
            const QColor west = sidePixel(image, i, -1, 0);
            const QString where = QStringLiteral("intersection %1: N %2 E %3 S %4 W %5")
                                      .arg(i).arg(describe(north), describe(east), describe(south), describe(west));
            QVERIFY2(ns ? isGreen(north) && isGreen(south) : isRed(north) && isRed(south), qPrintable(where));
            QVERIFY2(ns ? isRed(east) && isRed(west) : isGreen(east) && isGreen(west), qPrintable(where));
            ++checked;
        }
    }
    QCOMPARE(checked, (kGrid - 2) * (kGrid - 2));

    // The ambulance is a bright blue dot.
    const core::LatLon a = citymaptest::gridPosition(kGrid, kSpacing, 6, 3);
    const core::LatLon b = citymaptest::gridPosition(kGrid, kSpacing, 6, 4);
    const QPointF pa = m_map->intersectionPosition(gridIndex(kGrid, 6, 3));
    const QPointF pb = m_map->intersectionPosition(gridIndex(kGrid, 6, 4));
    Q_UNUSED(a);
    Q_UNUSED(b);
    const QPointF amb = (pa + pb) / 2.0;
    const QColor blue = image.pixelColor(int(std::lround(amb.x())), int(std::lround(amb.y())));
    QVERIFY2(blue.blue() > 200 && blue.red() < 100, qPrintable(describe(blue)));
}

void TestCityMapRender::updatesOneIntersectionInPlace()
{
    const int r = 4, c = 4;
    const int i = gridIndex(kGrid, r, c);
    QVERIFY(citymaptest::northSouthGreen(r, c));
    core::LiveBatch delta;
    delta.sequence = ++m_sequence;
    delta.gatewayRunId = "run";
    delta.layoutVersion = m_layout->layoutVersion;
    delta.simTimeS = 101;
    delta.signals.push_back({i, citymaptest::gridColours(*m_layout, i, false), 1, 120});
    QCOMPARE(m_store.applyBatch(delta), console::StateStore::ApplyResult::Applied);

    const QImage image = grab(QStringLiteral("citymap_update.png"));
    QVERIFY(isRed(sidePixel(image, i, 0, -1)));
    QVERIFY(isGreen(sidePixel(image, i, 1, 0)));
    // Its neighbour did not change.
    QVERIFY(isRed(sidePixel(image, gridIndex(kGrid, r, c + 1), 0, -1)));
    const int touched = m_map->lastUpdateTouchedVertices();
    QVERIFY2(touched > 0 && touched <= 16, qPrintable(QString::number(touched)));

    // Back as it was.
    delta.sequence = ++m_sequence;
    delta.signals.front().colours = citymaptest::gridColours(*m_layout, i, true);
    QCOMPARE(m_store.applyBatch(delta), console::StateStore::ApplyResult::Applied);
    QVERIFY(isGreen(sidePixel(grab(QStringLiteral("citymap_update.png")), i, 0, -1)));
}

void TestCityMapRender::highlightsSelection()
{
    const int i = gridIndex(kGrid, 7, 2);
    m_map->setSelectedIntersection(i);
    const QImage image = grab(QStringLiteral("citymap_selected.png"));
    // Somewhere on a circle around the glyph there is ring colour.
    const QPointF p = m_map->intersectionPosition(i);
    int ringPixels = 0;
    for (double radius = 10; radius <= 22; radius += 1.0) {
        for (int k = 0; k < 16; ++k) {
            const double a = k * M_PI / 8 + M_PI / 16;
            const QColor px = image.pixelColor(int(std::lround(p.x() + radius * std::cos(a))),
                                               int(std::lround(p.y() + radius * std::sin(a))));
            if (px.red() < 80 && px.green() > 180 && px.blue() > 200)
                ++ringPixels;
        }
    }
    QVERIFY2(ringPixels >= 16, qPrintable(QString::number(ringPixels)));
    m_map->setSelectedIntersection(-1);
}

void TestCityMapRender::drawsWaveRoute()
{
    // The segments leaving the first row's intersections eastwards, one after the other.
    const auto &layout = m_store.layout();
    QVariantList route;
    for (int c = 0; c + 1 < 4; ++c)
        for (int s = 0; s < int(layout.segments.size()); ++s)
            if (layout.segments[size_t(s)].fromIntersection == gridIndex(kGrid, 0, c)
                && layout.segments[size_t(s)].toIntersection == gridIndex(kGrid, 0, c + 1))
                route.append(s);
    QCOMPARE(route.size(), 3);
    const int held = gridIndex(kGrid, 0, 1);
    m_map->setRouteSegments(route);
    m_map->setRouteMarkers({QVariantMap{{"intersection", held}, {"state", "green"}}});
    const QImage image = grab(QStringLiteral("citymap_wave.png"));
    // Halfway between two intersections of the route: the route's magenta.
    const QPointF mid = (m_map->intersectionPosition(gridIndex(kGrid, 0, 2)) + m_map->intersectionPosition(gridIndex(kGrid, 0, 3))) / 2;
    int routePixels = 0;
    for (int dy = -8; dy <= 8; ++dy) {
        const QColor px = image.pixelColor(int(std::lround(mid.x())), int(std::lround(mid.y())) + dy);
        if (px.red() > 220 && px.green() < 120 && px.blue() > 180)
            ++routePixels;
    }
    QVERIFY2(routePixels >= 3, qPrintable(QString::number(routePixels)));
    // A ring of the wave's green around the held intersection.
    const QPointF p = m_map->intersectionPosition(held);
    int ringPixels = 0;
    for (double radius = 8; radius <= 24; radius += 1.0)
        for (int k = 0; k < 16; ++k) {
            const double a = k * M_PI / 8 + M_PI / 16;
            const QColor px = image.pixelColor(int(std::lround(p.x() + radius * std::cos(a))),
                                               int(std::lround(p.y() + radius * std::sin(a))));
            if (std::abs(px.red() - 0x3f) < 20 && std::abs(px.green() - 0xb9) < 20 && std::abs(px.blue() - 0x50) < 20)
                ++ringPixels;
        }
    QVERIFY2(ringPixels >= 12, qPrintable(QString::number(ringPixels)));
    m_map->setRouteSegments({});
    m_map->setRouteMarkers({});
}

void TestCityMapRender::staleIsGrey()
{
    m_map->setStale(true);
    const QImage image = grab(QStringLiteral("citymap_stale.png"));
    for (int r = 1; r + 1 < kGrid; ++r) {
        for (int c = 1; c + 1 < kGrid; ++c) {
            const int i = gridIndex(kGrid, r, c);
            for (auto [dx, dy] : {std::pair{0, -1}, std::pair{1, 0}, std::pair{0, 1}, std::pair{-1, 0}}) {
                const QColor px = sidePixel(image, i, dx, dy);
                QVERIFY2(isGrey(px), qPrintable(QStringLiteral("intersection %1: %2").arg(i).arg(describe(px))));
            }
        }
    }
    // No signal colour left anywhere.
    int coloured = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QColor px = image.pixelColor(x, y);
            coloured += (isGreen(px) || isRed(px)) ? 1 : 0;
        }
    QCOMPARE(coloured, 0);

    m_map->setStale(false);
    const QImage live = grab(QStringLiteral("citymap_live_again.png"));
    QVERIFY(isGreen(sidePixel(live, gridIndex(kGrid, 2, 2), 0, -1)));
}

void TestCityMapRender::zoomedIn()
{
    const int drawnBefore = m_map->drawnIntersections();
    m_map->centerOn(gridIndex(kGrid, 5, 5));
    m_map->zoomBy(4.0, QPointF(450, 350));
    grab(QStringLiteral("citymap_zoomed.png"));
    QVERIFY(m_map->metresPerPixel() < 1.0);
    QVERIFY(m_map->drawnIntersections() <= drawnBefore);
    const QImage image = m_window->grabWindow();
    const int i = gridIndex(kGrid, 5, 5);
    QVERIFY(isGreen(sidePixel(image, i, 0, -1)));
    m_map->fitToCity();
}

void TestCityMapRender::largeCityFrameTimes()
{
    // 10,000 intersections and about 40,000 segments.
    const int n = 100;
    auto layout = citymaptest::makeGridLayout(n, 140.0);
    console::StateStore store;
    store.setLayout(layout);
    QCOMPARE(store.applyBatch(citymaptest::makeGridSnapshot(*layout, n)), console::StateStore::ApplyResult::Applied);
    QCOMPARE(store.segmentCount(), 39600);

    QElapsedTimer first;
    first.start();
    m_map->setStore(&store);
    QTRY_VERIFY_WITH_TIMEOUT(m_map->cityRendered(), 60000);
    const qint64 firstMs = first.elapsed();
    grab(QStringLiteral("citymap_large.png"));

    // Wall time per frame, and process CPU time per frame (all threads, llvmpipe's included: less
    // sensitive to other load on the machine).
    std::vector<double> cpuMs;
    const auto timeFrames = [this, &cpuMs](int frames, auto &&step) {
        QSignalSpy swapped(m_window.get(), &QQuickWindow::frameSwapped);
        QElapsedTimer t;
        t.start();
        const std::clock_t cpu0 = std::clock();
        const auto done = [&] {
            cpuMs.push_back(1000.0 * double(std::clock() - cpu0) / CLOCKS_PER_SEC / frames);
            return double(t.elapsed()) / frames;
        };
        for (int k = 0; k < frames; ++k) {
            step(k);
            while (swapped.size() < k + 1)
                if (!swapped.wait(10000))
                    return -1.0;
        }
        return done();
    };
    const double panFar = timeFrames(30, [this](int k) { m_map->panBy(k % 2 ? -7 : 7, 3); });
    m_map->zoomBy(6.0, QPointF(450, 350));
    grab(QStringLiteral("citymap_large_zoomed.png"));
    const double panNear = timeFrames(30, [this](int k) { m_map->panBy(k % 2 ? -9 : 9, 4); });
    const double nearDrawn = m_map->drawnIntersections();
    // Signal updates for 500 intersections per frame.
    bool applied = true;
    const double updates = timeFrames(20, [&](int k) {
        core::LiveBatch delta;
        delta.sequence = 2 + std::uint64_t(k);
        delta.gatewayRunId = "run";
        delta.layoutVersion = layout->layoutVersion;
        for (int j = 0; j < 500; ++j) {
            const int i = (k * 500 + j * 19) % (n * n);
            delta.signals.push_back({i, citymaptest::gridColours(*layout, i, (k + j) % 2 == 0), 0, 0});
        }
        applied = applied && store.applyBatch(delta) == console::StateStore::ApplyResult::Applied;
    });
    QVERIFY(applied);
    qInfo("large city: first frame %lld ms; pan zoomed out %.1f ms/frame (cpu %.1f); pan zoomed in (%d of 10000 "
          "intersections drawn) %.1f ms/frame (cpu %.1f); 500 signal updates %.1f ms/frame (cpu %.1f)",
          firstMs, panFar, cpuMs.at(0), int(nearDrawn), panNear, cpuMs.at(1), updates, cpuMs.at(2));
    QVERIFY(nearDrawn < 10000);
    QVERIFY(panFar > 0 && panNear > 0 && updates > 0);
    QVERIFY2(panFar < 500 && panNear < 500 && updates < 500, "frames far too slow");

    m_map->setStore(&m_store);
    QTRY_VERIFY_WITH_TIMEOUT(m_map->cityRendered(), 20000);
}

QTEST_MAIN(TestCityMapRender)
#include "tst_citymap_render.moc"
