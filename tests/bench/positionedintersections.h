#pragma once

#include <QIdentityProxyModel>
#include <QPointF>
#include <QSizeF>

#include <vector>

namespace greenlight::core {
struct CityLayout;
}

namespace greenlight::bench {

// The console's IntersectionListModel with where each intersection sits on screen added (roles
// "screenX" and "screenY", item pixels), for the one-item-per-intersection baseline: the same
// projection and whole-city fit as the map item uses.
class PositionedIntersections : public QIdentityProxyModel
{
    Q_OBJECT
public:
    enum Role { ScreenXRole = Qt::UserRole + 100, ScreenYRole };

    PositionedIntersections(const core::CityLayout &layout, QSizeF viewSize, double marginPx,
                            QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::vector<QPointF> m_positions;
};

} // namespace greenlight::bench
