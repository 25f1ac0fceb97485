#include "consoleapp.h"

#include "startupcheck.h"
#include "qmltypes.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>

#include <cstdio>

Q_LOGGING_CATEGORY(lcApp, "greenlight.app")

namespace greenlight::app {

std::optional<ConsoleOptions> ConsoleOptions::parse(QCoreApplication &app, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("ConsoleApp", "Greenlight traffic control console."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption gateway(QStringLiteral("gateway"),
                                     QCoreApplication::translate("ConsoleApp", "Gateway to connect to (default 127.0.0.1:50051)."),
                                     QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:50051"));
    const QCommandLineOption selfTest(QStringLiteral("self-test"),
                                      QCoreApplication::translate("ConsoleApp", "Connect, render the city, report the result and exit."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QCoreApplication::translate("ConsoleApp", "Save a PNG of the window once the city is rendered, then exit."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QCoreApplication::translate("ConsoleApp", "Seconds --self-test and --screenshot may take (default 60)."),
                                     QStringLiteral("SECONDS"), QStringLiteral("60"));
    const QCommandLineOption select(QStringLiteral("select"),
                                    QCoreApplication::translate("ConsoleApp", "Select an intersection (id or name) once the city is in."),
                                    QStringLiteral("INTERSECTION"));
    const QCommandLineOption operatorOption(QStringLiteral("operator"),
                                            QCoreApplication::translate("ConsoleApp", "Log in as this operator (with --token-file)."),
                                            QStringLiteral("NAME"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"),
                                       QCoreApplication::translate("ConsoleApp", "Read the operator's token from FILE."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption waves(QStringLiteral("waves"),
                                   QCoreApplication::translate("ConsoleApp", "Open the green wave coordinator at start (as W does)."));
    QCommandLineOption screenshotAfter(QStringLiteral("screenshot-after"),
                                       QCoreApplication::translate("ConsoleApp", "Take the --screenshot after this many seconds, whatever is on screen."),
                                       QStringLiteral("SECONDS"));
    screenshotAfter.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({gateway, selfTest, screenshot, timeout, select, operatorOption, tokenFile, waves, screenshotAfter});
    parser.process(app);  // exits on --help, --version and unknown options

    ConsoleOptions options;
    options.gateway = parser.value(gateway).trimmed();
    options.selfTest = parser.isSet(selfTest);
    options.screenshot = parser.value(screenshot);
    options.select = parser.value(select);
    options.waves = parser.isSet(waves);
    bool ok = false;
    options.timeoutSeconds = parser.value(timeout).toDouble(&ok);
    if (!ok || options.timeoutSeconds <= 0) {
        std::fprintf(stderr, "greenlight: --timeout wants a positive number of seconds, not \"%s\"\n",
                     qPrintable(parser.value(timeout)));
        *exitCode = 2;
        return std::nullopt;
    }
    if (parser.isSet(screenshotAfter)) {
        options.screenshotAfter = parser.value(screenshotAfter).toDouble(&ok);
        if (!ok || options.screenshotAfter < 0 || options.screenshot.isEmpty()) {
            std::fprintf(stderr, "greenlight: --screenshot-after wants --screenshot and a number of seconds\n");
            *exitCode = 2;
            return std::nullopt;
        }
    }
    options.operatorName = parser.value(operatorOption).trimmed();
    if (parser.isSet(tokenFile)) {
        QFile file(parser.value(tokenFile));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "greenlight: cannot read the token file %s: %s\n", qPrintable(file.fileName()),
                         qPrintable(file.errorString()));
            *exitCode = 2;
            return std::nullopt;
        }
        options.token = QString::fromUtf8(file.read(64 * 1024)).trimmed();
        if (options.token.isEmpty() || options.token.contains(QLatin1Char('\n'))) {
            std::fprintf(stderr, "greenlight: the token file %s must hold one token on one line\n",
                         qPrintable(file.fileName()));
            *exitCode = 2;
            return std::nullopt;
        }
    }
    if (options.gateway.isEmpty() || !options.gateway.contains(QLatin1Char(':'))) {
        std::fprintf(stderr, "greenlight: --gateway wants HOST:PORT, not \"%s\"\n", qPrintable(options.gateway));
        *exitCode = 2;
        return std::nullopt;
    }
    *exitCode = 0;
    return options;
}

ConsoleApp::ConsoleApp(const ConsoleOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_link(&m_store)
    , m_intersections(&m_store)
    , m_selection(&m_store)
    , m_control(&m_link, &m_store)
    , m_selectedControl(&m_selection, &m_store, &m_control, &m_link)
    , m_controls(&m_store)
    , m_greenWave(&m_link, &m_control)
    , m_wavePlanner(&m_greenWave, &m_store)
    , m_selectedWave(&m_greenWave, &m_store)
    , m_waves(&m_greenWave)
    , m_waveOrigins(&m_store, console::WavePlaceModel::Use::Origins)
    , m_waveDestinations(&m_store, console::WavePlaceModel::Use::Destinations)
    , m_console({&m_link, &m_store, &m_selection, &m_intersections, &m_search, &m_control, &m_selectedControl,
                 &m_controls, &m_greenWave, &m_wavePlanner, &m_selectedWave, &m_waves, &m_waveOrigins,
                 &m_waveDestinations},
                {QCoreApplication::applicationVersion()})
{
    m_search.setSourceModel(&m_intersections);
    if (!m_options.select.isEmpty())
        connect(&m_store, &console::StateStore::layoutChanged, this, &ConsoleApp::selectRequested);
}

ConsoleApp::~ConsoleApp()
{
    m_check.reset();
    m_engine.reset();
    qmltypes::ConsoleSingleton::setConsole(nullptr);
}

bool ConsoleApp::start()
{
    qmltypes::ConsoleSingleton::setConsole(&m_console);
    m_engine = std::make_unique<QQmlApplicationEngine>();
    connect(m_engine.get(), &QQmlEngine::warnings, this, [this](const QList<QQmlError> &errors) {
        for (const auto &e : errors) {
            if (m_qmlWarnings.size() < 100)
                m_qmlWarnings << e.toString();
            if (m_check)
                m_check->addQmlWarning(e.toString());
        }
    });
    m_engine->load(QUrl(QStringLiteral("qrc:/qt/qml/Greenlight/Main.qml")));
    const auto roots = m_engine->rootObjects();
    m_window = roots.isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(roots.first());
    if (!m_window) {
        std::fprintf(stderr, "greenlight: could not create the main window from Main.qml\n");
        for (const auto &w : std::as_const(m_qmlWarnings))
            std::fprintf(stderr, "  %s\n", qPrintable(w));
        return false;
    }

    if (m_options.waves)
        m_window->setProperty("coordinatorOpen", true);

    if (m_options.selfTest || !m_options.screenshot.isEmpty()) {
        StartupCheck::Settings settings;
        settings.selfTest = m_options.selfTest;
        settings.screenshot = m_options.screenshot;
        settings.screenshotAfter = m_options.screenshotAfter;
        settings.timeoutSeconds = m_options.timeoutSeconds;
        auto *map = m_window->findChild<QQuickItem *>(QStringLiteral("cityMap"));
        m_check = std::make_unique<StartupCheck>(settings, m_window, map, &m_link, &m_store);
        for (const auto &w : std::as_const(m_qmlWarnings))
            m_check->addQmlWarning(w);
        connect(m_check.get(), &StartupCheck::finished, this, [](int code) { QCoreApplication::exit(code); },
                Qt::QueuedConnection);
        m_check->start();
    }

    m_link.start(m_options.gateway);
    m_control.setCredentials(m_options.operatorName, m_options.token);
    m_control.start(m_options.gateway);
    m_greenWave.start(m_options.gateway);
    return true;
}

void ConsoleApp::selectRequested()
{
    const std::string wanted = m_options.select.toStdString();
    int index = m_store.intersectionIndex(wanted);
    for (int i = 0; index < 0 && i < m_store.intersectionCount(); ++i) {
        if (QString::fromStdString(m_store.layout().intersections[static_cast<size_t>(i)].name)
                .compare(m_options.select, Qt::CaseInsensitive) == 0)
            index = i;
    }
    if (index < 0) {
        qCWarning(lcApp) << "no intersection" << m_options.select << "in" << m_store.cityName();
        return;
    }
    m_selection.setIndex(index);
    // Centre once the map draws live state, so its own first fit does not undo it.
    auto centre = std::make_shared<QMetaObject::Connection>();
    *centre = connect(&m_link, &console::GatewayLink::firstLiveState, this, [this, centre, index] {
        disconnect(*centre);
        if (auto *map = m_window ? m_window->findChild<QQuickItem *>(QStringLiteral("cityMap")) : nullptr)
            QMetaObject::invokeMethod(map, "centerOn", Qt::QueuedConnection, Q_ARG(int, index));
    });
}

} // namespace greenlight::app
