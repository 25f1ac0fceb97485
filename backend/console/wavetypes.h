#pragma once

#include "core/geo.h"

#include <QMetaType>
#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace greenlight::console {

// Where a green wave starts or ends (greenlight.v1.WavePlace), as the coordinator chose it.
struct WavePlace {
    enum class Kind { None, Vehicle, Point, Poi, Segment };
    Kind kind = Kind::None;
    std::string id;      // Vehicle, Poi, Segment: its id
    core::LatLon point;  // Point
    QString label;       // what the coordinator picked, in words ("Hospital St. Mary", "52.5201, 13.4049")

    bool isSet() const { return kind != Kind::None; }
    static WavePlace vehicle(const std::string &id, const QString &label = {});
    static WavePlace poi(const std::string &id, const QString &label = {});
    static WavePlace at(core::LatLon point, const QString &label = {});
    static WavePlace segment(const std::string &id, const QString &label = {});
    bool operator==(const WavePlace &other) const;
};

// Where one intersection of a wave stands. Values match greenlight.v1.WavePassageState.
enum class PassageState : std::uint8_t { Unknown = 0, Waiting, Preparing, GreenHeld, Passed, Released, Refused };

// Where a wave stands. Values match greenlight.v1.WaveState.
enum class WaveState : std::uint8_t { Unknown = 0, Running, Arrived, Aborted, Lost };

// One signalised intersection a wave's route crosses (greenlight.v1.WavePassage).
struct WavePassageInfo {
    std::string intersectionId;
    std::string approachSegmentId;
    std::string exitSegmentId;
    int targetPhase = -1;
    double etaS = 0;                 // seconds from the plan or update to the stop line
    PassageState state = PassageState::Unknown;
    std::string note;
};

// A route planned for an emergency vehicle (greenlight.v1.WavePlan).
struct WavePlanInfo {
    std::vector<std::string> segmentIds;
    double lengthM = 0;
    double travelTimeS = 0;
    std::vector<WavePassageInfo> passages;
    std::string originLabel;
    std::string destinationLabel;
    double plannedSimS = 0;
};

// One green wave and its progress (greenlight.v1.Wave).
struct WaveInfo {
    std::string waveId;
    std::string vehicleId;
    bool spawned = false;
    std::string dispatcher;
    int dispatcherRole = 0;
    std::string reason;
    int priority = 5;
    std::string originLabel;
    std::string destinationLabel;
    WaveState state = WaveState::Unknown;
    std::string outcome;
    std::int64_t dispatchedUnixMs = 0;
    double dispatchedSimS = 0;
    double endedSimS = 0;
    double remainingS = 0;
    std::vector<std::string> segmentIds;  // the path still ahead
    std::vector<WavePassageInfo> passages;
    core::LatLon vehiclePosition;
    bool hasVehiclePosition = false;
    int intersectionsHeld = 0;
    double updatedSimS = 0;               // sim time of the message that brought this state

    bool running() const { return state == WaveState::Running; }
};

// Words for the operator. Keys are stable strings QML colours by.
namespace wavetext {
// "waiting", "preparing", "green held", "passed", "released", "refused", "unknown".
QString passageStateText(PassageState state);
// "waiting", "preparing", "green", "passed", "released", "refused", "unknown": colour keys.
QString passageStateKey(PassageState state);
// "running", "arrived", "aborted", "lost", "unknown": words and colour keys at once.
QString waveStateText(WaveState state);
// "in 23 s", "in 2 min 5 s", "now".
QString eta(double seconds);
// "1.8 km", "650 m".
QString distance(double metres);
// "2 min 14 s", "48 s".
QString duration(double seconds);
} // namespace wavetext

} // namespace greenlight::console

Q_DECLARE_METATYPE(greenlight::console::WavePlanInfo)
