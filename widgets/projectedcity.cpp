#include "projectedcity.h"

#include <QtGlobal>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>

namespace greenlight::widgets {

namespace {

constexpr int kMaxChunksPerSide = 32;

// A growing min/max box; unlike QRectF it keeps points and zero-size boxes.
struct Box
{
    double minX = std::numeric_limits<double>::max();
    double minY = std::numeric_limits<double>::max();
    double maxX = std::numeric_limits<double>::lowest();
    double maxY = std::numeric_limits<double>::lowest();

    bool isEmpty() const { return minX > maxX; }
    void add(QPointF p)
    {
        minX = std::min(minX, p.x());
        minY = std::min(minY, p.y());
        maxX = std::max(maxX, p.x());
        maxY = std::max(maxY, p.y());
    }
    void add(const Box &b)
    {
        if (b.isEmpty())
            return;
        add(QPointF(b.minX, b.minY));
        add(QPointF(b.maxX, b.maxY));
    }
    QRectF rect() const { return isEmpty() ? QRectF() : QRectF(minX, minY, maxX - minX, maxY - minY); }
    QPointF centre() const { return {(minX + maxX) / 2.0, (minY + maxY) / 2.0}; }
};

std::optional<double> compassDegrees(std::string_view name)
{
    static constexpr std::pair<std::string_view, double> kPoints[] = {
        {"N", 0}, {"NE", 45}, {"E", 90}, {"SE", 135}, {"S", 180}, {"SW", 225}, {"W", 270}, {"NW", 315}};
    std::string upper(name);
    for (char &c : upper)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    for (const auto &[point, deg] : kPoints)
        if (upper == point)
            return deg;
    return std::nullopt;
}

double angleBetween(double a, double b)
{
    const double d = std::fabs(core::normaliseBearing(a) - core::normaliseBearing(b));
    return std::min(d, 360.0 - d);
}

} // namespace

Side ProjectedCity::sideOf(const core::SignalGroup &group)
{
    // Traffic travelling on approachBearingDeg arrives from the opposite direction.
    const double fromBearing = core::normaliseBearing(group.approachBearingDeg + 180.0);
    double from = fromBearing;
    if (const auto named = compassDegrees(group.approach)) {
        from = *named;
        // A diagonal name lies on the boundary between two sides; the bearing decides if it agrees.
        if (std::fmod(*named, 90.0) != 0.0 && angleBetween(fromBearing, *named) < 45.0)
            from = fromBearing;
    }
    const int quadrant = int(std::floor(core::normaliseBearing(from + 45.0) / 90.0)) % 4;
    return static_cast<Side>(quadrant);
}

std::shared_ptr<const ProjectedCity> ProjectedCity::build(const core::CityLayout &layout, int targetPerChunk)
{
    auto city = std::make_shared<ProjectedCity>();

    core::GeoBounds geo = layout.bounds;
    if (geo.isEmpty()) {
        for (const auto &i : layout.intersections)
            geo.extend(i.position);
        for (const auto &s : layout.segments)
            for (const auto &p : s.shape)
                geo.extend(p);
    }
    const core::LatLon centre = geo.isEmpty() ? core::LatLon{} : geo.centre();
    city->m_origin = core::toMercator(centre);
    city->m_groundScale = core::mercatorScale(centre.lat);

    Box all;
    city->m_intersections.reserve(layout.intersections.size());
    city->m_groupStart.reserve(layout.intersections.size() + 1);
    for (const auto &in : layout.intersections) {
        const QPointF p = city->project(in.position);
        city->m_intersections.push_back(p);
        all.add(p);
        city->m_groupStart.push_back(int(city->m_groups.size()));
        for (const auto &g : in.signalGroups) {
            if (g.turn == core::Turn::Pedestrian)
                continue;
            city->m_groups.push_back({sideOf(g), g.index});
        }
    }
    city->m_groupStart.push_back(int(city->m_groups.size()));

    const int intersectionCount = int(layout.intersections.size());
    city->m_segments.resize(layout.segments.size());
    for (size_t s = 0; s < layout.segments.size(); ++s) {
        const auto &in = layout.segments[s];
        ProjectedSegment &out = city->m_segments[s];
        out.firstPoint = int(city->m_points.size());
        out.lanes = std::max(1, in.lanes);
        out.roadClass = in.roadClass;
        if (in.shape.size() >= 2) {
            for (const auto &p : in.shape)
                city->m_points.push_back(city->project(p));
        } else if (in.fromIntersection >= 0 && in.fromIntersection < intersectionCount
                   && in.toIntersection >= 0 && in.toIntersection < intersectionCount
                   && in.fromIntersection != in.toIntersection) {
            city->m_points.push_back(city->m_intersections[size_t(in.fromIntersection)]);
            city->m_points.push_back(city->m_intersections[size_t(in.toIntersection)]);
        }
        out.pointCount = int(city->m_points.size()) - out.firstPoint;
        // A shape whose points all coincide draws nothing.
        bool hasLength = false;
        for (int k = out.firstPoint + 1; k < out.firstPoint + out.pointCount && !hasLength; ++k) {
            const QPointF d = city->m_points[size_t(k)] - city->m_points[size_t(out.firstPoint)];
            hasLength = std::abs(d.x()) + std::abs(d.y()) >= 1e-3;
        }
        if (!hasLength) {
            city->m_points.resize(size_t(out.firstPoint));
            out.pointCount = 0;
        }
        for (int k = out.firstPoint; k < out.firstPoint + out.pointCount; ++k)
            all.add(city->m_points[size_t(k)]);
    }
    city->m_bounds = all.rect();
    city->buildChunks(std::max(1, targetPerChunk));
    city->m_index.build(city->m_intersections);
    return city;
}

QPointF ProjectedCity::project(const core::LatLon &p) const
{
    const core::PlanePoint m = core::toMercator(p);
    return {m.x - m_origin.x, m.y - m_origin.y};
}

core::LatLon ProjectedCity::unproject(QPointF world) const
{
    return core::fromMercator({world.x() + m_origin.x, world.y() + m_origin.y});
}

const ProjectedSegment *ProjectedCity::segment(int s) const
{
    if (s < 0 || s >= segmentCount())
        return nullptr;
    const ProjectedSegment &seg = m_segments[size_t(s)];
    return seg.pointCount >= 2 ? &seg : nullptr;
}

SideSignals ProjectedCity::sideSignals(int i, const std::vector<core::SignalColour> &colours) const
{
    SideSignals out;
    std::array<core::SignalColour, 4> best{};
    for (int k = m_groupStart[size_t(i)]; k < m_groupStart[size_t(i) + 1]; ++k) {
        const GroupRef &g = m_groups[size_t(k)];
        const size_t side = size_t(g.side);
        const core::SignalColour colour = g.colourIndex >= 0 && size_t(g.colourIndex) < colours.size()
                                              ? colours[size_t(g.colourIndex)]
                                              : core::SignalColour::Unknown;
        if (!out[side].hasMovements) {
            out[side].hasMovements = true;
            best[side] = colour;
        } else {
            const core::SignalColour pair[2] = {best[side], colour};
            best[side] = core::summariseColours(pair, pair + 2);
        }
    }
    for (size_t side = 0; side < 4; ++side)
        out[side].colour = best[side];
    return out;
}

void ProjectedCity::buildChunks(int targetPerChunk)
{
    m_intersectionChunk.assign(m_intersections.size(), -1);
    m_intersectionSlot.assign(m_intersections.size(), -1);
    m_segmentChunk.assign(m_segments.size(), -1);
    m_segmentSlot.assign(m_segments.size(), -1);
    if (m_intersections.empty() && m_points.empty())
        return;

    Box all;
    for (const QPointF &p : m_intersections)
        all.add(p);
    for (const QPointF &p : m_points)
        all.add(p);
    const double w = std::max(all.maxX - all.minX, 1.0);
    const double h = std::max(all.maxY - all.minY, 1.0);
    const double items = m_intersections.empty() ? double(m_segments.size()) / 4.0 : double(m_intersections.size());
    const int perSide = std::clamp(int(std::ceil(std::sqrt(items / targetPerChunk))), 1, kMaxChunksPerSide);
    const double cell = std::max(w, h) / perSide;
    const int columns = std::max(1, int(std::ceil(w / cell)));
    const int rows = std::max(1, int(std::ceil(h / cell)));
    const auto cellOf = [&](QPointF p) {
        const int c = std::clamp(int(std::floor((p.x() - all.minX) / cell)), 0, columns - 1);
        const int r = std::clamp(int(std::floor((p.y() - all.minY) / cell)), 0, rows - 1);
        return r * columns + c;
    };

    std::vector<MapChunk> cells(size_t(columns) * size_t(rows));
    std::vector<Box> boxes(cells.size());
    for (size_t i = 0; i < m_intersections.size(); ++i) {
        const int c = cellOf(m_intersections[i]);
        cells[size_t(c)].intersections.push_back(int(i));
        boxes[size_t(c)].add(m_intersections[i]);
    }
    for (size_t s = 0; s < m_segments.size(); ++s) {
        const ProjectedSegment &seg = m_segments[s];
        if (seg.pointCount < 2)
            continue;
        Box box;
        for (int k = seg.firstPoint; k < seg.firstPoint + seg.pointCount; ++k)
            box.add(m_points[size_t(k)]);
        const int c = cellOf(box.centre());
        cells[size_t(c)].segments.push_back(int(s));
        if (seg.roadClass == core::RoadClass::Local)
            ++cells[size_t(c)].localSegments;
        boxes[size_t(c)].add(box);
    }

    for (size_t c = 0; c < cells.size(); ++c) {
        MapChunk &chunk = cells[c];
        if (chunk.intersections.empty() && chunk.segments.empty())
            continue;
        chunk.bounds = QRectF(boxes[c].minX, boxes[c].minY, boxes[c].maxX - boxes[c].minX, boxes[c].maxY - boxes[c].minY);
        const int id = int(m_chunks.size());
        for (size_t k = 0; k < chunk.intersections.size(); ++k) {
            m_intersectionChunk[size_t(chunk.intersections[k])] = id;
            m_intersectionSlot[size_t(chunk.intersections[k])] = int(k);
        }
        for (size_t k = 0; k < chunk.segments.size(); ++k) {
            m_segmentChunk[size_t(chunk.segments[k])] = id;
            m_segmentSlot[size_t(chunk.segments[k])] = int(k);
        }
        m_chunks.push_back(std::move(chunk));
    }
}

std::vector<int> ProjectedCity::visibleChunks(const QRectF &worldRect, double margin) const
{
    std::vector<int> out;
    const QRectF view = worldRect.normalized();
    for (size_t c = 0; c < m_chunks.size(); ++c) {
        const QRectF &b = m_chunks[c].bounds;
        if (b.left() - margin <= view.right() && b.right() + margin >= view.left()
            && b.top() - margin <= view.bottom() && b.bottom() + margin >= view.top())
            out.push_back(int(c));
    }
    return out;
}

double ProjectedCity::cullMargin(const MapLod &lod)
{
    // The glyph and a ring around it, plus the widest roads (8 lanes per direction, offset).
    return lod.worldForPixels(lod.glyphPx + 16.0) + 60.0 * lod.groundScale;
}

CullResult ProjectedCity::cull(const QRectF &worldRect, const MapLod &lod) const
{
    CullResult out;
    out.chunks = visibleChunks(worldRect, cullMargin(lod));
    for (int c : out.chunks) {
        const MapChunk &chunk = m_chunks[size_t(c)];
        out.intersections += int(chunk.intersections.size());
        out.segments += int(chunk.segments.size()) - (lod.showLocalRoads ? 0 : chunk.localSegments);
    }
    return out;
}

} // namespace greenlight::widgets
