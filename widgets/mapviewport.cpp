#include "mapviewport.h"

#include <algorithm>
#include <cmath>

namespace greenlight::widgets {

void MapViewport::setUnitsPerPixel(double unitsPerPixel)
{
    if (!std::isfinite(unitsPerPixel) || unitsPerPixel <= 0)
        return;
    m_unitsPerPixel = std::clamp(unitsPerPixel, kMinUnitsPerPixel, kMaxUnitsPerPixel);
}

QPointF MapViewport::worldToScreen(QPointF world) const
{
    return {(world.x() - m_centre.x()) / m_unitsPerPixel + m_size.width() / 2.0,
            (m_centre.y() - world.y()) / m_unitsPerPixel + m_size.height() / 2.0};
}

QPointF MapViewport::screenToWorld(QPointF screen) const
{
    return {m_centre.x() + (screen.x() - m_size.width() / 2.0) * m_unitsPerPixel,
            m_centre.y() - (screen.y() - m_size.height() / 2.0) * m_unitsPerPixel};
}

QRectF MapViewport::visibleWorldRect() const
{
    const double w = m_size.width() * m_unitsPerPixel;
    const double h = m_size.height() * m_unitsPerPixel;
    return {m_centre.x() - w / 2.0, m_centre.y() - h / 2.0, w, h};
}

void MapViewport::zoomBy(double factor, QPointF anchor)
{
    if (!std::isfinite(factor) || factor <= 0)
        return;
    const QPointF fixed = screenToWorld(anchor);
    setUnitsPerPixel(m_unitsPerPixel / factor);
    m_centre = {fixed.x() - (anchor.x() - m_size.width() / 2.0) * m_unitsPerPixel,
                fixed.y() + (anchor.y() - m_size.height() / 2.0) * m_unitsPerPixel};
}

void MapViewport::panBy(QPointF delta)
{
    m_centre = {m_centre.x() - delta.x() * m_unitsPerPixel, m_centre.y() + delta.y() * m_unitsPerPixel};
}

void MapViewport::fit(const QRectF &worldRect, double marginPx)
{
    m_centre = worldRect.center();
    const double availW = m_size.width() - 2.0 * marginPx;
    const double availH = m_size.height() - 2.0 * marginPx;
    if (availW <= 1.0 || availH <= 1.0)
        return;
    const double upp = std::max(worldRect.width() / availW, worldRect.height() / availH);
    if (upp > 0)
        setUnitsPerPixel(upp);
}

QMatrix4x4 MapViewport::matrix() const
{
    QMatrix4x4 m;
    m.translate(float(m_size.width() / 2.0), float(m_size.height() / 2.0));
    m.scale(float(1.0 / m_unitsPerPixel), float(-1.0 / m_unitsPerPixel));
    m.translate(float(-m_centre.x()), float(-m_centre.y()));
    return m;
}

} // namespace greenlight::widgets
