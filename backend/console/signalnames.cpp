#include "signalnames.h"

#include <QCoreApplication>

namespace greenlight::console {

QString colourKey(core::SignalColour colour)
{
    using core::SignalColour;
    switch (colour) {
    case SignalColour::GreenProtected:
    case SignalColour::GreenPermissive:
    case SignalColour::Stop: return QStringLiteral("green");
    case SignalColour::Yellow: return QStringLiteral("yellow");
    case SignalColour::RedAmber: return QStringLiteral("redAmber");
    case SignalColour::Red: return QStringLiteral("red");
    case SignalColour::Flashing: return QStringLiteral("flashing");
    case SignalColour::Off: return QStringLiteral("off");
    case SignalColour::Unknown: break;
    }
    return QStringLiteral("unknown");
}

QString colourText(core::SignalColour colour)
{
    using core::SignalColour;
    switch (colour) {
    case SignalColour::Red: return QCoreApplication::translate("SignalNames", "red");
    case SignalColour::RedAmber: return QCoreApplication::translate("SignalNames", "red + amber");
    case SignalColour::Yellow: return QCoreApplication::translate("SignalNames", "yellow");
    case SignalColour::GreenProtected: return QCoreApplication::translate("SignalNames", "green");
    case SignalColour::GreenPermissive: return QCoreApplication::translate("SignalNames", "green (yield)");
    case SignalColour::Flashing: return QCoreApplication::translate("SignalNames", "flashing");
    case SignalColour::Off: return QCoreApplication::translate("SignalNames", "off");
    case SignalColour::Stop: return QCoreApplication::translate("SignalNames", "stop, then go");
    case SignalColour::Unknown: break;
    }
    return QCoreApplication::translate("SignalNames", "unknown");
}

QString turnText(core::Turn turn)
{
    using core::Turn;
    switch (turn) {
    case Turn::Straight: return QCoreApplication::translate("SignalNames", "straight");
    case Turn::Left: return QCoreApplication::translate("SignalNames", "left");
    case Turn::Right: return QCoreApplication::translate("SignalNames", "right");
    case Turn::UTurn: return QCoreApplication::translate("SignalNames", "U-turn");
    case Turn::Pedestrian: return QCoreApplication::translate("SignalNames", "crossing");
    case Turn::Unknown: break;
    }
    return QCoreApplication::translate("SignalNames", "movement");
}

QString turnSymbol(core::Turn turn)
{
    using core::Turn;
    switch (turn) {
    case Turn::Straight: return QStringLiteral("\u2191");
    case Turn::Left: return QStringLiteral("\u2190");
    case Turn::Right: return QStringLiteral("\u2192");
    case Turn::UTurn: return QStringLiteral("\u21B6");
    case Turn::Pedestrian: return QStringLiteral("\u2194");
    case Turn::Unknown: break;
    }
    return QStringLiteral("\u2022");
}

} // namespace greenlight::console
