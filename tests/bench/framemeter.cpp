#include "framemeter.h"

#include <QCoreApplication>
#include <QQuickWindow>

#include <chrono>

namespace greenlight::bench {

FrameMeter::FrameMeter(QQuickWindow *window, QObject *link, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_link(link)
{
    // GUI thread, right after polishItems.
    m_connections.push_back(connect(window, &QQuickWindow::afterAnimating, this, [this] {
        if (m_updateDepth > 0 && m_polishEnd < 0)
            m_polishEnd = now();
    }, Qt::DirectConnection));
    // Render thread (GUI thread in the basic loop): these touch atomics only.
    m_connections.push_back(connect(window, &QQuickWindow::beforeSynchronizing, window, [this] {
        m_syncBegin.store(now());
    }, Qt::DirectConnection));
    const QPointer<FrameMeter> self(this);
    m_connections.push_back(connect(window, &QQuickWindow::afterSynchronizing, window, [this, self] {
        const std::int64_t t = now();
        m_syncNs.fetch_add(t - m_syncBegin.load());
        m_syncEnd.store(t);
        m_syncCount.fetch_add(1);
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self] {
            if (self)
                Q_EMIT self->synchronized();
        }, Qt::QueuedConnection);
    }, Qt::DirectConnection));
    m_connections.push_back(connect(window, &QQuickWindow::frameSwapped, window, [this, self] {
        if (m_renderMeasuring.load()) {
            const double ms = (now() - m_syncEnd.load()) / 1e6;
            std::lock_guard lock(m_renderMutex);
            m_renderMs.push_back(ms);
        }
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self] {
            if (!self)
                return;
            if (self->m_measuring)
                ++self->m_swapsMeasured;
            Q_EMIT self->frameSwapped();
        }, Qt::QueuedConnection);
    }, Qt::DirectConnection));
}

FrameMeter::~FrameMeter()
{
    for (const auto &c : m_connections)
        QObject::disconnect(c);
}

std::int64_t FrameMeter::now()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void FrameMeter::startMeasuring()
{
    m_frames.clear();
    m_swapsMeasured = 0;
    {
        std::lock_guard lock(m_renderMutex);
        m_renderMs.clear();
    }
    m_applyNs = 0;
    m_busyNs = 0;
    m_waitNs = 0;
    m_measureStart = now();
    m_measureEnd = 0;
    m_measuring = true;
    m_renderMeasuring.store(true);
}

void FrameMeter::stopMeasuring()
{
    m_measuring = false;
    m_renderMeasuring.store(false);
    m_measureEnd = now();
}

double FrameMeter::measuredSeconds() const
{
    const std::int64_t end = m_measureEnd ? m_measureEnd : now();
    return (end - m_measureStart) / 1e9;
}

double FrameMeter::framesPerSecond() const
{
    const double seconds = measuredSeconds();
    return seconds > 0 ? m_swapsMeasured / seconds : 0;
}

std::vector<double> FrameMeter::renderMs() const
{
    std::lock_guard lock(m_renderMutex);
    return m_renderMs;
}

FrameMeter::Kind FrameMeter::classify(QObject *receiver, QEvent *event) const
{
    if (receiver == m_link && event->type() == QEvent::MetaCall)
        return Kind::Apply;
    if (receiver == m_window.data() && event->type() == QEvent::UpdateRequest)
        return Kind::UpdateRequest;
    return Kind::Other;
}

void FrameMeter::begin(Kind kind, Depth depth)
{
    if (depth == Depth::TopLevel)
        m_eventStart = now();
    if (kind == Kind::Apply) {
        if (m_applyDepth++ == 0)
            m_applyStart = now();
    } else if (kind == Kind::UpdateRequest) {
        if (m_updateDepth++ == 0) {
            m_updateStart = now();
            m_polishEnd = -1;
            m_syncNsAtUpdateStart = m_syncNs.load();
            m_syncCountAtUpdateStart = m_syncCount.load();
        }
    }
}

void FrameMeter::end(Kind kind, Depth depth)
{
    const std::int64_t t = now();
    if (depth == Depth::TopLevel)
        m_busyNs += t - m_eventStart;
    if (kind == Kind::Apply) {
        if (--m_applyDepth == 0)
            m_applyNs += t - m_applyStart;
    } else if (kind == Kind::UpdateRequest) {
        if (--m_updateDepth == 0 && m_syncCount.load() != m_syncCountAtUpdateStart) {
            m_pendingSyncNs = m_syncNs.load() - m_syncNsAtUpdateStart;
            // From polish to the end of the UpdateRequest the GUI thread waits for the render
            // thread: to take the sync, to do it (counted: the sync is the frame's work), and to
            // be scheduled again after it. Only the sync itself is GUI-thread work.
            if (m_polishEnd >= 0)
                m_waitNs += std::max<std::int64_t>(0, (t - m_polishEnd) - m_pendingSyncNs);
            m_framePending = true;
        }
    }
    // The UpdateRequest is usually sent from inside a timer event (QWindow::requestUpdate): the
    // frame is complete once the outermost event is.
    if (depth == Depth::TopLevel && m_framePending) {
        m_framePending = false;
        recordFrame(m_pendingSyncNs);
    }
}

void FrameMeter::recordFrame(std::int64_t syncNs)
{
    Frame f;
    f.applyMs = m_applyNs / 1e6;
    f.polishMs = (m_polishEnd >= 0 ? m_polishEnd - m_updateStart : 0) / 1e6;
    f.syncMs = syncNs / 1e6;
    f.workMs = f.applyMs + f.polishMs + f.syncMs;
    f.busyMs = std::max<std::int64_t>(0, m_busyNs - m_waitNs) / 1e6;
    m_applyNs = 0;
    m_busyNs = 0;
    m_waitNs = 0;
    if (m_measuring)
        m_frames.push_back(f);
}

} // namespace greenlight::bench
