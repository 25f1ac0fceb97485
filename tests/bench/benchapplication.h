#pragma once

#include "framemeter.h"

#include <QGuiApplication>
#include <QPointer>

namespace greenlight::bench {

// The benchmark's application: times the events FrameMeter asks for.
class BenchApplication : public QGuiApplication
{
public:
    BenchApplication(int &argc, char **argv);
    // The meter consulted for each GUI-thread event; nullptr for none.
    void setMeter(FrameMeter *meter) { m_meter = meter; }
    bool notify(QObject *receiver, QEvent *event) override;

private:
    QPointer<FrameMeter> m_meter;
    int m_depth = 0;
};

} // namespace greenlight::bench
