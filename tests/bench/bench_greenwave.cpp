// Green waves against no green waves, in SUMO, same city, same seed, same ambulance trips: the
// ambulances' travel times, the delay of all other traffic, and the conflict monitor's count over
// every signal state of both runs. Runs SUMO in process (libsumo), with the gateway's own
// SignalExecutor and GreenWaveEngine, so what it measures is the code the gateway runs.
//
//   greenlight-bench-greenwave [--trips N] [--seed N]
//                              [--city all|default|real|bologna|ingolstadt|paris|nyc|monaco]
//                              [--trace-stops] [--trace-holds] [--trace-trip ID]
//   ("all", the default, is the default city and every real city; "real" leaves the default city out)

#include "core/safety/conflictmonitor.h"
#include "gateway/sumo/citybuilder.h"
#include "gateway/sumo/greenwaveengine.h"
#include "gateway/sumo/layoutextractor.h"
#include "gateway/sumo/netreader.h"
#include "gateway/sumo/signalexecutor.h"

#include <libsumo/libsumo.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace greenlight;
namespace sumo = greenlight::gateway::sumo;

namespace {

constexpr double kTargetReduction = 0.40;   // ambulance travel time, at peak
constexpr double kTargetOthersCost = 0.05;  // mean delay of everyone else
constexpr const char *kAmbulanceType = "gl_ambulance";
// How long after a light is back on its programme its violations still count against the waves.
constexpr double kAfterHandBackS = 30.0;
// A move of the arrival shown to the coordinator larger than this from one second to the next is
// a jump in the cockpit's remaining time.
constexpr double kJumpS = 30.0;
// An ambulance slower than this with a traffic light at most kSignalAheadM ahead on its route is
// held up by that light (at its stop line or in its queue): the delay a green wave can take away.
constexpr double kStoppedMps = 1.0;
constexpr double kSignalAheadM = 300.0;
// --trace-stops: every 5 s, each stopped ambulance, the signal ahead and its wave's state there.
bool g_traceStops = false;
// --trace-holds: per trip, each intersection's time asked/held by the wave and the ambulance's time
// stopped in front of it, by the wave's state there.
bool g_traceHolds = false;
// --seed N: SUMO's random seed for both runs of a city (the trips stay the same).
int g_seed = 42;
// --trace-trip ID: every 2 s, where that ambulance is and every passage of its wave.
std::string g_traceTrip;
// --pairs S: every trip is two ambulances on one route, the second S s behind the first (two sent
// to one incident); 0: one ambulance per trip.
double g_pairGapS = 0;
// The id of the second ambulance of a pair: the first's with this suffix.
constexpr const char *kSecondSuffix = "b";

bool isSecond(const std::string &id)
{
    return g_pairGapS > 0 && id.size() > 1 && id.back() == kSecondSuffix[0];
}

struct HoldTrace {
    double heldS = 0;         // preparing or green held
    double stoppedHeldS = 0;  // the ambulance stopped before it while it was asked or held
    double stoppedOtherS = 0; // stopped before it in any other state
    int asks = 0;
    bool wasActive = false;
    std::string lastStage;
};

struct CityCase {
    std::string label;
    std::string sumocfg;
    double beginS = 0;     // simulation time the run starts
    double warmupS = 600;  // before the first ambulance
    double gapS = 150;     // between ambulance departures
};

// The real cities of the scenarios folder: real programmes; Bologna and Ingolstadt with their real
// demand, the others with the scenarios' generated trips.
struct RealCity {
    const char *name;
    const char *sumocfg;     // under GREENLIGHT_SCENARIOS_DIR
    double beginS;
    double warmupS;
    double gapS;
};
constexpr RealCity kRealCities[] = {
    {"bologna", "/bologna/bologna.sumocfg", 0, 300, 120},
    {"ingolstadt", "/ingolstadt21/ingolstadt21.sumocfg", 57600, 600, 150},
    {"paris", "/paris/paris.sumocfg", 0, 600, 150},
    {"nyc", "/nyc/nyc.sumocfg", 0, 600, 150},
    {"monaco", "/monaco/monaco.sumocfg", 0, 600, 150},
};

struct Trip {
    std::string id;
    std::vector<std::string> edges;
    double departS = 0;
    int signals = 0;
};

struct TripInfo {
    double departS = 0;
    double durationS = 0;
    double timeLossS = 0;
};

struct RunResult {
    std::map<std::string, TripInfo> trips;  // every vehicle that arrived
    std::map<std::string, double> signalDelayS; // by ambulance: seconds stopped before a traffic light
    std::uint64_t violations = 0;
    // Violations at a light while the executor ran a command on it, or within kAfterHandBackS of
    // its hand-back: the ones green waves could have caused.
    std::uint64_t commandedViolations = 0;
    std::string monitorSummary;
    int wavesArrived = 0;
    int passagesPreempted = 0;
    // The remaining time shown for each running wave, checked every second: how often the
    // arrival it promises moved by more than kJumpS from one second to the next.
    int remainingChecks = 0;
    int remainingJumps = 0;
    double wallS = 0;
};

std::map<std::string, TripInfo> readTripInfo(const QString &path)
{
    std::map<std::string, TripInfo> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return out;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement || xml.name() != QLatin1String("tripinfo"))
            continue;
        const auto a = xml.attributes();
        out[a.value("id").toString().toStdString()] = {a.value("depart").toDouble(), a.value("duration").toDouble(),
                                                      a.value("timeLoss").toDouble()};
    }
    return out;
}

std::vector<std::string> sumoArgs(const CityCase &city, const QString &tripinfo)
{
    return {"-c", city.sumocfg, "-X", "never", "--no-step-log", "--no-warnings", "--duration-log.disable", "--seed",
            std::to_string(g_seed), "--begin", std::to_string(city.beginS), "--tripinfo-output", tripinfo.toStdString(),
            "--time-to-teleport", "300"};
}

// True when `to` follows `from` in the intersection's own programme (phase k, then phase k + 1).
bool programmeStep(const core::Intersection &intersection, const std::string &from, const std::string &to)
{
    if (from == to)
        return true;
    const auto &phases = intersection.phases;
    for (std::size_t k = 0; k < phases.size(); ++k)
        if (phases[k].state == from && phases[(k + 1) % phases.size()].state == to)
            return true;
    return false;
}

void defineAmbulance()
{
    using VT = libsumo::VehicleType;
    VT::copy("DEFAULT_VEHTYPE", kAmbulanceType);
    VT::setVehicleClass(kAmbulanceType, "emergency");
    VT::setMaxSpeed(kAmbulanceType, 33.0);
    VT::setSpeedFactor(kAmbulanceType, 1.2);
    VT::setAccel(kAmbulanceType, 2.8);
    VT::setDecel(kAmbulanceType, 5.0);
    VT::setLength(kAmbulanceType, 6.5);
    VT::setColor(kAmbulanceType, libsumo::TraCIColor(230, 30, 30, 255));
}

// Picks the trips once (on the first run's loaded network): from hospitals where the city has
// them, else from random roads, to a road at least minDistanceM away, through at least minSignals
// signalised intersections on SUMO's own fastest path for the ambulance.
std::vector<Trip> pickTrips(const CityCase &city, const core::CityLayout &layout, int count)
{
    std::mt19937 random(20261121);
    std::vector<std::string> origins;
    for (const auto &poi : layout.pointsOfInterest)
        if (poi.kind == core::PoiKind::Hospital && !poi.segmentId.empty())
            origins.push_back(poi.segmentId);
    std::vector<int> candidates;
    for (std::size_t i = 0; i < layout.segments.size(); ++i)
        if (layout.segments[i].lengthM > 30 && layout.segments[i].shape.size() >= 2)
            candidates.push_back(static_cast<int>(i));
    std::set<std::string> signalised;
    for (const auto &seg : layout.segments)
        if (seg.toIntersection >= 0)
            signalised.insert(seg.id);
    std::vector<Trip> trips;
    const double minDistanceM = 1200;
    const int minSignals = 3;
    for (int attempt = 0; attempt < 5000 && static_cast<int>(trips.size()) < count; ++attempt) {
        const auto &from = origins.empty()
            ? layout.segments[std::size_t(candidates[std::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(random)])]
            : *std::find_if(layout.segments.begin(), layout.segments.end(), [&](const core::RoadSegment &s) {
                  return s.id == origins[std::size_t(trips.size()) % origins.size()];
              });
        const auto &to = layout.segments[std::size_t(candidates[std::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(random)])];
        if (core::distanceMetres(from.shape.front(), to.shape.back()) < minDistanceM)
            continue;
        libsumo::TraCIStage stage;
        try {
            stage = libsumo::Simulation::findRoute(from.id, to.id, kAmbulanceType);
        } catch (...) {
            continue;
        }
        if (stage.edges.size() < 3)
            continue;
        int signals = 0;
        for (std::size_t i = 0; i + 1 < stage.edges.size(); ++i)
            signals += signalised.count(stage.edges[i]) ? 1 : 0;
        if (signals < minSignals)
            continue;
        Trip trip;
        trip.id = "gl_ambulance_" + std::to_string(trips.size());
        trip.edges = stage.edges;
        trip.departS = city.beginS + city.warmupS + city.gapS * double(trips.size());
        trip.signals = signals;
        trips.push_back(std::move(trip));
    }
    return trips;
}

RunResult run(const CityCase &city, bool waves, std::vector<Trip> &trips, int tripCount, QTemporaryDir &dir)
{
    RunResult result;
    const QString tripinfo = dir.filePath(waves ? "with.xml" : "without.xml");
    std::string why;
    const auto files = sumo::readScenarioFiles(city.sumocfg, &why);
    if (!files) {
        std::fprintf(stderr, "cannot read %s: %s\n", city.sumocfg.c_str(), why.c_str());
        return result;
    }
    const auto wallStart = std::chrono::steady_clock::now();
    libsumo::Simulation::load(sumoArgs(city, tripinfo));
    const auto net = sumo::readNetFile(files->netFile, &why);
    const core::CityLayout layout = sumo::extractLayout(*net, *files, {city.label, city.label});
    defineAmbulance();
    if (trips.empty()) {
        trips = pickTrips(city, layout, tripCount);
        if (g_pairGapS > 0) {
            std::vector<Trip> pairs;
            for (const Trip &first : trips) {
                Trip second = first;
                second.id += kSecondSuffix;
                second.departS += g_pairGapS;
                pairs.push_back(first);
                pairs.push_back(std::move(second));
            }
            trips = std::move(pairs);
        }
    }
    for (const Trip &trip : trips) {
        libsumo::Route::add("r_" + trip.id, trip.edges);
        libsumo::Vehicle::add(trip.id, "r_" + trip.id, kAmbulanceType, std::to_string(trip.departS), "best", "base",
                              "max");
    }

    const double step = libsumo::Simulation::getDeltaT();
    sumo::SignalExecutor executor(layout, 1e9, step, {});
    sumo::GreenWaveEngine engine(layout, executor);
    core::safety::ConflictMonitor monitor;
    monitor.addLayout(layout);
    std::vector<float> speeds(layout.segments.size(), 0.f);
    for (std::size_t i = 0; i < layout.segments.size(); ++i)
        speeds[i] = static_cast<float>(layout.segments[i].speedLimitMps);
    std::set<std::string> pending;
    for (const Trip &t : trips)
        pending.insert(t.id);
    std::map<std::string, int> destination;
    for (const Trip &t : trips)
        destination[t.id] = engine.graph().segmentIndex(t.edges.back());

    const double lastDepart = trips.empty() ? city.beginS : trips.back().departS;
    double lastSpeedUpdate = -1e9;
    std::vector<double> lastCommandedS(layout.intersections.size(), -1e9);
    std::vector<std::string> shown(layout.intersections.size()); // by light: the state seen last step
    std::map<std::string, std::map<std::string, HoldTrace>> holds; // wave -> intersection -> trace
    std::map<std::string, std::map<std::string, double>> stops;   // trip -> next signal -> seconds stopped
    std::map<std::string, double> shownArrival; // wave -> arrival its remaining time promised a second ago
    for (;;) {
        libsumo::Simulation::step();
        const double now = libsumo::Simulation::getTime();
        for (std::size_t i = 0; i < layout.intersections.size(); ++i) {
            const std::string state = libsumo::TrafficLight::getRedYellowGreenState(layout.intersections[i].id);
            executor.observe(i, state, now);
            if (executor.overriding(i))
                lastCommandedS[i] = now;
            const std::uint64_t before = monitor.total();
            // A change the light's own programme makes, phase to next phase, on its programme, is
            // the programme's, whenever it comes.
            const bool own = !executor.overriding(i) && programmeStep(layout.intersections[i], shown[i], state);
            shown[i] = state;
            const bool window = now - lastCommandedS[i] <= kAfterHandBackS && !own;
            std::array<std::uint64_t, core::safety::ConflictMonitor::kRules.size()> rulesBefore{};
            if (window)
                for (std::size_t r = 0; r < rulesBefore.size(); ++r)
                    rulesBefore[r] = monitor.count(layout.intersections[i].id, core::safety::ConflictMonitor::kRules[r]);
            monitor.observe(static_cast<int>(i), now, state);
            if (window && monitor.total() > before) {
                result.commandedViolations += monitor.total() - before;
                for (std::size_t r = 0; r < rulesBefore.size(); ++r)
                    if (monitor.count(layout.intersections[i].id, core::safety::ConflictMonitor::kRules[r]) > rulesBefore[r])
                        std::printf("  violation at %s, %.0f s: %s, %s (%s)\n", layout.intersections[i].id.c_str(), now,
                                    core::safety::ConflictMonitor::kRules[r], state.c_str(),
                                    executor.overriding(i) ? "under a command" : "after its hand-back");
            }
        }
        executor.afterStep(now);
        if (now - lastSpeedUpdate >= 1.0 - 1e-6) {
            for (std::size_t i = 0; i < layout.segments.size(); ++i) {
                const auto &id = layout.segments[i].id;
                speeds[i] = libsumo::Edge::getLastStepVehicleNumber(id) > 0
                    ? static_cast<float>(libsumo::Edge::getLastStepMeanSpeed(id))
                    : static_cast<float>(layout.segments[i].speedLimitMps);
            }
            lastSpeedUpdate = now;
        }
        for (const auto &id : libsumo::Simulation::getDepartedIDList()) {
            if (!pending.count(id) || !waves)
                continue;
            sumo::WaveOrder order;
            order.id = id;
            order.vehicleId = id;
            order.destinationSegment = destination[id];
            if (const auto error = engine.start(order, now))
                std::fprintf(stderr, "  wave for %s not started: %s\n", id.c_str(), error->c_str());
        }
        for (const auto &id : libsumo::Simulation::getArrivedIDList())
            pending.erase(id);
        engine.step(now, speeds);
        if (waves && std::fmod(now, 1.0) < 1e-6) {
            for (const auto &w : engine.progress()) {
                if (w.finished || !w.seen)
                    continue;
                const double arrival = now + w.remainingS;
                const auto last = shownArrival.find(w.ticket.waveId);
                if (last != shownArrival.end()) {
                    ++result.remainingChecks;
                    result.remainingJumps += std::fabs(arrival - last->second) > kJumpS ? 1 : 0;
                }
                shownArrival[w.ticket.waveId] = arrival;
            }
        }
        if (waves && !g_traceTrip.empty() && pending.count(g_traceTrip) && std::fmod(now, 2.0) < 1e-6) {
            try {
                const std::string &id = g_traceTrip;
                if (!libsumo::Vehicle::getRoadID(id).empty()) {
                    const auto next = libsumo::Vehicle::getNextTLS(id);
                    std::string line;
                    for (const auto &w : engine.progress()) {
                        if (w.ticket.waveId != id)
                            continue;
                        line += " remaining " + std::to_string(int(w.remainingS)) + " s;";
                        // The ETAs shown to the coordinator (GreenWaveEngine::progress), not the ones asked on.
                        for (const auto &p : w.passages)
                            line += " " + layout.intersections[std::size_t(p.intersection)].id + ":"
                                + core::greenwave::stageName(p.stage) + "@" + std::to_string(int(p.etaS - now))
                                + (p.note.empty() ? "" : "(" + p.note.substr(0, 30) + ")");
                    }
                    std::printf("  %.0f %s on %s v=%.1f next %s %s %.0f m |%s\n", now, id.c_str(),
                                libsumo::Vehicle::getRoadID(id).c_str(), libsumo::Vehicle::getSpeed(id),
                                next.empty() ? "-" : next.front().id.c_str(),
                                next.empty() ? "" : std::string(1, next.front().state).c_str(),
                                next.empty() ? 0.0 : next.front().dist, line.c_str());
                }
            } catch (...) {
            }
        }
        if (waves && g_traceStops && std::fmod(now, 5.0) < 1e-6) {
            for (const auto &id : pending) {
                try {
                    if (libsumo::Vehicle::getRoadID(id).empty() || libsumo::Vehicle::getSpeed(id) > 1.0)
                        continue;
                    const auto next = libsumo::Vehicle::getNextTLS(id);
                    std::string tls = next.empty() ? "-" : next.front().id + " link " + std::to_string(next.front().tlIndex)
                            + " " + next.front().state + " in " + std::to_string(int(next.front().dist)) + " m";
                    std::string stage = "?";
                    for (const auto &w : engine.progress())
                        if (w.ticket.waveId == id)
                            for (const auto &p : w.passages)
                                if (!next.empty() && layout.intersections[std::size_t(p.intersection)].id == next.front().id)
                                    stage = std::string(core::greenwave::stageName(p.stage)) + " phase " + std::to_string(p.targetPhase) + " groups " + std::to_string(p.signalGroups.size()) + (p.signalGroups.empty() ? "" : " first " + std::to_string(p.signalGroups.front())) + " " + p.note;
                    std::printf("  %.0f %s stopped on %s; next %s; wave: %s\n", now, id.c_str(),
                                libsumo::Vehicle::getRoadID(id).c_str(), tls.c_str(), stage.c_str());
                } catch (...) {
                }
            }
        }
        for (const auto &id : pending) {
            try {
                if (libsumo::Vehicle::getRoadID(id).empty() || libsumo::Vehicle::getSpeed(id) >= kStoppedMps)
                    continue;
                const auto next = libsumo::Vehicle::getNextTLS(id);
                if (!next.empty() && next.front().dist <= kSignalAheadM)
                    result.signalDelayS[id] += step;
                if (g_traceHolds)
                    stops[id][next.empty() ? std::string("-") : next.front().id] += step;
            } catch (...) {
            }
        }
        if (waves && g_traceHolds) {
            for (const auto &w : engine.progress()) {
                if (w.finished)
                    continue;
                std::string nextTls;
                bool stopped = false;
                try {
                    if (!libsumo::Vehicle::getRoadID(w.ticket.vehicleId).empty()) {
                        stopped = libsumo::Vehicle::getSpeed(w.ticket.vehicleId) < kStoppedMps;
                        const auto next = libsumo::Vehicle::getNextTLS(w.ticket.vehicleId);
                        if (!next.empty())
                            nextTls = next.front().id;
                    }
                } catch (...) {
                }
                for (const auto &p : w.passages) {
                    auto &h = holds[w.ticket.waveId][layout.intersections[std::size_t(p.intersection)].id];
                    const bool active = p.stage == core::greenwave::PassageStage::Preparing
                        || p.stage == core::greenwave::PassageStage::GreenHeld;
                    const std::string stage = core::greenwave::stageName(p.stage);
                    if (active && !h.wasActive)
                        ++h.asks;
                    h.wasActive = active;
                    h.lastStage = p.note.empty() ? stage : stage + ": " + p.note;
                    if (active)
                        h.heldS += step;
                    if (stopped && nextTls == layout.intersections[std::size_t(p.intersection)].id)
                        (active ? h.stoppedHeldS : h.stoppedOtherS) += step;
                }
            }
        }
        if (pending.empty() && now > lastDepart)
            break;
        if (now > lastDepart + 3600)
            break;
    }
    for (const auto &[trip, byTls] : stops) {
        std::printf("  %s stopped %s:", waves ? "with" : "without", trip.c_str());
        for (const auto &[tls, t] : byTls)
            if (t >= 5)
                std::printf(" %s %.0f s", tls.c_str(), t);
        std::printf("\n");
    }
    for (const auto &[wave, byIntersection] : holds) {
        std::printf("  holds of %s:", wave.c_str());
        for (const auto &[tls, h] : byIntersection)
            std::printf(" %s[asked %d, held %.0f s, stopped %.0f s held / %.0f s not, %s]", tls.c_str(), h.asks,
                        h.heldS, h.stoppedHeldS, h.stoppedOtherS, h.lastStage.c_str());
        std::printf("\n");
    }
    for (const auto &w : engine.progress()) {
        result.wavesArrived += w.outcome == "arrived" ? 1 : 0;
        for (const auto &p : w.passages)
            result.passagesPreempted += p.stage == core::greenwave::PassageStage::Passed ? 1 : 0;
    }
    libsumo::Simulation::close();
    result.wallS = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    result.trips = readTripInfo(tripinfo);
    result.violations = monitor.total();
    result.monitorSummary = monitor.summary(5);
    return result;
}

// Everyone else's mean time loss in two runs: vehicles that arrived in both and departed while
// ambulances were about.
struct OthersLoss {
    double without = 0;
    double with = 0;
    int common = 0;
    double cost() const { return without > 0 ? with / without - 1.0 : 0; }
};

OthersLoss othersLoss(const std::vector<Trip> &trips, const RunResult &without, const RunResult &with)
{
    OthersLoss out;
    const double from = trips.front().departS - 300;
    const double to = trips.back().departS + 600;
    for (const auto &[id, info] : without.trips) {
        if (id.rfind("gl_ambulance_", 0) == 0 || info.departS < from || info.departS > to)
            continue;
        const auto other = with.trips.find(id);
        if (other == with.trips.end())
            continue;
        out.without += info.timeLossS;
        out.with += other->second.timeLossS;
        ++out.common;
    }
    if (out.common > 0) {
        out.without /= out.common;
        out.with /= out.common;
    }
    return out;
}

// The mean saving per trip of the first (second == false) or second ambulances of pairs, that
// arrived in both runs.
double pairSaving(const std::vector<Trip> &trips, const RunResult &without, const RunResult &with, bool second)
{
    double sum = 0;
    int n = 0;
    for (const Trip &t : trips) {
        const auto a = without.trips.find(t.id);
        const auto b = with.trips.find(t.id);
        if (isSecond(t.id) != second || a == without.trips.end() || b == with.trips.end() || a->second.durationS <= 0)
            continue;
        sum += 1.0 - b->second.durationS / a->second.durationS;
        ++n;
    }
    return n ? sum / n : 0;
}

bool report(const CityCase &city, int tripCount, bool *pass)
{
    QTemporaryDir dir;
    std::vector<Trip> trips;
    std::printf("\n== %s (begin %.0f s, %d ambulance trips, %.0f s apart, seed %d", city.label.c_str(), city.beginS,
                tripCount, city.gapS, g_seed);
    if (g_pairGapS > 0)
        std::printf("; each trip two ambulances on one route, the second %.0f s behind", g_pairGapS);
    std::printf(") ==\n");
    std::fflush(stdout);
    const RunResult without = run(city, false, trips, tripCount, dir);
    if (trips.empty()) {
        std::printf("no trips could be found\n");
        *pass = false;
        return false;
    }
    const RunResult with = run(city, true, trips, tripCount, dir);

    std::printf("%-18s %8s %8s %10s %9s   %s\n", "trip", "signals", "without", "with wave", "saved",
                "stopped at signals without / with");
    std::vector<double> reductions;
    double totalWithout = 0;
    double totalWith = 0;
    double signalWithout = 0;
    double signalWith = 0;
    double lostWithout = 0;
    double lostWith = 0;
    for (const Trip &t : trips) {
        const auto a = without.trips.find(t.id);
        const auto b = with.trips.find(t.id);
        if (a == without.trips.end() || b == with.trips.end()) {
            std::printf("%-18s %8d  did not arrive in both runs\n", t.id.c_str(), t.signals);
            continue;
        }
        const double r = 1.0 - b->second.durationS / a->second.durationS;
        reductions.push_back(r);
        totalWithout += a->second.durationS;
        totalWith += b->second.durationS;
        const auto delay = [&t](const RunResult &run) {
            const auto it = run.signalDelayS.find(t.id);
            return it == run.signalDelayS.end() ? 0.0 : it->second;
        };
        lostWithout += a->second.timeLossS;
        lostWith += b->second.timeLossS;
        signalWithout += delay(without);
        signalWith += delay(with);
        std::printf("%-18s %8d %7.0fs %9.0fs %8.0f%%   %5.0fs / %.0fs\n", t.id.c_str(), t.signals, a->second.durationS,
                    b->second.durationS, 100 * r, delay(without), delay(with));
    }
    const OthersLoss others = othersLoss(trips, without, with);
    const double meanReduction =
        reductions.empty() ? 0 : std::accumulate(reductions.begin(), reductions.end(), 0.0) / double(reductions.size());
    const double totalReduction = totalWithout > 0 ? 1.0 - totalWith / totalWithout : 0;
    const double meanLossWithout = others.without;
    const double meanLossWith = others.with;
    const int common = others.common;
    const double cost = others.cost();
    const bool okReduction = meanReduction >= kTargetReduction;
    const bool okCost = cost < kTargetOthersCost;
    const bool okSafety = with.commandedViolations == 0;
    std::printf("%s: ambulance travel time, mean saving per trip %.0f%% (in total %.0f%%: %.0f s without, %.0f s "
                "with)   target >= %.0f%%   %s\n",
                city.label.c_str(), 100 * meanReduction, 100 * totalReduction, totalWithout, totalWith,
                100 * kTargetReduction, okReduction ? "PASS" : "MISS");
    if (totalWithout > 0) {
        std::printf("%s: ambulances' time lost (SUMO timeLoss: below their own free speed, from any cause): %.0f s of "
                    "the %.0f s without waves (%.0f%%, the most anything could save), %.0f s with   INFO\n",
                    city.label.c_str(), lostWithout, totalWithout, 100 * lostWithout / totalWithout, lostWith);
        std::printf("%s: time stopped at traffic lights (slower than %.0f m/s, one at most %.0f m ahead): %.0f s of the "
                    "%.0f s without waves (%.0f%%, about the most signal preemption alone can save), %.0f s with; "
                    "the waves took away %.0f%% of it   INFO\n",
                    city.label.c_str(), kStoppedMps, kSignalAheadM, signalWithout, totalWithout,
                    100 * signalWithout / totalWithout, signalWith,
                    signalWithout > 0 ? 100 * (1 - signalWith / signalWithout) : 0.0);
    }
    std::printf("%s: other traffic, mean time loss %.1f s without, %.1f s with (%+.1f%%) over %d vehicles   "
                "target < %+.0f%%   %s\n",
                city.label.c_str(), meanLossWithout, meanLossWith, 100 * cost, common, 100 * kTargetOthersCost,
                okCost ? "PASS" : "MISS");
    std::printf("%s: conflict monitor, %llu violations in states the executor commanded or within %.0f s of a "
                "hand-back (other than the programme's own phase changes); over every state %llu with green waves, "
                "%llu without (the programmes' own)   target 0   "
                "%s\n",
                city.label.c_str(), static_cast<unsigned long long>(with.commandedViolations), kAfterHandBackS,
                static_cast<unsigned long long>(with.violations), static_cast<unsigned long long>(without.violations),
                okSafety ? "PASS" : "MISS");
    if (with.violations > 0)
        std::printf("with waves: %s\nwithout (the programmes' own): %s\n", with.monitorSummary.c_str(),
                    without.monitorSummary.c_str());
    std::printf("%s: remaining time shown, the arrival it promised moved more than %.0f s from one second to the "
                "next %d times in %d seconds of waves (%.1f%%)   INFO\n",
                city.label.c_str(), kJumpS, with.remainingJumps, with.remainingChecks,
                with.remainingChecks > 0 ? 100.0 * with.remainingJumps / with.remainingChecks : 0.0);
    if (g_pairGapS > 0)
        std::printf("%s: pairs, mean saving per trip of the second ambulances (%.0f s behind the first) %.0f%%, of the "
                    "first %.0f%%   INFO\n",
                    city.label.c_str(), g_pairGapS, 100 * pairSaving(trips, without, with, true),
                    100 * pairSaving(trips, without, with, false));
    std::printf("waves arrived %d of %zu; intersections preempted and passed: %d; run time %.0f s + %.0f s\n",
                with.wavesArrived, trips.size(), with.passagesPreempted, without.wallS, with.wallS);
    std::fflush(stdout);
    *pass = *pass && okReduction && okCost && okSafety;
    return true;
}

// Route time on a city's road graph: the fastest path between random pairs on live-like speeds,
// against the budget of re-planning every active emergency vehicle once a second.
void routeTiming(const std::string &label, const std::string &sumocfg)
{
    constexpr int kPairs = 300;
    constexpr int kVehicles = 20;          // emergency vehicles re-planned every second
    constexpr double kBudgetMs = 1000.0 / kVehicles;
    std::string why;
    const auto files = sumo::readScenarioFiles(sumocfg, &why);
    if (!files) {
        std::printf("%s: routing, cannot read the scenario: %s   INFO\n", label.c_str(), why.c_str());
        return;
    }
    libsumo::Simulation::load({"-c", sumocfg, "-X", "never", "--no-step-log", "--no-warnings", "--duration-log.disable"});
    const auto net = sumo::readNetFile(files->netFile, &why);
    const core::CityLayout layout = sumo::extractLayout(*net, *files, {label, label});
    libsumo::Simulation::close();
    const auto built = std::chrono::steady_clock::now();
    const core::routing::RoadGraph graph(layout);
    const core::routing::Router router(graph);
    const double buildMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - built).count();
    std::mt19937 random(7);
    std::uniform_int_distribution<int> pick(0, graph.segmentCount() - 1);
    std::uniform_real_distribution<float> slow(0.3f, 1.0f);
    std::vector<float> speeds(std::size_t(graph.segmentCount()));
    for (int i = 0; i < graph.segmentCount(); ++i)
        speeds[std::size_t(i)] = static_cast<float>(graph.speedLimitMps(i)) * slow(random);
    std::vector<double> ms;
    int found = 0;
    for (int k = 0; k < kPairs; ++k) {
        const int a = pick(random);
        const int b = pick(random);
        const auto start = std::chrono::steady_clock::now();
        const auto route = router.route(a, 0, b, speeds);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        found += route.found() ? 1 : 0;
    }
    std::sort(ms.begin(), ms.end());
    const double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / double(ms.size());
    const double p95 = ms[ms.size() * 95 / 100];
    std::printf("%s: routing on %d segments (graph built in %.0f ms), %d random pairs (%d routable): mean %.2f ms, "
                "p95 %.2f ms; budget for re-planning %d vehicles every second: %.0f ms each   %s\n",
                label.c_str(), graph.segmentCount(), buildMs, kPairs, found, mean, p95, kVehicles, kBudgetMs,
                p95 <= kBudgetMs ? "PASS" : "MISS");
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("greenlight.sumo.info=false"));
    if (qEnvironmentVariableIsEmpty("SUMO_HOME") && QFileInfo::exists(QStringLiteral("/usr/share/sumo")))
        qputenv("SUMO_HOME", "/usr/share/sumo");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Greenlight green-wave benchmark: ambulance trips with and without green waves in SUMO, same seed, "
        "same trips."));
    p.addHelpOption();
    const QCommandLineOption tripsOption(QStringLiteral("trips"), QStringLiteral("Ambulance trips per city (default 10)."),
                                         QStringLiteral("n"), QStringLiteral("10"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("SUMO's --seed (default 42)."),
                                        QStringLiteral("n"), QString::number(g_seed));
    QStringList realNames;
    for (const RealCity &real : kRealCities)
        realNames.append(QLatin1String(real.name));
    const QCommandLineOption cityOption(
        QStringLiteral("city"),
        QStringLiteral("all (the default city and every real city), default, real (every real city), ")
            + realNames.join(QStringLiteral(", ")) + QLatin1Char('.'),
        QStringLiteral("name"), QStringLiteral("all"));
    const QCommandLineOption stopsOption(QStringLiteral("trace-stops"),
                                         QStringLiteral("Print where each ambulance stops, every 5 s."));
    const QCommandLineOption holdsOption(
        QStringLiteral("trace-holds"),
        QStringLiteral("Print how long each intersection was held, and the ambulances stopped before each light."));
    const QCommandLineOption tripOption(QStringLiteral("trace-trip"),
                                        QStringLiteral("Print one trip's passages every 2 s."), QStringLiteral("id"));
    const QCommandLineOption pairsOption(
        QStringLiteral("pairs"),
        QStringLiteral("Send every trip's ambulance with a second one on the same route this many seconds behind "
                       "(two sent to one incident; default 0: one ambulance per trip)."),
        QStringLiteral("seconds"), QStringLiteral("0"));
    p.addOptions({tripsOption, seedOption, cityOption, stopsOption, holdsOption, tripOption, pairsOption});
    p.process(app);
    const QStringList known = QStringList{QStringLiteral("all"), QStringLiteral("default"), QStringLiteral("real")}
                              + realNames;
    const QString which = p.value(cityOption);
    bool numbers = true;
    const int trips = std::max(1, p.value(tripsOption).toInt(&numbers));
    bool seedOk = true;
    g_seed = p.value(seedOption).toInt(&seedOk);
    if (!known.contains(which) || !numbers || !seedOk) {
        std::fprintf(stderr, "greenlight-bench-greenwave: %s\n",
                     !known.contains(which) ? qPrintable(QStringLiteral("unknown city \"%1\"; one of %2")
                                                             .arg(which, known.join(QStringLiteral(", "))))
                                            : "--trips and --seed take whole numbers");
        return 1;
    }
    g_traceStops = p.isSet(stopsOption);
    g_traceHolds = p.isSet(holdsOption);
    g_traceTrip = p.value(tripOption).toStdString();
    bool pairsOk = true;
    g_pairGapS = p.value(pairsOption).toDouble(&pairsOk);
    if (!pairsOk || g_pairGapS < 0 || g_pairGapS > 120) {
        std::fprintf(stderr, "greenlight-bench-greenwave: --pairs takes seconds from 0 to 120\n");
        return 1;
    }
    std::vector<CityCase> cities;
    if (which == QLatin1String("all") || which == QLatin1String("default")) {
        std::string error;
        const QString cache = QDir::home().filePath(QStringLiteral(".cache/greenlight"));
        const auto config = sumo::CityBuilder(42, sumo::CitySize::Default, {52.52, 13.405})
                                .ensureCached(cache.toStdString(), &error);
        if (!config) {
            std::fprintf(stderr, "cannot generate the default city: %s\n", error.c_str());
            return 2;
        }
        cities.push_back({"default city, morning peak", *config, 1800, 600, 150});
    }
    for (const RealCity &real : kRealCities) {
        if (which != QLatin1String("all") && which != QLatin1String("real") && which != QLatin1String(real.name))
            continue;
        const QString cfg = QStringLiteral(GREENLIGHT_SCENARIOS_DIR) + QLatin1String(real.sumocfg);
        if (QFile::exists(cfg))
            cities.push_back({real.name, cfg.toStdString(), real.beginS, real.warmupS, real.gapS});
        else
            std::printf("%s: scenario not available here (%s)\n", real.name, qPrintable(cfg));
    }
    bool pass = true;
    std::printf("== route time\n");
    for (const auto &city : cities)
        routeTiming(city.label, city.sumocfg);
    // The largest real city in the scenarios folder, whichever cities run.
    const QString monaco = QStringLiteral(GREENLIGHT_SCENARIOS_DIR "/monaco/monaco.sumocfg");
    const bool monacoRuns = std::any_of(cities.begin(), cities.end(), [](const CityCase &c) { return c.label == "monaco"; });
    if (QFile::exists(monaco) && !monacoRuns)
        routeTiming("monaco (largest scenario)", monaco.toStdString());
    for (const auto &city : cities)
        report(city, trips, &pass);
    std::printf("\ngreen wave benchmark: %s\n", pass ? "all targets met" : "some targets missed");
    return pass ? 0 : 3;
}
