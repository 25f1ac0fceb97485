#include "mappalette.h"

#include <string_view>

namespace greenlight::widgets::palette {

namespace {

constexpr Rgba rgb(std::uint32_t hex)
{
    return {std::uint8_t(hex >> 16), std::uint8_t(hex >> 8), std::uint8_t(hex), 255};
}

// Premultiplies a colour given straight.
constexpr Rgba rgba(std::uint32_t hex, std::uint8_t alpha)
{
    const auto mul = [alpha](std::uint32_t c) { return std::uint8_t((c & 0xff) * alpha / 255); };
    return {mul(hex >> 16), mul(hex >> 8), mul(hex), alpha};
}

} // namespace

Rgba background() { return rgb(0x10141a); }

Rgba signal(core::SignalColour colour)
{
    using core::SignalColour;
    switch (colour) {
    case SignalColour::GreenProtected:
    case SignalColour::GreenPermissive:
    case SignalColour::Stop: // green arrow after stopping
        return rgb(0x2ecc71);
    case SignalColour::Yellow:
        return rgb(0xf1c40f);
    case SignalColour::RedAmber:
        return rgb(0xe67e22);
    case SignalColour::Red:
        return rgb(0xe74c3c);
    case SignalColour::Flashing:
        return rgb(0xf39c12);
    case SignalColour::Off:
        return rgb(0x3b4048);
    case SignalColour::Unknown:
        break;
    }
    return rgb(0x6b7785);
}

Rgba noMovement() { return rgb(0x2a3038); }
Rgba glyphOutline() { return rgb(0x07090c); }

Rgba congestion(core::CongestionLevel level)
{
    using core::CongestionLevel;
    switch (level) {
    case CongestionLevel::Free:
        return rgb(0x1e6b5e);
    case CongestionLevel::Light:
        return rgb(0xb8902a);
    case CongestionLevel::Heavy:
        return rgb(0xcc5a2c);
    case CongestionLevel::Jammed:
        return rgb(0x9c1a2e);
    case CongestionLevel::Unknown:
        break;
    }
    return rgb(0x465260);
}

Rgba vehicle(core::VehicleKind kind)
{
    using core::VehicleKind;
    switch (kind) {
    case VehicleKind::Emergency:
        return rgb(0x2f7dff);
    case VehicleKind::Bus:
    case VehicleKind::Truck:
        return rgb(0x9fc3d6);
    default:
        break;
    }
    return rgb(0xd5dde6);
}

Rgba emergencyRim() { return rgb(0xffffff); }
Rgba selectionRing() { return rgb(0x00e0ff); }
Rgba hoverRing() { return rgba(0xffffff, 150); }
Rgba controlRing() { return rgb(0xb392f0); }

Rgba waveRoute() { return rgb(0xff4fd8); }
Rgba waveRouteCasing() { return rgb(0x05070a); }
Rgba waveVehicle() { return rgb(0xffffff); }

Rgba wavePassage(const char *state)
{
    const std::string_view key(state);
    if (key == "planned")
        return rgb(0xffffff);
    if (key == "waiting")
        return rgb(0xc9d1d9);
    if (key == "preparing")
        return rgb(0xe3b341);
    if (key == "green")
        return rgb(0x3fb950);
    if (key == "refused")
        return rgb(0xff7b72);
    return rgb(0x6e7681);  // passed, released, unknown: behind the vehicle, greyed
}

Rgba stale(Rgba colour)
{
    // Luminance, then dimmed: every hue turns into a darker grey of the same order of brightness.
    const int lum = (77 * colour.r + 150 * colour.g + 29 * colour.b) >> 8;
    const auto grey = std::uint8_t(18 + lum * 45 / 100);
    const auto a = colour.a;
    const auto v = std::uint8_t(grey * a / 255);
    return {v, v, v, a};
}

} // namespace greenlight::widgets::palette
