#include "mapnode.h"

#include "console/statestore.h"

#include <QQuickWindow>
#include <QtQuick/QSGGeometryNode>
#include <QtQuick/QSGRectangleNode>
#include <QtQuick/QSGTransformNode>
#include <QtQuick/QSGVertexColorMaterial>

#include <cmath>

namespace greenlight::widgets {

namespace {
// Vehicle dot sizes (half diagonals) in pixels.
constexpr double kCarHalfPx = 2.5;
constexpr double kBigVehicleHalfPx = 3.2;
constexpr double kEmergencyHalfPx = 5.5;
constexpr double kEmergencyRimPx = 1.8;
// Ring sizes in pixels.
constexpr double kRingGapPx = 3.5;
constexpr double kSelectedRingPx = 3.0;
constexpr double kHoverRingPx = 2.0;
constexpr double kLeaseRingPx = 3.0;
constexpr double kOverrideRingPx = 5.0;
// Held intersections' rings sit outside the selection ring, so both show.
constexpr double kControlRingGapPx = 5.0;
// A wave's route: line and casing half widths, and its markers, in pixels.
constexpr double kRouteHalfPx = 3.0;
constexpr double kRouteCasingHalfPx = 5.0;
constexpr double kRouteMarkerPx = 4.0;
constexpr double kRouteVehicleRadiusPx = 13.0;
constexpr double kRouteVehiclePx = 3.0;
} // namespace

MapRootNode::MapRootNode(QQuickWindow *window)
{
    m_background = window->createRectangleNode();
    const Rgba bg = palette::background();
    m_background->setColor(QColor(bg.r, bg.g, bg.b));
    appendChildNode(m_background);

    m_transform = new QSGTransformNode;
    appendChildNode(m_transform);
    m_roadLayer = new QSGNode;
    m_transform->appendChildNode(m_roadLayer);
    m_route = createNode(meshbuilder::createGeometry(), true);
    m_transform->appendChildNode(m_route);
    m_vehicles = createNode(meshbuilder::createGeometry(), true);
    m_transform->appendChildNode(m_vehicles);
    m_glyphLayer = new QSGNode;
    m_transform->appendChildNode(m_glyphLayer);

    m_routeMarkers = createNode(meshbuilder::createGeometry(), true);
    appendChildNode(m_routeMarkers);
    m_rings = createNode(meshbuilder::createGeometry(), true);
    appendChildNode(m_rings);
}

MapRootNode::~MapRootNode()
{
    // Tile nodes are not owned by their parents and reference the mesh's geometry: delete them
    // before the mesh goes.
    clearChunks();
    delete m_transform;
    delete m_routeMarkers;
    delete m_rings;
}

QSGGeometryNode *MapRootNode::createNode(QSGGeometry *geometry, bool ownsGeometry)
{
    auto *node = new QSGGeometryNode;
    node->setGeometry(geometry);
    // A material of its own keeps the renderer from merging this node's vertices with other
    // nodes' into one buffer, so recolouring a tile re-uploads that tile's vertices only.
    node->setMaterial(new QSGVertexColorMaterial);
    node->setFlag(QSGNode::OwnsMaterial);
    if (ownsGeometry)
        node->setFlag(QSGNode::OwnsGeometry);
    return node;
}

void MapRootNode::clearChunks()
{
    for (ChunkNodes &c : m_chunkNodes) {
        delete c.roads;
        delete c.glyphs;
    }
    m_chunkNodes.clear();
}

bool MapRootNode::setCity(std::shared_ptr<const ProjectedCity> city)
{
    if (m_mesh && m_mesh->cityPtr() == city)
        return false;
    if (!m_mesh && !city)
        return false;
    clearChunks();
    m_mesh.reset();
    m_hasLod = false;
    m_routeBuilt = false;
    if (city) {
        m_mesh = std::make_unique<MapMesh>(std::move(city));
        m_chunkNodes.resize(size_t(m_mesh->chunkCount()));
    }
    return true;
}

void MapRootNode::recolourIntersection(int i, const console::StateStore &store, bool stale)
{
    if (i < 0 || i >= store.intersectionCount() || i >= m_mesh->city().intersectionCount())
        return;
    const SideSignals sides = m_mesh->city().sideSignals(i, store.signalState(i).colours);
    m_mesh->setIntersectionColours(i, glyphColours(sides, stale));
}

void MapRootNode::recolourAll(const console::StateStore &store, bool stale)
{
    recolourAllIntersections(store, stale);
    recolourAllSegments(store, stale);
}

void MapRootNode::recolourAllIntersections(const console::StateStore &store, bool stale)
{
    if (!m_mesh)
        return;
    for (int i = 0; i < m_mesh->city().intersectionCount(); ++i)
        recolourIntersection(i, store, stale);
}

void MapRootNode::recolourAllSegments(const console::StateStore &store, bool stale)
{
    if (!m_mesh)
        return;
    const int segments = std::min(store.segmentCount(), m_mesh->city().segmentCount());
    for (int s = 0; s < segments; ++s)
        m_mesh->setSegmentColour(s, roadColour(store.segmentState(s).congestion, stale));
}

void MapRootNode::recolourIntersections(const std::vector<int> &intersections, const console::StateStore &store,
                                        bool stale)
{
    if (!m_mesh)
        return;
    for (int i : intersections)
        recolourIntersection(i, store, stale);
}

void MapRootNode::recolourSegments(const std::vector<int> &segments, const console::StateStore &store, bool stale)
{
    if (!m_mesh)
        return;
    const int count = std::min(store.segmentCount(), m_mesh->city().segmentCount());
    for (int s : segments)
        if (s >= 0 && s < count)
            m_mesh->setSegmentColour(s, roadColour(store.segmentState(s).congestion, stale));
}

CullResult MapRootNode::updateView(const MapViewport &viewport, const QRectF &itemRect)
{
    m_background->setRect(itemRect);
    const QMatrix4x4 matrix = viewport.matrix();
    if (m_transform->matrix() != matrix)
        m_transform->setMatrix(matrix);
    if (!m_mesh)
        return {};

    const ProjectedCity &city = m_mesh->city();
    m_lod = MapLod::forView(viewport.unitsPerPixel(), city.groundScale());
    m_hasLod = true;
    CullResult visible = city.cull(viewport.visibleWorldRect(), m_lod);

    std::vector<char> wanted(m_chunkNodes.size(), 0);
    for (int c : visible.chunks) {
        m_mesh->ensureBuilt(c, m_lod);
        wanted[size_t(c)] = 1;
    }
    for (size_t c = 0; c < m_chunkNodes.size(); ++c) {
        ChunkNodes &nodes = m_chunkNodes[c];
        if (wanted[c] && !nodes.attached) {
            if (!nodes.roads) {
                nodes.roads = createNode(m_mesh->roadGeometry(int(c)), false);
                nodes.roads->setFlag(QSGNode::OwnedByParent, false);
                nodes.glyphs = createNode(m_mesh->glyphGeometry(int(c)), false);
                nodes.glyphs->setFlag(QSGNode::OwnedByParent, false);
            }
            if (m_mesh->roadGeometry(int(c))->vertexCount() > 0)
                m_roadLayer->appendChildNode(nodes.roads);
            if (m_mesh->glyphGeometry(int(c))->vertexCount() > 0)
                m_glyphLayer->appendChildNode(nodes.glyphs);
            nodes.attached = true;
        } else if (!wanted[c] && nodes.attached) {
            if (nodes.roads->parent())
                m_roadLayer->removeChildNode(nodes.roads);
            if (nodes.glyphs->parent())
                m_glyphLayer->removeChildNode(nodes.glyphs);
            nodes.attached = false;
        }
    }
    return visible;
}

void MapRootNode::updateVehicles(const std::unordered_map<std::string, core::VehicleState> &vehicles, bool stale)
{
    m_scratch.clear();
    if (m_mesh && m_hasLod) {
        const ProjectedCity &city = m_mesh->city();
        const auto tone = [stale](Rgba c) { return stale ? palette::stale(c) : c; };
        for (const auto &[id, v] : vehicles) {
            const QPointF p = city.project(v.position);
            if (v.kind == core::VehicleKind::Emergency) {
                meshbuilder::appendDiamond(m_scratch, p, m_lod.worldForPixels(kEmergencyHalfPx + kEmergencyRimPx),
                                           tone(palette::emergencyRim()));
                meshbuilder::appendDiamond(m_scratch, p, m_lod.worldForPixels(kEmergencyHalfPx),
                                           tone(palette::vehicle(v.kind)));
            } else {
                const bool big = v.kind == core::VehicleKind::Bus || v.kind == core::VehicleKind::Truck;
                meshbuilder::appendDiamond(m_scratch, p, m_lod.worldForPixels(big ? kBigVehicleHalfPx : kCarHalfPx),
                                           tone(palette::vehicle(v.kind)));
            }
        }
    }
    meshbuilder::upload(m_scratch, m_vehicles->geometry());
    m_vehicles->markDirty(QSGNode::DirtyGeometry);
}

void MapRootNode::updateHighlights(const MapViewport &viewport, const QRectF &itemRect, int selected, int hovered,
                                   const console::StateStore *store)
{
    m_scratch.clear();
    if (m_mesh && m_hasLod) {
        const ProjectedCity &city = m_mesh->city();
        // Around the glyph's corners: half its diagonal on screen, plus a gap.
        const double glyphHalfPx = (m_lod.worldForPixels(m_lod.glyphPx / 2.0 + 1.5)) / viewport.unitsPerPixel();
        const double radius = glyphHalfPx * std::sqrt(2.0) + kRingGapPx;
        const auto ring = [&](int i, double thickness, Rgba colour) {
            if (i < 0 || i >= city.intersectionCount())
                return;
            const QPointF p = viewport.worldToScreen(city.intersectionPosition(i));
            meshbuilder::appendRing(m_scratch, p, radius + thickness / 2.0, thickness, colour);
        };
        // Only the few intersections under operator control, and only those in view.
        if (store) {
            const QRectF visible = itemRect.adjusted(-radius * 3, -radius * 3, radius * 3, radius * 3);
            const Rgba colour = palette::controlRing();
            for (const auto &[i, control] : store->controls()) {
                if (i >= city.intersectionCount())
                    continue;
                const QPointF p = viewport.worldToScreen(city.intersectionPosition(i));
                if (!visible.contains(p))
                    continue;
                const double thickness = control.override_ ? kOverrideRingPx : kLeaseRingPx;
                meshbuilder::appendRing(m_scratch, p, radius + kSelectedRingPx + kControlRingGapPx + thickness / 2.0,
                                        thickness, colour);
            }
        }
        if (hovered != selected)
            ring(hovered, kHoverRingPx, palette::hoverRing());
        ring(selected, kSelectedRingPx, palette::selectionRing());
    }
    meshbuilder::upload(m_scratch, m_rings->geometry());
    m_rings->markDirty(QSGNode::DirtyGeometry);
}

void MapRootNode::updateRoute(const std::vector<int> &segments, bool force)
{
    if (!force && m_routeBuilt && (!m_hasLod || m_lod.step == m_routeStep))
        return;
    m_scratch.clear();
    if (m_mesh && m_hasLod) {
        const ProjectedCity &city = m_mesh->city();
        const auto &points = city.points();
        // Casing first, then the line over it, so joins between segments stay clean.
        for (int pass = 0; pass < 2; ++pass) {
            const double half = m_lod.worldForPixels(pass == 0 ? kRouteCasingHalfPx : kRouteHalfPx);
            const Rgba colour = pass == 0 ? palette::waveRouteCasing() : palette::waveRoute();
            for (int s : segments) {
                const ProjectedSegment *segment = city.segment(s);
                if (!segment)
                    continue;
                int count = 0;
                meshbuilder::appendRoad(m_scratch, &points[size_t(segment->firstPoint)], segment->pointCount, half, 0.0,
                                        colour, &count);
            }
        }
    }
    meshbuilder::upload(m_scratch, m_route->geometry());
    m_route->markDirty(QSGNode::DirtyGeometry);
    m_routeStep = m_lod.step;
    m_routeBuilt = m_hasLod;
}

void MapRootNode::updateRouteMarkers(const MapViewport &viewport, const QRectF &itemRect,
                                     const std::vector<RouteMarker> &markers, const QPointF *vehicle)
{
    m_scratch.clear();
    if (m_mesh && m_hasLod) {
        const ProjectedCity &city = m_mesh->city();
        const double glyphHalfPx = (m_lod.worldForPixels(m_lod.glyphPx / 2.0 + 1.5)) / viewport.unitsPerPixel();
        const double radius = glyphHalfPx * std::sqrt(2.0) + kRingGapPx + kRouteMarkerPx / 2.0;
        const QRectF visible = itemRect.adjusted(-radius * 2, -radius * 2, radius * 2, radius * 2);
        for (const RouteMarker &m : markers) {
            if (m.intersection < 0 || m.intersection >= city.intersectionCount())
                continue;
            const QPointF p = viewport.worldToScreen(city.intersectionPosition(m.intersection));
            if (!visible.contains(p))
                continue;
            meshbuilder::appendRing(m_scratch, p, radius + 1.0, kRouteMarkerPx + 2.0, palette::waveRouteCasing());
            meshbuilder::appendRing(m_scratch, p, radius, kRouteMarkerPx, palette::wavePassage(m.state.c_str()));
        }
        if (vehicle) {
            const QPointF p = viewport.worldToScreen(*vehicle);
            meshbuilder::appendRing(m_scratch, p, kRouteVehicleRadiusPx, kRouteVehiclePx + 2.0, palette::waveRouteCasing());
            meshbuilder::appendRing(m_scratch, p, kRouteVehicleRadiusPx, kRouteVehiclePx, palette::waveVehicle());
        }
    }
    meshbuilder::upload(m_scratch, m_routeMarkers->geometry());
    m_routeMarkers->markDirty(QSGNode::DirtyGeometry);
}

void MapRootNode::commit()
{
    if (!m_mesh)
        return;
    for (int c : m_mesh->takeChangedChunks()) {
        ChunkNodes &nodes = m_chunkNodes[size_t(c)];
        if (!nodes.roads)
            continue;
        nodes.roads->markDirty(QSGNode::DirtyGeometry);
        nodes.glyphs->markDirty(QSGNode::DirtyGeometry);
        if (!nodes.attached)
            continue;
        // A rebuild may have emptied or filled a tile's geometry.
        const bool roadsWanted = m_mesh->roadGeometry(c)->vertexCount() > 0;
        if (roadsWanted && !nodes.roads->parent())
            m_roadLayer->appendChildNode(nodes.roads);
        else if (!roadsWanted && nodes.roads->parent())
            m_roadLayer->removeChildNode(nodes.roads);
        const bool glyphsWanted = m_mesh->glyphGeometry(c)->vertexCount() > 0;
        if (glyphsWanted && !nodes.glyphs->parent())
            m_glyphLayer->appendChildNode(nodes.glyphs);
        else if (!glyphsWanted && nodes.glyphs->parent())
            m_glyphLayer->removeChildNode(nodes.glyphs);
    }
}

} // namespace greenlight::widgets

