// Footprint benchmark: how fast a console shows the first full frame of a 10,000-intersection
// city, and how much memory console and gateway hold at that size.
//
//  1. The real console binary (greenlight --screenshot), twice: once until its first live frame
//     of the whole city (wall time, peak RSS, layout log line to exit), once for 10 s of live
//     updates (--screenshot-after), for its steady memory.
//  2. In this process: the real CityMap in a window with the real link and store, timestamped
//     from the layout reaching the GUI thread to CityMap.cityRendered.
#include "benchloop.h"
#include "benchreport.h"
#include "procstats.h"

#include "console/gatewaylink.h"
#include "console/statestore.h"
#include "support/gatewayprocess.h"
#include "widgets/citymap.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QProcess>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>

#include <cmath>
#include <malloc.h>
#include <cstdio>
#include <limits>

using namespace greenlight;
using namespace greenlight::bench;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Options
{
    QString gatewayBin = QStringLiteral(GREENLIGHT_GATEWAY_BIN);
    QString consoleBin = QStringLiteral(GREENLIGHT_CONSOLE_BIN);
    int intersections = 10000;
    double steadySeconds = 10;
    int width = 1920;
    int height = 1080;
};

Options parseOptions(const QCoreApplication &app)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Greenlight footprint benchmark: first frame and memory."));
    p.addHelpOption();
    const QCommandLineOption gatewayBin(QStringLiteral("gateway-bin"), QStringLiteral("greenlight-gateway binary."), QStringLiteral("path"));
    const QCommandLineOption consoleBin(QStringLiteral("console-bin"), QStringLiteral("greenlight binary."), QStringLiteral("path"));
    const QCommandLineOption intersections(QStringLiteral("intersections"), QStringLiteral("Synthetic city size (default 10000)."), QStringLiteral("n"));
    const QCommandLineOption steady(QStringLiteral("steady-seconds"), QStringLiteral("Live time before the steady memory reading (default 10)."), QStringLiteral("s"));
    p.addOptions({gatewayBin, consoleBin, intersections, steady});
    p.process(app);
    Options o;
    if (p.isSet(gatewayBin))
        o.gatewayBin = p.value(gatewayBin);
    if (p.isSet(consoleBin))
        o.consoleBin = p.value(consoleBin);
    if (p.isSet(intersections))
        o.intersections = p.value(intersections).toInt();
    if (p.isSet(steady))
        o.steadySeconds = p.value(steady).toDouble();
    return o;
}

// One run of the console binary, watched from outside.
struct ConsoleRun
{
    bool started = false;
    int exitCode = -1;
    double wallSeconds = kNaN;       // start() to exit
    double layoutAt = kNaN;          // process time of its "layout ... intersections" log line
    double peakRssMB = kNaN;         // last VmHWM read before it exited
    double rssAtMB = kNaN;           // VmRSS read last before `sampleAt` seconds after start
    QString renderLoop;
    QString errors;
};

// Runs the console binary with extra arguments until it exits; its resident memory is noted as
// it was last seen before sampleAt seconds (before it starts to grab its window and exit).
ConsoleRun runConsole(const Options &o, const QString &gateway, const QStringList &extra, double sampleAt)
{
    ConsoleRun run;
    QProcess console;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("greenlight.*.debug=false\ngreenlight.link.info=true"));
    env.insert(QStringLiteral("QT_MESSAGE_PATTERN"), QStringLiteral("[%{time process}] %{category}: %{message}"));
    env.insert(QStringLiteral("QSG_INFO"), QStringLiteral("1"));
    console.setProcessEnvironment(env);
    QString log;
    QObject::connect(&console, &QProcess::readyReadStandardError, &console,
                     [&] { log += QString::fromUtf8(console.readAllStandardError()); });
    QObject::connect(&console, &QProcess::readyReadStandardOutput, &console, [&] { console.readAllStandardOutput(); });

    QElapsedTimer clock;
    QEventLoop loop;
    QObject::connect(&console, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&console, &QProcess::errorOccurred, &loop, [&](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            loop.quit();
    });
    // Memory is read every 10 ms; the last reading before exit stands for the end.
    QTimer poll;
    poll.setInterval(10);
    QObject::connect(&poll, &QTimer::timeout, &poll, [&] {
        const MemoryStatus m = readMemory(console.processId());
        if (m.rssMB > 0) {
            if (clock.nsecsElapsed() / 1e9 <= sampleAt)
                run.rssAtMB = m.rssMB;
            run.peakRssMB = m.hwmMB;
        }
    });
    clock.start();
    console.start(o.consoleBin, QStringList{QStringLiteral("--gateway"), gateway} + extra);
    if (!console.waitForStarted(10000)) {
        run.errors = console.errorString();
        return run;
    }
    run.started = true;
    poll.start();
    QTimer::singleShot(120000, &loop, [&] { console.kill(); });
    loop.exec();
    run.wallSeconds = clock.nsecsElapsed() / 1e9;
    poll.stop();
    log += QString::fromUtf8(console.readAllStandardError());
    run.exitCode = console.exitStatus() == QProcess::NormalExit ? console.exitCode() : -1;

    static const QRegularExpression stamp(QStringLiteral("^\\[\\s*([0-9.]+)\\]\\s*(\\S+): (.*)$"));
    for (const QString &line : log.split(QLatin1Char('\n'))) {
        const auto m = stamp.match(line);
        if (!m.hasMatch()) {
            continue;
        }
        const QString category = m.captured(2);
        const QString message = m.captured(3);
        if (category == QLatin1String("greenlight.link") && message.startsWith(QLatin1String("layout"))
            && message.contains(QLatin1String("intersections")) && std::isnan(run.layoutAt))
            run.layoutAt = m.captured(1).toDouble();
        if (message.contains(QLatin1String("render loop")))
            run.renderLoop = message.simplified();
        if (line.contains(QLatin1String("failed")) || category == QLatin1String("qml") || line.contains(QLatin1String("rror")))
            run.errors += line + QLatin1Char('\n');
    }
    return run;
}

// The in-process measurement.
struct InProcess
{
    bool ok = false;
    double layoutFetchS = kNaN;        // link.start() to the layout reaching the GUI thread
    double layoutToRenderedS = kNaN;   // layout on the GUI thread to CityMap.cityRendered
    double layoutReceivedToRenderedS = kNaN;   // GatewayLink::layoutReceived to cityRendered
    double liveToRenderedS = kNaN;     // first live state to cityRendered
    double rssBeforeMB = kNaN;         // window shown, nothing connected
    double rssAtFirstFrameMB = kNaN;
    double rssSteadyMB = kNaN;
    double hwmMB = kNaN;
    double rssTrimmedMB = kNaN;        // after malloc_trim(0): what the heap held but did not use
};

InProcess measureInProcess(const Options &o, const QString &gateway)
{
    InProcess r;
    console::StateStore store;
    console::GatewayLink link(&store);
    QElapsedTimer clock;
    qint64 layoutAt = -1, receivedAt = -1, liveAt = -1, renderedAt = -1;
    // Connected before the map is: runs first, as soon as the store holds the layout.
    QObject::connect(&store, &console::StateStore::layoutChanged, &store, [&] {
        if (layoutAt < 0 && store.intersectionCount() > 0)
            layoutAt = clock.nsecsElapsed();
    });
    QObject::connect(&link, &console::GatewayLink::layoutReceived, &link, [&] { receivedAt = clock.nsecsElapsed(); });
    QObject::connect(&link, &console::GatewayLink::firstLiveState, &link, [&] {
        if (liveAt < 0)
            liveAt = clock.nsecsElapsed();
    });

    QQuickWindow window;
    auto *map = new widgets::CityMap(window.contentItem());
    map->setSize(QSizeF(o.width, o.height));
    map->setStore(&store);
    QObject::connect(map, &widgets::CityMap::cityRenderedChanged, map, [&] {
        if (map->cityRendered() && renderedAt < 0)
            renderedAt = clock.nsecsElapsed();
    });
    window.setGeometry(0, 0, o.width, o.height);
    window.show();
    runUntil([&] { return window.isExposed(); }, 10);

    r.rssBeforeMB = readMemory(0).rssMB;
    clock.start();
    link.start(gateway);
    if (!runUntil([&] { return renderedAt >= 0; }, 60)) {
        std::fprintf(stderr, "in-process: the map did not render the city (%s)\n", qPrintable(link.lastError()));
        return r;
    }
    r.layoutFetchS = layoutAt / 1e9;
    r.layoutToRenderedS = (renderedAt - layoutAt) / 1e9;
    r.layoutReceivedToRenderedS = (renderedAt - receivedAt) / 1e9;
    r.liveToRenderedS = (renderedAt - liveAt) / 1e9;
    r.rssAtFirstFrameMB = readMemory(0).rssMB;
    runFor(o.steadySeconds);
    r.rssSteadyMB = readMemory(0).rssMB;
    r.hwmMB = readMemory(0).hwmMB;
    malloc_trim(0);
    r.rssTrimmedMB = readMemory(0).rssMB;
    link.stop();
    r.ok = true;
    return r;
}

QString seconds(double s)
{
    return formatValue(s, 2, QStringLiteral("s"));
}

QString mb(double v)
{
    return formatValue(v, 0, QStringLiteral("MB"));
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("greenlight.*.debug=false\ngreenlight.*.info=false"));
    const Options o = parseOptions(app);
    const QStringList args{QStringLiteral("--scenario"), QStringLiteral("synthetic:%1").arg(o.intersections),
                           QStringLiteral("--speed"), QStringLiteral("1"), QStringLiteral("--seed"), QStringLiteral("42")};
    printNote(QStringLiteral("footprint: greenlight-gateway %1; console %2").arg(args.join(QLatin1Char(' ')), o.consoleBin));
    testing::GatewayProcess gateway(o.gatewayBin);
    if (!gateway.start(args)) {
        std::fprintf(stderr, "cannot start the gateway: %s\n", qPrintable(gateway.error()));
        return 1;
    }
    const long long gatewayPid = findChild(QStringLiteral("greenlight-gateway"));
    const double gatewayIdleMB = readMemory(gatewayPid).rssMB;
    bool allPass = true;
    QTemporaryDir shots;

    // 1. The real console binary.
    if (!QFileInfo(o.consoleBin).isExecutable()) {
        allPass &= printFigure({QStringLiteral("footprint.console.first_frame"), QStringLiteral("n/a"),
                                QStringLiteral("no console binary at %1").arg(o.consoleBin),
                                QStringLiteral("target: runs"), false});
    } else {
        const ConsoleRun first = runConsole(o, gateway.address(),
                                            {QStringLiteral("--screenshot"), shots.filePath(QStringLiteral("first.png"))},
                                            1e9);
        const double gatewayAfterFirstMB = readMemory(gatewayPid).rssMB;
        // --screenshot-after counts from the window's creation, a little after the process start:
        // half a second before that the console is still running live.
        const ConsoleRun steady = runConsole(o, gateway.address(),
                                             {QStringLiteral("--screenshot"), shots.filePath(QStringLiteral("steady.png")),
                                              QStringLiteral("--screenshot-after"), QString::number(o.steadySeconds)},
                                             o.steadySeconds - 0.5);
        if (!first.renderLoop.isEmpty())
            printNote(QStringLiteral("greenlight (console binary) scene graph: %1").arg(first.renderLoop));
        if (first.exitCode != 0 || steady.exitCode != 0)
            printNote(QStringLiteral("console exit codes %1 / %2; %3").arg(first.exitCode).arg(steady.exitCode)
                          .arg(QString(first.errors + steady.errors).left(600).simplified()));
        const bool firstOk = first.exitCode == 0;
        printFigure({QStringLiteral("footprint.console.start_to_first_frame"),
                     firstOk ? seconds(first.wallSeconds) : QStringLiteral("failed"),
                     QStringLiteral("greenlight --screenshot wall time: start, connect, layout, first live frame of the "
                                    "whole city, window grab, PNG write, exit"),
                     QString(), true});
        const double layoutToExit = first.wallSeconds - first.layoutAt;
        printFigure({QStringLiteral("footprint.console.layout_to_exit"),
                     firstOk ? seconds(layoutToExit) : QStringLiteral("failed"),
                     QStringLiteral("from its layout log line (%1 s after start) to exit: an upper bound on layout -> "
                                    "first frame (adds the grab and PNG write)").arg(first.layoutAt, 0, 'f', 2),
                     QString(), true});
        const bool steadyOk = steady.exitCode == 0;
        allPass &= printFigure({QStringLiteral("footprint.console.rss"),
                                steadyOk ? mb(steady.rssAtMB) : QStringLiteral("failed"),
                                QStringLiteral("greenlight binary (all its screens), resident %1 s after its start, live "
                                               "since its first frame (about %2 s after start)")
                                    .arg(o.steadySeconds - 0.5).arg(first.wallSeconds, 0, 'f', 1),
                                QStringLiteral("target <= 300 MB"), steadyOk && steady.rssAtMB <= 300});
        printFigure({QStringLiteral("footprint.console.rss_peak"),
                     mb(std::max(first.peakRssMB, steady.peakRssMB)),
                     QStringLiteral("its peak (VmHWM) while it loads the layout; %1 at its first frame")
                         .arg(mb(first.peakRssMB)),
                     QString(), true});
        printFigure({QStringLiteral("footprint.gateway.rss"), mb(readMemory(gatewayPid).rssMB),
                     QStringLiteral("synthetic:%1 gateway: %2 before any console, %3 after the first console's frame")
                         .arg(o.intersections).arg(mb(gatewayIdleMB), mb(gatewayAfterFirstMB)),
                     QString(), true});
    }

    // 2. In this process.
    const InProcess in = measureInProcess(o, gateway.address());
    if (!in.ok) {
        allPass &= printFigure({QStringLiteral("footprint.first_frame_after_layout"), QStringLiteral("failed"), QString(),
                                QStringLiteral("target <= 2 s"), false});
    } else {
        allPass &= printFigure({QStringLiteral("footprint.first_frame_after_layout"), seconds(in.layoutToRenderedS),
                                QStringLiteral("layout on the GUI thread -> CityMap.cityRendered (layoutReceived -> "
                                               "cityRendered %1, first live state -> cityRendered %2; fetching the layout "
                                               "took %3)")
                                    .arg(seconds(in.layoutReceivedToRenderedS), seconds(in.liveToRenderedS),
                                         seconds(in.layoutFetchS)),
                                QStringLiteral("target <= 2 s"), in.layoutToRenderedS <= 2.0});
        printFigure({QStringLiteral("footprint.map_process.rss"), mb(in.rssSteadyMB),
                     QStringLiteral("this process (map item, link, store; no QML screens) after %1 s live; %2 at the "
                                    "first frame, %3 before connecting, peak %4; %5 after malloc_trim(0)")
                         .arg(o.steadySeconds)
                         .arg(mb(in.rssAtFirstFrameMB), mb(in.rssBeforeMB), mb(in.hwmMB), mb(in.rssTrimmedMB)),
                     QString(), true});
    }
    gateway.terminate();
    return allPass ? 0 : 3;
}
