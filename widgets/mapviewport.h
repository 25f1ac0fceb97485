#pragma once

#include <QMatrix4x4>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace greenlight::widgets {

// The pan and zoom of the map: maps world units (projected metres around the city centre, y grows
// northwards) to item pixels (y grows downwards). A plain value: the item owns one on the GUI
// thread and hands a copy to the render thread while the scene graph syncs.
class MapViewport
{
public:
    // The zoom range, in world units per pixel.
    static constexpr double kMinUnitsPerPixel = 0.02;
    static constexpr double kMaxUnitsPerPixel = 20000.0;

    // Size of the item in pixels; the centre of the view stays where it is.
    void setSize(QSizeF size) { m_size = size; }
    QSizeF size() const { return m_size; }

    // The world point shown in the middle of the item.
    void setCentre(QPointF world) { m_centre = world; }
    QPointF centre() const { return m_centre; }

    // World units per pixel, clamped to the zoom range.
    void setUnitsPerPixel(double unitsPerPixel);
    double unitsPerPixel() const { return m_unitsPerPixel; }

    // Converts a world point to item pixels.
    QPointF worldToScreen(QPointF world) const;
    // Converts item pixels to a world point.
    QPointF screenToWorld(QPointF screen) const;
    // The world area the item shows (top is the southern edge: y grows northwards).
    QRectF visibleWorldRect() const;

    // Zooms by factor (> 1 zooms in) keeping the world point under anchor (item pixels) in place.
    void zoomBy(double factor, QPointF anchor);
    // Moves the content by delta pixels, as a drag does.
    void panBy(QPointF delta);
    // Centres on worldRect and zooms so it fits inside the item with marginPx on every side.
    void fit(const QRectF &worldRect, double marginPx);

    // The matrix from world units to item pixels, for the scene graph's transform node.
    QMatrix4x4 matrix() const;

    bool operator==(const MapViewport &) const = default;

private:
    QSizeF m_size;
    QPointF m_centre;
    double m_unitsPerPixel = 1.0;
};

} // namespace greenlight::widgets
