#pragma once

#include "maplod.h"
#include "mapmesh.h"
#include "mapviewport.h"
#include "projectedcity.h"

#include "core/livestate.h"

#include <QRectF>
#include <QtQuick/QSGNode>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

class QQuickWindow;
class QSGGeometryNode;
class QSGRectangleNode;
class QSGTransformNode;

namespace greenlight::console {
class StateStore;
}

namespace greenlight::widgets {

// The root of the map's scene graph subtree:
//
//   background rect
//   transform (the view matrix: pan and zoom never touch geometry)
//     roads layer    one geometry node per visible tile
//     wave route     one geometry node (rebuilt only when the route or the level changes)
//     vehicles       one geometry node
//     glyphs layer   one geometry node per visible tile
//   wave markers     one geometry node, in item pixels
//   highlight rings  one geometry node, in item pixels
//
// Lives on the render thread; the item calls it from updatePaintNode while the GUI thread is
// blocked, which is when it may read the store. Tile nodes not in view are detached (not drawn)
// but kept, together with their geometry, until the city changes.
class MapRootNode : public QSGNode
{
public:
    explicit MapRootNode(QQuickWindow *window);
    ~MapRootNode() override;

    // Starts over for a new city (or none); returns true when it changed.
    bool setCity(std::shared_ptr<const ProjectedCity> city);
    // The geometry and colours, or nullptr without a city.
    MapMesh *mesh() const { return m_mesh.get(); }

    // Recolours everything from the store (after a snapshot, or when staleness flips).
    void recolourAll(const console::StateStore &store, bool stale);
    // Recolours every intersection, or every segment, from the store (after an update touching
    // most of them).
    void recolourAllIntersections(const console::StateStore &store, bool stale);
    void recolourAllSegments(const console::StateStore &store, bool stale);
    // Recolours these intersections / segments from the store.
    void recolourIntersections(const std::vector<int> &intersections, const console::StateStore &store, bool stale);
    void recolourSegments(const std::vector<int> &segments, const console::StateStore &store, bool stale);

    // Sets the view: matrix, level of detail, tiles to build and attach; returns what it drew.
    CullResult updateView(const MapViewport &viewport, const QRectF &itemRect);
    // Rebuilds the vehicle dots.
    void updateVehicles(const std::unordered_map<std::string, core::VehicleState> &vehicles, bool stale);
    // Redraws the rings of the selected and the hovered intersection, and of the intersections an
    // operator holds (a thicker ring where an override runs) that are in view.
    void updateHighlights(const MapViewport &viewport, const QRectF &itemRect, int selected, int hovered,
                          const console::StateStore *store);
    // One intersection of a wave's route and its state key ("planned", "green", ...).
    struct RouteMarker
    {
        int intersection = -1;
        std::string state;
        bool operator==(const RouteMarker &) const = default;
    };
    // Draws the route along these segments (layout indices); rebuilt when they or the level of
    // detail changed since the last call, or when forced.
    void updateRoute(const std::vector<int> &segments, bool force);
    // Redraws the rings around the route's intersections and the wave vehicle (world point), in view.
    void updateRouteMarkers(const MapViewport &viewport, const QRectF &itemRect, const std::vector<RouteMarker> &markers,
                            const QPointF *vehicle);
    // Marks every node whose geometry changed since the last call.
    void commit();

    // The level the geometry is built for now.
    const MapLod &lod() const { return m_lod; }

private:
    struct ChunkNodes
    {
        QSGGeometryNode *roads = nullptr;
        QSGGeometryNode *glyphs = nullptr;
        bool attached = false;
    };
    QSGGeometryNode *createNode(QSGGeometry *geometry, bool ownsGeometry);
    void clearChunks();
    void recolourIntersection(int i, const console::StateStore &store, bool stale);

    std::unique_ptr<MapMesh> m_mesh;
    QSGRectangleNode *m_background = nullptr;
    QSGTransformNode *m_transform = nullptr;
    QSGNode *m_roadLayer = nullptr;
    QSGNode *m_glyphLayer = nullptr;
    QSGGeometryNode *m_vehicles = nullptr;
    QSGGeometryNode *m_rings = nullptr;
    QSGGeometryNode *m_route = nullptr;
    QSGGeometryNode *m_routeMarkers = nullptr;
    int m_routeStep = 0;
    bool m_routeBuilt = false;
    std::vector<ChunkNodes> m_chunkNodes;
    MapLod m_lod;
    bool m_hasLod = false;
    MeshData m_scratch;
};

} // namespace greenlight::widgets
