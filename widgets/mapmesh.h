#pragma once

#include "maplod.h"
#include "meshbuilder.h"
#include "projectedcity.h"

#include <QtQuick/QSGGeometry>

#include <memory>
#include <vector>

namespace greenlight::widgets {

// Colours of a glyph from what its sides show; greyed when stale.
GlyphColours glyphColours(const SideSignals &sides, bool stale);
// Colour of a road from its congestion; greyed when stale.
Rgba roadColour(core::CongestionLevel level, bool stale);

// The map's geometry for one projected city: per tile, a road geometry and an intersection
// geometry built for a level of detail, plus the current colour of every intersection and
// segment. Colour changes are written in place into the built geometry through an index
// (item -> tile, first vertex), so one intersection costs a fixed number of vertices whatever the
// city's size. Plain data owned by the render side (created and used on the render thread); it
// needs no window, so tests drive it directly.
class MapMesh
{
public:
    // What the last operations did, for tests and benchmarks.
    struct Stats
    {
        int touchedVertices = 0;   // vertices recoloured in place
        int builtChunks = 0;       // tiles (re)built
        int builtVertices = 0;     // vertices written by those builds
    };

    explicit MapMesh(std::shared_ptr<const ProjectedCity> city);
    ~MapMesh();
    MapMesh(const MapMesh &) = delete;
    MapMesh &operator=(const MapMesh &) = delete;

    const ProjectedCity &city() const { return *m_city; }
    const std::shared_ptr<const ProjectedCity> &cityPtr() const { return m_city; }

    // Sets an intersection's colours, writing them into its tile if built; colours equal to the
    // current ones write nothing.
    void setIntersectionColours(int i, const GlyphColours &colours);
    // Sets a segment's colour, writing it into its tile if built (and drawn at that level); the
    // current colour again writes nothing.
    void setSegmentColour(int s, Rgba colour);
    const GlyphColours &intersectionColours(int i) const { return m_glyphColours[size_t(i)]; }
    Rgba segmentColour(int s) const { return m_segmentColours[size_t(s)]; }

    // Builds tile c for lod unless it already is; returns true when it built.
    bool ensureBuilt(int chunk, const MapLod &lod);
    bool isBuilt(int chunk) const { return m_chunks[size_t(chunk)]->built; }
    int builtStep(int chunk) const { return m_chunks[size_t(chunk)]->lodStep; }
    int chunkCount() const { return int(m_chunks.size()); }
    // The tile's geometries; owned here, referenced by the scene graph's nodes.
    QSGGeometry *roadGeometry(int chunk) const { return m_chunks[size_t(chunk)]->roads.get(); }
    QSGGeometry *glyphGeometry(int chunk) const { return m_chunks[size_t(chunk)]->glyphs.get(); }
    // How many segments the tile's built road geometry holds.
    int drawnSegments(int chunk) const { return m_chunks[size_t(chunk)]->drawnSegments; }

    // Tiles whose geometry changed (built or recoloured) since the last call, for markDirty.
    std::vector<int> takeChangedChunks();

    const Stats &stats() const { return m_stats; }
    void resetStats() { m_stats = {}; }

private:
    struct Chunk
    {
        std::unique_ptr<QSGGeometry> roads;
        std::unique_ptr<QSGGeometry> glyphs;
        bool built = false;
        int lodStep = 0;
        int drawnSegments = 0;
        bool changed = false;
        std::vector<int> segmentFirst;   // by slot; -1 when not drawn
        std::vector<int> segmentCount;
        std::vector<int> glyphFirst;     // by slot
    };
    void markChanged(int chunk);

    std::shared_ptr<const ProjectedCity> m_city;
    std::vector<std::unique_ptr<Chunk>> m_chunks;
    std::vector<GlyphColours> m_glyphColours;
    std::vector<Rgba> m_segmentColours;
    std::vector<int> m_changed;
    MeshData m_scratch;
    Stats m_stats;
};

} // namespace greenlight::widgets
