#include "consoleapp.h"

#include <QGuiApplication>
#include <QIcon>
#include <QLoggingCategory>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(GreenlightPlugin)
Q_IMPORT_QML_PLUGIN(Greenlight_WidgetsPlugin)

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("greenlight"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Greenlight"));
    QGuiApplication::setApplicationVersion(QStringLiteral(GREENLIGHT_VERSION));
    QGuiApplication::setOrganizationName(QStringLiteral("Greenlight"));
    QGuiApplication::setDesktopFileName(QStringLiteral("greenlight"));
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/greenlight/icons/greenlight.png")));
    QLoggingCategory::setFilterRules(QStringLiteral("greenlight.*.debug=false"));
    // Before any QML is loaded: the console's controls are styled for the Basic style.
    QQuickStyle::setStyle(QStringLiteral("Basic"));

    int exitCode = 0;
    const auto options = greenlight::app::ConsoleOptions::parse(app, &exitCode);
    if (!options)
        return exitCode;

    greenlight::app::ConsoleApp console(*options);
    if (!console.start())
        return 1;
    return QGuiApplication::exec();
}
