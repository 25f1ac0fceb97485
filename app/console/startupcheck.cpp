#include "startupcheck.h"

#include "console/gatewaylink.h"
#include "console/statestore.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QQuickItem>
#include <QQuickWindow>

#include <cmath>
#include <cstdio>

namespace greenlight::app {

namespace {

QString clock(double seconds)
{
    const auto s = static_cast<long long>(std::floor(std::max(0.0, seconds)));
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600, 2, 10, QLatin1Char('0'))
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

StartupCheck::StartupCheck(const Settings &settings, QQuickWindow *window, QQuickItem *map,
                           console::GatewayLink *link, console::StateStore *store, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_window(window)
    , m_map(map)
    , m_link(link)
    , m_store(store)
{
    m_poll.setInterval(50);
    connect(&m_poll, &QTimer::timeout, this, &StartupCheck::poll);
}

void StartupCheck::start()
{
    m_clock.start();
    m_poll.start();
    if (!m_map)
        fail(QStringLiteral("the window has no map (no item named cityMap)"));
}

void StartupCheck::addQmlWarning(const QString &warning)
{
    m_qmlWarnings << warning;
}

void StartupCheck::poll()
{
    if (m_done)
        return;
    const double elapsed = m_clock.elapsed() / 1000.0;
    if (m_settings.screenshotAfter >= 0) {
        if (elapsed >= m_settings.screenshotAfter)
            succeed();
        return;
    }
    if (m_map && m_map->property("cityRendered").toBool()) {
        succeed();
        return;
    }
    if (elapsed >= m_settings.timeoutSeconds)
        fail(QStringLiteral("timed out after %1 s: %2").arg(m_settings.timeoutSeconds).arg(progress()));
}

QString StartupCheck::progress() const
{
    const QString error = m_link->lastError().isEmpty() ? QString()
                                                         : QStringLiteral(" (last error: %1)").arg(m_link->lastError());
    if (!m_store->hasLayout())
        return QStringLiteral("no layout from the gateway at %1%2").arg(m_link->address(), error);
    if (!m_store->hasLiveState())
        return QStringLiteral("layout of %1 received, but no live state%2").arg(m_store->cityName(), error);
    const int drawn = m_map ? m_map->property("drawnIntersections").toInt() : 0;
    return QStringLiteral("live state received, but the map has not rendered the city (%1 of %2 intersections drawn)")
        .arg(drawn)
        .arg(m_store->intersectionCount());
}

void StartupCheck::succeed()
{
    if (m_done)
        return;
    m_poll.stop();
    const double elapsed = m_clock.elapsed() / 1000.0;
    if (!m_settings.screenshot.isEmpty()) {
        QString error;
        if (!saveScreenshot(&error)) {
            fail(error);
            return;
        }
        std::printf("%s\n", qPrintable(QFileInfo(m_settings.screenshot).absoluteFilePath()));
    }
    if (m_settings.selfTest) {
        if (!m_qmlWarnings.isEmpty()) {
            fail(QStringLiteral("QML reported %1 warning(s), the first: %2").arg(m_qmlWarnings.size()).arg(m_qmlWarnings.first()));
            return;
        }
        const int intersections = m_map ? m_map->property("drawnIntersections").toInt() : 0;
        const int segments = m_map ? m_map->property("drawnSegments").toInt() : 0;
        std::printf("self-test passed: %s, %d intersections, %d segments rendered at sim time %s "
                    "(%.1f s after start, gateway %s)\n",
                    qPrintable(m_store->cityName()), intersections, segments, qPrintable(clock(m_store->simTime())),
                    elapsed, qPrintable(m_link->address()));
    }
    std::fflush(stdout);
    m_done = true;
    Q_EMIT finished(0);
}

void StartupCheck::fail(const QString &reason)
{
    if (m_done)
        return;
    m_done = true;
    m_poll.stop();
    const char *what = m_settings.selfTest ? "self-test failed" : "screenshot failed";
    std::fprintf(stderr, "%s: %s\n", what, qPrintable(reason));
    std::fflush(stderr);
    Q_EMIT finished(1);
}

bool StartupCheck::saveScreenshot(QString *error)
{
    if (!m_window) {
        *error = QStringLiteral("no window to grab");
        return false;
    }
    const QImage image = m_window->grabWindow();
    if (image.isNull()) {
        *error = QStringLiteral("grabbing the window gave no image");
        return false;
    }
    const QFileInfo file(m_settings.screenshot);
    QDir().mkpath(file.absolutePath());
    if (!image.save(file.absoluteFilePath(), "PNG")) {
        *error = QStringLiteral("could not write %1").arg(file.absoluteFilePath());
        return false;
    }
    return true;
}

} // namespace greenlight::app
