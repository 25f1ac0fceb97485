// Fan-out benchmark: one gateway serving 16 consoles at once (16 real GatewayLink + StateStore
// pairs in this process, each on its own channel, so 16 TCP connections), first alone, then
// with a 17th subscriber that opens a live stream and never reads it.
#include "applycounter.h"
#include "benchloop.h"
#include "benchreport.h"
#include "gatewayprobe.h"
#include "procstats.h"
#include "stalledreader.h"

#include "console/gatewaylink.h"
#include "console/statestore.h"
#include "support/gatewayprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace greenlight;
using namespace greenlight::bench;

namespace {

struct Options
{
    QString gatewayBin = QStringLiteral(GREENLIGHT_GATEWAY_BIN);
    int consoles = 16;
    int intersections = 10000;
    QString speed = QStringLiteral("1");
    QString history;                  // gateway --history; empty: its default
    double warmupSeconds = 5;
    double seconds = 15;
    double stallSeconds = 30;
};

Options parseOptions(const QCoreApplication &app)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Greenlight fan-out benchmark: one gateway, many consoles, one stalled reader."));
    p.addHelpOption();
    const QCommandLineOption gatewayBin(QStringLiteral("gateway-bin"), QStringLiteral("greenlight-gateway binary."), QStringLiteral("path"));
    const QCommandLineOption consoles(QStringLiteral("consoles"), QStringLiteral("Consoles (default 16)."), QStringLiteral("n"));
    const QCommandLineOption intersections(QStringLiteral("intersections"), QStringLiteral("Synthetic city size (default 10000)."), QStringLiteral("n"));
    const QCommandLineOption speed(QStringLiteral("speed"), QStringLiteral("Gateway --speed (default 1)."), QStringLiteral("factor"));
    const QCommandLineOption history(QStringLiteral("history"), QStringLiteral("Gateway --history (default: the gateway's)."), QStringLiteral("n"));
    const QCommandLineOption warmup(QStringLiteral("warmup"), QStringLiteral("Warm-up (default 5)."), QStringLiteral("s"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Measuring time without the stalled reader (default 15)."), QStringLiteral("s"));
    const QCommandLineOption stall(QStringLiteral("stall-seconds"), QStringLiteral("Measuring time with it (default 30)."), QStringLiteral("s"));
    p.addOptions({gatewayBin, consoles, intersections, speed, history, warmup, seconds, stall});
    p.process(app);
    Options o;
    if (p.isSet(gatewayBin))
        o.gatewayBin = p.value(gatewayBin);
    if (p.isSet(consoles))
        o.consoles = p.value(consoles).toInt();
    if (p.isSet(intersections))
        o.intersections = p.value(intersections).toInt();
    if (p.isSet(speed))
        o.speed = p.value(speed);
    if (p.isSet(history))
        o.history = p.value(history);
    if (p.isSet(warmup))
        o.warmupSeconds = p.value(warmup).toDouble();
    if (p.isSet(seconds))
        o.seconds = p.value(seconds).toDouble();
    if (p.isSet(stall))
        o.stallSeconds = p.value(stall).toDouble();
    return o;
}

// One simulated console: the real link and store, with a counter.
struct Console
{
    console::StateStore store;
    console::GatewayLink link{&store};
    ApplyCounter counter{&store};
};

// What one phase measured.
struct Phase
{
    double seconds = 0;
    double totalRate = 0;                   // updates/s, all consoles
    double slowestRate = 0;                 // updates/s of the console that applied least
    double fastestRate = 0;
    std::vector<double> slowestLag;         // per probe: messages the slowest console is behind
    double worstDelayP99 = 0;               // the worst console's p99 publish -> applied, ms
    double worstDelayMax = 0;
    int resyncs = 0;                        // snapshots the consoles needed during the phase
    int reconnects = 0;
    std::vector<double> gatewayRssMB;       // sampled each second
    double gatewayCpu = 0;
    double consolesCpu = 0;
    double publishedPerSecond = 0;          // messages the gateway published, per second
    double keptUp = 0;                      // the slowest console's messages applied / published
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("greenlight.*.debug=false\ngreenlight.*.info=false"));
    const Options o = parseOptions(app);

    QStringList args{QStringLiteral("--scenario"), QStringLiteral("synthetic:%1").arg(o.intersections),
                     QStringLiteral("--speed"), o.speed, QStringLiteral("--seed"), QStringLiteral("42")};
    if (!o.history.isEmpty())
        args << QStringLiteral("--history") << o.history;
    printNote(QStringLiteral("fan-out: greenlight-gateway %1; %2 consoles = %2 GatewayLink + StateStore pairs in one "
                             "process, one channel each; not pinned (gateway and consoles share the machine)")
                  .arg(args.join(QLatin1Char(' '))).arg(o.consoles));
    testing::GatewayProcess gateway(o.gatewayBin);
    if (!gateway.start(args)) {
        std::fprintf(stderr, "cannot start the gateway: %s\n", qPrintable(gateway.error()));
        return 1;
    }
    const long long gatewayPid = findChild(QStringLiteral("greenlight-gateway"));

    std::vector<std::unique_ptr<Console>> consoles;
    for (int i = 0; i < o.consoles; ++i) {
        consoles.push_back(std::make_unique<Console>());
        consoles.back()->link.start(gateway.address());
    }
    const auto allLive = [&] {
        return std::all_of(consoles.begin(), consoles.end(), [](const auto &c) { return c->store.hasLiveState(); });
    };
    if (!runUntil(allLive, 120)) {
        std::fprintf(stderr, "not every console got live state\n");
        return 1;
    }
    // The slowest console's distance from the gateway's newest message, each time the gateway says
    // where it is.
    GatewayProbe probe(gateway.address(), 250);
    std::vector<double> *lagSamples = nullptr;
    QElapsedTimer sinceStart;
    sinceStart.start();
    std::uint64_t latestSequence = 0;
    double latestAt = 0;
    QObject::connect(&probe, &GatewayProbe::latest, &probe, [&](std::uint64_t latest, double) {
        latestSequence = latest;
        latestAt = sinceStart.nsecsElapsed() / 1e9;
        if (!lagSamples)
            return;
        std::uint64_t slowest = latest;
        for (const auto &c : consoles)
            slowest = std::min(slowest, c->store.lastSequence());
        lagSamples->push_back(double(latest - slowest));
    });
    probe.start();
    // Sixteen layouts and snapshots take a while to serve: start measuring once every console has
    // caught up with the gateway.
    const auto slowestBehind = [&] {
        std::uint64_t slowest = latestSequence;
        for (const auto &c : consoles)
            slowest = std::min(slowest, c->store.lastSequence());
        return latestSequence - slowest;
    };
    if (!runUntil([&] { return latestSequence > 0 && slowestBehind() <= 2; }, 60))
        printNote(QStringLiteral("the consoles were still %1 messages behind after 60 s").arg(slowestBehind()));
    runFor(o.warmupSeconds);

    const auto measure = [&](double seconds) {
        Phase phase;
        lagSamples = &phase.slowestLag;
        std::vector<int> reconnectsBefore;
        for (const auto &c : consoles) {
            c->counter.reset();
            reconnectsBefore.push_back(c->link.reconnectCount());
        }
        const std::uint64_t sequenceBefore = latestSequence;
        const double sequenceBeforeAt = latestAt;
        const double gatewayCpuBefore = cpuSeconds(gatewayPid);
        const double consolesCpuBefore = cpuSeconds(0);
        QTimer sampler;
        sampler.setInterval(1000);
        QObject::connect(&sampler, &QTimer::timeout, &sampler,
                         [&] { phase.gatewayRssMB.push_back(readMemory(gatewayPid).rssMB); });
        phase.gatewayRssMB.push_back(readMemory(gatewayPid).rssMB);
        sampler.start();
        runFor(seconds);
        sampler.stop();
        phase.gatewayRssMB.push_back(readMemory(gatewayPid).rssMB);
        lagSamples = nullptr;
        phase.seconds = consoles.front()->counter.elapsedSeconds();
        const double published = double(latestSequence - sequenceBefore);
        if (latestAt > sequenceBeforeAt)
            phase.publishedPerSecond = published / (latestAt - sequenceBeforeAt);
        phase.gatewayCpu = (cpuSeconds(gatewayPid) - gatewayCpuBefore) / phase.seconds;
        phase.consolesCpu = (cpuSeconds(0) - consolesCpuBefore) / phase.seconds;
        phase.slowestRate = 1e300;
        phase.keptUp = 1e300;
        for (size_t i = 0; i < consoles.size(); ++i) {
            const ApplyCounter &counter = consoles[i]->counter;
            const double rate = counter.deltaUpdates() / phase.seconds;
            phase.totalRate += rate;
            phase.slowestRate = std::min(phase.slowestRate, rate);
            phase.fastestRate = std::max(phase.fastestRate, rate);
            phase.worstDelayP99 = std::max(phase.worstDelayP99, weightedPercentile(counter.delays(), 0.99));
            phase.worstDelayMax = std::max(phase.worstDelayMax, weightedPercentile(counter.delays(), 1.0));
            phase.resyncs += counter.snapshots();
            // Messages applied against messages published over the same window (probe times
            // are up to 250 ms off the window's edges; both sides are rates).
            if (phase.publishedPerSecond > 0)
                phase.keptUp = std::min(phase.keptUp,
                                        (counter.deltaBatches() / phase.seconds) / phase.publishedPerSecond);
            phase.reconnects += consoles[i]->link.reconnectCount() - reconnectsBefore[i];
        }
        return phase;
    };

    const auto describe = [&](const QString &name, const Phase &p) {
        printFigure({QStringLiteral("fanout.%1.updates_per_s").arg(name), formatValue(p.totalRate, 0, QStringLiteral("updates/s")),
                     QStringLiteral("total of %1 consoles; per console %2 .. %3; gateway published %4 msgs/s, the slowest "
                                    "console applied %5 of them; gateway CPU %6, consoles' process CPU %7")
                         .arg(o.consoles)
                         .arg(formatValue(p.slowestRate, 0, QString()), formatValue(p.fastestRate, 0, QString()),
                              formatValue(p.publishedPerSecond, 1, QString()), formatValue(p.keptUp * 100, 1, QStringLiteral("%")),
                              formatValue(p.gatewayCpu * 100, 0, QStringLiteral("%")),
                              formatValue(p.consolesCpu * 100, 0, QStringLiteral("%"))),
                     QString(), true});
        printFigure({QStringLiteral("fanout.%1.slowest_lag").arg(name),
                     formatValue(percentile(p.slowestLag, 1.0), 0, QStringLiteral("msgs")),
                     QStringLiteral("max behind the gateway's newest (p50 %1 msgs, %2 probes); worst console's delay p99 %3, max %4; "
                                    "resyncs %5, reconnects %6")
                         .arg(formatValue(percentile(p.slowestLag, 0.5), 0, QString()))
                         .arg(p.slowestLag.size())
                         .arg(formatValue(p.worstDelayP99, 1, QStringLiteral("ms")), formatValue(p.worstDelayMax, 1, QStringLiteral("ms")))
                         .arg(p.resyncs).arg(p.reconnects),
                     QString(), true});
    };

    const Phase alone = measure(o.seconds);
    describe(QStringLiteral("alone"), alone);

    StalledReader stalled(gateway.address());
    stalled.open();
    const Phase withStalled = measure(o.stallSeconds);
    describe(QStringLiteral("stalled"), withStalled);
    QString endStatus;
    const bool stalledEnded = stalled.ended(&endStatus);
    stalled.close();
    probe.stop();

    bool allPass = true;
    {
        // Not slowed: the gateway publishes as fast as without the stalled reader, and every
        // console applies what it publishes, without a resync.
        const double publishRatio = withStalled.publishedPerSecond / alone.publishedPerSecond;
        const bool pass = publishRatio >= 0.95 && withStalled.keptUp >= 0.95 && withStalled.resyncs == 0
            && withStalled.reconnects == 0;
        allPass &= printFigure({QStringLiteral("fanout.stalled.others_kept_up"),
                                formatValue(withStalled.keptUp * 100, 1, QStringLiteral("%")),
                                QStringLiteral("of the gateway's messages applied by the slowest of %1 consoles with the "
                                               "stalled reader (%2 without); gateway publish rate %3 of without; total "
                                               "updates/s %4 of without; resyncs %5, reconnects %6")
                                    .arg(o.consoles)
                                    .arg(formatValue(alone.keptUp * 100, 1, QStringLiteral("%")),
                                         formatValue(publishRatio * 100, 1, QStringLiteral("%")),
                                         formatValue(withStalled.totalRate / alone.totalRate * 100, 1, QStringLiteral("%")))
                                    .arg(withStalled.resyncs).arg(withStalled.reconnects),
                                QStringLiteral("target >= 95 %, publish rate >= 95 %, no resync"), pass});
    }
    {
        const auto &rss = withStalled.gatewayRssMB;
        const double start = rss.front();
        const double end = rss.back();
        const double max = *std::max_element(rss.begin(), rss.end());
        // Bounded: once the stalled subscriber's queue is full (capacity 256 messages) and it
        // waits for a snapshot, nothing more is kept for it: the last third of the window adds
        // (almost) nothing over the maximum before it.
        const size_t cut = std::max<size_t>(1, rss.size() - rss.size() / 3);
        const double before = *std::max_element(rss.begin(), rss.begin() + cut);
        const double growth = max - before;
        const bool pass = growth <= 8.0;
        allPass &= printFigure({QStringLiteral("fanout.stalled.gateway_rss"),
                                formatValue(end, 0, QStringLiteral("MB")),
                                QStringLiteral("start %1, max %2, end %3 over %4 s with the stalled reader (%5 samples); "
                                               "last third adds %6; without it: start %7, end %8")
                                    .arg(formatValue(start, 0, QStringLiteral("MB")), formatValue(max, 0, QStringLiteral("MB")),
                                         formatValue(end, 0, QStringLiteral("MB")))
                                    .arg(o.stallSeconds).arg(rss.size())
                                    .arg(formatValue(growth, 1, QStringLiteral("MB")),
                                         formatValue(alone.gatewayRssMB.front(), 0, QStringLiteral("MB")),
                                         formatValue(alone.gatewayRssMB.back(), 0, QStringLiteral("MB"))),
                                QStringLiteral("target: flat over the last third (<= 8 MB)"), pass});
    }
    printNote(stalledEnded ? QStringLiteral("the gateway ended the stalled stream: %1").arg(endStatus)
                           : QStringLiteral("the stalled stream was still open at the end (the gateway did not cut it off)"));

    for (auto &c : consoles)
        c->link.stop();
    consoles.clear();
    gateway.terminate();
    return allPass ? 0 : 3;
}
