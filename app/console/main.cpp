#include "consoleapp.h"

#include <QGuiApplication>
#include <QIcon>
#include <QLoggingCategory>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>
#include <optional>

Q_IMPORT_QML_PLUGIN(GreenlightPlugin)
Q_IMPORT_QML_PLUGIN(Greenlight_WidgetsPlugin)

namespace {

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("greenlight"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GREENLIGHT_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("Greenlight"));
}

// True when a windowing system can be reached (or a platform was chosen explicitly).
bool haveDisplay()
{
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

} // namespace

int main(int argc, char *argv[])
{
    // Options first, without a GUI, so that --help and mistakes are answered on any terminal.
    int exitCode = 0;
    std::optional<greenlight::app::ConsoleOptions> options;
    {
        QCoreApplication parsing(argc, argv);
        describeApplication();
        options = greenlight::app::ConsoleOptions::parse(parsing, &exitCode);
    }
    if (!options)
        return exitCode;
    if (!haveDisplay()) {
        std::fprintf(stderr, "greenlight: no display to open a window on (DISPLAY is not set); "
                             "start it in a desktop session or under xvfb-run\n");
        return 1;
    }

    QGuiApplication app(argc, argv);
    describeApplication();
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Greenlight"));
    QGuiApplication::setDesktopFileName(QStringLiteral("greenlight"));
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/greenlight/icons/greenlight.png")));
    QLoggingCategory::setFilterRules(QStringLiteral("greenlight.*.debug=false"));
    // Before any QML is loaded: the console's controls are styled for the Basic style.
    QQuickStyle::setStyle(QStringLiteral("Basic"));

    greenlight::app::ConsoleApp console(*options);
    if (!console.start())
        return 1;
    return QGuiApplication::exec();
}
