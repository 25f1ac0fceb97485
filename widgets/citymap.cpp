#include "citymap.h"

#include "maplod.h"
#include "mapnode.h"

#include "console/statestore.h"

#include <QGuiApplication>
#include <QLoggingCategory>
#include <QQuickWindow>
#include <QStyleHints>

#include <cmath>

Q_LOGGING_CATEGORY(lcMap, "greenlight.map")

namespace greenlight::widgets {

namespace {
// Ground metres per pixel centerOn() zooms to when the view is farther out than kStreetLevelMpp.
constexpr double kStreetLevelMpp = 3.0;
constexpr double kCentreOnMpp = 1.5;
// The smallest ground extent fitToRoute() shows, metres.
constexpr double kMinRouteViewMetres = 400.0;
// Zoom per wheel notch.
constexpr double kWheelNotchFactor = 1.41421356;

std::string cityKey(const core::CityLayout &layout)
{
    return layout.cityId + '\n' + layout.layoutVersion + '\n' + std::to_string(layout.intersections.size()) + '\n'
           + std::to_string(layout.segments.size());
}
} // namespace

CityMap::CityMap(QQuickItem *parent)
    : QQuickItem(parent)
{
    setFlag(ItemHasContents, true);
    setClip(true);
    setAcceptedMouseButtons(Qt::LeftButton);
    setAcceptHoverEvents(true);
    // Created with a parent already in a window, itemChange() ran before this class existed.
    watchFrameSwaps(window());
}

CityMap::~CityMap()
{
    QObject::disconnect(m_swapConnection);
}

QObject *CityMap::store() const
{
    return m_store.data();
}

void CityMap::setStore(QObject *object)
{
    auto *store = qobject_cast<console::StateStore *>(object);
    if (object && !store)
        qCWarning(lcMap) << "CityMap.store must be a StateStore, got" << object;
    if (store == m_store.data() && (store || !m_city))
        return;
    for (const auto &c : m_storeConnections)
        QObject::disconnect(c);
    m_storeConnections.clear();
    m_store = store;
    if (store) {
        m_storeConnections = {
            connect(store, &console::StateStore::layoutChanged, this, &CityMap::onLayoutChanged),
            connect(store, &console::StateStore::liveStateReset, this, &CityMap::onLiveStateReset),
            connect(store, &console::StateStore::signalsChanged, this, &CityMap::onSignalsChanged),
            connect(store, &console::StateStore::segmentsChanged, this, &CityMap::onSegmentsChanged),
            connect(store, &console::StateStore::vehiclesChanged, this, &CityMap::onVehiclesChanged),
            // Rings around held intersections are redrawn with every frame; a change needs one.
            connect(store, &console::StateStore::controlsChanged, this, [this] { update(); }),
            connect(store, &QObject::destroyed, this, [this] { setStore(nullptr); }),
        };
    }
    m_cityKey.clear();
    onLayoutChanged();
    Q_EMIT storeChanged();
}

void CityMap::onLayoutChanged()
{
    const console::StateStore *store = m_store.data();
    const bool hasLayout = store && store->hasLayout();
    const std::string key = hasLayout ? cityKey(store->layout()) : std::string();
    // The same layout again (a reconnect) keeps the view and the selection.
    const bool sameCity = hasLayout && m_city && key == m_cityKey;

    m_city = hasLayout ? ProjectedCity::build(store->layout()) : nullptr;
    m_cityKey = key;
    ++m_generation;
    m_routeDirty = true;
    m_allColoursDirty = true;
    m_vehiclesDirty = true;
    m_dirtyIntersections.clear();
    m_dirtySegments.clear();
    m_intersectionQueued.assign(m_city ? size_t(m_city->intersectionCount()) : 0, 0);
    m_segmentQueued.assign(m_city ? size_t(m_city->segmentCount()) : 0, 0);
    setCityRendered(false);
    if (m_city)
        qCDebug(lcMap) << "layout" << m_city->intersectionCount() << "intersections" << m_city->segmentCount()
                       << "segments in" << m_city->chunks().size() << "tiles";

    if (!sameCity) {
        setSelectedIntersection(-1);
        setHovered(-1);
        m_userMoved = false;
    }
    const double oldUpp = m_viewport.unitsPerPixel();
    if (!m_userMoved)
        fitView();
    applyViewChange(oldUpp);
}

void CityMap::onLiveStateReset()
{
    m_allColoursDirty = true;
    m_vehiclesDirty = true;
    m_dirtyIntersections.clear();
    m_dirtySegments.clear();
    std::fill(m_intersectionQueued.begin(), m_intersectionQueued.end(), 0);
    std::fill(m_segmentQueued.begin(), m_segmentQueued.end(), 0);
    update();
}

namespace {
// Queues ids not queued yet; gives up on the list (returns false) once it covers a quarter.
bool queue(const std::vector<int> &ids, std::vector<int> &list, std::vector<char> &queued)
{
    for (int id : ids) {
        if (id < 0 || size_t(id) >= queued.size() || queued[size_t(id)])
            continue;
        queued[size_t(id)] = 1;
        list.push_back(id);
    }
    return list.size() <= queued.size() / 4 + 16;
}
} // namespace

void CityMap::onSignalsChanged(const std::vector<int> &intersections)
{
    if (!m_allColoursDirty && !m_allIntersectionsDirty
        && !queue(intersections, m_dirtyIntersections, m_intersectionQueued))
        m_allIntersectionsDirty = true;
    update();
}

void CityMap::onSegmentsChanged(const std::vector<int> &segments)
{
    // A traffic refresh touches every segment but rarely the signals: only the roads are redone.
    if (!m_allColoursDirty && !m_allSegmentsDirty && !queue(segments, m_dirtySegments, m_segmentQueued))
        m_allSegmentsDirty = true;
    update();
}

void CityMap::onVehiclesChanged()
{
    m_vehiclesDirty = true;
    update();
}

void CityMap::setStale(bool stale)
{
    if (m_stale == stale)
        return;
    m_stale = stale;
    m_allColoursDirty = true;
    m_vehiclesDirty = true;
    update();
    Q_EMIT staleChanged();
}

void CityMap::setSelectedIntersection(int index)
{
    if (!m_city || index < 0 || index >= m_city->intersectionCount())
        index = -1;
    if (m_selected == index)
        return;
    m_selected = index;
    update();
    Q_EMIT selectedIntersectionChanged();
}

void CityMap::setHovered(int index)
{
    if (m_hovered == index)
        return;
    m_hovered = index;
    update();
    Q_EMIT hoveredIntersectionChanged();
}

double CityMap::metresPerPixel() const
{
    return m_viewport.unitsPerPixel() / (m_city ? m_city->groundScale() : 1.0);
}

void CityMap::setCityRendered(bool rendered)
{
    if (m_cityRendered == rendered)
        return;
    m_cityRendered = rendered;
    Q_EMIT cityRenderedChanged();
}

void CityMap::fitView()
{
    if (!m_city || m_city->bounds().isNull()) {
        if (m_city)
            m_viewport.setCentre(m_city->bounds().center());
        return;
    }
    m_viewport.fit(m_city->bounds(), kFitMarginPx);
}

void CityMap::userMovedView()
{
    m_userMoved = true;
}

void CityMap::applyViewChange(double oldUnitsPerPixel)
{
    int intersections = 0, segments = 0;
    if (m_city && width() > 0 && height() > 0) {
        const MapLod lod = MapLod::forView(m_viewport.unitsPerPixel(), m_city->groundScale());
        const CullResult visible = m_city->cull(m_viewport.visibleWorldRect(), lod);
        intersections = visible.intersections;
        segments = visible.segments;
    }
    if (intersections != m_drawnIntersections || segments != m_drawnSegments) {
        m_drawnIntersections = intersections;
        m_drawnSegments = segments;
        Q_EMIT drawnCountsChanged();
    }
    if (m_hoverInside)
        setHovered(intersectionAt(m_hoverPosition));
    update();
    if (m_viewport.unitsPerPixel() != oldUnitsPerPixel)
        Q_EMIT metresPerPixelChanged();
    Q_EMIT viewChanged();
}

void CityMap::zoomIn()
{
    zoomBy(2.0, QPointF(width() / 2.0, height() / 2.0));
}

void CityMap::zoomOut()
{
    zoomBy(0.5, QPointF(width() / 2.0, height() / 2.0));
}

void CityMap::fitToCity()
{
    const double oldUpp = m_viewport.unitsPerPixel();
    m_userMoved = false;
    fitView();
    applyViewChange(oldUpp);
}

void CityMap::centerOn(int intersection)
{
    if (!m_city || intersection < 0 || intersection >= m_city->intersectionCount())
        return;
    const double oldUpp = m_viewport.unitsPerPixel();
    if (metresPerPixel() > kStreetLevelMpp)
        m_viewport.setUnitsPerPixel(kCentreOnMpp * m_city->groundScale());
    m_viewport.setCentre(m_city->intersectionPosition(intersection));
    userMovedView();
    applyViewChange(oldUpp);
}

void CityMap::zoomBy(double factor, QPointF anchor)
{
    const double oldUpp = m_viewport.unitsPerPixel();
    m_viewport.zoomBy(factor, anchor);
    userMovedView();
    applyViewChange(oldUpp);
}

void CityMap::panBy(double dx, double dy)
{
    const double oldUpp = m_viewport.unitsPerPixel();
    m_viewport.panBy(QPointF(dx, dy));
    userMovedView();
    applyViewChange(oldUpp);
}

int CityMap::intersectionAt(QPointF position) const
{
    if (!m_city)
        return -1;
    return m_city->intersectionIndex().nearest(m_viewport.screenToWorld(position),
                                               kPickRadiusPx * m_viewport.unitsPerPixel());
}

QPointF CityMap::intersectionPosition(int intersection) const
{
    if (!m_city || intersection < 0 || intersection >= m_city->intersectionCount())
        return {};
    return m_viewport.worldToScreen(m_city->intersectionPosition(intersection));
}

QVariantList CityMap::routeSegments() const
{
    QVariantList out;
    for (int s : m_routeSegments)
        out.append(s);
    return out;
}

void CityMap::setRouteSegments(const QVariantList &segments)
{
    std::vector<int> route;
    route.reserve(size_t(segments.size()));
    for (const QVariant &v : segments) {
        bool ok = false;
        const int s = v.toInt(&ok);
        if (ok && s >= 0)
            route.push_back(s);
    }
    if (route == m_routeSegments)
        return;
    m_routeSegments = std::move(route);
    m_routeDirty = true;
    update();
    Q_EMIT routeChanged();
}

void CityMap::setRouteMarkers(const QVariantList &markers)
{
    std::vector<MapRootNode::RouteMarker> parsed;
    parsed.reserve(size_t(markers.size()));
    for (const QVariant &v : markers) {
        const QVariantMap m = v.toMap();
        bool ok = false;
        const int i = m.value(QStringLiteral("intersection")).toInt(&ok);
        if (ok && i >= 0)
            parsed.push_back({i, m.value(QStringLiteral("state")).toString().toStdString()});
    }
    m_routeMarkerList = markers;
    if (parsed == m_routeMarkers)
        return;
    m_routeMarkers = std::move(parsed);
    update();
    Q_EMIT routeChanged();
}

void CityMap::setRouteVehicle(const QVariantList &position)
{
    const bool has = position.size() == 2;
    const core::LatLon p = has ? core::LatLon{position[0].toDouble(), position[1].toDouble()} : core::LatLon{};
    if (has == m_hasRouteVehicle && p == m_routeVehicle)
        return;
    m_routeVehicleList = position;
    m_hasRouteVehicle = has;
    m_routeVehicle = p;
    update();
    Q_EMIT routeChanged();
}

void CityMap::setPickingPoint(bool picking)
{
    if (picking == m_pickingPoint)
        return;
    m_pickingPoint = picking;
    setCursor(picking ? Qt::CrossCursor : Qt::ArrowCursor);
    Q_EMIT pickingPointChanged();
}

QPointF CityMap::positionOf(double lat, double lon) const
{
    if (!m_city)
        return {};
    return m_viewport.worldToScreen(m_city->project({lat, lon}));
}

QVariantList CityMap::coordinateAt(QPointF position) const
{
    if (!m_city)
        return {};
    const core::LatLon p = m_city->unproject(m_viewport.screenToWorld(position));
    return {p.lat, p.lon};
}

void CityMap::fitToRoute()
{
    if (!m_city || m_routeSegments.empty())
        return;
    QRectF box;
    const auto add = [&box](QPointF p) { box = box.isNull() ? QRectF(p, QSizeF(0.001, 0.001)) : box.united(QRectF(p, QSizeF(0.001, 0.001))); };
    for (int s : m_routeSegments) {
        const ProjectedSegment *segment = m_city->segment(s);
        if (!segment)
            continue;
        for (int k = 0; k < segment->pointCount; ++k)
            add(m_city->points()[size_t(segment->firstPoint + k)]);
    }
    for (const auto &marker : m_routeMarkers)
        if (marker.intersection < m_city->intersectionCount())
            add(m_city->intersectionPosition(marker.intersection));
    if (m_hasRouteVehicle)
        add(m_city->project(m_routeVehicle));
    if (box.isNull())
        return;
    // A short route is shown with its neighbourhood, not at the closest zoom.
    const double minimum = kMinRouteViewMetres * m_city->groundScale();
    if (box.width() < minimum || box.height() < minimum) {
        const QPointF centre = box.center();
        box.setSize(QSizeF(std::max(box.width(), minimum), std::max(box.height(), minimum)));
        box.moveCenter(centre);
    }
    const double oldUpp = m_viewport.unitsPerPixel();
    // Wide enough for the markers and the panels over the map's edges.
    m_viewport.fit(box, kFitMarginPx * 4);
    userMovedView();
    applyViewChange(oldUpp);
}

void CityMap::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() == oldGeometry.size())
        return;
    const double oldUpp = m_viewport.unitsPerPixel();
    m_viewport.setSize(newGeometry.size());
    if (!m_userMoved)
        fitView();
    applyViewChange(oldUpp);
}

void CityMap::itemChange(ItemChange change, const ItemChangeData &value)
{
    if (change == ItemSceneChange)
        watchFrameSwaps(value.window);
    QQuickItem::itemChange(change, value);
}

QSGNode *CityMap::updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *)
{
    auto *root = static_cast<MapRootNode *>(oldNode);
    const bool fresh = !root;
    if (fresh)
        root = new MapRootNode(window());
    const bool cityChanged = root->setCity(m_city);
    const int stepBefore = root->lod().step;

    const console::StateStore *store = m_store.data();
    if (root->mesh() && store) {
        root->mesh()->resetStats();
        if (fresh || cityChanged || m_allColoursDirty) {
            root->recolourAll(*store, m_stale);
        } else {
            if (m_allIntersectionsDirty)
                root->recolourAllIntersections(*store, m_stale);
            else
                root->recolourIntersections(m_dirtyIntersections, *store, m_stale);
            if (m_allSegmentsDirty)
                root->recolourAllSegments(*store, m_stale);
            else
                root->recolourSegments(m_dirtySegments, *store, m_stale);
            if (!m_dirtyIntersections.empty() || !m_dirtySegments.empty())
                m_lastTouchedVertices = root->mesh()->stats().touchedVertices;
        }
    }
    m_allIntersectionsDirty = false;
    m_allSegmentsDirty = false;
    for (int i : m_dirtyIntersections)
        m_intersectionQueued[size_t(i)] = 0;
    for (int s : m_dirtySegments)
        m_segmentQueued[size_t(s)] = 0;
    m_dirtyIntersections.clear();
    m_dirtySegments.clear();
    const bool coloursReset = m_allColoursDirty;
    m_allColoursDirty = false;

    root->updateView(m_viewport, boundingRect());
    if (fresh || cityChanged || coloursReset || m_vehiclesDirty || root->lod().step != stepBefore) {
        static const std::unordered_map<std::string, core::VehicleState> none;
        root->updateVehicles(store ? store->vehicles() : none, m_stale);
        m_vehiclesDirty = false;
    }
    root->updateRoute(m_routeSegments, fresh || cityChanged || m_routeDirty);
    m_routeDirty = false;
    {
        const QPointF vehicle = m_city && m_hasRouteVehicle ? m_city->project(m_routeVehicle) : QPointF();
        root->updateRouteMarkers(m_viewport, boundingRect(), m_routeMarkers, m_city && m_hasRouteVehicle ? &vehicle : nullptr);
    }
    root->updateHighlights(m_viewport, boundingRect(), m_selected, m_hovered, store);
    root->commit();

    if (m_city && store && store->hasLiveState() && width() > 0 && height() > 0)
        m_liveFramePending->store(m_generation);
    return root;
}

void CityMap::watchFrameSwaps(QQuickWindow *window)
{
    QObject::disconnect(m_swapConnection);
    m_swapConnection = {};
    if (!window)
        return;
    // frameSwapped is emitted on the render thread right after the frame whose sync (this item's
    // updatePaintNode, same thread) stored a generation in the shared flag. The handler touches
    // only that flag and a guarded pointer copied here on the GUI thread, so it stays safe while
    // the item is being destroyed; the flag is handed back to the GUI thread by a queued call.
    const std::shared_ptr<std::atomic<int>> pending = m_liveFramePending;
    const QPointer<CityMap> self(this);
    m_swapConnection = connect(
        window, &QQuickWindow::frameSwapped, window,
        [pending, self] {
            const int generation = pending->exchange(-1);
            if (generation >= 0)
                QMetaObject::invokeMethod(
                    QCoreApplication::instance(),
                    [self, generation] {
                        if (self)
                            self->markCityRendered(generation);
                    },
                    Qt::QueuedConnection);
        },
        Qt::DirectConnection);
}

void CityMap::markCityRendered(int generation)
{
    if (generation == m_generation)
        setCityRendered(true);
}

void CityMap::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        event->ignore();
        return;
    }
    m_pressed = true;
    m_dragging = false;
    m_pressPosition = event->position();
    m_lastDragPosition = event->position();
    event->accept();
}

void CityMap::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_pressed)
        return;
    const QPointF pos = event->position();
    if (!m_dragging) {
        const int threshold = QGuiApplication::styleHints()->startDragDistance();
        if ((pos - m_pressPosition).manhattanLength() < threshold)
            return;
        m_dragging = true;
        setKeepMouseGrab(true);
    }
    const QPointF delta = pos - m_lastDragPosition;
    m_lastDragPosition = pos;
    panBy(delta.x(), delta.y());
    event->accept();
}

void CityMap::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_pressed || event->button() != Qt::LeftButton) {
        event->ignore();
        return;
    }
    const bool click = !m_dragging;
    m_pressed = false;
    m_dragging = false;
    setKeepMouseGrab(false);
    if (click && m_pickingPoint && m_city) {
        const core::LatLon p = m_city->unproject(m_viewport.screenToWorld(event->position()));
        Q_EMIT pointPicked(p.lat, p.lon);
    } else if (click) {
        const int index = intersectionAt(event->position());
        setSelectedIntersection(index);
        if (index >= 0)
            Q_EMIT intersectionClicked(index);
    }
    event->accept();
}

void CityMap::mouseUngrabEvent()
{
    m_pressed = false;
    m_dragging = false;
    setKeepMouseGrab(false);
}

void CityMap::wheelEvent(QWheelEvent *event)
{
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0) {
        event->ignore();
        return;
    }
    zoomBy(std::pow(kWheelNotchFactor, notches), event->position());
    event->accept();
}

void CityMap::hoverEnterEvent(QHoverEvent *event)
{
    hoverMoveEvent(event);
}

void CityMap::hoverMoveEvent(QHoverEvent *event)
{
    m_hoverInside = true;
    m_hoverPosition = event->position();
    setHovered(intersectionAt(m_hoverPosition));
}

void CityMap::hoverLeaveEvent(QHoverEvent *)
{
    m_hoverInside = false;
    setHovered(-1);
}

} // namespace greenlight::widgets
