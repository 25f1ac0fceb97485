// The gateway on the real cities in the shared scenarios folder: each loads and serves a layout
// with plausible signals, positioned where the city really is, and streams its live state.

#include "convert/protoconvert.h"
#include "core/geo.h"
#include "core/routing/roadgraph.h"
#include "gateway/sumo/layoutextractor.h"
#include "gateway/sumo/netreader.h"
#include "greenlight/v1/service.grpc.pb.h"
#include "support/gatewayprocess.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <QDir>
#include <QFileInfo>
#include <QTest>
#include <QXmlStreamReader>

#include <map>
#include <set>

using namespace greenlight;
using greenlight::testing::GatewayProcess;

namespace {
// One connection of the network that a traffic light controls.
struct ControlledConnection {
    std::string tls;
    int linkIndex = -1;
    std::string from;  // edge
    std::string to;    // edge
    int fromLane = 0;
    std::string dir;   // SUMO's direction: s, l, L, r, R, t
};

// Every connection between two normal edges that a traffic light controls, as the .net.xml has it.
std::vector<ControlledConnection> controlledConnections(const QByteArray &xml)
{
    std::vector<ControlledConnection> out;
    QXmlStreamReader reader(xml);
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement || reader.name() != u"connection")
            continue;
        const auto a = reader.attributes();
        if (!a.hasAttribute(QStringLiteral("tl")) || !a.hasAttribute(QStringLiteral("linkIndex")))
            continue;
        ControlledConnection c{a.value(QStringLiteral("tl")).toString().toStdString(), a.value(QStringLiteral("linkIndex")).toInt(),
                               a.value(QStringLiteral("from")).toString().toStdString(), a.value(QStringLiteral("to")).toString().toStdString(),
                               a.value(QStringLiteral("fromLane")).toInt(),
                               a.value(QStringLiteral("dir")).toString().toStdString()};
        if (c.from.empty() || c.from.front() == ':' || c.to.empty() || c.to.front() == ':')
            continue;
        out.push_back(std::move(c));
    }
    return out;
}
} // namespace

class TestGatewayScenarios : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesRealCity_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<int>("maxSignals");  // signalised junctions in the scenarios README
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::newRow("bologna") << "bologna/bologna.sumocfg" << 29 << 44.50 << 11.33;
        QTest::newRow("ingolstadt21") << "ingolstadt21/ingolstadt21.sumocfg" << 24 << 48.76 << 11.42;
        QTest::newRow("monaco") << "monaco/monaco.sumocfg" << 9 << 43.74 << 7.42;
        QTest::newRow("nyc") << "nyc/nyc.sumocfg" << 57 << 40.74 << -74.00;
        QTest::newRow("paris") << "paris/paris.sumocfg" << 91 << 48.86 << 2.37;
    }

    void servesRealCity()
    {
        QFETCH(QString, config);
        QFETCH(int, maxSignals);
        QFETCH(double, lat);
        QFETCH(double, lon);
        const QString path = QDir(QStringLiteral(GREENLIGHT_SCENARIOS_DIR)).filePath(config);
        if (!QFileInfo::exists(path))
            QSKIP(qPrintable(QStringLiteral("scenario not available here: %1").arg(path)));

        GatewayProcess gateway(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(gateway.start({"--scenario", path, "--speed", "max"}), qPrintable(gateway.error()));
        auto channel = grpc::CreateChannel(gateway.address().toStdString(), grpc::InsecureChannelCredentials());
        auto stub = v1::CityService::NewStub(channel);

        v1::CityLayout layout;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        const auto status = stub->GetLayout(&context, {}, &layout);
        QVERIFY2(status.ok(), status.error_message().c_str());
        QCOMPARE(QString::fromStdString(layout.city_id()), QFileInfo(path).completeBaseName());

        const int n = layout.intersections_size();
        QVERIFY2(n > 0 && n <= maxSignals, qPrintable(QString::number(n)));
        const core::LatLon city{lat, lon};
        int withConflicts = 0;
        for (const auto &i : layout.intersections()) {
            QVERIFY2(i.signal_groups_size() > 0, i.id().c_str());
            QVERIFY2(i.phases_size() > 0, i.id().c_str());
            for (const auto &p : i.phases())
                QCOMPARE(int(p.state().size()), i.signal_groups_size());
            const double km = core::distanceMetres({i.position().lat(), i.position().lon()}, city) / 1000.0;
            QVERIFY2(km < 8.0, qPrintable(QStringLiteral("%1 is %2 km away").arg(QString::fromStdString(i.id())).arg(km)));
            withConflicts += i.conflicts_size() > 0;
        }
        QVERIFY(withConflicts > n / 2);

        // Every way through a signalised junction that vehicles may drive is a movement of the
        // signal that controls it, and the road graph routes through it with that signal: where
        // one field signal serves several ways (a link index shared by several connections), none
        // of them is lost.
        std::string error;
        const auto files = gateway::sumo::readScenarioFiles(path.toStdString(), &error);
        QVERIFY2(files, error.c_str());
        const auto netXml = gateway::sumo::readMaybeCompressed(files->netFile, &error);
        QVERIFY2(netXml, error.c_str());
        const auto net = gateway::sumo::parseNet(*netXml, &error);
        QVERIFY2(net, error.c_str());
        const core::CityLayout core = convert::fromProto(layout);
        const core::routing::RoadGraph graph(core);
        std::map<std::string, std::size_t> intersectionById;
        for (std::size_t i = 0; i < core.intersections.size(); ++i)
            intersectionById[core.intersections[i].id] = i;
        int checked = 0;
        for (const auto &c : controlledConnections(*netXml)) {
            const int from = graph.segmentIndex(c.from);
            const int to = graph.segmentIndex(c.to);
            const auto *edge = net->edge(c.from);
            if (from < 0 || to < 0 || !edge || c.fromLane < 0 || std::size_t(c.fromLane) >= edge->lanes.size()
                || edge->lanes[std::size_t(c.fromLane)].allow == "pedestrian")
                continue; // not a road the console shows
            const auto x = intersectionById.find(c.tls);
            QVERIFY2(x != intersectionById.end(), c.tls.c_str());
            const auto &groups = core.intersections[x->second].signalGroups;
            const std::string what = c.tls + " link " + std::to_string(c.linkIndex) + ": " + c.from + " -> " + c.to;
            QVERIFY2(c.linkIndex >= 0 && std::size_t(c.linkIndex) < groups.size(), what.c_str());
            const auto &group = groups[std::size_t(c.linkIndex)];
            QVERIFY2(group.controls(c.from, c.to), what.c_str());
            for (const auto &m : group.moreMovements)
                if (m.fromSegmentId == c.from && m.toSegmentId == c.to)
                    QVERIFY2(m.turn == gateway::sumo::turnFromDirection(c.dir), what.c_str());
            const auto &a = core.segments[std::size_t(from)];
            const auto &b = core.segments[std::size_t(to)];
            if (a.fromJunctionId == b.toJunctionId && a.toJunctionId == b.fromJunctionId)
                continue; // a U-turn: never routed
            const auto needed = graph.signalGroups(from, to);
            QVERIFY2(std::find(needed.begin(), needed.end(), c.linkIndex) != needed.end(), what.c_str());
            ++checked;
        }
        QVERIFY2(checked > n, qPrintable(QString::number(checked)));
        QVERIFY(layout.segments_size() > n);
        for (const auto &s : layout.segments()) {
            QVERIFY(s.shape_size() >= 2);
            const double km = core::distanceMetres({s.shape(0).lat(), s.shape(0).lon()}, city) / 1000.0;
            QVERIFY2(km < 15.0, s.id().c_str());
        }

        // The stream starts with the full state and goes on in sequence.
        grpc::ClientContext streamContext;
        streamContext.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        v1::StreamLiveRequest request;
        request.set_include_vehicles(true);
        auto reader = stub->StreamLive(&streamContext, request);
        v1::LiveUpdate m;
        QVERIFY(reader->Read(&m));
        QCOMPARE(m.kind(), v1::LiveUpdate::KIND_SNAPSHOT);
        QCOMPARE(m.signals_size(), n);
        QCOMPARE(m.segments_size(), layout.segments_size());
        std::uint64_t last = m.sequence();
        for (int i = 0; i < 20; ++i) {
            QVERIFY(reader->Read(&m));
            QCOMPARE(m.sequence(), ++last);
        }
        streamContext.TryCancel();
        while (reader->Read(&m)) {
        }
        reader->Finish();
    }
};

QTEST_GUILESS_MAIN(TestGatewayScenarios)
#include "tst_gateway_scenarios.moc"
