#pragma once

#include <string>

namespace greenlight::core {

// A WGS84 position in degrees.
struct LatLon {
    double lat = 0.0;
    double lon = 0.0;
    bool operator==(const LatLon &) const = default;
};

// An axis-aligned box in WGS84 degrees; empty until something is added.
struct GeoBounds {
    LatLon southWest{90.0, 180.0};
    LatLon northEast{-90.0, -180.0};

    // True when nothing has been added.
    bool isEmpty() const { return southWest.lat > northEast.lat; }
    // Grows the box to include p.
    void extend(const LatLon &p);
    // The middle of the box.
    LatLon centre() const;
};

// A point on the Web Mercator plane, in metres at the equator (EPSG:3857).
struct PlanePoint {
    double x = 0.0;
    double y = 0.0;  // grows northwards
};

// Projects WGS84 to Web Mercator metres; latitudes are clamped to +-85.05 degrees.
PlanePoint toMercator(const LatLon &p);
// The inverse of toMercator.
LatLon fromMercator(const PlanePoint &p);
// Scale factor of Web Mercator at a latitude: plane metres per ground metre.
double mercatorScale(double latDeg);

// Great-circle distance in metres (haversine, mean earth radius).
double distanceMetres(const LatLon &a, const LatLon &b);
// Initial bearing from a to b, degrees clockwise from north in [0, 360).
double bearingDegrees(const LatLon &a, const LatLon &b);
// Normalises any angle to [0, 360).
double normaliseBearing(double deg);
// The 8-point compass name ("N", "NE", ... "NW") nearest to a bearing.
std::string compassPoint(double bearingDeg);
// The compass side traffic arrives from when it travels on bearingDeg (the opposite point).
std::string approachSide(double travelBearingDeg);

} // namespace greenlight::core
