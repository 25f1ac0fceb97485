#include "meshbuilder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

namespace greenlight::widgets::meshbuilder {

namespace {

MapVertex vertex(double x, double y, Rgba c)
{
    MapVertex v;
    v.set(float(x), float(y), c.r, c.g, c.b, c.a);
    return v;
}

void setColour(MapVertex &v, Rgba c)
{
    v.r = c.r;
    v.g = c.g;
    v.b = c.b;
    v.a = c.a;
}

// Minimum drawn width of one direction, in pixels, by road class.
double minimumWidthPx(core::RoadClass roadClass)
{
    switch (roadClass) {
    case core::RoadClass::Motorway:
        return 4.0;
    case core::RoadClass::Arterial:
        return 3.0;
    case core::RoadClass::Collector:
        return 2.5;
    default:
        break;
    }
    return 2.0;
}

QPointF unit(QPointF d)
{
    const double len = std::hypot(d.x(), d.y());
    return len > 0 ? d / len : QPointF();
}

// The right-hand normal of a direction (y grows northwards).
QPointF rightOf(QPointF d) { return {d.y(), -d.x()}; }

} // namespace

double roadHalfWidth(const ProjectedSegment &segment, const MapLod &lod)
{
    const double lanes = segment.lanes * kLaneWidthMetres * lod.groundScale;
    // Far out, the roads step back so the dense field of intersections stays readable.
    const double minimumPx = minimumWidthPx(segment.roadClass) * (lod.compact ? 0.5 : 1.0);
    return std::max(lanes, lod.worldForPixels(minimumPx)) / 2.0;
}

double roadOffset(double halfWidth, const MapLod &lod)
{
    return halfWidth + lod.worldForPixels(lod.compact ? 0.0 : 0.4);
}

int appendRoad(MeshData &mesh, const QPointF *points, int pointCount, double halfWidth, double offset,
               Rgba colour, int *vertexCount)
{
    // Drop repeated points so every piece has a direction.
    thread_local std::vector<QPointF> line;
    line.clear();
    for (int k = 0; k < pointCount; ++k) {
        if (!line.empty()) {
            const QPointF d = points[k] - line.back();
            if (std::abs(d.x()) + std::abs(d.y()) < 1e-4)
                continue;
        }
        line.push_back(points[k]);
    }
    const int n = int(line.size());
    if (n < 2) {
        if (vertexCount)
            *vertexCount = 0;
        return -1;
    }

    const int first = int(mesh.vertices.size());
    mesh.vertices.reserve(mesh.vertices.size() + size_t(2 * n));
    for (int k = 0; k < n; ++k) {
        const QPointF before = k > 0 ? rightOf(unit(line[size_t(k)] - line[size_t(k - 1)])) : QPointF();
        const QPointF after = k + 1 < n ? rightOf(unit(line[size_t(k + 1)] - line[size_t(k)])) : QPointF();
        QPointF normal = unit(before + after);
        double mitre = 1.0;
        if (k > 0 && k + 1 < n) {
            // Keep the width constant around a bend, but cap the spike of a sharp turn.
            const double cosHalf = normal.x() * before.x() + normal.y() * before.y();
            mitre = 1.0 / std::max(cosHalf, 0.5);
        }
        if (normal.isNull())
            normal = k > 0 ? before : after;
        const QPointF p = line[size_t(k)];
        const QPointF inner = p + normal * (mitre * (offset - halfWidth));
        const QPointF outer = p + normal * (mitre * (offset + halfWidth));
        mesh.vertices.push_back(vertex(inner.x(), inner.y(), colour));
        mesh.vertices.push_back(vertex(outer.x(), outer.y(), colour));
    }
    mesh.indices.reserve(mesh.indices.size() + size_t(6 * (n - 1)));
    for (int k = 0; k + 1 < n; ++k) {
        const quint32 a = quint32(first + 2 * k);
        mesh.indices.insert(mesh.indices.end(), {a, a + 1, a + 2, a + 1, a + 3, a + 2});
    }
    if (vertexCount)
        *vertexCount = 2 * n;
    return first;
}

int appendGlyph(MeshData &mesh, QPointF centre, double size, double rim, double gap, Rgba rimColour,
                const GlyphColours &sides)
{
    const int first = int(mesh.vertices.size());
    const double h = size / 2.0;
    const double cx = centre.x(), cy = centre.y();
    const double o = h + rim;
    // Rim square.
    mesh.vertices.push_back(vertex(cx - o, cy - o, rimColour));
    mesh.vertices.push_back(vertex(cx + o, cy - o, rimColour));
    mesh.vertices.push_back(vertex(cx + o, cy + o, rimColour));
    mesh.vertices.push_back(vertex(cx - o, cy + o, rimColour));
    // Four triangles, each pulled away from its neighbours by gap: apex near the centre, base on
    // its own edge of the square. Directions in Side order: N, E, S, W.
    static constexpr double dirs[4][2] = {{0, 1}, {1, 0}, {0, -1}, {-1, 0}};
    for (int s = 0; s < 4; ++s) {
        const double dx = dirs[s][0], dy = dirs[s][1];
        // Along the base: perpendicular to the side's direction.
        const double tx = -dy, ty = dx;
        const Rgba c = sides[size_t(s)];
        mesh.vertices.push_back(vertex(cx + dx * gap, cy + dy * gap, c));
        mesh.vertices.push_back(vertex(cx + dx * h + tx * (h - gap), cy + dy * h + ty * (h - gap), c));
        mesh.vertices.push_back(vertex(cx + dx * h - tx * (h - gap), cy + dy * h - ty * (h - gap), c));
    }
    const quint32 f = quint32(first);
    if (rim > 0)
        mesh.indices.insert(mesh.indices.end(), {f, f + 1, f + 2, f, f + 2, f + 3});
    for (quint32 s = 0; s < 4; ++s) {
        const quint32 t = f + quint32(kGlyphFirstColourVertex) + 3 * s;
        mesh.indices.insert(mesh.indices.end(), {t, t + 1, t + 2});
    }
    return first;
}

void appendDiamond(MeshData &mesh, QPointF centre, double half, Rgba colour)
{
    const quint32 f = quint32(mesh.vertices.size());
    mesh.vertices.push_back(vertex(centre.x(), centre.y() + half, colour));
    mesh.vertices.push_back(vertex(centre.x() + half, centre.y(), colour));
    mesh.vertices.push_back(vertex(centre.x(), centre.y() - half, colour));
    mesh.vertices.push_back(vertex(centre.x() - half, centre.y(), colour));
    mesh.indices.insert(mesh.indices.end(), {f, f + 1, f + 2, f, f + 2, f + 3});
}

void appendRing(MeshData &mesh, QPointF centre, double radius, double thickness, Rgba colour, int pieces)
{
    const quint32 f = quint32(mesh.vertices.size());
    const double inner = std::max(0.0, radius - thickness / 2.0);
    const double outer = radius + thickness / 2.0;
    for (int k = 0; k < pieces; ++k) {
        const double a = 2.0 * std::numbers::pi * k / pieces;
        const double c = std::cos(a), s = std::sin(a);
        mesh.vertices.push_back(vertex(centre.x() + c * inner, centre.y() + s * inner, colour));
        mesh.vertices.push_back(vertex(centre.x() + c * outer, centre.y() + s * outer, colour));
    }
    for (int k = 0; k < pieces; ++k) {
        const quint32 a = f + quint32(2 * k);
        const quint32 b = f + quint32(2 * ((k + 1) % pieces));
        mesh.indices.insert(mesh.indices.end(), {a, a + 1, b, a + 1, b + 1, b});
    }
}

int paintVertices(MapVertex *vertices, int first, int count, Rgba colour)
{
    for (int k = 0; k < count; ++k)
        setColour(vertices[first + k], colour);
    return count;
}

int paintGlyph(MapVertex *vertices, int first, const GlyphColours &sides)
{
    MapVertex *v = vertices + first + kGlyphFirstColourVertex;
    for (size_t s = 0; s < 4; ++s)
        for (int k = 0; k < 3; ++k)
            setColour(*v++, sides[s]);
    return kGlyphColourVertices;
}

void upload(const MeshData &mesh, QSGGeometry *geometry)
{
    geometry->allocate(int(mesh.vertices.size()), int(mesh.indices.size()));
    if (!mesh.vertices.empty())
        std::memcpy(geometry->vertexDataAsColoredPoint2D(), mesh.vertices.data(),
                    mesh.vertices.size() * sizeof(MapVertex));
    if (!mesh.indices.empty())
        std::memcpy(geometry->indexDataAsUInt(), mesh.indices.data(), mesh.indices.size() * sizeof(quint32));
    geometry->markVertexDataDirty();
    geometry->markIndexDataDirty();
}

QSGGeometry *createGeometry()
{
    auto *g = new QSGGeometry(QSGGeometry::defaultAttributes_ColoredPoint2D(), 0, 0, QSGGeometry::UnsignedIntType);
    g->setDrawingMode(QSGGeometry::DrawTriangles);
    g->setVertexDataPattern(QSGGeometry::DynamicPattern);
    g->setIndexDataPattern(QSGGeometry::StaticPattern);
    return g;
}

} // namespace greenlight::widgets::meshbuilder
