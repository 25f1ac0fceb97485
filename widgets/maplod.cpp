#include "maplod.h"

#include <algorithm>
#include <cmath>

namespace greenlight::widgets {

MapLod MapLod::forView(double unitsPerPixel, double groundScale)
{
    MapLod lod;
    lod.groundScale = groundScale > 0 ? groundScale : 1.0;
    const double upp = unitsPerPixel > 0 ? unitsPerPixel : 1.0;
    lod.step = static_cast<int>(std::lround(2.0 * std::log2(upp)));
    lod.unitsPerPixel = std::exp2(lod.step / 2.0);
    const double mpp = lod.metresPerPixel();
    lod.showLocalRoads = mpp <= kLocalRoadsMaxMetresPerPixel;
    if (mpp <= kMediumGlyphMetresPerPixel)
        // At street level a glyph grows to cover the junction, up to a limit.
        lod.glyphPx = float(std::clamp(kGlyphGroundMetres / mpp, 12.0, 28.0));
    else if (mpp <= kSmallGlyphMetresPerPixel)
        lod.glyphPx = 8.0f;
    else
        lod.glyphPx = 5.0f;
    lod.compact = mpp > kSmallGlyphMetresPerPixel;
    return lod;
}

} // namespace greenlight::widgets
