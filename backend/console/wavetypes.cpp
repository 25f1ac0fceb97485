#include "wavetypes.h"

#include <QCoreApplication>

#include <cmath>

namespace greenlight::console {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("GreenWave", text);
}
} // namespace

WavePlace WavePlace::vehicle(const std::string &id, const QString &label)
{
    return {Kind::Vehicle, id, {}, label.isEmpty() ? QString::fromStdString(id) : label};
}

WavePlace WavePlace::poi(const std::string &id, const QString &label)
{
    return {Kind::Poi, id, {}, label.isEmpty() ? QString::fromStdString(id) : label};
}

WavePlace WavePlace::at(core::LatLon point, const QString &label)
{
    return {Kind::Point, {}, point,
            label.isEmpty() ? QStringLiteral("%1, %2").arg(point.lat, 0, 'f', 5).arg(point.lon, 0, 'f', 5) : label};
}

WavePlace WavePlace::segment(const std::string &id, const QString &label)
{
    return {Kind::Segment, id, {}, label.isEmpty() ? QString::fromStdString(id) : label};
}

bool WavePlace::operator==(const WavePlace &other) const
{
    if (kind != other.kind)
        return false;
    return kind == Kind::Point ? point == other.point : id == other.id;
}

namespace wavetext {

QString passageStateText(PassageState state)
{
    switch (state) {
    case PassageState::Waiting: return tr("waiting");
    case PassageState::Preparing: return tr("preparing");
    case PassageState::GreenHeld: return tr("green held");
    case PassageState::Passed: return tr("passed");
    case PassageState::Released: return tr("released");
    case PassageState::Refused: return tr("refused");
    case PassageState::Unknown: break;
    }
    return tr("unknown");
}

QString passageStateKey(PassageState state)
{
    switch (state) {
    case PassageState::Waiting: return QStringLiteral("waiting");
    case PassageState::Preparing: return QStringLiteral("preparing");
    case PassageState::GreenHeld: return QStringLiteral("green");
    case PassageState::Passed: return QStringLiteral("passed");
    case PassageState::Released: return QStringLiteral("released");
    case PassageState::Refused: return QStringLiteral("refused");
    case PassageState::Unknown: break;
    }
    return QStringLiteral("unknown");
}

QString waveStateText(WaveState state)
{
    switch (state) {
    case WaveState::Running: return tr("running");
    case WaveState::Arrived: return tr("arrived");
    case WaveState::Aborted: return tr("aborted");
    case WaveState::Lost: return tr("lost");
    case WaveState::Unknown: break;
    }
    return tr("unknown");
}

QString duration(double seconds)
{
    const long s = std::lround(std::max(0.0, seconds));
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s % 60 == 0)
        return tr("%1 min").arg(s / 60);
    return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
}

QString eta(double seconds)
{
    if (seconds < 0.5)
        return tr("now");
    return tr("in %1").arg(duration(seconds));
}

QString distance(double metres)
{
    if (metres < 1000)
        return tr("%1 m").arg(std::lround(std::max(0.0, metres)));
    return tr("%1 km").arg(metres / 1000.0, 0, 'f', 1);
}

} // namespace wavetext

} // namespace greenlight::console
