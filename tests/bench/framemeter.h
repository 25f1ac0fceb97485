#pragma once

#include <QEvent>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

class QQuickWindow;

namespace greenlight::bench {

// Measures, frame by frame, how long one window's frames keep the GUI thread busy, and how many
// frames reach the screen.
//
// Per frame it records on the GUI thread:
//   apply   time spent delivering the link's drains (StateStore::applyBatch and everything its
//           signals do synchronously: the map marking items dirty, list models, QML bindings)
//           since the previous frame;
//   polish  from the start of the window's UpdateRequest to afterAnimating (polishItems runs
//           in between, in both the threaded and the basic render loop);
//   sync    beforeSynchronizing to afterSynchronizing (updatePaintNode of every dirty item; on the
//           render thread in the threaded loop, while the GUI thread waits for it);
//   work    apply + polish + sync: the GUI-thread work the frame costs;
//   busy    wall time the GUI thread spent handling events of any kind since the previous frame
//           (every top-level QCoreApplication::notify), less the time its UpdateRequest spent
//           waiting on the render thread other than for the sync itself (afterAnimating to the
//           end of the UpdateRequest, minus sync): what the GUI thread could not spend on
//           anything else. In the basic render loop rendering runs on the GUI thread and is
//           part of it.
// Render-side time per frame (afterSynchronizing to frameSwapped) is kept for context.
//
// Events are timed by BenchApplication::notify, which asks the meter what an event is.
// Threading: created and used on the GUI thread; the window's render-thread signals touch only
// atomics and the mutex-guarded render samples.
class FrameMeter : public QObject
{
    Q_OBJECT
public:
    struct Frame
    {
        double applyMs = 0;
        double polishMs = 0;
        double syncMs = 0;
        double workMs = 0;
        double busyMs = 0;
    };
    enum class Kind { Other, Apply, UpdateRequest };
    // Whether an event is the outermost one the GUI thread is handling.
    enum class Depth { Nested, TopLevel };

    // link: the object whose posted drains count as "apply" (the GatewayLink).
    FrameMeter(QQuickWindow *window, QObject *link, QObject *parent = nullptr);
    ~FrameMeter() override;

    // Starts a measuring window: frames and swaps from now on are recorded.
    void startMeasuring();
    // Ends it.
    void stopMeasuring();

    const std::vector<Frame> &frames() const { return m_frames; }
    // Frames that reached the screen in the measuring window, per second.
    double framesPerSecond() const;
    int swaps() const { return m_swapsMeasured; }
    double measuredSeconds() const;
    // Render-side time per frame in the measuring window, ms.
    std::vector<double> renderMs() const;

    // For BenchApplication::notify (GUI thread).
    Kind classify(QObject *receiver, QEvent *event) const;
    void begin(Kind kind, Depth depth);
    void end(Kind kind, Depth depth);

Q_SIGNALS:
    // A frame reached the screen (delivered on the GUI thread, queued).
    void frameSwapped();
    // A frame's sync has finished: the next frame can be prepared (GUI thread, queued).
    void synchronized();

private:
    static std::int64_t now();
    void recordFrame(std::int64_t syncNs);

    QPointer<QQuickWindow> m_window;
    QObject *m_link;
    std::vector<QMetaObject::Connection> m_connections;

    // GUI thread.
    int m_applyDepth = 0;
    std::int64_t m_applyStart = 0;
    std::int64_t m_applyNs = 0;
    int m_updateDepth = 0;
    std::int64_t m_updateStart = 0;
    std::int64_t m_polishEnd = -1;
    std::int64_t m_syncNsAtUpdateStart = 0;
    std::int64_t m_syncCountAtUpdateStart = 0;
    std::int64_t m_busyNs = 0;
    std::int64_t m_eventStart = 0;
    std::int64_t m_waitNs = 0;
    bool m_framePending = false;
    std::int64_t m_pendingSyncNs = 0;
    bool m_measuring = false;
    std::int64_t m_measureStart = 0;
    std::int64_t m_measureEnd = 0;
    std::vector<Frame> m_frames;
    int m_swapsMeasured = 0;

    // Written on the render thread.
    std::atomic<std::int64_t> m_syncBegin{0};
    std::atomic<std::int64_t> m_syncEnd{0};
    std::atomic<std::int64_t> m_syncNs{0};
    std::atomic<std::int64_t> m_syncCount{0};
    std::atomic<bool> m_renderMeasuring{false};
    mutable std::mutex m_renderMutex;
    std::vector<double> m_renderMs;
};

} // namespace greenlight::bench
