// The default city generator: reproducible street plans and plain XML from a seed.

#include "core/geo.h"
#include "gateway/sumo/citybuilder.h"
#include "gateway/sumo/citygenerator.h"
#include "gateway/sumo/plainxml.h"
#include "gateway/sumo/streetnames.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace greenlight;
using namespace greenlight::gateway::sumo;

namespace {

const core::LatLon kOrigin{52.5200, 13.4050};
const QStringList kPlainFiles{"plain.nod.xml", "plain.edg.xml", "plain.typ.xml"};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The plain XML of a plan written into a fresh folder, file by file.
QList<QByteArray> plainXml(std::uint32_t seed, CitySize size)
{
    QTemporaryDir dir;
    std::string error;
    if (!writePlainXml(generateCityPlan(seed, size, kOrigin), dir.path(), &error))
        qFatal("cannot write plain XML: %s", error.c_str());
    QList<QByteArray> out;
    for (const auto &name : kPlainFiles)
        out << readAll(QDir(dir.path()).filePath(name));
    return out;
}

long signalised(const CityPlan &plan)
{
    return std::count_if(plan.nodes.begin(), plan.nodes.end(), [](const PlanNode &n) { return n.signalised; });
}

} // namespace

class TestGatewayCityGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameSeedWritesIdenticalFiles()
    {
        const auto first = plainXml(42, CitySize::Small);
        const auto second = plainXml(42, CitySize::Small);
        QCOMPARE(first.size(), 3);
        for (int i = 0; i < first.size(); ++i) {
            QVERIFY2(!first[i].isEmpty(), qPrintable(kPlainFiles[i]));
            QCOMPARE(first[i], second[i]);
        }
    }

    void differentSeedWritesDifferentFiles()
    {
        const auto a = plainXml(42, CitySize::Small);
        const auto b = plainXml(43, CitySize::Small);
        QVERIFY(a[0] != b[0]);
        QVERIFY(a[1] != b[1]);
        QVERIFY(plainXml(42, CitySize::Default)[0] != a[0]);
    }

    void sizesHaveTheAgreedSignalCounts_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("low");
        QTest::addColumn<int>("high");
        QTest::newRow("small") << int(CitySize::Small) << 15 << 40;
        QTest::newRow("default") << int(CitySize::Default) << 150 << 400;
    }

    void sizesHaveTheAgreedSignalCounts()
    {
        QFETCH(int, size);
        QFETCH(int, low);
        QFETCH(int, high);
        for (std::uint32_t seed : {1u, 42u, 1234u}) {
            const auto plan = generateCityPlan(seed, CitySize(size), kOrigin);
            const long n = signalised(plan);
            QVERIFY2(n >= low && n <= high, qPrintable(QStringLiteral("seed %1: %2 signals").arg(seed).arg(n)));
            QVERIFY(signalised(plan) < long(plan.nodes.size()));  // some junctions stay unsignalised
        }
    }

    void planIsConsistentAndNearTheOrigin()
    {
        const auto plan = generateCityPlan(42, CitySize::Default, kOrigin);
        std::set<std::string> nodes;
        for (const auto &n : plan.nodes) {
            QVERIFY(nodes.insert(n.id).second);
            QVERIFY(core::distanceMetres(planToGeo(kOrigin, n.x, n.y), kOrigin) < 3000.0);
        }
        std::set<std::string> edges;
        std::set<std::string> names;
        int arterials = 0;
        for (const auto &e : plan.edges) {
            QVERIFY(edges.insert(e.id).second);
            QVERIFY2(nodes.count(e.from) && nodes.count(e.to), e.id.c_str());
            QVERIFY(!e.name.empty());
            names.insert(e.name);
            arterials += e.arterial;
            QVERIFY(e.lanes >= 1 && e.lanes <= 3);
            QVERIFY(e.speedMps > 8.0 && e.speedMps < 14.0);
        }
        QVERIFY(arterials > 0 && arterials < int(plan.edges.size()) / 2);
        QVERIFY2(names.size() >= 30, qPrintable(QString::number(names.size())));
        QVERIFY(names.count("1st Avenue"));
        QVERIFY(!plan.gateEdgesIn.empty());
        QCOMPARE(plan.gateEdgesIn.size(), plan.gateEdgesOut.size());
        QVERIFY(!plan.centralEdges.empty());
    }

    void planToGeoIsMetric()
    {
        const auto north = planToGeo(kOrigin, 0, 1000);
        const auto east = planToGeo(kOrigin, 1000, 0);
        QVERIFY(std::abs(core::distanceMetres(kOrigin, north) - 1000.0) < 1.0);
        QVERIFY(std::abs(core::distanceMetres(kOrigin, east) - 1000.0) < 1.0);
        QVERIFY(std::abs(core::bearingDegrees(kOrigin, east) - 90.0) < 0.1);
    }

    void cacheKeyCoversSeedSizeAndOrigin()
    {
        const auto key = CityBuilder(42, CitySize::Small, kOrigin).cacheKey();
        QCOMPARE(CityBuilder(42, CitySize::Small, kOrigin).cacheKey(), key);
        QVERIFY(CityBuilder(43, CitySize::Small, kOrigin).cacheKey() != key);
        QVERIFY(CityBuilder(42, CitySize::Default, kOrigin).cacheKey() != key);
        QVERIFY(CityBuilder(42, CitySize::Small, {48.85, 2.35}).cacheKey() != key);
        QVERIFY(QRegularExpression("^[a-z0-9-]+$").match(QString::fromStdString(key)).hasMatch());
    }

    void ordinals()
    {
        QCOMPARE(StreetNames::ordinal(1), std::string("1st"));
        QCOMPARE(StreetNames::ordinal(2), std::string("2nd"));
        QCOMPARE(StreetNames::ordinal(3), std::string("3rd"));
        QCOMPARE(StreetNames::ordinal(4), std::string("4th"));
        QCOMPARE(StreetNames::ordinal(11), std::string("11th"));
        QCOMPARE(StreetNames::ordinal(12), std::string("12th"));
        QCOMPARE(StreetNames::ordinal(21), std::string("21st"));
        QCOMPARE(StreetNames::ordinal(113), std::string("113th"));
    }
};

QTEST_GUILESS_MAIN(TestGatewayCityGenerator)
#include "tst_gateway_citygenerator.moc"
