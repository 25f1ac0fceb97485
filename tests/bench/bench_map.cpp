// Map benchmark: the real CityMap item against one QML item per intersection, both drawing the
// same synthetic city fed live by the real gateway through the real GatewayLink and StateStore.
//
// Without --view it starts the gateway, runs itself once per view (--view empty, the floor of the
// machine; --view map; --view repeater, the baseline; each a fresh process on the same gateway)
// and prints the figures beside their baselines and targets. With --view it measures one view
// and prints RESULT lines for the parent.
#include "applycounter.h"
#include "benchapplication.h"
#include "benchloop.h"
#include "benchreport.h"
#include "framemeter.h"
#include "positionedintersections.h"
#include "procstats.h"

#include "console/gatewaylink.h"
#include "console/intersectionlistmodel.h"
#include "console/statestore.h"
#include "support/gatewayprocess.h"
#include "widgets/citymap.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QProcess>
#include <QQuickItem>
#include <QQuickView>
#include <QQuickWindow>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <memory>
#include <set>

using namespace greenlight;
using namespace greenlight::bench;

namespace {

struct Options
{
    QString view;             // "empty", "map", "repeater", or empty: run all three and compare
    QString gateway;          // HOST:PORT of a running gateway (views only)
    QString gatewayBin = QStringLiteral(GREENLIGHT_GATEWAY_BIN);
    int intersections = 10000;
    QString speed = QStringLiteral("1");
    int width = 1920;
    int height = 1080;
    double warmupSeconds = 3;
    double seconds = 10;
    int districtIntersections = 500;
};

Options parseOptions(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Greenlight map benchmark: CityMap against a Repeater of Rectangles."));
    p.addHelpOption();
    const QCommandLineOption view(QStringLiteral("view"), QStringLiteral("Measure one view: empty, map or repeater."), QStringLiteral("view"));
    const QCommandLineOption gateway(QStringLiteral("gateway"), QStringLiteral("Gateway to use (views only)."), QStringLiteral("host:port"));
    const QCommandLineOption gatewayBin(QStringLiteral("gateway-bin"), QStringLiteral("greenlight-gateway binary."), QStringLiteral("path"));
    const QCommandLineOption intersections(QStringLiteral("intersections"), QStringLiteral("Synthetic city size (default 10000)."), QStringLiteral("n"));
    const QCommandLineOption speed(QStringLiteral("speed"), QStringLiteral("Gateway --speed (default 1)."), QStringLiteral("factor"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Measuring time per view and zoom (default 10)."), QStringLiteral("s"));
    const QCommandLineOption warmup(QStringLiteral("warmup"), QStringLiteral("Warm-up before each measurement (default 3)."), QStringLiteral("s"));
    const QCommandLineOption district(QStringLiteral("district"), QStringLiteral("Intersections in the zoomed view (default 500)."), QStringLiteral("n"));
    p.addOptions({view, gateway, gatewayBin, intersections, speed, seconds, warmup, district});
    p.process(arguments);
    Options o;
    o.view = p.value(view);
    o.gateway = p.value(gateway);
    if (p.isSet(gatewayBin))
        o.gatewayBin = p.value(gatewayBin);
    if (p.isSet(intersections))
        o.intersections = p.value(intersections).toInt();
    if (p.isSet(speed))
        o.speed = p.value(speed);
    if (p.isSet(seconds))
        o.seconds = p.value(seconds).toDouble();
    if (p.isSet(warmup))
        o.warmupSeconds = p.value(warmup).toDouble();
    if (p.isSet(district))
        o.districtIntersections = p.value(district).toInt();
    return o;
}

// What QSG_INFO reports about the scene graph (render loop, graphics API, GL renderer), kept
// from the log; other scene graph chatter is dropped.
std::set<std::string> g_sceneGraphInfo;
QtMessageHandler g_previousHandler = nullptr;

void messageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QLatin1String category(context.category ? context.category : "");
    if (category == QLatin1String("qt.scenegraph.general") || category == QLatin1String("qt.rhi.general")) {
        if (message.contains(QLatin1String("render loop")) || message.contains(QLatin1String("RENDERER"))
            || message.contains(QLatin1String("Using QRhi with backend")) || message.contains(QLatin1String("VERSION")))
            g_sceneGraphInfo.insert(message.simplified().toStdString());
        if (type < QtWarningMsg)
            return;
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

// ---- one view ----------------------------------------------------------------------------

void reportPhase(const QString &phase, const FrameMeter &meter, const ApplyCounter &counter, int drawn,
                 int drawnSegments)
{
    std::vector<double> work, apply, polish, sync, busy;
    for (const auto &f : meter.frames()) {
        work.push_back(f.workMs);
        apply.push_back(f.applyMs);
        polish.push_back(f.polishMs);
        sync.push_back(f.syncMs);
        busy.push_back(f.busyMs);
    }
    const std::vector<double> render = meter.renderMs();
    printResult(phase + QStringLiteral(".fps"), meter.framesPerSecond());
    printResult(phase + QStringLiteral(".frames"), double(meter.frames().size()));
    for (double p : {0.5, 0.95, 0.99}) {
        const QString suffix = QStringLiteral(".p%1").arg(int(std::lround(p * 100)));
        printResult(phase + QStringLiteral(".work") + suffix, percentile(work, p));
        printResult(phase + QStringLiteral(".apply") + suffix, percentile(apply, p));
        printResult(phase + QStringLiteral(".polish") + suffix, percentile(polish, p));
        printResult(phase + QStringLiteral(".sync") + suffix, percentile(sync, p));
        printResult(phase + QStringLiteral(".busy") + suffix, percentile(busy, p));
        printResult(phase + QStringLiteral(".render") + suffix, percentile(render, p));
    }
    printResult(phase + QStringLiteral(".work.max"), percentile(work, 1.0));
    double workSum = 0;
    for (double w : work)
        workSum += w;
    printResult(phase + QStringLiteral(".work.per_s"), workSum / meter.measuredSeconds());
    printResult(phase + QStringLiteral(".updates_per_s"), counter.deltaUpdates() / counter.elapsedSeconds());
    printResult(phase + QStringLiteral(".signal_updates_per_s"), counter.signalUpdates() / counter.elapsedSeconds());
    printResult(phase + QStringLiteral(".drawn"), drawn);
    printResult(phase + QStringLiteral(".drawn_segments"), drawnSegments);
}

int runView(int argc, char **argv)
{
    g_previousHandler = qInstallMessageHandler(messageHandler);
    qputenv("QSG_INFO", "1");
    BenchApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("greenlight.*.debug=false\ngreenlight.*.info=false"));
    const Options o = parseOptions(app.arguments());
    const bool mapView = o.view == QLatin1String("map");
    const bool emptyView = o.view == QLatin1String("empty");
    if (!mapView && !emptyView && o.view != QLatin1String("repeater")) {
        std::fprintf(stderr, "unknown --view %s\n", qPrintable(o.view));
        return 2;
    }
    const QSizeF size(o.width, o.height);

    console::StateStore store;
    console::GatewayLink link(&store);
    ApplyCounter counter(&store);

    std::unique_ptr<QQuickWindow> window;
    widgets::CityMap *map = nullptr;
    std::unique_ptr<console::IntersectionListModel> model;
    std::unique_ptr<PositionedIntersections> positioned;
    QQuickItem *baselineRoot = nullptr;

    QElapsedTimer sinceStart;
    sinceStart.start();
    if (mapView) {
        window = std::make_unique<QQuickWindow>();
        map = new widgets::CityMap(window->contentItem());
        map->setSize(size);
        map->setStore(&store);
        window->setGeometry(0, 0, o.width, o.height);
        window->show();
    }
    link.start(o.gateway);
    if (!runUntil([&] { return store.hasLiveState(); }, 60)) {
        std::fprintf(stderr, "no live state from %s: %s\n", qPrintable(o.gateway), qPrintable(link.lastError()));
        return 1;
    }
    if (!mapView) {
        // Built once the layout is in, as a console would build its delegates.
        QElapsedTimer build;
        build.start();
        auto view = std::make_unique<QQuickView>();
        view->setResizeMode(QQuickView::SizeRootObjectToView);
        if (emptyView) {
            view->setSource(QUrl(QStringLiteral("qrc:/bench/Empty.qml")));
        } else {
            model = std::make_unique<console::IntersectionListModel>(&store);
            positioned = std::make_unique<PositionedIntersections>(store.layout(), size, widgets::CityMap::kFitMarginPx);
            positioned->setSourceModel(model.get());
            view->setInitialProperties(
                {{QStringLiteral("intersections"), QVariant::fromValue<QObject *>(positioned.get())}});
            view->setSource(QUrl(QStringLiteral("qrc:/bench/Baseline.qml")));
        }
        if (view->status() != QQuickView::Ready) {
            for (const auto &e : view->errors())
                std::fprintf(stderr, "%s\n", qPrintable(e.toString()));
            return 1;
        }
        baselineRoot = view->rootObject();
        view->setGeometry(0, 0, o.width, o.height);
        view->show();
        window = std::move(view);
        printResult(QStringLiteral("build_s"), build.nsecsElapsed() / 1e9);
    }

    FrameMeter meter(window.get(), &link);
    app.setMeter(&meter);
    QElapsedTimer sinceSwap;
    sinceSwap.start();
    int swapsSeen = 0;
    QObject::connect(&meter, &FrameMeter::frameSwapped, &meter, [&] {
        ++swapsSeen;
        sinceSwap.restart();
    });
    if (mapView) {
        if (!runUntil([&] { return map->cityRendered(); }, 60)) {
            std::fprintf(stderr, "the map did not render the city\n");
            return 1;
        }
        printResult(QStringLiteral("first_frame_s"), sinceStart.nsecsElapsed() / 1e9);
    } else if (!runUntil([&] { return swapsSeen >= 2; }, 60)) {
        std::fprintf(stderr, "the baseline window shows no frames\n");
        return 1;
    }

    // Continuous frames: as soon as a frame has synced, the content moves by one pixel (a slow
    // pan back and forth within 20 px) and asks for the next, so each frame has real work, the
    // render thread is never left idle and FPS measures rendering capacity.
    double pan = 0;
    double direction = 1;
    const auto step = [&] {
        if (std::abs(pan + direction) > 20)
            direction = -direction;
        pan += direction;
        if (map)
            map->panBy(direction, 0);
        else
            baselineRoot->setProperty("panX", pan);
    };
    QObject::connect(&meter, &FrameMeter::synchronized, &meter, step);
    // If a frame ever produces no swap, start the chain again.
    QTimer watchdog;
    watchdog.setInterval(100);
    QObject::connect(&watchdog, &QTimer::timeout, &meter, [&] {
        if (sinceSwap.elapsed() > 250)
            step();
    });
    watchdog.start();
    step();

    const auto measure = [&](const QString &phase, int drawn) {
        runFor(o.warmupSeconds);
        counter.reset();
        meter.startMeasuring();
        runFor(o.seconds);
        meter.stopMeasuring();
        reportPhase(phase, meter, counter, drawn, map ? map->drawnSegments() : 0);
    };

    const auto measureDistrict = [&] {
        // The zoom about the centre that puts o.districtIntersections intersection centres on
        // screen (the same for both views), found by bisection.
        const auto city = widgets::ProjectedCity::build(store.layout());
        const auto onScreenAt = [&](double zoom) {
            widgets::MapViewport viewport;
            viewport.setSize(size);
            viewport.fit(city->bounds(), widgets::CityMap::kFitMarginPx);
            viewport.zoomBy(zoom, QPointF(o.width / 2.0, o.height / 2.0));
            const QRectF screen(0, 0, o.width, o.height);
            int n = 0;
            for (int i = 0; i < city->intersectionCount(); ++i)
                if (screen.contains(viewport.worldToScreen(city->intersectionPosition(i))))
                    ++n;
            return n;
        };
        double low = 1, high = 64;
        for (int k = 0; k < 30; ++k) {
            const double mid = std::sqrt(low * high);
            (onScreenAt(mid) > o.districtIntersections ? low : high) = mid;
        }
        const double factor = high;
        const int onScreen = onScreenAt(factor);
        pan = 0;
        if (map) {
            map->fitToCity();
            map->zoomBy(factor, QPointF(o.width / 2.0, o.height / 2.0));
        } else {
            baselineRoot->setProperty("panX", 0.0);
            baselineRoot->setProperty("zoom", factor);
        }
        printResult(QStringLiteral("district.on_screen"), onScreen);
        printResult(QStringLiteral("district.zoom"), factor);
        measure(QStringLiteral("district"), map ? map->drawnIntersections() : store.intersectionCount());
    };

    // The whole city in view.
    if (map)
        map->fitToCity();
    else
        baselineRoot->setProperty("zoom", 1.0);
    measure(QStringLiteral("whole"), map ? map->drawnIntersections() : store.intersectionCount());

    // A district of about o.districtIntersections intersections, around the centre.
    if (!emptyView)
        measureDistrict();
    printResult(QStringLiteral("rss_mb"), readMemory(0).rssMB);
    printResult(QStringLiteral("hwm_mb"), readMemory(0).hwmMB);
    printResult(QStringLiteral("snapshots"), counter.snapshots());
    for (const auto &line : g_sceneGraphInfo)
        printNote(QStringLiteral("%1 scene graph: %2").arg(o.view, QString::fromStdString(line)));

    watchdog.stop();
    app.setMeter(nullptr);
    window.reset();
    return 0;
}

// ---- both views, compared ------------------------------------------------------------------

using Results = std::vector<std::pair<QString, double>>;

// Runs this program with --view, forwarding its notes and errors; returns its RESULT lines.
Results runChild(const Options &o, const QString &view, bool *ok)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QString output;
    QObject::connect(&child, &QProcess::readyReadStandardOutput, &child, [&] {
        const QString text = QString::fromUtf8(child.readAllStandardOutput());
        output += text;
        for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            if (line.startsWith(QLatin1Char('#')))
                std::printf("%s\n", qPrintable(line));
        std::fflush(stdout);
    });
    QEventLoop loop;
    QObject::connect(&child, &QProcess::finished, &loop, &QEventLoop::quit);
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--view"), view, QStringLiteral("--gateway"), o.gateway,
                 QStringLiteral("--seconds"), QString::number(o.seconds),
                 QStringLiteral("--warmup"), QString::number(o.warmupSeconds),
                 QStringLiteral("--district"), QString::number(o.districtIntersections)});
    QTimer::singleShot(int((4 * (o.seconds + o.warmupSeconds) + 150) * 1000), &loop, [&] {
        std::fprintf(stderr, "the %s view did not finish in time\n", qPrintable(view));
        child.kill();
    });
    loop.exec();
    output += QString::fromUtf8(child.readAllStandardOutput());
    *ok = child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0;
    if (!*ok)
        std::fprintf(stderr, "the %s view failed (exit %d)\n", qPrintable(view), child.exitCode());
    return parseResults(output);
}

QString ms(double v)
{
    return formatValue(v, 2, QStringLiteral("ms"));
}

int runAll(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Options o = parseOptions(app.arguments());
    printNote(QStringLiteral("map: synthetic:%1 at --speed %2, %3x%4 window, %5 s per measurement after %6 s warm-up")
                  .arg(o.intersections).arg(o.speed).arg(o.width).arg(o.height).arg(o.seconds).arg(o.warmupSeconds));
    testing::GatewayProcess gateway(o.gatewayBin);
    if (!gateway.start({QStringLiteral("--scenario"), QStringLiteral("synthetic:%1").arg(o.intersections),
                        QStringLiteral("--speed"), o.speed, QStringLiteral("--seed"), QStringLiteral("42")})) {
        std::fprintf(stderr, "cannot start the gateway: %s\n", qPrintable(gateway.error()));
        return 1;
    }
    o.gateway = gateway.address();

    bool mapOk = false, baseOk = false;
    bool emptyOk = false;
    const Results e = runChild(o, QStringLiteral("empty"), &emptyOk);
    const Results m = runChild(o, QStringLiteral("map"), &mapOk);
    const Results b = runChild(o, QStringLiteral("repeater"), &baseOk);
    gateway.terminate();
    if (!mapOk)
        return 1;
    const auto mv = [&](const QString &k) { return resultValue(m, k); };
    const auto bv = [&](const QString &k) { return resultValue(b, k); };

    for (const char *phaseName : {"whole", "district"}) {
        const QString phase = QString::fromLatin1(phaseName);
        printNote(QStringLiteral("%1: map      %2 frames, apply p50/p95 %3/%4, polish p95 %5, sync p50/p95 %6/%7, "
                                 "GUI busy p50/p95 %8/%9, render side p50 %10, %11 updates/s applied (%13 signals), %12 intersections and %14 segments drawn")
                      .arg(phase).arg(mv(phase + QStringLiteral(".frames")))
                      .arg(ms(mv(phase + QStringLiteral(".apply.p50"))), ms(mv(phase + QStringLiteral(".apply.p95"))),
                           ms(mv(phase + QStringLiteral(".polish.p95"))), ms(mv(phase + QStringLiteral(".sync.p50"))),
                           ms(mv(phase + QStringLiteral(".sync.p95"))), ms(mv(phase + QStringLiteral(".busy.p50"))),
                           ms(mv(phase + QStringLiteral(".busy.p95"))), ms(mv(phase + QStringLiteral(".render.p50"))))
                      .arg(formatValue(mv(phase + QStringLiteral(".updates_per_s")), 0, QString()))
                      .arg(mv(phase + QStringLiteral(".drawn")))
                      .arg(formatValue(mv(phase + QStringLiteral(".signal_updates_per_s")), 0, QString()))
                      .arg(mv(phase + QStringLiteral(".drawn_segments"))));
        if (baseOk)
            printNote(QStringLiteral("%1: repeater %2 frames, apply p50/p95 %3/%4, polish p95 %5, sync p50/p95 %6/%7, "
                                     "GUI busy p50/p95 %8/%9, render side p50 %10, %11 updates/s applied (%12 signals)")
                          .arg(phase).arg(bv(phase + QStringLiteral(".frames")))
                          .arg(ms(bv(phase + QStringLiteral(".apply.p50"))), ms(bv(phase + QStringLiteral(".apply.p95"))),
                               ms(bv(phase + QStringLiteral(".polish.p95"))), ms(bv(phase + QStringLiteral(".sync.p50"))),
                               ms(bv(phase + QStringLiteral(".sync.p95"))), ms(bv(phase + QStringLiteral(".busy.p50"))),
                               ms(bv(phase + QStringLiteral(".busy.p95"))), ms(bv(phase + QStringLiteral(".render.p50"))))
                          .arg(formatValue(bv(phase + QStringLiteral(".updates_per_s")), 0, QString()))
                          .arg(formatValue(bv(phase + QStringLiteral(".signal_updates_per_s")), 0, QString())));
    }
    if (baseOk)
        printNote(QStringLiteral("repeater: %1 s to create its %2 delegates").arg(bv(QStringLiteral("build_s")), 0, 'f', 1)
                      .arg(o.intersections));

    bool allPass = true;
    const QString baseName = QStringLiteral("baseline(repeater)");
    {
        const double fps = mv(QStringLiteral("whole.fps"));
        const double base = bv(QStringLiteral("whole.fps"));
        const double ratio = fps / base;
        Figure f{QStringLiteral("map.fps.whole_city"), formatValue(fps, 1, QStringLiteral("fps")),
                 QStringLiteral("%1 %2   ratio %3x").arg(baseName, formatValue(base, 1, QStringLiteral("fps")),
                                                          formatValue(ratio, 1, QString())),
                 QStringLiteral("target >= 10 fps and >= 5x baseline"), fps >= 10 && ratio >= 5};
        allPass &= printFigure(f);
    }
    {
        const double fps = mv(QStringLiteral("district.fps"));
        const double base = bv(QStringLiteral("district.fps"));
        Figure f{QStringLiteral("map.fps.district"), formatValue(fps, 1, QStringLiteral("fps")),
                 QStringLiteral("%1 %2   ratio %3x   (%4 intersections on screen, %5 in drawn tiles)")
                     .arg(baseName, formatValue(base, 1, QStringLiteral("fps")), formatValue(fps / base, 1, QString()))
                     .arg(mv(QStringLiteral("district.on_screen")))
                     .arg(mv(QStringLiteral("district.drawn"))),
                 QStringLiteral("target >= 30 fps"), fps >= 30};
        allPass &= printFigure(f);
    }
    for (const char *phaseName : {"whole", "district"}) {
        const QString phase = QString::fromLatin1(phaseName);
        const QString label = phase == QLatin1String("whole") ? QStringLiteral("whole_city") : phase;
        const double p50 = mv(phase + QStringLiteral(".work.p50"));
        const double p95 = mv(phase + QStringLiteral(".work.p95"));
        Figure f{QStringLiteral("map.gui_work.%1.p95").arg(label), ms(p95),
                 QStringLiteral("p50 %1, p99 %2, max %3   %4 p50 %5 p95 %6 p99 %7 max %8")
                     .arg(ms(p50), ms(mv(phase + QStringLiteral(".work.p99"))), ms(mv(phase + QStringLiteral(".work.max"))),
                          baseName, ms(bv(phase + QStringLiteral(".work.p50"))), ms(bv(phase + QStringLiteral(".work.p95"))),
                          ms(bv(phase + QStringLiteral(".work.p99"))), ms(bv(phase + QStringLiteral(".work.max")))),
                 QStringLiteral("target p95 <= 2 ms"), p95 <= 2.0};
        allPass &= printFigure(f);
    }
    for (const char *phaseName : {"whole", "district"}) {
        const QString phase = QString::fromLatin1(phaseName);
        const QString label = phase == QLatin1String("whole") ? QStringLiteral("whole_city") : phase;
        printFigure({QStringLiteral("map.gui_work.%1.per_second").arg(label),
                     formatValue(mv(phase + QStringLiteral(".work.per_s")), 1, QStringLiteral("ms/s")),
                     QStringLiteral("GUI-thread work summed over a second of frames   %1 %2")
                         .arg(baseName, formatValue(bv(phase + QStringLiteral(".work.per_s")), 1, QStringLiteral("ms/s"))),
                     QString(), true});
        printFigure({QStringLiteral("map.gui_busy.%1.p95").arg(label), ms(mv(phase + QStringLiteral(".busy.p95"))),
                     QStringLiteral("p50 %1, p99 %2   %3 p50 %4 p95 %5 p99 %6")
                         .arg(ms(mv(phase + QStringLiteral(".busy.p50"))), ms(mv(phase + QStringLiteral(".busy.p99"))),
                              baseName, ms(bv(phase + QStringLiteral(".busy.p50"))),
                              ms(bv(phase + QStringLiteral(".busy.p95"))), ms(bv(phase + QStringLiteral(".busy.p99")))),
                     QString(), true});
    }
    printFigure({QStringLiteral("map.fps.render_floor"), formatValue(resultValue(e, QStringLiteral("whole.fps")), 1, QStringLiteral("fps")),
                 QStringLiteral("an empty %1x%2 window redrawn the same way: the ceiling on this machine (render side p50 %3)")
                     .arg(o.width).arg(o.height).arg(ms(resultValue(e, QStringLiteral("whole.render.p50")))),
                 QString(), true});
    printFigure({QStringLiteral("map.live_updates_applied"),
                 formatValue(mv(QStringLiteral("whole.updates_per_s")), 0, QStringLiteral("updates/s")),
                 QStringLiteral("%1 %2 updates/s (same gateway feed)")
                     .arg(baseName, formatValue(bv(QStringLiteral("whole.updates_per_s")), 0, QString())),
                 QString(), true});
    printFigure({QStringLiteral("map.process_rss"), formatValue(mv(QStringLiteral("rss_mb")), 0, QStringLiteral("MB")),
                 QStringLiteral("%1 %2").arg(baseName, formatValue(bv(QStringLiteral("rss_mb")), 0, QStringLiteral("MB"))),
                 QString(), true});
    return allPass ? 0 : 3;
}

} // namespace

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--view") == 0 || qstrncmp(argv[i], "--view=", 7) == 0)
            return runView(argc, argv);
    }
    return runAll(argc, argv);
}
