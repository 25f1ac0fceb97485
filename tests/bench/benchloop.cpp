#include "benchloop.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

namespace greenlight::bench {

void runFor(double seconds)
{
    QEventLoop loop;
    QTimer::singleShot(int(seconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
}

bool runUntil(const std::function<bool()> &done, double timeoutSeconds)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutSeconds * 1000) {
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return done();
}

} // namespace greenlight::bench
