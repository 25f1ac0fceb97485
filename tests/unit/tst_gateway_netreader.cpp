// The gateway's SUMO network reader and the conflict table built from junction right-of-way data.

#include "gateway/sumo/junctionfoes.h"
#include "gateway/sumo/layoutextractor.h"
#include "gateway/sumo/netreader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using namespace greenlight;
using namespace greenlight::gateway::sumo;

namespace {

// One signalised junction J: a straight (link 0) and a right turn (link 1) from a, a left turn from
// d split by an internal junction (link 2, listed in intLanes by its second part), and a pedestrian
// crossing (link 3). Link 0 conflicts with link 2, link 1 with the crossing.
const char *const kNet = R"(<?xml version="1.0" encoding="UTF-8"?>
<net version="1.9" junctionCornerDetail="5">
    <location netOffset="0.00,0.00" convBoundary="0,0,200,200" origBoundary="0,0,1,1" projParameter="!"/>
    <edge id=":J_0" function="internal"><lane id=":J_0_0" index="0" speed="13.89" length="9.00" shape="0,0 1,1"/></edge>
    <edge id=":J_2" function="internal"><lane id=":J_2_0" index="0" speed="6.00" length="4.00" shape="0,0 1,1"/></edge>
    <edge id=":J_3" function="internal"><lane id=":J_3_0" index="0" speed="6.00" length="5.00" shape="0,0 1,1"/></edge>
    <edge id=":J_c0" function="crossing" crossingEdges="c"><lane id=":J_c0_0" index="0" allow="pedestrian" speed="1.00" length="8.00" shape="0,0 1,1"/></edge>
    <edge id=":J_w0" function="walkingarea"><lane id=":J_w0_0" index="0" allow="pedestrian" speed="1.00" length="2.00" shape="0,0 1,1"/></edge>
    <edge id="a" from="A" to="J" priority="3" type="highway.primary" name="Harbour Road">
        <lane id="a_0" index="0" speed="13.89" length="100.00" shape="0,100 95,100"/>
        <lane id="a_1" index="1" speed="13.89" length="100.00" shape="0,103 95,103"/>
    </edge>
    <edge id="b" from="J" to="B" priority="1" name="3rd Avenue">
        <lane id="b_0" index="0" speed="8.33" length="80.00" shape="105,100 200,100"/>
    </edge>
    <edge id="c" from="J" to="C" priority="1">
        <lane id="c_0" index="0" speed="8.33" length="50.00" shape="100,95 100,0"/>
    </edge>
    <edge id="d" from="D" to="J" priority="1">
        <lane id="d_0" index="0" speed="8.33" length="60.00" shape="100,200 100,105"/>
    </edge>
    <edge id="walk" from="J" to="W" priority="1">
        <lane id="walk_0" index="0" allow="pedestrian" speed="2.00" length="30.00" shape="100,100 130,130"/>
    </edge>
    <junction id="J" type="traffic_light" x="100.00" y="100.00" incLanes="a_0 a_1 d_0 :J_w0_0" intLanes=":J_0_0 :J_1_0 :J_3_0 :J_c0_0" shape="0,0">
        <request index="0" response="0000" foes="0100" cont="0"/>
        <request index="1" response="0000" foes="1000" cont="0"/>
        <request index="2" response="0001" foes="0001" cont="1"/>
        <request index="3" response="0010" foes="0010" cont="0"/>
    </junction>
    <junction id="A" type="dead_end" x="0.00" y="100.00" incLanes="" intLanes="" shape="0,0"/>
    <connection from="a" to="b" fromLane="0" toLane="0" via=":J_0_0" tl="J" linkIndex="0" dir="s" state="O"/>
    <connection from="a" to="c" fromLane="1" toLane="0" via=":J_1_0" tl="J" linkIndex="1" dir="r" state="O"/>
    <connection from="d" to="b" fromLane="0" toLane="0" via=":J_2_0" tl="J" linkIndex="2" dir="l" state="o"/>
    <connection from=":J_0" to="b" fromLane="0" toLane="0" dir="s" state="M"/>
    <connection from=":J_2" to="b" fromLane="0" toLane="0" via=":J_3_0" dir="l" state="m"/>
    <connection from=":J_3" to="b" fromLane="0" toLane="0" dir="l" state="M"/>
    <connection from=":J_w0" to=":J_c0" fromLane="0" toLane="0" tl="J" linkIndex="3" dir="s" state="O"/>
</net>
)";

const TlsLink kStraight{"a_0", ":J_0_0", "b_0"};
const TlsLink kRight{"a_1", ":J_1_0", "c_0"};
const TlsLink kLeft{"d_0", ":J_2_0", "b_0"};
const TlsLink kCrossing{":J_w0_0", "", ":J_c0_0"};

NetFile parsed()
{
    std::string error;
    auto net = parseNet(QByteArray(kNet), &error);
    if (!net)
        qFatal("tiny net does not parse: %s", error.c_str());
    return std::move(*net);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestGatewayNetReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEdgesButNotInternalOnes()
    {
        const NetFile net = parsed();
        QCOMPARE(net.edges.size(), 5u);
        const NetEdge *a = net.edge("a");
        QVERIFY(a);
        QCOMPARE(a->from, std::string("A"));
        QCOMPARE(a->to, std::string("J"));
        QCOMPARE(a->type, std::string("highway.primary"));
        QCOMPARE(a->name, std::string("Harbour Road"));
        QCOMPARE(a->priority, 3);
        QCOMPARE(a->lanes.size(), 2u);
        QCOMPARE(a->lanes[1].id, std::string("a_1"));
        QCOMPARE(a->lanes[1].length, 100.0);
        QCOMPARE(net.edge("walk")->lanes[0].allow, std::string("pedestrian"));
        QVERIFY(!net.edge(":J_0"));
        QVERIFY(!net.edge(":J_c0"));
    }

    void readsJunctionsAndViaChains()
    {
        const NetFile net = parsed();
        const NetJunction *j = net.junction("J");
        QVERIFY(j);
        QCOMPARE(j->type, std::string("traffic_light"));
        QCOMPARE(j->internalLanes.size(), 4u);
        QCOMPARE(j->internalLanes[2], std::string(":J_3_0"));
        QCOMPARE(j->foes.size(), 4u);
        QCOMPARE(j->foes[0], std::string("0100"));
        QCOMPARE(net.viaNext.at(":J_2_0"), std::string(":J_3_0"));
        QVERIFY(!net.viaNext.count(":J_0_0"));
        QVERIFY(net.junction("A")->foes.empty());
    }

    void rejectsWhatIsNoNetwork()
    {
        std::string error;
        QVERIFY(!parseNet("<additional/>", &error));
        QVERIFY(!error.empty());
        QVERIFY(!parseNet("<net><edge id=\"x\"", &error));
        QVERIFY(error.find("XML error") != std::string::npos);
    }

    void foeBitsReadRightToLeft()
    {
        const NetFile net = parsed();
        const NetJunction &j = *net.junction("J");
        QVERIFY(linksAreFoes(j, 0, 2));
        QVERIFY(linksAreFoes(j, 2, 0));
        QVERIFY(linksAreFoes(j, 1, 3));
        QVERIFY(!linksAreFoes(j, 0, 1));
        QVERIFY(!linksAreFoes(j, 0, 3));
        QVERIFY(!linksAreFoes(j, 2, 2));
        QVERIFY(!linksAreFoes(j, 0, 17));
    }

    void locatesLinksInTheirJunction()
    {
        const NetFile net = parsed();
        const JunctionLinkIndex index(net);
        QCOMPARE(index.locate(kStraight).index, 0);
        QCOMPARE(index.locate(kLeft).index, 2);      // followed from :J_2_0 to :J_3_0
        QCOMPARE(index.locate(kCrossing).index, 3);  // the crossing lane itself
        QCOMPARE(index.locate(kStraight).junction, net.junction("J"));
        QVERIFY(!index.locate({"x_0", ":nowhere_0_0", "y_0"}).junction);
    }

    void groupFoesFollowTheJunctionNotTheGroupOrder()
    {
        const NetFile net = parsed();
        const JunctionLinkIndex index(net);
        // The traffic light numbers its groups differently from the junction.
        const auto foes = index.groupFoes({{kLeft}, {kStraight}, {kCrossing}, {kRight}, {}});
        QCOMPARE(foes.size(), 5u);
        QCOMPARE(foes[0], std::vector<int>{1});
        QCOMPARE(foes[1], std::vector<int>{0});
        QCOMPARE(foes[2], std::vector<int>{3});
        QCOMPARE(foes[3], std::vector<int>{2});
        QVERIFY(foes[4].empty());
    }

    void readsParkingCapacities()
    {
        const auto capacities = parseParkingCapacities(R"(<additional>
            <parkingArea id="p1" lane="a_0" startPos="1" endPos="20" roadsideCapacity="5"/>
            <parkingArea id="p2" lane="a_0" startPos="1" endPos="20"><space x="1" y="1"/><space x="2" y="1"/></parkingArea>
            <busStop id="bus" lane="a_0" startPos="1" endPos="20"/>
        </additional>)");
        QCOMPARE(capacities.size(), 2u);
        QCOMPARE(capacities.at("p1"), 5);
        QCOMPARE(capacities.at("p2"), 2);
    }

    void readsScenarioFilesRelativeToTheConfig()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString cfg = dir.filePath("town.sumocfg");
        QVERIFY(writeFile(cfg, R"(<configuration><input>
            <net-file value="nets/town.net.xml.gz"/>
            <additional-files value="a.add.xml, b.add.xml"/>
        </input></configuration>)"));
        std::string error;
        const auto files = readScenarioFiles(cfg.toStdString(), &error);
        QVERIFY2(files, error.c_str());
        QCOMPARE(files->netFile, QDir(dir.path()).filePath("nets/town.net.xml.gz").toStdString());
        QCOMPARE(files->additionalFiles.size(), 2u);
        QCOMPARE(files->additionalFiles[1], QDir(dir.path()).filePath("b.add.xml").toStdString());

        QVERIFY(writeFile(cfg, "<configuration/>"));
        QVERIFY(!readScenarioFiles(cfg.toStdString(), &error));
        QVERIFY(!readScenarioFiles(dir.filePath("missing.sumocfg").toStdString(), &error));
    }

    void readsCompressedAndPlainNetworks()
    {
        QTemporaryDir dir;
        const QString plain = dir.filePath("n.net.xml");
        QVERIFY(writeFile(plain, kNet));
        const QString packed = dir.filePath("n.net.xml.gz");
        gzFile gz = gzopen(packed.toLocal8Bit().constData(), "wb");
        QVERIFY(gz);
        QCOMPARE(gzwrite(gz, kNet, unsigned(std::strlen(kNet))), int(std::strlen(kNet)));
        gzclose(gz);
        std::string error;
        for (const auto &path : {plain, packed}) {
            const auto net = readNetFile(path.toStdString(), &error);
            QVERIFY2(net, error.c_str());
            QCOMPARE(net->edges.size(), 5u);
        }
        QVERIFY(!readNetFile(dir.filePath("none.net.xml").toStdString(), &error));
    }

    void classifiesRoads()
    {
        QCOMPARE(roadClassOf("highway.motorway", -1, 3, 33.0), core::RoadClass::Motorway);
        QCOMPARE(roadClassOf("highway.trunk_link", -1, 1, 20.0), core::RoadClass::Motorway);
        QCOMPARE(roadClassOf("highway.primary", -1, 2, 13.9), core::RoadClass::Arterial);
        QCOMPARE(roadClassOf("highway.secondary_link", -1, 1, 13.9), core::RoadClass::Arterial);
        QCOMPARE(roadClassOf("highway.tertiary", -1, 1, 11.1), core::RoadClass::Collector);
        QCOMPARE(roadClassOf("highway.residential", -1, 1, 8.3), core::RoadClass::Local);
        QCOMPARE(roadClassOf("highway.living_street", -1, 1, 2.0), core::RoadClass::Local);
        QCOMPARE(roadClassOf("highway.cycleway", -1, 1, 5.0), core::RoadClass::Other);
        // Without a type: by speed, lanes and priority.
        QCOMPARE(roadClassOf("", 1, 3, 27.8), core::RoadClass::Motorway);
        QCOMPARE(roadClassOf("", 3, 1, 13.9), core::RoadClass::Arterial);
        QCOMPARE(roadClassOf("", -1, 2, 13.9), core::RoadClass::Arterial);
        QCOMPARE(roadClassOf("", -1, 1, 13.9), core::RoadClass::Collector);
        QCOMPARE(roadClassOf("", -1, 1, 8.3), core::RoadClass::Local);
    }

    void classifiesPointsOfInterest()
    {
        QCOMPARE(poiKindOf("hospital"), core::PoiKind::Hospital);
        QCOMPARE(poiKindOf("amenity.hospital"), core::PoiKind::Hospital);
        QCOMPARE(poiKindOf("fire_station"), core::PoiKind::FireStation);
        QCOMPARE(poiKindOf("amenity.police"), core::PoiKind::PoliceStation);
        QCOMPARE(poiKindOf("railway.station"), core::PoiKind::TransitStation);
        QCOMPARE(poiKindOf("tree"), core::PoiKind::Other);
    }
};

QTEST_GUILESS_MAIN(TestGatewayNetReader)
#include "tst_gateway_netreader.moc"
