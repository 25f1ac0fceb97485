#pragma once

#include "core/citylayout.h"
#include "core/signalcolour.h"

#include <QString>

namespace greenlight::console {

// Words and keys the console's views use for signal data. Colour keys name a Theme colour in QML:
// "green", "yellow", "redAmber", "red", "flashing", "off", "unknown".
QString colourKey(core::SignalColour colour);
// Human colour name, e.g. "green (yield)".
QString colourText(core::SignalColour colour);
// Human turn name, e.g. "left", "U-turn", "crossing".
QString turnText(core::Turn turn);
// An arrow for the turn, for compact lists.
QString turnSymbol(core::Turn turn);

} // namespace greenlight::console
