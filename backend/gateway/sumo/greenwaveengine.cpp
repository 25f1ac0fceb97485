#include "greenwaveengine.h"

#include "gateway/logging.h"
#include "signalexecutor.h"

#include <libsumo/libsumo.h>

#include <algorithm>

namespace greenlight::gateway::sumo {

namespace {
// How often a wave's route and ETAs are recomputed, simulated seconds.
constexpr double kReplanS = 1.0;
} // namespace

struct GreenWaveEngine::Wave {
    WaveOrder order;
    std::unique_ptr<core::greenwave::WaveSchedule> schedule;
    double lastPlanS = -1e9;
    int lastSegment = -1;
    double remainingS = 0;
    bool finished = false;
    std::string outcome = "running";
    std::string key() const { return "wave:" + order.id; }
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

int GreenWaveEngine::lightOf(int intersection) const
{
    return intersection >= 0 && std::size_t(intersection) < m_lightOf.size() ? m_lightOf[std::size_t(intersection)]
                                                                              : -1;
}

GreenWaveEngine::~GreenWaveEngine() = default;

std::optional<std::string> GreenWaveEngine::start(const WaveOrder &order, double simTimeS)
{
    for (const auto &w : m_waves)
        if (w->order.id == order.id)
            return "a wave " + order.id + " already exists";
    if (order.destinationSegment < 0 || order.destinationSegment >= m_graph.segmentCount())
        return "the destination is not a road of this city";
    const auto ids = libsumo::Vehicle::getIDList();
    if (std::find(ids.begin(), ids.end(), order.vehicleId) == ids.end())
        return "no vehicle " + order.vehicleId + " is driving";
    try {
        libsumo::Vehicle::changeTarget(order.vehicleId, m_layout.segments[std::size_t(order.destinationSegment)].id);
    } catch (const std::exception &e) {
        return std::string("the vehicle cannot reach the destination: ") + e.what();
    }
    auto wave = std::make_unique<Wave>();
    wave->order = order;
    wave->schedule = std::make_unique<core::greenwave::WaveSchedule>(
        [this](int intersection, const std::vector<int> &groups) {
            const int light = lightOf(intersection);
            return light < 0 ? -1 : core::greenwave::servingPhase(m_executor.timing(std::size_t(light)), groups);
        });
    qCInfo(lcSumo, "green wave %s for %s started at %.0f s", order.id.c_str(), order.vehicleId.c_str(), simTimeS);
    m_waves.push_back(std::move(wave));
    return std::nullopt;
}

void GreenWaveEngine::abort(const std::string &id, const std::string &why, double simTimeS)
{
    for (auto &w : m_waves)
        if (w->order.id == id && !w->finished)
            finish(*w, "aborted: " + why, simTimeS);
}

void GreenWaveEngine::finish(Wave &wave, const std::string &outcome, double simTimeS)
{
    execute(wave, wave.schedule->shrink(outcome), simTimeS);
    wave.finished = true;
    wave.outcome = outcome;
    qCInfo(lcSumo, "green wave %s %s at %.0f s", wave.order.id.c_str(), outcome.c_str(), simTimeS);
}

void GreenWaveEngine::replan(Wave &wave, double simTimeS, const std::vector<float> &liveSpeeds)
{
    const std::string &vehicle = wave.order.vehicleId;
    const std::string road = libsumo::Vehicle::getRoadID(vehicle);
    if (road.empty() || road.front() == ':')
        return; // inside a junction: wait until it is on a road again
    const int segment = m_graph.segmentIndex(road);
    if (segment < 0)
        return;
    wave.lastSegment = segment;
    // The path the vehicle really drives: its route in SUMO from where it is now.
    const auto edges = libsumo::Vehicle::getRoute(vehicle);
    const int at = libsumo::Vehicle::getRouteIndex(vehicle);
    std::vector<int> path;
    for (std::size_t i = static_cast<std::size_t>(std::max(at, 0)); i < edges.size(); ++i) {
        const int s = m_graph.segmentIndex(edges[i]);
        if (s < 0)
            break;
        path.push_back(s);
    }
    if (path.empty() || path.front() != segment)
        return;
    const core::routing::Route route = m_router.along(path, libsumo::Vehicle::getLanePosition(vehicle), liveSpeeds);
    if (!route.found())
        return;
    wave.remainingS = route.travelTimeS;
    wave.lastPlanS = simTimeS;
    execute(wave, wave.schedule->update(route, segment, simTimeS), simTimeS);
}

void GreenWaveEngine::execute(Wave &wave, const std::vector<core::greenwave::WaveAction> &actions, double simTimeS)
{
    using Kind = core::greenwave::WaveAction::Kind;
    for (const auto &action : actions) {
        const int light = lightOf(action.intersection);
        if (light < 0)
            continue;
        if (action.kind == Kind::Release) {
            const auto holder = m_holder.find(action.intersection);
            if (holder == m_holder.end() || holder->second != wave.order.id)
                continue;
            m_holder.erase(holder);
            m_executor.commandNow(std::size_t(light), {core::safety::CommandKind::Restore, -1}, wave.key(), simTimeS);
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
                continue;
            }
            if (other)
                other->schedule->refused(action.intersection, "taken by wave " + wave.order.id + " (priority "
                                                                  + std::to_string(wave.order.priority) + ")");
        }
        const auto plan = m_executor.commandNow(std::size_t(light), {core::safety::CommandKind::GoToPhase, action.targetPhase},
                                                wave.key(), simTimeS);
        if (!plan.accepted) {
            wave.schedule->refused(action.intersection, plan.reason);
            continue;
        }
        m_holder[action.intersection] = wave.order.id;
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
        if (std::find(ids.begin(), ids.end(), wave.order.vehicleId) == ids.end()) {
            const bool arrived = wave.lastSegment == wave.order.destinationSegment;
            finish(wave, arrived ? "arrived" : "lost: the vehicle left the simulation before its destination",
                   simTimeS);
            continue;
        }
        if (simTimeS - wave.lastPlanS >= kReplanS - 1e-6)
            replan(wave, simTimeS, liveSpeeds);
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
            return plan.accepted && !plan.steps.empty() ? plan.steps.back().startS - simTimeS : -1.0;
        });
        execute(wave, actions, simTimeS);
    }
}

std::vector<WaveProgress> GreenWaveEngine::progress() const
{
    std::vector<WaveProgress> out;
    for (const auto &w : m_waves)
        out.push_back({w->order.id, w->order.vehicleId, w->finished, w->outcome, w->remainingS, w->schedule->passages()});
    return out;
}

} // namespace greenlight::gateway::sumo
