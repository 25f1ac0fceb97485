#pragma once

#include "core/livestate.h"
#include "core/signalcolour.h"

#include <cstdint>

namespace greenlight::widgets {

// An 8-bit colour with premultiplied alpha, as the scene graph's vertex colours want it.
struct Rgba
{
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    bool operator==(const Rgba &) const = default;
};

// The map's colours on the dark control-room theme.
namespace palette {

// The map background.
Rgba background();
// The colour a signal side shows.
Rgba signal(core::SignalColour colour);
// A glyph side no movement comes from.
Rgba noMovement();
// The dark rim around each intersection glyph.
Rgba glyphOutline();
// A road by its congestion.
Rgba congestion(core::CongestionLevel level);
// A vehicle dot's fill and, for emergency vehicles, its rim.
Rgba vehicle(core::VehicleKind kind);
Rgba emergencyRim();
// Highlight rings of the selected and the hovered intersection.
Rgba selectionRing();
Rgba hoverRing();
// The ring around an intersection an operator holds (Theme.controlHeld).
Rgba controlRing();
// A green wave's route line and its dark casing.
Rgba waveRoute();
Rgba waveRouteCasing();
// The ring around a wave's intersection, by its state key ("planned", "waiting", "preparing",
// "green", "passed", "released", "refused"; Theme.waveColour matches).
Rgba wavePassage(const char *state);
// The ring around a wave's vehicle.
Rgba waveVehicle();
// The same colour greyed and dimmed, for a map whose data is not live.
Rgba stale(Rgba colour);

} // namespace palette
} // namespace greenlight::widgets
