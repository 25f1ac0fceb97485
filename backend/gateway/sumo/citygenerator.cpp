#include "citygenerator.h"

#include "seededrandom.h"
#include "streetnames.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

namespace greenlight::gateway::sumo {

namespace {

constexpr double kMeanEarthRadius = 6371008.8;
constexpr double kArterialSpeed = 50.0 / 3.6;

struct GridShape {
    int cols;
    int rows;
    int diagonals;
    int parks;
    double blockX;  // metres between columns
    double blockY;  // metres between rows
};

GridShape shapeFor(CitySize size)
{
    if (size == CitySize::Small)
        return {8, 7, 1, 1, 125.0, 105.0};
    return {24, 20, 2, 5, 125.0, 105.0};
}

// A street line of the grid (a column, a row or a diagonal) and how it is built.
struct Line {
    std::string name;
    std::string type;
    int lanes = 1;
    double speedMps = 8.33;
    int priority = 1;
    bool arterial = false;
};

struct Link {
    int a;
    int b;
    int line;  // index into the lines
};

// Picks the arterial lines among count parallel streets: every third or fourth one.
std::vector<bool> pickArterials(int count, SeededRandom &rng)
{
    std::vector<bool> arterial(static_cast<std::size_t>(count), false);
    for (int i = 1 + rng.index(2); i < count - 1; i += 3 + rng.index(2))
        arterial[static_cast<std::size_t>(i)] = true;
    return arterial;
}

Line arterialLine(std::string name, SeededRandom &rng)
{
    const bool wide = rng.chance(0.4);
    return {std::move(name), wide ? "highway.primary" : "highway.secondary", wide ? 3 : 2,
            kArterialSpeed, wide ? 4 : 3, true};
}

Line localLine(std::string name, SeededRandom &rng)
{
    const bool collector = rng.chance(0.3);
    return {std::move(name), collector ? "highway.tertiary" : "highway.residential", 1,
            (collector ? 40.0 : 30.0) / 3.6, collector ? 2 : 1, false};
}

class PlanBuilder
{
public:
    PlanBuilder(std::uint32_t seed, CitySize size, const core::LatLon &origin)
        : m_rng(0x6c3e5f17ull * (seed + 1) + (size == CitySize::Small ? 7 : 13))
        , m_names(m_rng)
        , m_shape(shapeFor(size))
    {
        m_plan.seed = seed;
        m_plan.size = size;
        m_plan.origin = origin;
    }

    CityPlan build()
    {
        layOutLines();
        placeNodes();
        linkGrid();
        removeSomeLinks();
        keepLargestComponent();
        addGates();
        classifyNodes();
        emitEdges();
        return std::move(m_plan);
    }

private:
    int nodeAt(int c, int r) const { return m_grid[static_cast<std::size_t>(r * m_shape.cols + c)]; }
    bool onDiagonal(int c, int r) const
    {
        return std::find(m_diagonalOffsets.begin(), m_diagonalOffsets.end(), c - r) != m_diagonalOffsets.end();
    }

    void layOutLines()
    {
        m_arterialCols = pickArterials(m_shape.cols, m_rng);
        m_arterialRows = pickArterials(m_shape.rows, m_rng);
        for (int c = 0; c < m_shape.cols; ++c) {
            m_colLine.push_back(static_cast<int>(m_lines.size()));
            m_lines.push_back(m_arterialCols[static_cast<std::size_t>(c)]
                                  ? arterialLine(m_names.numberedAvenue(), m_rng)
                                  : localLine(m_names.localStreet(), m_rng));
        }
        for (int r = 0; r < m_shape.rows; ++r) {
            m_rowLine.push_back(static_cast<int>(m_lines.size()));
            m_lines.push_back(m_arterialRows[static_cast<std::size_t>(r)]
                                  ? arterialLine(m_names.majorRoad(), m_rng)
                                  : localLine(m_names.localStreet(), m_rng));
        }
        // Diagonal avenues run north-east, parallel, through the middle part of the grid.
        const int spread = m_shape.diagonals > 1 ? m_shape.cols / 3 : 0;
        for (int d = 0; d < m_shape.diagonals; ++d) {
            const int offset = (m_shape.cols - m_shape.rows) / 2 + (d == 0 ? -spread / 2 : spread - spread / 2)
                + m_rng.index(3) - 1;
            m_diagonalOffsets.push_back(offset);
            m_diagonalLine.push_back(static_cast<int>(m_lines.size()));
            Line line = arterialLine(m_names.diagonal(), m_rng);
            line.type = "highway.secondary";
            line.lanes = 2;
            line.priority = 3;
            m_lines.push_back(std::move(line));
        }
    }

    void placeNodes()
    {
        const double rotation = m_rng.uniform(-12.0, 12.0) * std::numbers::pi / 180.0;
        m_cos = std::cos(rotation);
        m_sin = std::sin(rotation);
        m_grid.assign(static_cast<std::size_t>(m_shape.cols * m_shape.rows), -1);
        std::set<std::pair<int, int>> parks;
        for (int p = 0; p < m_shape.parks; ++p) {
            const int c = 2 + m_rng.index(m_shape.cols - 4);
            const int r = 2 + m_rng.index(m_shape.rows - 4);
            if (!m_arterialCols[static_cast<std::size_t>(c)] && !m_arterialRows[static_cast<std::size_t>(r)]
                && !onDiagonal(c, r))
                parks.insert({c, r});
        }
        for (int r = 0; r < m_shape.rows; ++r) {
            for (int c = 0; c < m_shape.cols; ++c) {
                if (parks.count({c, r}))
                    continue;
                const double jitter = 0.12;
                const double gx = (c - (m_shape.cols - 1) / 2.0) * m_shape.blockX
                    + m_rng.uniform(-jitter, jitter) * m_shape.blockX;
                const double gy = (r - (m_shape.rows - 1) / 2.0) * m_shape.blockY
                    + m_rng.uniform(-jitter, jitter) * m_shape.blockY;
                m_grid[static_cast<std::size_t>(r * m_shape.cols + c)] = static_cast<int>(m_plan.nodes.size());
                m_cell.push_back({c, r});
                m_plan.nodes.push_back({"c" + std::to_string(c) + "r" + std::to_string(r), gx, gy, false, false});
            }
        }
    }

    void addLink(int a, int b, int line)
    {
        if (a >= 0 && b >= 0)
            m_links.push_back({a, b, line});
    }

    void linkGrid()
    {
        for (int r = 0; r < m_shape.rows; ++r)
            for (int c = 0; c + 1 < m_shape.cols; ++c)
                addLink(nodeAt(c, r), nodeAt(c + 1, r), m_rowLine[static_cast<std::size_t>(r)]);
        for (int c = 0; c < m_shape.cols; ++c)
            for (int r = 0; r + 1 < m_shape.rows; ++r)
                addLink(nodeAt(c, r), nodeAt(c, r + 1), m_colLine[static_cast<std::size_t>(c)]);
        for (std::size_t d = 0; d < m_diagonalOffsets.size(); ++d) {
            for (int r = 0; r + 1 < m_shape.rows; ++r) {
                const int c = r + m_diagonalOffsets[d];
                if (c >= 0 && c + 1 < m_shape.cols)
                    addLink(nodeAt(c, r), nodeAt(c + 1, r + 1), m_diagonalLine[d]);
            }
        }
    }

    std::vector<int> degrees() const
    {
        std::vector<int> degree(m_plan.nodes.size(), 0);
        for (const auto &l : m_links) {
            ++degree[static_cast<std::size_t>(l.a)];
            ++degree[static_cast<std::size_t>(l.b)];
        }
        return degree;
    }

    bool onBoundary(int node) const
    {
        const auto [c, r] = m_cell[static_cast<std::size_t>(node)];
        return c == 0 || r == 0 || c == m_shape.cols - 1 || r == m_shape.rows - 1;
    }

    // Drops some local blocks' links, never leaving a dead end.
    void removeSomeLinks()
    {
        auto degree = degrees();
        std::vector<Link> kept;
        for (const auto &l : m_links) {
            const bool local = !m_lines[static_cast<std::size_t>(l.line)].arterial;
            const auto ua = static_cast<std::size_t>(l.a);
            const auto ub = static_cast<std::size_t>(l.b);
            if (local && !onBoundary(l.a) && !onBoundary(l.b) && degree[ua] >= 4 && degree[ub] >= 4
                && m_rng.chance(0.08)) {
                --degree[ua];
                --degree[ub];
                continue;
            }
            kept.push_back(l);
        }
        m_links = std::move(kept);
    }

    void keepLargestComponent()
    {
        std::vector<std::vector<int>> adjacent(m_plan.nodes.size());
        for (const auto &l : m_links) {
            adjacent[static_cast<std::size_t>(l.a)].push_back(l.b);
            adjacent[static_cast<std::size_t>(l.b)].push_back(l.a);
        }
        std::vector<int> component(m_plan.nodes.size(), -1);
        std::vector<int> sizes;
        for (std::size_t start = 0; start < m_plan.nodes.size(); ++start) {
            if (component[start] >= 0)
                continue;
            const int id = static_cast<int>(sizes.size());
            sizes.push_back(0);
            std::vector<int> stack{static_cast<int>(start)};
            component[start] = id;
            while (!stack.empty()) {
                const int n = stack.back();
                stack.pop_back();
                ++sizes.back();
                for (int m : adjacent[static_cast<std::size_t>(n)]) {
                    if (component[static_cast<std::size_t>(m)] < 0) {
                        component[static_cast<std::size_t>(m)] = id;
                        stack.push_back(m);
                    }
                }
            }
        }
        const int largest = static_cast<int>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
        m_reachable.assign(m_plan.nodes.size(), false);
        for (std::size_t i = 0; i < component.size(); ++i)
            m_reachable[i] = component[i] == largest && !adjacent[i].empty();
    }

    void classifyNodes()
    {
        const auto degree = degrees();
        for (std::size_t i = 0; i < m_plan.nodes.size(); ++i) {
            const auto [c, r] = m_cell[i];
            if (c < 0)
                continue;  // gates are plain road ends
            const int arterials = int(m_arterialCols[static_cast<std::size_t>(c)])
                + int(m_arterialRows[static_cast<std::size_t>(r)]) + int(onDiagonal(c, r));
            bool signalised = false;
            if (degree[i] >= 3) {
                if (arterials >= 2)
                    signalised = true;
                else if (arterials == 1)
                    signalised = m_rng.chance(onBoundary(static_cast<int>(i)) ? 0.5 : 0.85);
                else
                    signalised = m_rng.chance(0.1);
            }
            m_plan.nodes[i].signalised = signalised;
            // Stagger the cycles block by block so that neighbours do not all switch at once.
            m_plan.nodes[i].offsetQuarters = (c + 2 * r) % 3;
        }
    }

    // Adds a gate beyond the grid's edge at node n, in direction (dx, dy) of grid units.
    void addGate(int n, double dx, double dy, int line)
    {
        if (n < 0 || !m_reachable[static_cast<std::size_t>(n)])
            return;
        const auto &inner = m_plan.nodes[static_cast<std::size_t>(n)];
        const double length = 220.0;
        const double norm = std::hypot(dx, dy);
        PlanNode gate{"gate" + std::to_string(m_gates++), inner.x + dx / norm * length,
                      inner.y + dy / norm * length, false, true};
        m_cell.push_back({-1, -1});
        m_reachable.push_back(true);
        m_plan.nodes.push_back(std::move(gate));
        const int g = static_cast<int>(m_plan.nodes.size()) - 1;
        m_links.push_back({g, n, line});
        m_gateLinks.insert(static_cast<int>(m_links.size()) - 1);
    }

    void addGates()
    {
        for (int c = 0; c < m_shape.cols; ++c) {
            if (!m_arterialCols[static_cast<std::size_t>(c)])
                continue;
            addGate(nodeAt(c, 0), 0, -1, m_colLine[static_cast<std::size_t>(c)]);
            addGate(nodeAt(c, m_shape.rows - 1), 0, 1, m_colLine[static_cast<std::size_t>(c)]);
        }
        for (int r = 0; r < m_shape.rows; ++r) {
            if (!m_arterialRows[static_cast<std::size_t>(r)])
                continue;
            addGate(nodeAt(0, r), -1, 0, m_rowLine[static_cast<std::size_t>(r)]);
            addGate(nodeAt(m_shape.cols - 1, r), 1, 0, m_rowLine[static_cast<std::size_t>(r)]);
        }
        for (std::size_t d = 0; d < m_diagonalOffsets.size(); ++d) {
            int first = -1;
            int last = -1;
            for (int r = 0; r < m_shape.rows; ++r) {
                const int c = r + m_diagonalOffsets[d];
                if (c < 0 || c >= m_shape.cols || nodeAt(c, r) < 0)
                    continue;
                if (first < 0)
                    first = nodeAt(c, r);
                last = nodeAt(c, r);
            }
            addGate(first, -1, -1, m_diagonalLine[d]);
            addGate(last, 1, 1, m_diagonalLine[d]);
        }
    }

    bool isCentral(int node) const
    {
        const auto [c, r] = m_cell[static_cast<std::size_t>(node)];
        return c >= m_shape.cols / 3 && c < m_shape.cols - m_shape.cols / 3 && r >= m_shape.rows / 3
            && r < m_shape.rows - m_shape.rows / 3;
    }

    void emitEdges()
    {
        for (auto &node : m_plan.nodes) {
            // Rotate the whole town a little so that it does not look machine-made.
            const double x = node.x * m_cos - node.y * m_sin;
            const double y = node.x * m_sin + node.y * m_cos;
            node.x = x;
            node.y = y;
        }
        for (std::size_t i = 0; i < m_links.size(); ++i) {
            const auto &l = m_links[i];
            if (!m_reachable[static_cast<std::size_t>(l.a)] || !m_reachable[static_cast<std::size_t>(l.b)])
                continue;
            const auto &line = m_lines[static_cast<std::size_t>(l.line)];
            for (int dir = 0; dir < 2; ++dir) {
                const int from = dir == 0 ? l.a : l.b;
                const int to = dir == 0 ? l.b : l.a;
                PlanEdge e;
                e.from = m_plan.nodes[static_cast<std::size_t>(from)].id;
                e.to = m_plan.nodes[static_cast<std::size_t>(to)].id;
                e.id = e.from + "-" + e.to;
                e.name = line.name;
                e.type = line.type;
                e.lanes = line.lanes;
                e.speedMps = line.speedMps;
                e.priority = line.priority;
                e.arterial = line.arterial;
                if (m_gateLinks.count(static_cast<int>(i)))
                    (dir == 0 ? m_plan.gateEdgesIn : m_plan.gateEdgesOut).push_back(e.id);
                else if (isCentral(from) && isCentral(to))
                    m_plan.centralEdges.push_back(e.id);
                m_plan.edges.push_back(std::move(e));
            }
        }
        std::vector<PlanNode> nodes;
        for (std::size_t i = 0; i < m_plan.nodes.size(); ++i)
            if (m_reachable[i])
                nodes.push_back(std::move(m_plan.nodes[i]));
        m_plan.nodes = std::move(nodes);
    }

    SeededRandom m_rng;
    StreetNames m_names;
    GridShape m_shape;
    CityPlan m_plan;
    std::vector<Line> m_lines;
    std::vector<int> m_colLine;
    std::vector<int> m_rowLine;
    std::vector<int> m_diagonalLine;
    std::vector<int> m_diagonalOffsets;
    std::vector<bool> m_arterialCols;
    std::vector<bool> m_arterialRows;
    std::vector<int> m_grid;                  // node index per grid cell, -1 for parks
    std::vector<std::pair<int, int>> m_cell;  // grid cell per node, (-1, -1) for gates
    std::vector<Link> m_links;
    std::set<int> m_gateLinks;
    std::vector<bool> m_reachable;
    int m_gates = 0;
    double m_cos = 1;
    double m_sin = 0;
};

} // namespace

const char *citySizeName(CitySize size)
{
    return size == CitySize::Small ? "small" : "default";
}

CityPlan generateCityPlan(std::uint32_t seed, CitySize size, const core::LatLon &origin)
{
    return PlanBuilder(seed, size, origin).build();
}

core::LatLon planToGeo(const core::LatLon &origin, double x, double y)
{
    constexpr double deg = 180.0 / std::numbers::pi;
    const double lat = origin.lat + y / kMeanEarthRadius * deg;
    const double lon = origin.lon + x / (kMeanEarthRadius * std::cos(origin.lat / deg)) * deg;
    return {lat, lon};
}

} // namespace greenlight::gateway::sumo
