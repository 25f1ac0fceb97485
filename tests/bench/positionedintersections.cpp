#include "positionedintersections.h"

#include "widgets/mapviewport.h"
#include "widgets/projectedcity.h"

namespace greenlight::bench {

PositionedIntersections::PositionedIntersections(const core::CityLayout &layout, QSizeF viewSize, double marginPx,
                                                 QObject *parent)
    : QIdentityProxyModel(parent)
{
    const auto city = widgets::ProjectedCity::build(layout);
    widgets::MapViewport viewport;
    viewport.setSize(viewSize);
    viewport.fit(city->bounds(), marginPx);
    m_positions.reserve(size_t(city->intersectionCount()));
    for (int i = 0; i < city->intersectionCount(); ++i)
        m_positions.push_back(viewport.worldToScreen(city->intersectionPosition(i)));
}

QVariant PositionedIntersections::data(const QModelIndex &index, int role) const
{
    if (role == ScreenXRole || role == ScreenYRole) {
        const int row = index.row();
        if (row < 0 || size_t(row) >= m_positions.size())
            return {};
        const QPointF p = m_positions[size_t(row)];
        return role == ScreenXRole ? p.x() : p.y();
    }
    return QIdentityProxyModel::data(index, role);
}

QHash<int, QByteArray> PositionedIntersections::roleNames() const
{
    QHash<int, QByteArray> names = QIdentityProxyModel::roleNames();
    names.insert(ScreenXRole, "screenX");
    names.insert(ScreenYRole, "screenY");
    return names;
}

} // namespace greenlight::bench
