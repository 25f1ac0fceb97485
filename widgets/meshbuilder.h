#pragma once

#include "maplod.h"
#include "mappalette.h"
#include "projectedcity.h"

#include <QPointF>
#include <QtQuick/QSGGeometry>

#include <array>
#include <vector>

namespace greenlight::widgets {

using MapVertex = QSGGeometry::ColoredPoint2D;

// Triangles with per-vertex colour, built on the CPU and then copied into a QSGGeometry.
struct MeshData
{
    std::vector<MapVertex> vertices;
    std::vector<quint32> indices;

    void clear()
    {
        vertices.clear();
        indices.clear();
    }
};

// Colours of the four glyph sides, in Side order (N, E, S, W).
using GlyphColours = std::array<Rgba, 4>;

// The shapes the map is made of. Positions are world units; sizes given in pixels are turned
// into world units with the level of detail the geometry is built for.
namespace meshbuilder {

// An intersection glyph: a dark rim square (4 vertices) under four coloured triangles, one per
// side (3 vertices each, N E S W), so a colour change writes exactly kGlyphColourVertices.
constexpr int kGlyphVertices = 16;
constexpr int kGlyphFirstColourVertex = 4;
constexpr int kGlyphColourVertices = 12;

// Nominal lane width on the ground, metres.
constexpr double kLaneWidthMetres = 3.0;

// Half the drawn width of a road direction in world units: its lanes, but at least a few pixels
// (more for bigger roads) so every road stays visible.
double roadHalfWidth(const ProjectedSegment &segment, const MapLod &lod);
// How far a direction is moved to its right so the two directions of a road sit side by side.
double roadOffset(double halfWidth, const MapLod &lod);

// Appends a polyline as a strip of quads with mitred joins (two vertices per point), moved
// offset to the right of its direction of travel. Returns the first vertex and sets vertexCount,
// or returns -1 when the line has fewer than two distinct points.
int appendRoad(MeshData &mesh, const QPointF *points, int pointCount, double halfWidth, double offset,
               Rgba colour, int *vertexCount);

// Appends an intersection glyph of size (world units) centred on centre; returns its first vertex.
// With rim <= 0 the rim vertices are kept (the layout stays the same) but not drawn.
int appendGlyph(MeshData &mesh, QPointF centre, double size, double rim, double gap, Rgba rimColour,
                const GlyphColours &sides);

// Appends a square turned 45 degrees (a dot) of the given half diagonal.
void appendDiamond(MeshData &mesh, QPointF centre, double half, Rgba colour);

// Appends a ring (annulus) around centre.
void appendRing(MeshData &mesh, QPointF centre, double radius, double thickness, Rgba colour, int pieces = 40);

// Recolours count vertices from first; returns how many it wrote.
int paintVertices(MapVertex *vertices, int first, int count, Rgba colour);
// Recolours the four sides of the glyph starting at first; returns how many vertices it wrote.
int paintGlyph(MapVertex *vertices, int first, const GlyphColours &sides);

// Copies mesh into geometry (32-bit indexed triangles), reallocating it.
void upload(const MeshData &mesh, QSGGeometry *geometry);
// A new empty geometry of the kind the map uses, with vertex data marked as changing often.
QSGGeometry *createGeometry();

} // namespace meshbuilder
} // namespace greenlight::widgets
