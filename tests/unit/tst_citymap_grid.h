#pragma once

// Shared by the map's tests: an n x n grid city, its snapshot, and small geometry helpers.

#include "core/citylayout.h"
#include "core/livestate.h"
#include "widgets/maplod.h"
#include "widgets/mapmesh.h"

#include <QPointF>

#include <cmath>
#include <memory>

namespace citymaptest {
// A square grid of n x n signalised intersections, spacingM metres apart.
std::shared_ptr<greenlight::core::CityLayout> makeGridLayout(int n, double spacingM);
// A snapshot of that grid: north-south green on even rows, east-west green on odd ones.
greenlight::core::LiveBatch makeGridSnapshot(const greenlight::core::CityLayout &layout, int n);
// Index of the intersection at row r, column c.
int gridIndex(int n, int r, int c);

// True when two points are within eps of each other.
inline bool near(QPointF a, QPointF b, double eps = 1e-6)
{
    return std::abs(a.x() - b.x()) <= eps && std::abs(a.y() - b.y()) <= eps;
}

// Builds every tile of a city at lod.
inline void buildAll(greenlight::widgets::MapMesh &mesh, const greenlight::widgets::MapLod &lod)
{
    for (int c = 0; c < mesh.chunkCount(); ++c)
        mesh.ensureBuilt(c, lod);
}
} // namespace citymaptest
