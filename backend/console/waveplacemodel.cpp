#include "waveplacemodel.h"

#include "console/statestore.h"

#include <algorithm>

namespace greenlight::console {

WavePlaceModel::WavePlaceModel(StateStore *store, Use use, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
    , m_use(use)
{
    connect(m_store, &StateStore::layoutChanged, this, &WavePlaceModel::refresh);
    if (m_use == Use::Origins) {
        connect(m_store, &StateStore::vehiclesChanged, this, &WavePlaceModel::refresh);
        connect(m_store, &StateStore::liveStateReset, this, &WavePlaceModel::refresh);
    }
    refresh();
}

int WavePlaceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant WavePlaceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case LabelRole: return row.label;
    case KindRole: return row.kind;
    case PlaceIdRole: return row.id;
    case DetailRole: return row.detail;
    default: break;
    }
    return {};
}

QHash<int, QByteArray> WavePlaceModel::roleNames() const
{
    return {{KindRole, "kind"}, {PlaceIdRole, "placeId"}, {LabelRole, "label"}, {DetailRole, "detail"}};
}

std::vector<WavePlaceModel::Row> WavePlaceModel::build() const
{
    std::vector<Row> rows;
    if (m_use == Use::Origins) {
        for (const auto &[id, v] : m_store->vehicles()) {
            if (v.kind != core::VehicleKind::Emergency)
                continue;
            // Not where it is: the list must not change each time the vehicle turns a corner.
            rows.push_back({QStringLiteral("vehicle"), QString::fromStdString(id), QString::fromStdString(id),
                            tr("emergency vehicle")});
        }
        std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.id < b.id; });
    }
    std::vector<Row> places;
    for (const auto &poi : m_store->layout().pointsOfInterest) {
        const bool hospital = poi.kind == core::PoiKind::Hospital;
        const bool fire = poi.kind == core::PoiKind::FireStation;
        if (!hospital && !(fire && m_use == Use::Origins))
            continue;
        places.push_back({hospital ? QStringLiteral("hospital") : QStringLiteral("fire"), QString::fromStdString(poi.id),
                          QString::fromStdString(poi.name.empty() ? poi.id : poi.name),
                          hospital ? tr("hospital") : tr("fire station")});
    }
    std::sort(places.begin(), places.end(), [](const Row &a, const Row &b) {
        return a.kind != b.kind ? a.kind > b.kind : QString::localeAwareCompare(a.label, b.label) < 0;
    });
    rows.insert(rows.end(), places.begin(), places.end());
    return rows;
}

void WavePlaceModel::refresh()
{
    std::vector<Row> rows = build();
    if (rows == m_rows)
        return;
    const int before = count();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (count() != before)
        Q_EMIT countChanged();
}

} // namespace greenlight::console
