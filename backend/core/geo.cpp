#include "geo.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace greenlight::core {

namespace {
constexpr double kEarthRadius = 6378137.0;      // WGS84 semi-major axis, Web Mercator sphere
constexpr double kMeanEarthRadius = 6371008.8;  // for great-circle distances
constexpr double kMaxMercatorLat = 85.05112878;
constexpr double kDeg = std::numbers::pi / 180.0;
} // namespace

void GeoBounds::extend(const LatLon &p)
{
    southWest.lat = std::min(southWest.lat, p.lat);
    southWest.lon = std::min(southWest.lon, p.lon);
    northEast.lat = std::max(northEast.lat, p.lat);
    northEast.lon = std::max(northEast.lon, p.lon);
}

LatLon GeoBounds::centre() const
{
    return {(southWest.lat + northEast.lat) / 2.0, (southWest.lon + northEast.lon) / 2.0};
}

PlanePoint toMercator(const LatLon &p)
{
    const double lat = std::clamp(p.lat, -kMaxMercatorLat, kMaxMercatorLat) * kDeg;
    return {kEarthRadius * p.lon * kDeg,
            kEarthRadius * std::log(std::tan(std::numbers::pi / 4.0 + lat / 2.0))};
}

LatLon fromMercator(const PlanePoint &p)
{
    const double lat = 2.0 * std::atan(std::exp(p.y / kEarthRadius)) - std::numbers::pi / 2.0;
    return {lat / kDeg, p.x / kEarthRadius / kDeg};
}

double mercatorScale(double latDeg)
{
    return 1.0 / std::cos(std::clamp(latDeg, -kMaxMercatorLat, kMaxMercatorLat) * kDeg);
}

double distanceMetres(const LatLon &a, const LatLon &b)
{
    const double dLat = (b.lat - a.lat) * kDeg;
    const double dLon = (b.lon - a.lon) * kDeg;
    const double h = std::sin(dLat / 2) * std::sin(dLat / 2)
        + std::cos(a.lat * kDeg) * std::cos(b.lat * kDeg) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2.0 * kMeanEarthRadius * std::asin(std::min(1.0, std::sqrt(h)));
}

double normaliseBearing(double deg)
{
    double r = std::fmod(deg, 360.0);
    if (r < 0)
        r += 360.0;
    return r >= 360.0 ? 0.0 : r;
}

double bearingDegrees(const LatLon &a, const LatLon &b)
{
    const double dLon = (b.lon - a.lon) * kDeg;
    const double y = std::sin(dLon) * std::cos(b.lat * kDeg);
    const double x = std::cos(a.lat * kDeg) * std::sin(b.lat * kDeg)
        - std::sin(a.lat * kDeg) * std::cos(b.lat * kDeg) * std::cos(dLon);
    return normaliseBearing(std::atan2(y, x) / kDeg);
}

std::string compassPoint(double bearingDeg)
{
    static const std::array<const char *, 8> names{"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
    const int sector = static_cast<int>(std::floor(normaliseBearing(bearingDeg) / 45.0 + 0.5)) % 8;
    return names[static_cast<size_t>(sector)];
}

std::string approachSide(double travelBearingDeg)
{
    return compassPoint(travelBearingDeg + 180.0);
}

} // namespace greenlight::core
