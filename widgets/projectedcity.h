#pragma once

#include "maplod.h"
#include "spatialindex.h"

#include "core/citylayout.h"
#include "core/geo.h"
#include "core/signalcolour.h"

#include <QPointF>
#include <QRectF>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace greenlight::widgets {

// The four sides of an intersection glyph, clockwise from north.
enum class Side : std::uint8_t { North = 0, East = 1, South = 2, West = 3 };

// What one side of an intersection shows: the summary of the movements arriving from it.
struct SideSignal
{
    bool hasMovements = false;
    core::SignalColour colour = core::SignalColour::Unknown;
};
using SideSignals = std::array<SideSignal, 4>;

// A square tile of the city. Each tile gets its own geometry nodes so the renderer can leave out
// tiles outside the view.
struct MapChunk
{
    QRectF bounds;                    // world box covering everything the tile draws
    std::vector<int> intersections;   // intersection indices whose centre lies in the tile
    std::vector<int> segments;        // drawable segment indices whose middle lies in the tile
    int localSegments = 0;            // how many of segments are local roads
};

// What a view shows of the city: the tiles to draw and how many items they hold.
struct CullResult
{
    std::vector<int> chunks;
    int intersections = 0;
    int segments = 0;   // drawable segments at the level of detail (local roads may be left out)
};

// One drawable directed segment, in world units.
struct ProjectedSegment
{
    int firstPoint = 0;               // into ProjectedCity::points()
    int pointCount = 0;               // >= 2
    int lanes = 1;
    core::RoadClass roadClass = core::RoadClass::Unknown;
};

// A city layout projected once to Web Mercator metres relative to the city centre (small
// numbers, so float vertices stay precise), cut into tiles, with a picking index. Immutable once
// built; the item builds it on the GUI thread and shares it with the render thread.
class ProjectedCity
{
public:
    // Projects layout; targetPerChunk sets roughly how many intersections share a tile.
    static std::shared_ptr<const ProjectedCity> build(const core::CityLayout &layout, int targetPerChunk = 64);

    // A WGS84 position in world units.
    QPointF project(const core::LatLon &p) const;
    // The WGS84 position of a world point (the inverse of project()).
    core::LatLon unproject(QPointF world) const;
    // World units per ground metre at the city centre (Web Mercator stretches away from the equator).
    double groundScale() const { return m_groundScale; }
    // The box around everything drawn, in world units; empty for an empty layout.
    QRectF bounds() const { return m_bounds; }

    int intersectionCount() const { return static_cast<int>(m_intersections.size()); }
    int segmentCount() const { return static_cast<int>(m_segments.size()); }
    QPointF intersectionPosition(int i) const { return m_intersections[size_t(i)]; }
    const std::vector<QPointF> &intersectionPositions() const { return m_intersections; }
    // Segment s, or nullptr when it has no drawable shape.
    const ProjectedSegment *segment(int s) const;
    const std::vector<QPointF> &points() const { return m_points; }

    // Summarises the colours an intersection shows (one per signal group) per glyph side.
    SideSignals sideSignals(int i, const std::vector<core::SignalColour> &colours) const;

    const std::vector<MapChunk> &chunks() const { return m_chunks; }
    // Tile and slot (position in the tile's list) of an intersection or segment; -1 if none.
    int chunkOfIntersection(int i) const { return m_intersectionChunk[size_t(i)]; }
    int slotOfIntersection(int i) const { return m_intersectionSlot[size_t(i)]; }
    int chunkOfSegment(int s) const { return m_segmentChunk[size_t(s)]; }
    int slotOfSegment(int s) const { return m_segmentSlot[size_t(s)]; }
    // Tiles whose bounds, grown by margin, meet worldRect.
    std::vector<int> visibleChunks(const QRectF &worldRect, double margin) const;
    // The tiles to draw for a view of worldRect at lod, with what they hold.
    CullResult cull(const QRectF &worldRect, const MapLod &lod) const;
    // How far past the view a tile's bounds may reach and still show something: glyphs and
    // roads stick out of the points they are built around.
    static double cullMargin(const MapLod &lod);

    // Picking index over the intersections' positions.
    const SpatialIndex &intersectionIndex() const { return m_index; }

    // The glyph side traffic of a signal group arrives from.
    static Side sideOf(const core::SignalGroup &group);

private:
    void buildChunks(int targetPerChunk);

    core::PlanePoint m_origin;
    double m_groundScale = 1.0;
    QRectF m_bounds;
    std::vector<QPointF> m_intersections;
    std::vector<ProjectedSegment> m_segments;   // pointCount 0 where not drawable
    std::vector<QPointF> m_points;
    // Signal group colour slots per intersection and side, flattened.
    std::vector<int> m_groupStart;              // per intersection, into m_groups; one extra
    struct GroupRef
    {
        Side side;
        int colourIndex;
    };
    std::vector<GroupRef> m_groups;
    std::vector<MapChunk> m_chunks;
    std::vector<int> m_intersectionChunk, m_intersectionSlot;
    std::vector<int> m_segmentChunk, m_segmentSlot;
    SpatialIndex m_index;
};

} // namespace greenlight::widgets
