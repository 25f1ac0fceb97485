#include "benchapplication.h"

#include <QThread>

namespace greenlight::bench {

BenchApplication::BenchApplication(int &argc, char **argv)
    : QGuiApplication(argc, argv)
{
}

bool BenchApplication::notify(QObject *receiver, QEvent *event)
{
    if (QThread::currentThread() != thread())
        return QGuiApplication::notify(receiver, event);
    FrameMeter *meter = m_meter.data();
    if (!meter)
        return QGuiApplication::notify(receiver, event);
    const FrameMeter::Kind kind = meter->classify(receiver, event);
    const FrameMeter::Depth depth = m_depth == 0 ? FrameMeter::Depth::TopLevel : FrameMeter::Depth::Nested;
    if (kind == FrameMeter::Kind::Other && depth == FrameMeter::Depth::Nested)
        return QGuiApplication::notify(receiver, event);
    ++m_depth;
    meter->begin(kind, depth);
    const bool result = QGuiApplication::notify(receiver, event);
    meter->end(kind, depth);
    --m_depth;
    return result;
}

} // namespace greenlight::bench
