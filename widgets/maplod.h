#pragma once

namespace greenlight::widgets {

// Level of detail of the map geometry. Geometry is built for one level and only rebuilt when the
// zoom crosses into another one (steps of a factor sqrt(2)), so panning and zooming within a level
// only changes the view matrix.
struct MapLod
{
    // Ground metres per pixel above which local roads are left out.
    static constexpr double kLocalRoadsMaxMetresPerPixel = 6.0;
    // Ground metres per pixel above which intersections are drawn medium, then small.
    static constexpr double kMediumGlyphMetresPerPixel = 4.0;
    static constexpr double kSmallGlyphMetresPerPixel = 12.0;
    // Ground size a glyph is given when zoomed in far enough for it to be more than 12 px.
    static constexpr double kGlyphGroundMetres = 20.0;

    int step = 0;                  // round(2 * log2(unitsPerPixel)): the key for rebuilding
    double unitsPerPixel = 1.0;    // world units per pixel the geometry is sized for
    double groundScale = 1.0;      // world units per ground metre at the city centre
    float glyphPx = 12.0f;         // intersection glyph size in pixels (12 at normal zoom)
    bool showLocalRoads = true;
    bool compact = false;          // far out: thinner roads, glyphs without a rim

    // The level for a view with this many world units per pixel.
    static MapLod forView(double unitsPerPixel, double groundScale);

    // Ground metres per pixel of this level.
    double metresPerPixel() const { return unitsPerPixel / groundScale; }
    // World units covering px pixels at this level.
    double worldForPixels(double px) const { return px * unitsPerPixel; }

    bool operator==(const MapLod &) const = default;
};

} // namespace greenlight::widgets
