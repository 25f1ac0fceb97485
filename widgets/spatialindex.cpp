#include "spatialindex.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace greenlight::widgets {

namespace {
// About this many points share a cell on average.
constexpr double kPointsPerCell = 2.0;
constexpr int kMaxCellsPerSide = 2048;
} // namespace

void SpatialIndex::build(const std::vector<QPointF> &points)
{
    m_points = points;
    m_items.clear();
    m_cellStart.clear();
    m_columns = m_rows = 0;
    if (m_points.empty())
        return;

    double minX = m_points.front().x(), maxX = minX;
    double minY = m_points.front().y(), maxY = minY;
    for (const QPointF &p : m_points) {
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    const double w = std::max(maxX - minX, 1.0);
    const double h = std::max(maxY - minY, 1.0);
    m_cell = std::sqrt(w * h * kPointsPerCell / double(m_points.size()));
    m_cell = std::max({m_cell, w / kMaxCellsPerSide, h / kMaxCellsPerSide, 1e-3});
    m_originX = minX;
    m_originY = minY;
    m_columns = std::max(1, int(std::floor(w / m_cell)) + 1);
    m_rows = std::max(1, int(std::floor(h / m_cell)) + 1);

    // Counting sort of the points into their cells.
    std::vector<int> cellOf(m_points.size());
    m_cellStart.assign(size_t(m_columns) * size_t(m_rows) + 1, 0);
    for (size_t i = 0; i < m_points.size(); ++i) {
        cellOf[i] = row(m_points[i].y()) * m_columns + column(m_points[i].x());
        ++m_cellStart[size_t(cellOf[i]) + 1];
    }
    for (size_t c = 1; c < m_cellStart.size(); ++c)
        m_cellStart[c] += m_cellStart[c - 1];
    m_items.resize(m_points.size());
    std::vector<int> fill(m_cellStart.begin(), m_cellStart.end() - 1);
    for (size_t i = 0; i < m_points.size(); ++i)
        m_items[size_t(fill[size_t(cellOf[i])]++)] = int(i);
}

int SpatialIndex::column(double x) const
{
    return std::clamp(int(std::floor((x - m_originX) / m_cell)), 0, m_columns - 1);
}

int SpatialIndex::row(double y) const
{
    return std::clamp(int(std::floor((y - m_originY) / m_cell)), 0, m_rows - 1);
}

int SpatialIndex::nearest(QPointF p, double maxDistance) const
{
    if (m_points.empty() || !(maxDistance >= 0))
        return -1;
    // Skip the search when p is farther than maxDistance from the whole grid.
    const double gridW = m_columns * m_cell, gridH = m_rows * m_cell;
    if (p.x() < m_originX - maxDistance || p.x() > m_originX + gridW + maxDistance
        || p.y() < m_originY - maxDistance || p.y() > m_originY + gridH + maxDistance)
        return -1;

    const int c0 = column(p.x() - maxDistance), c1 = column(p.x() + maxDistance);
    const int r0 = row(p.y() - maxDistance), r1 = row(p.y() + maxDistance);
    int best = -1;
    double bestD2 = maxDistance * maxDistance;
    for (int r = r0; r <= r1; ++r) {
        for (int c = c0; c <= c1; ++c) {
            const size_t cell = size_t(r) * size_t(m_columns) + size_t(c);
            for (int k = m_cellStart[cell]; k < m_cellStart[cell + 1]; ++k) {
                const int id = m_items[size_t(k)];
                const QPointF d = m_points[size_t(id)] - p;
                const double d2 = d.x() * d.x() + d.y() * d.y();
                if (d2 < bestD2 || (d2 == bestD2 && best < 0)) {
                    bestD2 = d2;
                    best = id;
                }
            }
        }
    }
    return best;
}

std::vector<int> SpatialIndex::query(const QRectF &rect) const
{
    std::vector<int> out;
    if (m_points.empty())
        return out;
    const QRectF r = rect.normalized();
    const int c0 = column(r.left()), c1 = column(r.right());
    const int r0 = row(r.top()), r1 = row(r.bottom());
    for (int y = r0; y <= r1; ++y) {
        for (int x = c0; x <= c1; ++x) {
            const size_t cell = size_t(y) * size_t(m_columns) + size_t(x);
            for (int k = m_cellStart[cell]; k < m_cellStart[cell + 1]; ++k) {
                const int id = m_items[size_t(k)];
                const QPointF &q = m_points[size_t(id)];
                if (q.x() >= r.left() && q.x() <= r.right() && q.y() >= r.top() && q.y() <= r.bottom())
                    out.push_back(id);
            }
        }
    }
    return out;
}

} // namespace greenlight::widgets
