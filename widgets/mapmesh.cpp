#include "mapmesh.h"

#include <utility>

namespace greenlight::widgets {

namespace {
// Glyph rim and the dark gap between its sides, in pixels; thinner on small glyphs.
// Tiny glyphs of a far view drop the rim: a third fewer triangles where there are most of them.
double glyphRimPx(const MapLod &lod) { return lod.compact ? 0.0 : lod.glyphPx >= 10.0f ? 1.5 : 1.0; }
double glyphGapPx(const MapLod &lod) { return lod.glyphPx >= 10.0f ? 0.6 : 0.3; }
} // namespace

GlyphColours glyphColours(const SideSignals &sides, bool stale)
{
    GlyphColours out;
    for (size_t s = 0; s < 4; ++s) {
        const Rgba c = sides[s].hasMovements ? palette::signal(sides[s].colour) : palette::noMovement();
        out[s] = stale ? palette::stale(c) : c;
    }
    return out;
}

Rgba roadColour(core::CongestionLevel level, bool stale)
{
    const Rgba c = palette::congestion(level);
    return stale ? palette::stale(c) : c;
}

MapMesh::MapMesh(std::shared_ptr<const ProjectedCity> city)
    : m_city(std::move(city))
{
    m_chunks.reserve(m_city->chunks().size());
    for (size_t c = 0; c < m_city->chunks().size(); ++c) {
        auto chunk = std::make_unique<Chunk>();
        chunk->roads.reset(meshbuilder::createGeometry());
        chunk->glyphs.reset(meshbuilder::createGeometry());
        m_chunks.push_back(std::move(chunk));
    }
    const SideSignals none{};
    m_glyphColours.assign(size_t(m_city->intersectionCount()), glyphColours(none, false));
    m_segmentColours.assign(size_t(m_city->segmentCount()), roadColour(core::CongestionLevel::Unknown, false));
}

MapMesh::~MapMesh() = default;

void MapMesh::markChanged(int chunk)
{
    Chunk &c = *m_chunks[size_t(chunk)];
    if (!c.changed) {
        c.changed = true;
        m_changed.push_back(chunk);
    }
}

std::vector<int> MapMesh::takeChangedChunks()
{
    for (int c : m_changed)
        m_chunks[size_t(c)]->changed = false;
    return std::exchange(m_changed, {});
}

void MapMesh::setIntersectionColours(int i, const GlyphColours &colours)
{
    if (i < 0 || i >= m_city->intersectionCount())
        return;
    // Most updates repeat what is drawn (a whole-city refresh, a phase with the same summary):
    // writing nothing keeps the tile from being uploaded again.
    if (m_glyphColours[size_t(i)] == colours)
        return;
    m_glyphColours[size_t(i)] = colours;
    const int c = m_city->chunkOfIntersection(i);
    if (c < 0)
        return;
    Chunk &chunk = *m_chunks[size_t(c)];
    if (!chunk.built)
        return;
    const int first = chunk.glyphFirst[size_t(m_city->slotOfIntersection(i))];
    m_stats.touchedVertices += meshbuilder::paintGlyph(chunk.glyphs->vertexDataAsColoredPoint2D(), first, colours);
    chunk.glyphs->markVertexDataDirty();
    markChanged(c);
}

void MapMesh::setSegmentColour(int s, Rgba colour)
{
    if (s < 0 || s >= m_city->segmentCount())
        return;
    // A speed update mostly keeps the congestion level, and with it the colour.
    if (m_segmentColours[size_t(s)] == colour)
        return;
    m_segmentColours[size_t(s)] = colour;
    const int c = m_city->chunkOfSegment(s);
    if (c < 0)
        return;
    Chunk &chunk = *m_chunks[size_t(c)];
    const size_t slot = size_t(m_city->slotOfSegment(s));
    if (!chunk.built || chunk.segmentFirst[slot] < 0)
        return;
    m_stats.touchedVertices += meshbuilder::paintVertices(chunk.roads->vertexDataAsColoredPoint2D(),
                                                          chunk.segmentFirst[slot], chunk.segmentCount[slot], colour);
    chunk.roads->markVertexDataDirty();
    markChanged(c);
}

bool MapMesh::ensureBuilt(int chunkIndex, const MapLod &lod)
{
    Chunk &chunk = *m_chunks[size_t(chunkIndex)];
    if (chunk.built && chunk.lodStep == lod.step)
        return false;
    const MapChunk &tile = m_city->chunks()[size_t(chunkIndex)];
    const auto &points = m_city->points();

    // Roads.
    m_scratch.clear();
    chunk.segmentFirst.assign(tile.segments.size(), -1);
    chunk.segmentCount.assign(tile.segments.size(), 0);
    chunk.drawnSegments = 0;
    for (size_t k = 0; k < tile.segments.size(); ++k) {
        const int s = tile.segments[k];
        const ProjectedSegment *seg = m_city->segment(s);
        if (!seg || (!lod.showLocalRoads && seg->roadClass == core::RoadClass::Local))
            continue;
        const double half = meshbuilder::roadHalfWidth(*seg, lod);
        int count = 0;
        const int first = meshbuilder::appendRoad(m_scratch, &points[size_t(seg->firstPoint)], seg->pointCount, half,
                                                  meshbuilder::roadOffset(half, lod), m_segmentColours[size_t(s)],
                                                  &count);
        if (first < 0)
            continue;
        chunk.segmentFirst[k] = first;
        chunk.segmentCount[k] = count;
        ++chunk.drawnSegments;
    }
    meshbuilder::upload(m_scratch, chunk.roads.get());
    m_stats.builtVertices += int(m_scratch.vertices.size());

    // Intersections.
    m_scratch.clear();
    chunk.glyphFirst.assign(tile.intersections.size(), -1);
    const double size = lod.worldForPixels(lod.glyphPx);
    const double rim = lod.worldForPixels(glyphRimPx(lod));
    const double gap = lod.worldForPixels(glyphGapPx(lod));
    const Rgba rimColour = palette::glyphOutline();
    m_scratch.vertices.reserve(tile.intersections.size() * meshbuilder::kGlyphVertices);
    for (size_t k = 0; k < tile.intersections.size(); ++k) {
        const int i = tile.intersections[k];
        chunk.glyphFirst[k] = meshbuilder::appendGlyph(m_scratch, m_city->intersectionPosition(i), size, rim, gap,
                                                       rimColour, m_glyphColours[size_t(i)]);
    }
    meshbuilder::upload(m_scratch, chunk.glyphs.get());
    m_stats.builtVertices += int(m_scratch.vertices.size());

    chunk.built = true;
    chunk.lodStep = lod.step;
    ++m_stats.builtChunks;
    markChanged(chunkIndex);
    return true;
}

} // namespace greenlight::widgets
