#include "greenwaveengine.h"

#include "gateway/logging.h"
#include "signalexecutor.h"

#include <libsumo/libsumo.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace greenlight::gateway::sumo {

namespace {
// How often a wave's route and ETAs are recomputed, simulated seconds.
constexpr double kReplanS = 1.0;
// A road holding at least one vehicle per this many metres of lane is crowded: its traffic's mean
// speed is the speed an emergency vehicle can expect there; the times shown take sparser roads at
// free speed.
constexpr double kCrowdedGapM = 40.0;
// How long a spawned vehicle may wait to enter the road before its wave counts it lost.
constexpr double kInsertWaitS = 60.0;
// A green held while neither the vehicle nor the queue ahead of it moves this long is given back...
constexpr double kStuckS = 15.0;
// ...for at least this long, or the intersection's whole cycle where that is longer.
constexpr double kStuckRestS = 30.0;
// After this many such greens the intersection is left to its programme for the rest of the wave:
// the road beyond it is jammed, and holding it again only spreads the jam.
constexpr int kMaxUnusable = 2;
// The vehicle type spawned vehicles get where the scenario has no ambulance of its own.
constexpr const char *kSpawnType = "greenlight_emergency";

bool driving(const std::vector<std::string> &ids, const std::string &id)
{
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// True where a wave was refused an intersection because another wave had its light.
bool refusedForAWave(const std::string &note)
{
    return note.rfind("held for wave ", 0) == 0 || note.rfind("taken by wave ", 0) == 0;
}

// An emergency vehicle type: the scenario's "ambulance" where it has one, otherwise one of ours.
std::string emergencyType()
{
    const auto types = libsumo::VehicleType::getIDList();
    for (const char *own : {"ambulance", kSpawnType})
        if (std::find(types.begin(), types.end(), own) != types.end())
            return own;
    libsumo::VehicleType::copy("DEFAULT_VEHTYPE", kSpawnType);
    libsumo::VehicleType::setVehicleClass(kSpawnType, "emergency");
    libsumo::VehicleType::setShapeClass(kSpawnType, "emergency");
    libsumo::VehicleType::setLength(kSpawnType, 6.5);
    libsumo::VehicleType::setColor(kSpawnType, libsumo::TraCIColor(220, 30, 30));
    return kSpawnType;
}
} // namespace

struct GreenWaveEngine::Wave {
    WaveOrder order;
    std::unique_ptr<core::greenwave::WaveSchedule> schedule;
    double lastPlanS = -1e9;
    double startedS = 0;
    double endedS = 0;
    int lastSegment = -1;
    bool seen = false;              // the vehicle has been on the road since the wave started
    double remainingS = 0;
    std::vector<int> pathAhead;
    libsumo::TraCIPosition position;
    // By intersection ahead: seconds of the queue halted in front of it (back to the previous
    // light, or to the vehicle) that its green can clear within the lead cap (QueueTiming).
    std::map<int, double> queueS;
    std::vector<double> queueDelayS; // by position on the path ahead: a queue's wait beyond its lead
    std::vector<float> speeds;      // the vehicle's own expected speed by segment (NaN: speed limit)
    std::vector<float> shownSpeeds; // the same for the times shown: sparse roads at free speed
    std::map<int, double> shownEtaS; // by intersection ahead: the arrival shown, simulated seconds
    double lastMovedS = 0;          // when the vehicle last drove
    struct Watch {
        double queueS = 0;          // the smallest queue ahead seen since its green showed
        double sinceS = 0;          // when the vehicle or that queue last moved on
    };
    std::map<int, Watch> held;      // by intersection showing the vehicle's green
    std::map<int, int> unusable;    // by intersection: greens given back because the vehicle could not use them
    bool finished = false;
    std::string outcome = "running";
    std::string key() const { return std::string(kWaveKeyPrefix) + order.id; }
};

GreenWaveEngine::GreenWaveEngine(const core::CityLayout &layout, SignalExecutor &executor)
    : m_layout(layout)
    , m_executor(executor)
    , m_graph(layout)
    , m_router(m_graph)
{
    m_lightOf.reserve(layout.intersections.size());
    for (const auto &intersection : layout.intersections)
        m_lightOf.push_back(m_executor.indexOf(intersection.id));
}

int GreenWaveEngine::targetPhase(const core::greenwave::WavePassage &passage) const
{
    const int light = lightOf(passage.intersection);
    return light < 0 ? -1
                     : core::greenwave::servingPhaseInOrder(m_executor.timing(std::size_t(light)), passage.signalGroups,
                                                            m_graph.approachGroups(passage.approachSegment));
}

int GreenWaveEngine::lightOf(int intersection) const
{
    return intersection >= 0 && std::size_t(intersection) < m_lightOf.size() ? m_lightOf[std::size_t(intersection)]
                                                                              : -1;
}

GreenWaveEngine::~GreenWaveEngine() = default;

std::optional<std::string> GreenWaveEngine::start(const WaveOrder &order, double simTimeS)
{
    if (find(order.id))
        return "a wave " + order.id + " already exists";
    if (order.destinationSegment < 0 || order.destinationSegment >= m_graph.segmentCount())
        return "the destination is not a road of this city";
    std::vector<std::string> edges;
    for (const int s : order.path) {
        if (s < 0 || s >= m_graph.segmentCount())
            return "the path leaves the roads of this city";
        edges.push_back(m_layout.segments[std::size_t(s)].id);
    }
    const std::string &destination = m_layout.segments[std::size_t(order.destinationSegment)].id;
    if (order.spawn) {
        if (edges.empty())
            return "a spawned vehicle needs a path";
        try {
            const std::string route = "greenlight_route_" + order.id;
            libsumo::Route::add(route, edges);
            libsumo::Vehicle::add(order.vehicleId, route, emergencyType(), "now", "best", "base", "max");
        } catch (const std::exception &e) {
            return std::string("cannot put a vehicle on the road there: ") + e.what();
        }
    } else {
        if (!driving(libsumo::Vehicle::getIDList(), order.vehicleId))
            return "no vehicle " + order.vehicleId + " is driving";
        try {
            if (edges.empty())
                libsumo::Vehicle::changeTarget(order.vehicleId, destination);
            else
                libsumo::Vehicle::setRoute(order.vehicleId, edges);
        } catch (const std::exception &e) {
            try {
                // The vehicle may have moved on since the path was planned: let SUMO find one.
                libsumo::Vehicle::changeTarget(order.vehicleId, destination);
            } catch (const std::exception &) {
                return std::string("the vehicle cannot reach the destination: ") + e.what();
            }
        }
    }
    auto wave = std::make_unique<Wave>();
    wave->order = order;
    // The ticket speaks for the wave from here on: the order's own identity goes into it once.
    wave->order.ticket.waveId = order.id;
    wave->order.ticket.vehicleId = order.vehicleId;
    wave->order.ticket.priority = order.priority;
    wave->startedS = simTimeS;
    wave->pathAhead = order.path;
    wave->schedule = std::make_unique<core::greenwave::WaveSchedule>(
        [this](const core::greenwave::WavePassage &passage) { return targetPhase(passage); });
    qCInfo(lcSumo, "green wave %s for %s started at %.0f s", order.id.c_str(), order.vehicleId.c_str(), simTimeS);
    m_waves.push_back(std::move(wave));
    return std::nullopt;
}

GreenWaveEngine::Wave *GreenWaveEngine::find(const std::string &id)
{
    for (auto &w : m_waves)
        if (w->order.id == id)
            return w.get();
    return nullptr;
}

bool GreenWaveEngine::running() const
{
    return std::any_of(m_waves.begin(), m_waves.end(), [](const auto &w) { return !w->finished; });
}

bool GreenWaveEngine::abort(const std::string &id, const std::string &why, double simTimeS)
{
    Wave *wave = find(id);
    if (!wave || wave->finished)
        return false;
    finish(*wave, "aborted: " + why, simTimeS);
    return true;
}

void GreenWaveEngine::abandon(const std::string &dispatcher, const std::string &why, double simTimeS)
{
    for (auto &w : m_waves)
        if (!w->finished && w->order.ticket.dispatcher == dispatcher)
            finish(*w, "lost: " + why, simTimeS);
}

void GreenWaveEngine::finish(Wave &wave, const std::string &outcome, double simTimeS)
{
    execute(wave, wave.schedule->shrink(outcome), simTimeS);
    wave.finished = true;
    wave.outcome = outcome;
    wave.endedS = simTimeS;
    wave.pathAhead.clear();
    qCInfo(lcSumo, "green wave %s %s at %.0f s", wave.order.id.c_str(), outcome.c_str(), simTimeS);
}

void GreenWaveEngine::replan(Wave &wave, double simTimeS, const std::vector<float> &liveSpeeds)
{
    const std::string &vehicle = wave.order.vehicleId;
    const std::string road = libsumo::Vehicle::getRoadID(vehicle);
    if (road.empty())
        return;
    // The path the vehicle really drives: its route in SUMO from where it is now. Inside a
    // junction (an internal lane) the route index is still the road it came in on: the plan goes
    // on from that road's end, so the junction it is in stays ahead until it is out on the next
    // road, and a vehicle stuck in a junction (the road beyond is full) does not leave the ETAs
    // of everything ahead running down as if it drove.
    const bool inside = road.front() == ':';
    const auto edges = libsumo::Vehicle::getRoute(vehicle);
    const int at = libsumo::Vehicle::getRouteIndex(vehicle);
    if (at < 0 || std::size_t(at) >= edges.size() || (!inside && edges[std::size_t(at)] != road))
        return;
    const int segment = m_graph.segmentIndex(edges[std::size_t(at)]);
    if (segment < 0)
        return;
    wave.lastSegment = segment;
    std::vector<int> path;
    for (std::size_t i = static_cast<std::size_t>(std::max(at, 0)); i < edges.size(); ++i) {
        const int s = m_graph.segmentIndex(edges[i]);
        if (s < 0)
            break;
        path.push_back(s);
    }
    if (path.empty() || path.front() != segment)
        return;
    const double position = libsumo::Vehicle::getLanePosition(vehicle);
    expectations(wave, path, position, liveSpeeds);
    const double offset = inside ? m_graph.lengthM(segment) : position;
    const core::routing::Route route = m_router.along(path, offset, wave.speeds, wave.queueDelayS);
    const core::routing::Route shown = m_router.along(path, offset, wave.shownSpeeds, wave.queueDelayS);
    for (const int s : path) {
        wave.speeds[std::size_t(s)] = std::numeric_limits<float>::quiet_NaN();
        wave.shownSpeeds[std::size_t(s)] = std::numeric_limits<float>::quiet_NaN();
    }
    if (!route.found())
        return;
    wave.remainingS = shown.found() ? shown.travelTimeS : route.travelTimeS;
    wave.shownEtaS.clear();
    for (const auto &signal : shown.signals)
        wave.shownEtaS.emplace(signal.intersection, simTimeS + signal.etaS);
    wave.lastPlanS = simTimeS;
    wave.pathAhead = path;
    execute(wave, wave.schedule->update(route, segment, simTimeS), simTimeS);
}

void GreenWaveEngine::expectations(Wave &wave, const std::vector<int> &path, double position,
                                   const std::vector<float> &liveSpeeds) const
{
    // An emergency vehicle drives at its own free speed wherever the traffic ahead moves; where
    // vehicles halt in front of a signal the wave will turn green, what delays it is the time that
    // queue needs to clear, not the queue's speed, so halted stretches count at the free speed and
    // their queue goes into the time the intersection is asked ahead.
    const std::string &vehicle = wave.order.vehicleId;
    const double factor = libsumo::Vehicle::getSpeedFactor(vehicle);
    const double topSpeed = libsumo::Vehicle::getMaxSpeed(vehicle);
    const double ownSpeed = libsumo::Vehicle::getSpeed(vehicle);
    wave.speeds.resize(std::size_t(m_graph.segmentCount()), std::numeric_limits<float>::quiet_NaN());
    wave.shownSpeeds.resize(wave.speeds.size(), std::numeric_limits<float>::quiet_NaN());
    std::vector<double> halted(path.size(), 0.0); // per lane, on each road of the path
    std::vector<int> lightAt(path.size(), -1);
    for (std::size_t i = 0; i < path.size(); ++i) {
        const int s = path[i];
        const auto &segment = m_layout.segments[std::size_t(s)];
        const double free = std::min(segment.speedLimitMps * factor, topSpeed);
        const int intersection = m_graph.toIntersection(s);
        if (intersection >= 0 && i + 1 < path.size())
            lightAt[i] = intersection;
        // On the vehicle's own road, those halted ahead of it in its lane; further on, all of a
        // road's halted vehicles spread over its lanes.
        if (i == 0) {
            const std::string lane = libsumo::Vehicle::getLaneID(vehicle);
            for (const auto &other : libsumo::Lane::getLastStepVehicleIDs(lane))
                if (other != vehicle && libsumo::Vehicle::getLanePosition(other) > position
                    && libsumo::Vehicle::getSpeed(other) < 0.1)
                    halted[i] += 1;
        } else {
            halted[i] = double(libsumo::Edge::getLastStepHaltingNumber(segment.id)) / std::max(1, segment.lanes);
        }
        const bool live = std::size_t(s) < liveSpeeds.size() && !std::isnan(liveSpeeds[std::size_t(s)]);
        double expected = halted[i] > 0 || !live ? free : std::min(free, double(liveSpeeds[std::size_t(s)]));
        // What the coordinator is shown: the traffic's mean speed bounds the vehicle only where a
        // road is full enough to hold it up; on a nearly empty road one car slowing to turn or
        // stop drags the mean to nothing, and the remaining time would jump by minutes. The asks
        // keep the mean everywhere: a light asked late costs the vehicle a little, one asked
        // early and held costs the cross streets (see BENCHMARKS.md, green waves).
        const bool crowded = double(libsumo::Edge::getLastStepVehicleNumber(segment.id)) * kCrowdedGapM
            >= segment.lengthM * std::max(1, segment.lanes);
        double shown = crowded ? expected : free;
        // On its own road the vehicle's own speed says more than the road's mean: a queue in a
        // turning lane beside it drags the mean towards zero while the vehicle drives on.
        if (i == 0) {
            expected = std::max(expected, std::min(free, ownSpeed));
            shown = std::max(shown, expected);
        }
        wave.speeds[std::size_t(s)] = float(expected);
        wave.shownSpeeds[std::size_t(s)] = float(shown);
    }
    // Each light is asked ahead for the queue its green can clear in time; the rest of a longer
    // queue delays the vehicle whatever the light shows, so it is waited out on the road leading
    // into that light, and the light is not held for a queue that cannot reach it.
    core::greenwave::QueuesAhead queues = core::greenwave::queuesAhead(halted, lightAt);
    wave.queueS = std::move(queues.leadS);
    wave.queueDelayS = std::move(queues.delayS);
}

std::vector<core::greenwave::WaveAction> GreenWaveEngine::unusable(Wave &wave, double simTimeS)
{
    // A green the vehicle cannot use (its exit is full, the queue ahead of it does not move)
    // starves every other movement for nothing: give it back for a cycle, then ask again.
    std::vector<core::greenwave::WaveAction> out;
    std::map<int, Wave::Watch> held;
    for (const auto &p : wave.schedule->passages()) {
        if (p.stage != core::greenwave::PassageStage::GreenHeld)
            continue;
        const auto queue = wave.queueS.find(p.intersection);
        const double q = queue == wave.queueS.end() ? 0.0 : queue->second;
        const auto before = wave.held.find(p.intersection);
        Wave::Watch watch{q, simTimeS};
        if (before != wave.held.end() && q >= before->second.queueS - 0.5 && wave.lastMovedS < before->second.sinceS)
            watch = {std::min(q, before->second.queueS), before->second.sinceS};
        if (simTimeS - watch.sinceS < kStuckS) {
            held[p.intersection] = watch;
            continue;
        }
        const int light = lightOf(p.intersection);
        double cycleS = 0;
        if (light >= 0)
            for (int k = 0; k < m_executor.timing(std::size_t(light)).phaseCount(); ++k)
                cycleS += m_executor.timing(std::size_t(light)).phase(k).durationS;
        const int times = ++wave.unusable[p.intersection];
        const auto actions = wave.schedule->giveBack(
            p.intersection, "the vehicle could not move on its green; given back for a cycle", simTimeS,
            std::max(kStuckRestS, cycleS));
        out.insert(out.end(), actions.begin(), actions.end());
        if (times >= kMaxUnusable)
            wave.schedule->refused(p.intersection, "the vehicle could not move on its green "
                                                       + std::to_string(times)
                                                       + " times (the road beyond is jammed); left to its programme");
    }
    wave.held = std::move(held);
    return out;
}

void GreenWaveEngine::execute(Wave &wave, const std::vector<core::greenwave::WaveAction> &actions, double simTimeS)
{
    using Kind = core::greenwave::WaveAction::Kind;
    for (const auto &action : actions) {
        const int light = lightOf(action.intersection);
        if (light < 0)
            continue;
        if (action.kind == Kind::Release) {
            bool passed = false;
            for (const auto &p : wave.schedule->passages())
                if (p.intersection == action.intersection)
                    passed = p.stage == core::greenwave::PassageStage::Passed;
            release(wave, action.intersection, passed, simTimeS);
            continue;
        }
        // Request: arbitration by priority.
        if (const auto holder = m_holder.find(action.intersection);
            holder != m_holder.end() && holder->second != wave.order.id) {
            Wave *other = nullptr;
            for (auto &w : m_waves)
                if (w->order.id == holder->second)
                    other = w.get();
            if (other && other->order.priority >= wave.order.priority) {
                wave.schedule->refused(action.intersection, "held for wave " + other->order.id + " (priority "
                                                                + std::to_string(other->order.priority) + ")");
                m_losers[action.intersection].push_back(wave.order.id);
                continue;
            }
            if (other) {
                other->schedule->refused(action.intersection, "taken by wave " + wave.order.id + " (priority "
                                                                  + std::to_string(wave.order.priority) + ")");
                m_losers[action.intersection].push_back(other->order.id);
                m_holder.erase(action.intersection);
                if (m_gate)
                    m_gate->release(m_layout.intersections[std::size_t(action.intersection)].id, other->order.id,
                                    "taken by wave " + wave.order.id, false);
            }
        }
        const std::string &intersectionId = m_layout.intersections[std::size_t(action.intersection)].id;
        const auto held = m_holder.find(action.intersection);
        const bool ours = held != m_holder.end() && held->second == wave.order.id;
        // A new claim, or a new target for one the wave holds (audited as a request of its own).
        if (m_gate && (held == m_holder.end() || ours)) {
            if (const auto why = m_gate->claim(intersectionId, wave.order.ticket, action.targetPhase, wave.key())) {
                wave.schedule->refused(action.intersection, *why);
                if (ours)
                    release(wave, action.intersection, false, simTimeS);
                continue;
            }
        }
        if (m_interrupted.count(action.intersection) == 0)
            m_interrupted[action.intersection] = m_executor.programmePhase(std::size_t(light));
        const auto plan = m_executor.commandNow(std::size_t(light), {core::safety::CommandKind::GoToPhase, action.targetPhase},
                                                wave.key(), simTimeS);
        if (!plan.accepted) {
            wave.schedule->refused(action.intersection, plan.reason);
            if (ours) {
                release(wave, action.intersection, false, simTimeS);
            } else if (m_holder.count(action.intersection) == 0) {
                m_interrupted.erase(action.intersection);
                if (m_gate)
                    m_gate->release(intersectionId, wave.order.id, "refused: " + plan.reason, false);
            }
            continue;
        }
        m_holder[action.intersection] = wave.order.id;
    }
}

void GreenWaveEngine::release(Wave &wave, int intersection, bool passed, double simTimeS)
{
    const auto holder = m_holder.find(intersection);
    if (holder == m_holder.end() || holder->second != wave.order.id)
        return;
    m_holder.erase(holder);
    const int light = lightOf(intersection);
    // Back to the movements the wave cut short, not on from the phase it held: a skipped green
    // would otherwise wait a whole extra cycle.
    int resume = -1;
    if (const auto it = m_interrupted.find(intersection); it != m_interrupted.end()) {
        int target = -1;
        for (const auto &p : wave.schedule->passages())
            if (p.intersection == intersection)
                target = p.targetPhase;
        resume = core::greenwave::resumePhase(m_executor.timing(std::size_t(light)), it->second, target);
        m_interrupted.erase(it);
    }
    m_executor.commandNow(std::size_t(light), {core::safety::CommandKind::Restore, resume}, wave.key(), simTimeS);
    if (m_gate)
        m_gate->release(m_layout.intersections[std::size_t(intersection)].id, wave.order.id,
                        passed ? "the vehicle has passed" : "released", passed);
    // Waves refused it for another wave's hold (this one's, or one it took the light from) may ask
    // again, where that is still why they were refused.
    if (const auto losers = m_losers.find(intersection); losers != m_losers.end()) {
        for (const auto &id : losers->second) {
            Wave *loser = find(id);
            if (!loser || loser->finished)
                continue;
            for (const auto &p : loser->schedule->passages())
                if (p.intersection == intersection && refusedForAWave(p.note))
                    loser->schedule->retry(intersection);
        }
        m_losers.erase(losers);
    }
}

void GreenWaveEngine::step(double simTimeS, const std::vector<float> &liveSpeeds)
{
    if (std::none_of(m_waves.begin(), m_waves.end(), [](const auto &w) { return !w->finished; }))
        return;
    const auto ids = libsumo::Vehicle::getIDList();
    for (auto &w : m_waves) {
        Wave &wave = *w;
        if (wave.finished)
            continue;
        if (!driving(ids, wave.order.vehicleId)) {
            if (!wave.seen && wave.order.spawn && simTimeS - wave.startedS < kInsertWaitS)
                continue; // waiting to enter the road
            if (!wave.seen) {
                finish(wave, "lost: the vehicle could not enter the road", simTimeS);
                continue;
            }
            const bool arrived = wave.lastSegment == wave.order.destinationSegment;
            finish(wave, arrived ? "arrived" : "lost: the vehicle left the simulation before its destination",
                   simTimeS);
            continue;
        }
        wave.seen = true;
        wave.position = libsumo::Vehicle::getPosition(wave.order.vehicleId);
        if (libsumo::Vehicle::getSpeed(wave.order.vehicleId) >= 1.0)
            wave.lastMovedS = simTimeS;
        if (simTimeS - wave.lastPlanS >= kReplanS - 1e-6)
            replan(wave, simTimeS, liveSpeeds);
        execute(wave, unusable(wave, simTimeS), simTimeS);
        for (const auto &p : wave.schedule->passages()) {
            if (p.stage != core::greenwave::PassageStage::Preparing)
                continue;
            const int light = lightOf(p.intersection);
            if (light >= 0 && m_executor.showsTarget(std::size_t(light), wave.key()))
                wave.schedule->greenShown(p.intersection);
        }
        const auto actions = wave.schedule->due(simTimeS, [&](const core::greenwave::WavePassage &p) {
            const int light = lightOf(p.intersection);
            if (light < 0)
                return -1.0;
            const auto plan =
                m_executor.preview(std::size_t(light), {core::safety::CommandKind::GoToPhase, p.targetPhase}, simTimeS);
            if (!plan.accepted || plan.steps.empty())
                return -1.0;
            const auto queue = wave.queueS.find(p.intersection);
            return plan.steps.back().startS - simTimeS + (queue == wave.queueS.end() ? 0.0 : queue->second);
        });
        execute(wave, actions, simTimeS);
    }
}

std::vector<FieldWave> GreenWaveEngine::progress() const
{
    std::vector<FieldWave> out;
    out.reserve(m_waves.size());
    for (const auto &w : m_waves) {
        FieldWave f;
        f.ticket = w->order.ticket;
        f.spawned = w->order.spawn;
        f.finished = w->finished;
        f.outcome = w->outcome;
        f.startedSimS = w->startedS;
        f.endedSimS = w->endedS;
        f.remainingS = w->finished ? 0 : w->remainingS;
        f.pathAhead = w->pathAhead;
        f.seen = w->seen;
        if (w->seen) {
            const auto geo = libsumo::Simulation::convertGeo(w->position.x, w->position.y);
            f.latitude = geo.y;
            f.longitude = geo.x;
        }
        f.passages = w->schedule->passages();
        if (!w->finished)
            for (auto &p : f.passages)
                if (const auto eta = w->shownEtaS.find(p.intersection); eta != w->shownEtaS.end())
                    p.etaS = eta->second;
        out.push_back(std::move(f));
    }
    return out;
}

} // namespace greenlight::gateway::sumo
