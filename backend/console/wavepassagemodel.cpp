#include "wavepassagemodel.h"

#include "console/statestore.h"

#include <algorithm>

namespace greenlight::console {

namespace {
bool ahead(PassageState state)
{
    return state == PassageState::Waiting || state == PassageState::Preparing || state == PassageState::GreenHeld
        || state == PassageState::Unknown;
}
} // namespace

WavePassageModel::WavePassageModel(StateStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    connect(m_store, &StateStore::layoutChanged, this, [this] {
        // Layout indices change with the layout.
        beginResetModel();
        m_intersections.clear();
        for (const auto &p : m_passages)
            m_intersections.push_back(m_store->intersectionIndex(p.intersectionId));
        endResetModel();
    });
}

int WavePassageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_passages.size());
}

double WavePassageModel::etaNow(const WavePassageInfo &p) const
{
    const double elapsed = m_baseSimS > 0 && m_simS > m_baseSimS ? m_simS - m_baseSimS : 0;
    return std::max(0.0, p.etaS - elapsed);
}

QString WavePassageModel::etaText(const WavePassageInfo &p) const
{
    return ahead(p.state) ? wavetext::eta(etaNow(p)) : QString();
}

QVariant WavePassageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const size_t row = static_cast<size_t>(index.row());
    const WavePassageInfo &p = m_passages[row];
    const int intersection = m_intersections[row];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: {
        if (intersection < 0)
            return QString::fromStdString(p.intersectionId);
        const auto &ix = m_store->layout().intersections[size_t(intersection)];
        return QString::fromStdString(ix.name.empty() ? ix.id : ix.name);
    }
    case IntersectionRole: return intersection;
    case IntersectionIdRole: return QString::fromStdString(p.intersectionId);
    case EtaRole: return etaNow(p);
    case EtaTextRole: return etaText(p);
    case StateRole: return wavetext::passageStateKey(p.state);
    case StateTextRole: return wavetext::passageStateText(p.state);
    case NoteRole: return QString::fromStdString(p.note);
    case TargetPhaseRole: return p.targetPhase;
    default: break;
    }
    return {};
}

QHash<int, QByteArray> WavePassageModel::roleNames() const
{
    return {
        {IntersectionRole, "intersection"}, {IntersectionIdRole, "intersectionId"},
        {NameRole, "name"},                 {EtaRole, "eta"},
        {EtaTextRole, "etaText"},           {StateRole, "state"},
        {StateTextRole, "stateText"},       {NoteRole, "note"},
        {TargetPhaseRole, "targetPhase"},
    };
}

void WavePassageModel::setPassages(const std::vector<WavePassageInfo> &passages, double baseSimS)
{
    const bool sameRows = passages.size() == m_passages.size()
        && std::equal(passages.begin(), passages.end(), m_passages.begin(),
                      [](const auto &a, const auto &b) { return a.intersectionId == b.intersectionId; });
    m_baseSimS = baseSimS;
    if (sameRows) {
        m_passages = passages;
        if (!m_passages.empty())
            Q_EMIT dataChanged(index(0), index(rowCount() - 1));
        return;
    }
    const int before = count();
    // Waves only add intersections at the end as they see them; anything else is a new list.
    const bool grows = passages.size() > m_passages.size()
        && std::equal(m_passages.begin(), m_passages.end(), passages.begin(),
                      [](const auto &a, const auto &b) { return a.intersectionId == b.intersectionId; });
    if (grows) {
        const int first = before;
        const int last = static_cast<int>(passages.size()) - 1;
        m_passages.assign(passages.begin(), passages.begin() + before);
        if (before > 0)
            Q_EMIT dataChanged(index(0), index(before - 1));
        beginInsertRows({}, first, last);
        for (size_t i = size_t(before); i < passages.size(); ++i) {
            m_passages.push_back(passages[i]);
            m_intersections.push_back(m_store->intersectionIndex(passages[i].intersectionId));
        }
        endInsertRows();
    } else {
        beginResetModel();
        m_passages = passages;
        m_intersections.clear();
        for (const auto &p : m_passages)
            m_intersections.push_back(m_store->intersectionIndex(p.intersectionId));
        endResetModel();
    }
    if (count() != before)
        Q_EMIT countChanged();
}

void WavePassageModel::setSimTime(double simS)
{
    if (simS == m_simS)
        return;
    m_simS = simS;
    if (m_baseSimS > 0 && !m_passages.empty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {EtaRole, EtaTextRole});
}

QVariantList WavePassageModel::markers() const
{
    QVariantList out;
    for (size_t i = 0; i < m_passages.size(); ++i)
        if (m_intersections[i] >= 0)
            out.append(QVariantMap{{QStringLiteral("intersection"), m_intersections[i]},
                                   {QStringLiteral("state"), wavetext::passageStateKey(m_passages[i].state)}});
    return out;
}

} // namespace greenlight::console
