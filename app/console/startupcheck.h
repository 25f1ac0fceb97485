#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

class QQuickItem;
class QQuickWindow;

namespace greenlight::console {
class GatewayLink;
class StateStore;
} // namespace greenlight::console

namespace greenlight::app {

// Drives --self-test and --screenshot: waits until the map has drawn the whole city with live
// state (CityMap.cityRendered), then reports and/or saves a picture of the window, or gives up
// after the timeout saying what was missing. Emits finished() with the process exit code.
class StartupCheck : public QObject
{
    Q_OBJECT

public:
    struct Settings {
        bool selfTest = false;
        QString screenshot;            // PNG path, empty for none
        double screenshotAfter = -1;   // grab at this time instead of waiting for the city
        double timeoutSeconds = 60;
    };

    StartupCheck(const Settings &settings, QQuickWindow *window, QQuickItem *map,
                 console::GatewayLink *link, console::StateStore *store, QObject *parent = nullptr);

    void start();
    // A QML warning; the self-test fails if there were any.
    void addQmlWarning(const QString &warning);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void poll();
    void succeed();
    void fail(const QString &reason);
    bool saveScreenshot(QString *error);
    QString progress() const;

    Settings m_settings;
    QPointer<QQuickWindow> m_window;
    QPointer<QQuickItem> m_map;
    console::GatewayLink *m_link;
    console::StateStore *m_store;
    QStringList m_qmlWarnings;
    QTimer m_poll;
    QElapsedTimer m_clock;
    bool m_done = false;
};

} // namespace greenlight::app
