#pragma once

#include "mapnode.h"
#include "mapviewport.h"
#include "projectedcity.h"

#include <QMetaObject>
#include <QPointF>
#include <QPointer>
#include <QQuickItem>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace greenlight::console {
class StateStore;
}

namespace greenlight::widgets {

// The city map: one item drawing roads coloured by congestion, intersections as four-sided
// glyphs coloured by what each approach shows, and vehicles, as batched scene-graph geometry cut
// into tiles that are culled to the view. Reads a StateStore and follows its change signals;
// colour changes are written into the existing geometry, pan and zoom only change a matrix.
//
// Threading: everything here runs on the GUI thread except updatePaintNode (render thread, GUI
// thread blocked: the only place the render side reads this item and the store) and the
// frameSwapped handler set up in watchFrameSwaps() (render thread, touches only a shared atomic
// and posts back).
class CityMap : public QQuickItem
{
    Q_OBJECT
    QML_ELEMENT
    // The greenlight::console::StateStore to draw (as QObject so QML can pass it around).
    Q_PROPERTY(QObject *store READ store WRITE setStore NOTIFY storeChanged)
    // True when the data is not live: the whole map is drawn grey.
    Q_PROPERTY(bool stale READ stale WRITE setStale NOTIFY staleChanged)
    // Index of the selected intersection, -1 for none.
    Q_PROPERTY(int selectedIntersection READ selectedIntersection WRITE setSelectedIntersection
                   NOTIFY selectedIntersectionChanged)
    // Index of the intersection under the mouse, -1 for none.
    Q_PROPERTY(int hoveredIntersection READ hoveredIntersection NOTIFY hoveredIntersectionChanged)
    // Ground metres per pixel at the city centre.
    Q_PROPERTY(double metresPerPixel READ metresPerPixel NOTIFY metresPerPixelChanged)
    // Intersections and segments in the tiles drawn for the current view.
    Q_PROPERTY(int drawnIntersections READ drawnIntersections NOTIFY drawnCountsChanged)
    Q_PROPERTY(int drawnSegments READ drawnSegments NOTIFY drawnCountsChanged)
    // True once a frame showing the layout with live colours has reached the screen.
    Q_PROPERTY(bool cityRendered READ cityRendered NOTIFY cityRenderedChanged)
    // A green wave's route: the path as layout segment indices, drawn highlighted.
    Q_PROPERTY(QVariantList routeSegments READ routeSegments WRITE setRouteSegments NOTIFY routeChanged)
    // The route's intersections with their wave state: [{intersection: index, state: "green"}].
    Q_PROPERTY(QVariantList routeMarkers READ routeMarkers WRITE setRouteMarkers NOTIFY routeChanged)
    // The wave vehicle as [lat, lon], ringed on the map; empty for none.
    Q_PROPERTY(QVariantList routeVehicle READ routeVehicle WRITE setRouteVehicle NOTIFY routeChanged)
    // While true a click picks a point (pointPicked) instead of selecting an intersection.
    Q_PROPERTY(bool pickingPoint READ pickingPoint WRITE setPickingPoint NOTIFY pickingPointChanged)

public:
    // Picking distance around an intersection, in pixels.
    static constexpr double kPickRadiusPx = 12.0;
    // Margin around the city when fitting it, in pixels.
    static constexpr double kFitMarginPx = 24.0;

    explicit CityMap(QQuickItem *parent = nullptr);
    ~CityMap() override;

    QObject *store() const;
    void setStore(QObject *store);
    bool stale() const { return m_stale; }
    void setStale(bool stale);
    int selectedIntersection() const { return m_selected; }
    void setSelectedIntersection(int index);
    int hoveredIntersection() const { return m_hovered; }
    double metresPerPixel() const;
    int drawnIntersections() const { return m_drawnIntersections; }
    int drawnSegments() const { return m_drawnSegments; }
    bool cityRendered() const { return m_cityRendered; }
    QVariantList routeSegments() const;
    void setRouteSegments(const QVariantList &segments);
    QVariantList routeMarkers() const { return m_routeMarkerList; }
    void setRouteMarkers(const QVariantList &markers);
    QVariantList routeVehicle() const { return m_routeVehicleList; }
    void setRouteVehicle(const QVariantList &position);
    bool pickingPoint() const { return m_pickingPoint; }
    void setPickingPoint(bool picking);

    // Zooms in or out by a factor of two around the middle of the item.
    Q_INVOKABLE void zoomIn();
    Q_INVOKABLE void zoomOut();
    // Shows the whole city; the view follows resizes again until the user pans or zooms.
    Q_INVOKABLE void fitToCity();
    // Centres on an intersection, zooming in to street level if the view is farther out.
    Q_INVOKABLE void centerOn(int intersection);
    // Zooms by factor (> 1 zooms in) keeping the point under anchor (item pixels) in place.
    Q_INVOKABLE void zoomBy(double factor, QPointF anchor);
    // Moves the content by (dx, dy) pixels, as a drag does.
    Q_INVOKABLE void panBy(double dx, double dy);
    // The intersection within kPickRadiusPx of an item position, nearest first; -1 if none.
    Q_INVOKABLE int intersectionAt(QPointF position) const;
    // Where an intersection is drawn, in item pixels (for overlays).
    Q_INVOKABLE QPointF intersectionPosition(int intersection) const;
    // Where a WGS84 point is drawn, in item pixels.
    Q_INVOKABLE QPointF positionOf(double lat, double lon) const;
    // The WGS84 point under an item position, as [lat, lon]; empty without a city.
    Q_INVOKABLE QVariantList coordinateAt(QPointF position) const;
    // Shows the whole route (and its markers and vehicle), with a margin, at least a few blocks
    // across; nothing without route segments.
    Q_INVOKABLE void fitToRoute();

    // The current view (world units are projected metres around the city centre).
    const MapViewport &viewport() const { return m_viewport; }
    // The projected city, or nullptr without a layout.
    std::shared_ptr<const ProjectedCity> city() const { return m_city; }
    // Vertices recoloured in place by the last frame's per-item colour updates.
    int lastUpdateTouchedVertices() const { return m_lastTouchedVertices; }

Q_SIGNALS:
    void storeChanged();
    void staleChanged();
    void selectedIntersectionChanged();
    void hoveredIntersectionChanged();
    void metresPerPixelChanged();
    void drawnCountsChanged();
    void cityRenderedChanged();
    // The user clicked an intersection (clicks on empty space only clear the selection).
    void intersectionClicked(int index);
    // The view moved or zoomed; overlays placed with intersectionPosition() follow it.
    void viewChanged();
    void routeChanged();
    void pickingPointChanged();
    // In picking mode, the user clicked this point.
    void pointPicked(double lat, double lon);

protected:
    QSGNode *updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *data) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;
    void itemChange(ItemChange change, const ItemChangeData &value) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseUngrabEvent() override;
    void wheelEvent(QWheelEvent *event) override;
    void hoverEnterEvent(QHoverEvent *event) override;
    void hoverMoveEvent(QHoverEvent *event) override;
    void hoverLeaveEvent(QHoverEvent *event) override;

private:
    void onLayoutChanged();
    void onLiveStateReset();
    void onSignalsChanged(const std::vector<int> &intersections);
    void onSegmentsChanged(const std::vector<int> &segments);
    void onVehiclesChanged();
    void watchFrameSwaps(QQuickWindow *window);
    void markCityRendered(int generation);
    void setCityRendered(bool rendered);
    void setHovered(int index);
    void applyViewChange(double oldUnitsPerPixel);
    void fitView();
    void userMovedView();

    QPointer<console::StateStore> m_store;
    std::vector<QMetaObject::Connection> m_storeConnections;
    QMetaObject::Connection m_swapConnection;
    std::shared_ptr<const ProjectedCity> m_city;
    std::string m_cityKey;        // cityId and layoutVersion of m_city
    MapViewport m_viewport;

    bool m_stale = false;
    int m_selected = -1;
    int m_hovered = -1;
    int m_drawnIntersections = 0;
    int m_drawnSegments = 0;
    bool m_cityRendered = false;
    bool m_userMoved = false;

    // What the render side has still to pick up at the next sync.
    bool m_allColoursDirty = true;
    bool m_allIntersectionsDirty = false;   // too many queued: redo every intersection
    bool m_allSegmentsDirty = false;        // too many queued: redo every segment
    bool m_vehiclesDirty = true;
    std::vector<int> m_dirtyIntersections;
    std::vector<int> m_dirtySegments;
    std::vector<char> m_intersectionQueued;
    std::vector<char> m_segmentQueued;
    int m_lastTouchedVertices = 0;

    // Layout generation; a frame with live colours for it records it for the next swap.
    int m_generation = 0;
    std::shared_ptr<std::atomic<int>> m_liveFramePending = std::make_shared<std::atomic<int>>(-1);

    // The wave route overlay (GUI thread values; the render side reads them at sync).
    std::vector<int> m_routeSegments;
    bool m_routeDirty = true;
    QVariantList m_routeMarkerList;
    std::vector<MapRootNode::RouteMarker> m_routeMarkers;
    QVariantList m_routeVehicleList;
    bool m_hasRouteVehicle = false;
    core::LatLon m_routeVehicle;
    bool m_pickingPoint = false;

    // Input.
    bool m_pressed = false;
    bool m_dragging = false;
    QPointF m_pressPosition;
    QPointF m_lastDragPosition;
    bool m_hoverInside = false;
    QPointF m_hoverPosition;
};

} // namespace greenlight::widgets
