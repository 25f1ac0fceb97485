#include "core/geo.h"

#include <QTest>

using namespace greenlight::core;

class TestGeo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mercatorRoundTrip_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::newRow("berlin") << 52.52 << 13.405;
        QTest::newRow("bologna") << 44.4949 << 11.3426;
        QTest::newRow("manhattan") << 40.7411 << -73.9897;
        QTest::newRow("southern") << -33.8688 << 151.2093;
        QTest::newRow("origin") << 0.0 << 0.0;
    }
    void mercatorRoundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        const LatLon back = fromMercator(toMercator({lat, lon}));
        QVERIFY(qAbs(back.lat - lat) < 1e-9);
        QVERIFY(qAbs(back.lon - lon) < 1e-9);
    }

    void mercatorKnownValues()
    {
        // One degree of longitude at the equator is 111,319.49 m on the Web Mercator sphere.
        QVERIFY(qAbs(toMercator({0, 1}).x - 111319.49) < 0.01);
        QVERIFY(qAbs(toMercator({0, 0}).y) < 1e-6);
        // North is up: a higher latitude has a larger y.
        QVERIFY(toMercator({52.6, 13.4}).y > toMercator({52.5, 13.4}).y);
        // Latitudes beyond the Mercator limit are clamped, not infinite.
        QVERIFY(std::isfinite(toMercator({90, 0}).y));
    }

    void mercatorScaleMatchesGround()
    {
        // 100 m north on the ground is 100 * scale plane metres; the Mercator sphere uses the WGS84
        // semi-major axis where ground distances use the mean radius.
        const LatLon a{52.52, 13.405};
        const LatLon b{52.52 + 100.0 / 111194.9, 13.405};
        const double ground = distanceMetres(a, b);
        const double plane = toMercator(b).y - toMercator(a).y;
        const double expected = mercatorScale(a.lat) * 6378137.0 / 6371008.8;
        QVERIFY2(qAbs(plane / ground - expected) < 1e-4, qPrintable(QString::number(plane / ground)));
    }

    void distance()
    {
        // Paris (Notre-Dame) to London (Trafalgar Square): about 343.5 km.
        const double d = distanceMetres({48.8530, 2.3499}, {51.5080, -0.1281});
        QVERIFY2(qAbs(d - 343500) < 1500, qPrintable(QString::number(d)));
        QCOMPARE(distanceMetres({10, 10}, {10, 10}), 0.0);
    }

    void bearings_data()
    {
        QTest::addColumn<double>("toLat");
        QTest::addColumn<double>("toLon");
        QTest::addColumn<double>("expected");
        QTest::addColumn<QString>("compass");
        QTest::newRow("north") << 52.53 << 13.40 << 0.0 << "N";
        QTest::newRow("east") << 52.52 << 13.41 << 90.0 << "E";
        QTest::newRow("south") << 52.51 << 13.40 << 180.0 << "S";
        QTest::newRow("west") << 52.52 << 13.39 << 270.0 << "W";
    }
    void bearings()
    {
        QFETCH(double, toLat);
        QFETCH(double, toLon);
        QFETCH(double, expected);
        QFETCH(QString, compass);
        const double b = bearingDegrees({52.52, 13.40}, {toLat, toLon});
        QVERIFY2(qAbs(b - expected) < 0.1, qPrintable(QString::number(b)));
        QCOMPARE(QString::fromStdString(compassPoint(b)), compass);
    }

    void compassAndApproach()
    {
        QCOMPARE(QString::fromStdString(compassPoint(359.0)), QStringLiteral("N"));
        QCOMPARE(QString::fromStdString(compassPoint(44.0)), QStringLiteral("NE"));
        QCOMPARE(QString::fromStdString(compassPoint(-90.0)), QStringLiteral("W"));
        // Traffic travelling north arrives from the south side.
        QCOMPARE(QString::fromStdString(approachSide(0.0)), QStringLiteral("S"));
        QCOMPARE(QString::fromStdString(approachSide(225.0)), QStringLiteral("NE"));
        QCOMPARE(normaliseBearing(-10.0), 350.0);
        QCOMPARE(normaliseBearing(720.0), 0.0);
    }

    void bounds()
    {
        GeoBounds b;
        QVERIFY(b.isEmpty());
        b.extend({1, 2});
        b.extend({3, -4});
        QVERIFY(!b.isEmpty());
        QCOMPARE(b.southWest, (LatLon{1, -4}));
        QCOMPARE(b.northEast, (LatLon{3, 2}));
        QCOMPARE(b.centre(), (LatLon{2, -1}));
    }
};

QTEST_GUILESS_MAIN(TestGeo)
#include "tst_core_geo.moc"
