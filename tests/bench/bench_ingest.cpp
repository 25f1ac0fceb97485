// Ingest benchmark: the gateway's synthetic city into the console's real GatewayLink and
// StateStore (no window), with this process on one CPU and the gateway on another.
//
//  1. Throughput: synthetic:N at --speed max; signal + segment updates applied per second.
//  2. Latency: a city and speed chosen so the gateway offers about 10,000 updates/s; delay from
//     the gateway publishing a batch (emittedUnixUs) to the store having applied it.
#include "applycounter.h"
#include "benchloop.h"
#include "benchreport.h"
#include "procstats.h"

#include "console/gatewaylink.h"
#include "console/statestore.h"
#include "support/gatewayprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

#include <cstdio>

using namespace greenlight;
using namespace greenlight::bench;

namespace {

struct Options
{
    QString gatewayBin = QStringLiteral(GREENLIGHT_GATEWAY_BIN);
    int throughputIntersections = 10000;
    double throughputSeconds = 15;
    int latencyIntersections = 2500;
    QString latencySpeed = QStringLiteral("1");
    double latencySeconds = 30;
    double warmupSeconds = 3;
    int consoleCpu = -1;    // -1: the last CPU, when there are at least two
    int gatewayCpu = -1;    // -1: the first CPU
    bool pin = true;
};

Options parseOptions(const QCoreApplication &app)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Greenlight ingest benchmark: gateway -> GatewayLink -> StateStore."));
    p.addHelpOption();
    const QCommandLineOption gatewayBin(QStringLiteral("gateway-bin"), QStringLiteral("greenlight-gateway binary."), QStringLiteral("path"));
    const QCommandLineOption tn(QStringLiteral("throughput-intersections"), QStringLiteral("City for the throughput run (default 10000)."), QStringLiteral("n"));
    const QCommandLineOption ts(QStringLiteral("throughput-seconds"), QStringLiteral("Measuring time (default 15)."), QStringLiteral("s"));
    const QCommandLineOption ln(QStringLiteral("latency-intersections"), QStringLiteral("City for the latency run (default 2500)."), QStringLiteral("n"));
    const QCommandLineOption lspeed(QStringLiteral("latency-speed"), QStringLiteral("Gateway --speed for the latency run (default 1)."), QStringLiteral("factor"));
    const QCommandLineOption ls(QStringLiteral("latency-seconds"), QStringLiteral("Measuring time (default 30)."), QStringLiteral("s"));
    const QCommandLineOption warmup(QStringLiteral("warmup"), QStringLiteral("Warm-up before measuring (default 3)."), QStringLiteral("s"));
    const QCommandLineOption cpu(QStringLiteral("cpu"), QStringLiteral("CPU for this process (default: the last)."), QStringLiteral("n"));
    const QCommandLineOption gatewayCpu(QStringLiteral("gateway-cpu"), QStringLiteral("CPU for the gateway (default: the first)."), QStringLiteral("n"));
    const QCommandLineOption noPin(QStringLiteral("no-pin"), QStringLiteral("Do not pin processes to CPUs."));
    p.addOptions({gatewayBin, tn, ts, ln, lspeed, ls, warmup, cpu, gatewayCpu, noPin});
    p.process(app);
    Options o;
    if (p.isSet(gatewayBin))
        o.gatewayBin = p.value(gatewayBin);
    if (p.isSet(tn))
        o.throughputIntersections = p.value(tn).toInt();
    if (p.isSet(ts))
        o.throughputSeconds = p.value(ts).toDouble();
    if (p.isSet(ln))
        o.latencyIntersections = p.value(ln).toInt();
    if (p.isSet(lspeed))
        o.latencySpeed = p.value(lspeed);
    if (p.isSet(ls))
        o.latencySeconds = p.value(ls).toDouble();
    if (p.isSet(warmup))
        o.warmupSeconds = p.value(warmup).toDouble();
    if (p.isSet(cpu))
        o.consoleCpu = p.value(cpu).toInt();
    if (p.isSet(gatewayCpu))
        o.gatewayCpu = p.value(gatewayCpu).toInt();
    o.pin = !p.isSet(noPin);
    return o;
}

// What one run measured.
struct Run
{
    bool ok = false;
    double seconds = 0;
    std::uint64_t updates = 0;
    std::uint64_t batches = 0;
    int snapshots = 0;
    int reconnects = 0;
    double consoleCpu = 0;    // fraction of one CPU
    double gatewayCpu = 0;
    double gatewayRssMB = -1;
    std::vector<std::pair<double, double>> delays;

    double updatesPerSecond() const { return seconds > 0 ? updates / seconds : 0; }
};

// Starts a gateway with args, pins it and this process, connects a link and store, warms up and
// measures for `seconds`.
Run measure(const Options &o, const QStringList &args, double seconds)
{
    Run run;
    testing::GatewayProcess gateway(o.gatewayBin);
    if (!gateway.start(args)) {
        std::fprintf(stderr, "cannot start the gateway: %s\n", qPrintable(gateway.error()));
        return run;
    }
    const long long gatewayPid = findChild(QStringLiteral("greenlight-gateway"));
    const auto pinGateway = [&] {
        QString error;
        if (o.pin && gatewayPid && !pinProcess(gatewayPid, o.gatewayCpu, &error))
            std::fprintf(stderr, "cannot pin the gateway: %s\n", qPrintable(error));
    };
    pinGateway();

    console::StateStore store;
    console::GatewayLink link(&store);
    ApplyCounter counter(&store);
    link.start(gateway.address());
    if (!runUntil([&] { return store.hasLiveState(); }, 60)) {
        std::fprintf(stderr, "no live state: %s\n", qPrintable(link.lastError()));
        return run;
    }
    // Threads started since (gRPC's, the gateway's) inherit the CPU of their creator; pin again
    // in case one was created by a thread that was not pinned yet.
    QString error;
    if (o.pin && !pinProcess(0, o.consoleCpu, &error))
        std::fprintf(stderr, "cannot pin this process: %s\n", qPrintable(error));
    pinGateway();
    runFor(o.warmupSeconds);

    const int reconnectsBefore = link.reconnectCount();
    const double consoleCpuBefore = cpuSeconds(0);
    const double gatewayCpuBefore = cpuSeconds(gatewayPid);
    counter.reset();
    runFor(seconds);
    run.seconds = counter.elapsedSeconds();
    run.updates = counter.deltaUpdates();
    run.batches = counter.deltaBatches();
    run.snapshots = counter.snapshots();
    run.delays = counter.delays();
    run.reconnects = link.reconnectCount() - reconnectsBefore;
    run.consoleCpu = (cpuSeconds(0) - consoleCpuBefore) / run.seconds;
    run.gatewayCpu = (cpuSeconds(gatewayPid) - gatewayCpuBefore) / run.seconds;
    run.gatewayRssMB = readMemory(gatewayPid).rssMB;
    link.stop();
    gateway.terminate();
    run.ok = true;
    return run;
}

QString percent(double fraction)
{
    return formatValue(fraction * 100, 0, QStringLiteral("%"));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("greenlight.*.debug=false\ngreenlight.*.info=false"));
    Options o = parseOptions(app);
    const int cpus = usableCpus();
    if (cpus < 2)
        o.pin = false;
    if (o.consoleCpu < 0)
        o.consoleCpu = onlineCpus() - 1;
    if (o.gatewayCpu < 0)
        o.gatewayCpu = 0;
    QString pinning = QStringLiteral("not pinned (fewer than two CPUs)");
    if (o.pin) {
        QString error;
        if (!pinProcess(0, o.consoleCpu, &error)) {
            std::fprintf(stderr, "cannot pin this process: %s\n", qPrintable(error));
            return 1;
        }
        pinning = QStringLiteral("console side (link, store, gRPC threads) on CPU %1, gateway on CPU %2")
                      .arg(o.consoleCpu).arg(o.gatewayCpu);
    }
    printNote(QStringLiteral("ingest: %1 (sched_setaffinity on every thread, like taskset -a -p -c)").arg(pinning));

    bool allPass = true;

    // 1. Throughput.
    const QStringList throughputArgs{QStringLiteral("--scenario"), QStringLiteral("synthetic:%1").arg(o.throughputIntersections),
                                     QStringLiteral("--speed"), QStringLiteral("max"), QStringLiteral("--seed"), QStringLiteral("42")};
    printNote(QStringLiteral("ingest throughput: greenlight-gateway %1, %2 s after %3 s warm-up")
                  .arg(throughputArgs.join(QLatin1Char(' '))).arg(o.throughputSeconds).arg(o.warmupSeconds));
    const Run t = measure(o, throughputArgs, o.throughputSeconds);
    if (!t.ok)
        return 1;
    {
        const double rate = t.updatesPerSecond();
        Figure f{QStringLiteral("ingest.updates_per_s"), formatValue(rate, 0, QStringLiteral("updates/s")),
                 QStringLiteral("%1 msgs/s of ~%2 updates; console CPU %3, gateway CPU %4; resync snapshots %5, reconnects %6")
                     .arg(formatValue(t.batches / t.seconds, 0, QString()))
                     .arg(formatValue(t.batches ? double(t.updates) / t.batches : 0, 0, QString()))
                     .arg(percent(t.consoleCpu), percent(t.gatewayCpu)).arg(t.snapshots).arg(t.reconnects),
                 QStringLiteral("target >= 1,000,000 updates/s on one core"), rate >= 1e6};
        allPass &= printFigure(f);
        printFigure({QStringLiteral("ingest.max_speed.delay.p99"),
                     formatValue(weightedPercentile(t.delays, 0.99), 1, QStringLiteral("ms")),
                     QStringLiteral("p50 %1 (the backlog a saturated link carries, not a latency target)")
                         .arg(formatValue(weightedPercentile(t.delays, 0.5), 1, QStringLiteral("ms"))),
                     QString(), true});
        printFigure({QStringLiteral("ingest.gateway_rss.full_history"), formatValue(t.gatewayRssMB, 0, QStringLiteral("MB")),
                     QStringLiteral("gateway of synthetic:%1 after %2 s at --speed max (resume history full)")
                         .arg(o.throughputIntersections).arg(o.warmupSeconds + o.throughputSeconds, 0, 'f', 0),
                     QString(), true});
    }

    // 2. Latency at about 10,000 updates/s.
    const QStringList latencyArgs{QStringLiteral("--scenario"), QStringLiteral("synthetic:%1").arg(o.latencyIntersections),
                                  QStringLiteral("--speed"), o.latencySpeed, QStringLiteral("--seed"), QStringLiteral("42")};
    printNote(QStringLiteral("ingest latency: greenlight-gateway %1, %2 s after %3 s warm-up")
                  .arg(latencyArgs.join(QLatin1Char(' '))).arg(o.latencySeconds).arg(o.warmupSeconds));
    const Run l = measure(o, latencyArgs, o.latencySeconds);
    if (!l.ok)
        return 1;
    {
        std::vector<double> perBatch;
        for (const auto &[delay, updates] : l.delays)
            perBatch.push_back(delay);
        const double offered = l.updatesPerSecond();
        printFigure({QStringLiteral("ingest.offered_rate"), formatValue(offered, 0, QStringLiteral("updates/s")),
                     QStringLiteral("measured: every delta applied (resync snapshots %1), %2 msgs/s")
                         .arg(l.snapshots).arg(formatValue(l.batches / l.seconds, 1, QString())),
                     QStringLiteral("target about 10,000 updates/s"), offered >= 8000 && offered <= 12000});
        const double p50 = weightedPercentile(l.delays, 0.5);
        const double p99 = weightedPercentile(l.delays, 0.99);
        const QString context = QStringLiteral("per update; per message p50 %1 p99 %2 max %3 over %4 messages")
                                    .arg(formatValue(percentile(perBatch, 0.5), 2, QStringLiteral("ms")),
                                         formatValue(percentile(perBatch, 0.99), 2, QStringLiteral("ms")),
                                         formatValue(percentile(perBatch, 1.0), 2, QStringLiteral("ms")))
                                    .arg(perBatch.size());
        printFigure({QStringLiteral("ingest.delay.p50"), formatValue(p50, 2, QStringLiteral("ms")), context, QString(), true});
        allPass &= printFigure({QStringLiteral("ingest.delay.p99"), formatValue(p99, 2, QStringLiteral("ms")),
                                QStringLiteral("gateway emit -> applied on the console's thread"),
                                QStringLiteral("target <= 50 ms"), p99 <= 50});
    }
    return allPass ? 0 : 3;
}
