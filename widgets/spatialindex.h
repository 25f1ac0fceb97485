#pragma once

#include <QPointF>
#include <QRectF>

#include <vector>

namespace greenlight::widgets {

// A uniform grid over a fixed set of points, for "which point is nearest to here" (hover and
// click picking) and "which points are inside this box" without scanning them all.
class SpatialIndex
{
public:
    // Indexes points; their positions in the vector are the ids returned below.
    void build(const std::vector<QPointF> &points);

    // The id of the point nearest to p within maxDistance, or -1 if there is none.
    int nearest(QPointF p, double maxDistance) const;
    // Ids of all points inside rect.
    std::vector<int> query(const QRectF &rect) const;

    int size() const { return static_cast<int>(m_points.size()); }
    // Side length of one grid cell in world units.
    double cellSize() const { return m_cell; }

private:
    int column(double x) const;
    int row(double y) const;

    std::vector<QPointF> m_points;
    double m_originX = 0;
    double m_originY = 0;
    double m_cell = 1;
    int m_columns = 0;
    int m_rows = 0;
    std::vector<int> m_cellStart;  // m_columns * m_rows + 1 offsets into m_items
    std::vector<int> m_items;      // point ids, grouped by cell
};

} // namespace greenlight::widgets
