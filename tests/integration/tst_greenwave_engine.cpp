// The green wave engine inside a real SUMO run of the small default city (libsumo in this
// process, as the gateway runs it): a wave whose vehicle disappears from the field shrinks and
// hands every intersection back to its programme (S11), a gate that refuses keeps the field
// untouched, a vehicle already on the road can be taken, and a light handed back resumes with the
// movements the wave cut short. A conflict monitor reads every
// signal state SUMO shows, every step, and must count nothing.

#include "core/safety/conflictmonitor.h"
#include "gateway/sumo/citybuilder.h"
#include "gateway/sumo/greenwaveengine.h"
#include "gateway/sumo/layoutextractor.h"
#include "gateway/sumo/netreader.h"
#include "gateway/sumo/signalexecutor.h"

#include <libsumo/libsumo.h>

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <set>

using namespace greenlight;
using namespace greenlight::gateway;

namespace {

// A gate that records claims and releases, refusing every claim when told to.
class RecordingGate final : public WaveGate
{
public:
    std::optional<std::string> claim(const std::string &intersectionId, const WaveTicket &ticket, int,
                                     const std::string &) override
    {
        if (!refuseWith.empty())
            return refuseWith;
        held.insert(intersectionId);
        claimed.insert(intersectionId);
        claimsBy.insert({intersectionId, ticket.waveId});
        return std::nullopt;
    }
    void release(const std::string &intersectionId, const std::string &, const std::string &, bool) override
    {
        held.erase(intersectionId);
    }
    std::string refuseWith;
    std::set<std::string> held;
    std::set<std::string> claimed;
    std::set<std::pair<std::string, std::string>> claimsBy; // (intersection, wave)
};

int activeCount(const std::vector<FieldWave> &waves, const std::string &id)
{
    int n = 0;
    for (const auto &w : waves)
        if (w.ticket.waveId == id)
            for (const auto &p : w.passages)
                n += p.stage == core::greenwave::PassageStage::Preparing
                        || p.stage == core::greenwave::PassageStage::GreenHeld
                    ? 1
                    : 0;
    return n;
}

} // namespace

class TestGreenWaveEngine : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    core::CityLayout m_layout;
    std::unique_ptr<sumo::SignalExecutor> m_executor;
    std::unique_ptr<sumo::GreenWaveEngine> m_engine;
    RecordingGate m_gate;
    core::safety::ConflictMonitor m_monitor;
    std::map<std::string, std::string> m_programme; // traffic light -> its programme id
    std::vector<float> m_speeds;
    std::vector<int> m_phaseBefore; // by light: its programme phase as the engine's last step began, -1 if overridden

    double now() const { return libsumo::Simulation::getTime(); }

    void step()
    {
        libsumo::Simulation::step();
        const double t = now();
        for (std::size_t i = 0; i < m_layout.intersections.size(); ++i) {
            const std::string state = libsumo::TrafficLight::getRedYellowGreenState(m_layout.intersections[i].id);
            m_executor->observe(i, state, t);
            m_monitor.observe(static_cast<int>(i), t, state);
        }
        m_executor->afterStep(t);
        m_phaseBefore.assign(m_layout.intersections.size(), -1);
        for (std::size_t i = 0; i < m_layout.intersections.size(); ++i) {
            const std::string &id = m_layout.intersections[i].id;
            if (libsumo::TrafficLight::getProgram(id) == m_programme[id])
                m_phaseBefore[i] = libsumo::TrafficLight::getPhase(id);
        }
        m_engine->step(t, m_speeds);
    }

    // Steps until pred holds or maxSteps pass; true if it held.
    template <typename Pred>
    bool stepUntil(Pred pred, int maxSteps)
    {
        for (int i = 0; i < maxSteps; ++i) {
            if (pred())
                return true;
            step();
        }
        return pred();
    }

    const FieldWave *wave(const std::string &id, std::vector<FieldWave> &store) const
    {
        store = m_engine->progress();
        for (const auto &w : store)
            if (w.ticket.waveId == id)
                return &w;
        return nullptr;
    }

    // A path of at least three signalised intersections from a hospital.
    std::vector<int> longPath()
    {
        int from = -1;
        for (const auto &poi : m_layout.pointsOfInterest)
            if (poi.kind == core::PoiKind::Hospital)
                from = m_engine->graph().segmentIndex(poi.segmentId);
        if (from < 0)
            return {};
        for (int to = 0; to < m_engine->graph().segmentCount(); to += 5) {
            const auto route = m_engine->router().route(from, 0, to, m_speeds);
            if (route.found() && route.signals.size() >= 3)
                return route.segments;
        }
        return {};
    }

    // A wave `id` spawning an ambulance "amb_<id>" to drive path.
    static sumo::WaveOrder spawnOrder(const std::string &id, const std::vector<int> &path)
    {
        sumo::WaveOrder order;
        order.id = id;
        order.vehicleId = "amb_" + id;
        order.spawn = true;
        order.path = path;
        order.destinationSegment = path.back();
        return order;
    }

    // Steps until wave `id` has ended (at most maxSteps); true when its vehicle arrived and the
    // conflict monitor has counted nothing.
    bool arrivesCleanly(const std::string &id, int maxSteps)
    {
        std::vector<FieldWave> store;
        return stepUntil([&] { return wave(id, store)->finished; }, maxSteps) && wave(id, store)->outcome == "arrived"
            && m_monitor.total() == 0;
    }

    bool onProgramme(const std::set<std::string> &lights) const
    {
        for (const auto &id : lights)
            if (libsumo::TrafficLight::getProgram(id) != m_programme.at(id))
                return false;
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        std::string error;
        const auto config =
            sumo::CityBuilder(42, sumo::CitySize::Small, {52.52, 13.405}).writeScenario(m_dir.filePath("city").toStdString(), &error);
        QVERIFY2(config, error.c_str());
        const auto files = sumo::readScenarioFiles(*config, &error);
        QVERIFY2(files, error.c_str());
        libsumo::Simulation::load({"-c", *config, "-X", "never", "--no-step-log", "--no-warnings",
                                   "--duration-log.disable", "--seed", "42", "--begin", "300"});
        const auto net = sumo::readNetFile(files->netFile, &error);
        QVERIFY2(net, error.c_str());
        m_layout = sumo::extractLayout(*net, *files, {"small", "small"});
        m_executor = std::make_unique<sumo::SignalExecutor>(m_layout, 1e9, libsumo::Simulation::getDeltaT(),
                                                            std::function<void()>());
        m_engine = std::make_unique<sumo::GreenWaveEngine>(m_layout, *m_executor);
        m_engine->setGate(&m_gate);
        m_monitor.addLayout(m_layout);
        for (const auto &x : m_layout.intersections)
            m_programme[x.id] = libsumo::TrafficLight::getProgram(x.id);
        for (const auto &s : m_layout.segments)
            m_speeds.push_back(static_cast<float>(s.speedLimitMps));
        step();
    }

    // S11: the vehicle disappears (its tracker is lost): the wave ends as lost and every
    // intersection it held goes back to its programme, legally.
    void vehicleLost()
    {
        const auto path = longPath();
        QVERIFY2(!path.empty(), "the small city has a route of three signals from a hospital");
        sumo::WaveOrder order = spawnOrder("lost", path);
        order.ticket.dispatcher = "jo";
        const auto error = m_engine->start(order, now());
        QVERIFY2(!error, error ? error->c_str() : "");
        std::vector<FieldWave> store;
        QVERIFY2(stepUntil([&] { return activeCount(m_engine->progress(), "lost") > 0; }, 600),
                 "the wave asks for an intersection ahead");
        const std::set<std::string> claimed = m_gate.claimed;
        QVERIFY(!m_gate.held.empty());
        libsumo::Vehicle::remove("amb_lost");
        step();
        step();
        const FieldWave *w = wave("lost", store);
        QVERIFY(w);
        QVERIFY(w->finished);
        QVERIFY2(QByteArray::fromStdString(w->outcome).startsWith("lost"), w->outcome.c_str());
        QCOMPARE(activeCount(store, "lost"), 0);
        QVERIFY2(m_gate.held.empty(), "every claim was given back");
        QVERIFY2(stepUntil([&] { return onProgramme(claimed); }, 300),
                 "every intersection the wave held runs its own programme again");
        QCOMPARE(m_monitor.total(), std::uint64_t(0));
    }

    // A gate that refuses (an operator holds the intersection): the wave is told, and the field
    // is not touched.
    void refusedByGateLeavesFieldAlone()
    {
        const auto path = longPath();
        QVERIFY(!path.empty());
        m_gate.refuseWith = "held by lin (officer) for \"crash clearance\"";
        m_gate.claimed.clear();
        sumo::WaveOrder order = spawnOrder("refused", path);
        QVERIFY(!m_engine->start(order, now()));
        std::vector<FieldWave> store;
        bool refused = false;
        QVERIFY(stepUntil(
            [&] {
                const FieldWave *w = wave("refused", store);
                for (const auto &p : w->passages)
                    refused = refused || (p.stage == core::greenwave::PassageStage::Refused
                                          && p.note.find("held by lin") != std::string::npos);
                return refused;
            },
            600));
        std::set<std::string> all;
        for (const auto &[id, programme] : m_programme)
            all.insert(id);
        QVERIFY2(onProgramme(all), "nothing was commanded");
        QVERIFY(m_engine->abort("refused", "test over", now()));
        m_gate.refuseWith.clear();
        QCOMPARE(m_monitor.total(), std::uint64_t(0));
    }

    // A vehicle already on the road is taken: sent to the destination, its wave runs.
    void takesAVehicleOnTheRoad()
    {
        const auto path = longPath();
        QVERIFY(!path.empty());
        std::vector<std::string> edges;
        for (const int s : path)
            edges.push_back(m_layout.segments[std::size_t(s)].id);
        libsumo::Route::add("r_existing", edges);
        libsumo::Vehicle::add("existing", "r_existing", "DEFAULT_VEHTYPE", "now", "best", "base", "max");
        QVERIFY(stepUntil([] { return libsumo::Vehicle::getRoadID("existing").size() > 0; }, 60));
        sumo::WaveOrder order;
        order.id = "taken";
        order.vehicleId = "existing";
        order.destinationSegment = path.back();
        QVERIFY(!m_engine->start(order, now()));
        QVERIFY(m_engine->start(order, now())); // the same id again is refused
        sumo::WaveOrder ghost = order;
        ghost.id = "ghost";
        ghost.vehicleId = "no_such_vehicle";
        const auto why = m_engine->start(ghost, now());
        QVERIFY(why && why->find("no vehicle") != std::string::npos);
        QVERIFY2(stepUntil([&] { return activeCount(m_engine->progress(), "taken") > 0; }, 600),
                 "the taken vehicle's wave asks for an intersection ahead");
        QVERIFY2(arrivesCleanly("taken", 1200), m_monitor.summary(5).c_str());
    }

    // The road the ambulance drives on reports a crawl (0.2 m/s: a queue in a turning lane beside
    // it) while the ambulance itself drives on at speed: its remaining time is what its own speed
    // and the roads ahead give, not a minute or more for the last metres of that road.
    void ownSpeedOnItsOwnRoad()
    {
        const auto path = longPath();
        QVERIFY(!path.empty());
        QVERIFY(!m_engine->start(spawnOrder("own", path), now()));
        const std::string vehicle = "amb_own";
        const auto driving = [&] {
            const std::string road = libsumo::Vehicle::getRoadID(vehicle);
            const int s = road.empty() || road.front() == ':' ? -1 : m_engine->graph().segmentIndex(road);
            return s >= 0 && libsumo::Vehicle::getSpeed(vehicle) > 5.0
                && m_engine->graph().lengthM(s) - libsumo::Vehicle::getLanePosition(vehicle) > 40.0;
        };
        QVERIFY2(stepUntil(driving, 600), "the ambulance drives at speed with 40 m of its road left");
        const int road = m_engine->graph().segmentIndex(libsumo::Vehicle::getRoadID(vehicle));
        const float limit = m_speeds[std::size_t(road)];
        m_speeds[std::size_t(road)] = 0.2f;
        step();
        m_speeds[std::size_t(road)] = limit;
        std::vector<FieldWave> store;
        const FieldWave *w = wave("own", store);
        QVERIFY(w && !w->finished);
        QVERIFY(libsumo::Vehicle::getRoadID(vehicle) == m_layout.segments[std::size_t(road)].id);
        // What is left at the speed limits, from where the vehicle is now (the road's last 40 m at
        // the road's crawl would add over a minute).
        std::vector<int> ahead;
        const auto edges = libsumo::Vehicle::getRoute(vehicle);
        for (std::size_t i = std::size_t(libsumo::Vehicle::getRouteIndex(vehicle)); i < edges.size(); ++i)
            ahead.push_back(m_engine->graph().segmentIndex(edges[i]));
        const auto free = m_engine->router().along(ahead, libsumo::Vehicle::getLanePosition(vehicle), m_speeds);
        QVERIFY(free.found());
        QVERIFY2(w->remainingS < free.travelTimeS + 20,
                 qPrintable(QStringLiteral("remaining %1 s, %2 s at the speed limits")
                                .arg(w->remainingS)
                                .arg(free.travelTimeS)));
        QVERIFY2(arrivesCleanly("own", 1500), m_monitor.summary(5).c_str());
    }

    // An ambulance stuck inside a junction (the road beyond is full) is not driving: the ETAs of
    // the intersections ahead do not run down while it stands there, and the one it is in stays
    // ahead of it until it is out on the next road.
    void stuckInsideAJunction()
    {
        const auto path = longPath();
        QVERIFY(!path.empty());
        QVERIFY(!m_engine->start(spawnOrder("inside", path), now()));
        const std::string vehicle = "amb_inside";
        std::vector<FieldWave> store;
        // Inside a junction with at least two signalised intersections still waiting ahead.
        const auto insideWithTwoAhead = [&] {
            const std::string road = libsumo::Vehicle::getRoadID(vehicle);
            if (road.empty() || road.front() != ':')
                return false;
            int waiting = 0;
            for (const auto &p : wave("inside", store)->passages)
                waiting += p.stage == core::greenwave::PassageStage::Waiting ? 1 : 0;
            return waiting >= 2;
        };
        QVERIFY2(stepUntil(insideWithTwoAhead, 600), "the ambulance enters a junction with two lights ahead");
        libsumo::Vehicle::setSpeedMode(vehicle, 0);
        libsumo::Vehicle::setSpeed(vehicle, 0);
        step();
        std::map<int, double> before; // by intersection waiting ahead: seconds to its ETA
        for (const auto &p : wave("inside", store)->passages)
            if (p.stage == core::greenwave::PassageStage::Waiting)
                before[p.intersection] = p.etaS - now();
        for (int i = 0; i < 30; ++i)
            step();
        QVERIFY2(libsumo::Vehicle::getRoadID(vehicle).front() == ':', "it stood 30 s inside the junction");
        int checked = 0;
        for (const auto &p : wave("inside", store)->passages) {
            const auto it = before.find(p.intersection);
            if (it == before.end() || p.stage != core::greenwave::PassageStage::Waiting)
                continue;
            QVERIFY2(p.etaS - now() > it->second - 5,
                     qPrintable(QStringLiteral("%1: %2 s to go before standing 30 s, %3 s after")
                                    .arg(QString::fromStdString(m_layout.intersections[std::size_t(p.intersection)].id))
                                    .arg(it->second)
                                    .arg(p.etaS - now())));
            ++checked;
        }
        QVERIFY2(checked >= 1, "an intersection ahead was still waiting");
        libsumo::Vehicle::setSpeed(vehicle, -1);
        libsumo::Vehicle::setSpeedMode(vehicle, 31);
        QVERIFY2(arrivesCleanly("inside", 1500), m_monitor.summary(5).c_str());
    }

    // A road ahead whose mean speed is a crawl only because one car on it is slowing (to turn, to
    // park) is no jam: the remaining time does not jump by minutes. A road full of crawling
    // traffic still holds the ambulance up.
    void loneSlowCarIsNoJam()
    {
        const auto path = longPath();
        QVERIFY(!path.empty());
        QVERIFY(!m_engine->start(spawnOrder("lone", path), now()));
        const std::string vehicle = "amb_lone";
        QVERIFY2(stepUntil([&] { return libsumo::Vehicle::getRoadID(vehicle) == m_layout.segments[std::size_t(path.front())].id; }, 60),
                 "the ambulance is on its first road");
        int ahead = -1; // an empty road at least two ahead, not the last
        for (std::size_t k = 2; k + 1 < path.size() && ahead < 0; ++k) {
            const auto &road = m_layout.segments[std::size_t(path[k])];
            if (road.lengthM >= 80 && libsumo::Edge::getLastStepVehicleNumber(road.id) == 0)
                ahead = path[k];
        }
        QVERIFY2(ahead >= 0, "an empty road at least 80 m long lies ahead");
        const auto &road = m_layout.segments[std::size_t(ahead)];
        const auto remaining = [&] {
            std::vector<FieldWave> store;
            return wave("lone", store)->remainingS;
        };
        const auto atLimits = [&] {
            std::vector<int> rest;
            const auto edges = libsumo::Vehicle::getRoute(vehicle);
            for (std::size_t i = std::size_t(libsumo::Vehicle::getRouteIndex(vehicle)); i < edges.size(); ++i)
                rest.push_back(m_engine->graph().segmentIndex(edges[i]));
            std::vector<float> limits = m_speeds;
            limits[std::size_t(ahead)] = float(road.speedLimitMps);
            return m_engine->router().along(rest, libsumo::Vehicle::getLanePosition(vehicle), limits).travelTimeS;
        };
        // Cars crawling at 0.3 m/s (not halted) every 10 m of one lane from `from` metres on; any
        // other car on the road is slowed to the same crawl. False if they could not be put there.
        libsumo::Route::add("r_crawl", {road.id});
        std::vector<std::string> cars;
        std::set<std::string> slowed;
        // Whatever the checks say, the road's traffic drives on for the tests after this one.
        const auto putBack = [&] {
            const auto ids = libsumo::Vehicle::getIDList();
            for (const auto &id : cars)
                if (std::find(ids.begin(), ids.end(), id) != ids.end())
                    libsumo::Vehicle::remove(id);
            for (const auto &id : slowed)
                if (std::find(cars.begin(), cars.end(), id) == cars.end()
                    && std::find(ids.begin(), ids.end(), id) != ids.end()) {
                    libsumo::Vehicle::setSpeed(id, -1);
                    libsumo::Vehicle::setSpeedMode(id, 31);
                }
            m_speeds[std::size_t(ahead)] = float(road.speedLimitMps);
        };
        auto tidy = qScopeGuard(putBack);
        const auto crawl = [&](double from, double to) {
            for (double at = from; at <= to; at += 10.0) {
                const std::string id = "crawl_" + std::to_string(cars.size());
                libsumo::Vehicle::add(id, "r_crawl", "DEFAULT_VEHTYPE", "now", "0", std::to_string(at), "0");
                cars.push_back(id);
            }
            const auto allOn = [&] {
                const auto on = libsumo::Edge::getLastStepVehicleIDs(road.id);
                return std::all_of(cars.begin(), cars.end(), [&](const std::string &id) {
                    return std::find(on.begin(), on.end(), id) != on.end();
                });
            };
            if (!stepUntil(allOn, 30))
                return false;
            for (const auto &id : libsumo::Edge::getLastStepVehicleIDs(road.id)) {
                libsumo::Vehicle::setSpeedMode(id, 0);
                libsumo::Vehicle::setSpeed(id, 0.3);
                slowed.insert(id);
            }
            m_speeds[std::size_t(ahead)] = 0.3f; // the road's mean, as the live feed reports it
            step();
            step();
            return libsumo::Edge::getLastStepHaltingNumber(road.id) == 0;
        };
        QVERIFY2(crawl(road.lengthM - 20, road.lengthM - 20), "one car crawls on the road");
        QCOMPARE(libsumo::Edge::getLastStepVehicleNumber(road.id), 1);
        QVERIFY2(remaining() < atLimits() + 20,
                 qPrintable(QStringLiteral("one slow car on %1: remaining %2 s, %3 s at the speed limits")
                                .arg(QString::fromStdString(road.id))
                                .arg(remaining())
                                .arg(atLimits())));
        QVERIFY2(crawl(20, road.lengthM - 30), "cars crawl every 10 m of the road");
        QVERIFY2(remaining() > atLimits() + 60,
                 qPrintable(QStringLiteral("%1 cars crawling on %2 m of %3: remaining %4 s, %5 s at the speed limits")
                                .arg(libsumo::Edge::getLastStepVehicleNumber(road.id))
                                .arg(road.lengthM)
                                .arg(QString::fromStdString(road.id))
                                .arg(remaining())
                                .arg(atLimits())));
        tidy.dismiss();
        putBack();
        QVERIFY2(arrivesCleanly("lone", 1500), m_monitor.summary(5).c_str());
    }

    // Handed back after the vehicle has passed, a light resumes its programme with the movements
    // the wave cut short (the phase it was interrupted in, or the green that was coming next),
    // not on from the phase the wave held.
    void programmeResumesWhereTheWaveCutIn()
    {
        const auto path = longPath();
        QVERIFY(!path.empty());
        sumo::WaveOrder order = spawnOrder("resume", path);
        QVERIFY(!m_engine->start(order, now()));
        struct Seen {
            int asked = 0;
            int interrupted = -1;
            int target = -1;
            bool passed = false;
            int resumedAt = -2; // the programme phase when the light was first back on it
        };
        std::map<int, Seen> seen;
        std::map<int, bool> active;
        std::vector<FieldWave> store;
        const bool done = stepUntil(
            [&] {
                const FieldWave *w = wave("resume", store);
                for (const auto &p : w->passages) {
                    Seen &s = seen[p.intersection];
                    const bool now = p.stage == core::greenwave::PassageStage::Preparing
                        || p.stage == core::greenwave::PassageStage::GreenHeld;
                    if (now && !active[p.intersection]) {
                        ++s.asked;
                        s.interrupted = m_phaseBefore[std::size_t(p.intersection)];
                        s.target = p.targetPhase;
                    }
                    active[p.intersection] = now;
                    s.passed = s.passed || p.stage == core::greenwave::PassageStage::Passed;
                    const std::string &id = m_layout.intersections[std::size_t(p.intersection)].id;
                    if (s.passed && s.resumedAt == -2 && libsumo::TrafficLight::getProgram(id) == m_programme[id])
                        s.resumedAt = libsumo::TrafficLight::getPhase(id);
                }
                bool handedBack = true;
                for (const auto &[i, s] : seen)
                    handedBack = handedBack && (!s.passed || s.resumedAt != -2);
                return w->finished && handedBack;
            },
            1500);
        QVERIFY2(done, "the wave arrives and every light it passed is back on its programme");
        QCOMPARE(wave("resume", store)->outcome, std::string("arrived"));
        int checked = 0;
        for (const auto &[i, s] : seen) {
            if (!s.passed || s.asked != 1 || s.interrupted < 0)
                continue;
            const auto &timing = m_executor->timing(std::size_t(i));
            const int expected = core::greenwave::resumePhase(timing, s.interrupted, s.target);
            QVERIFY2(s.resumedAt == expected,
                     qPrintable(QStringLiteral("%1: cut in at phase %2 for phase %3, resumed at %4, expected %5")
                                    .arg(QString::fromStdString(m_layout.intersections[std::size_t(i)].id))
                                    .arg(s.interrupted)
                                    .arg(s.target)
                                    .arg(s.resumedAt)
                                    .arg(expected)));
            QVERIFY(s.resumedAt != s.target);
            ++checked;
        }
        QVERIFY2(checked >= 2, "at least two intersections were preempted and handed back");
        QCOMPARE(m_monitor.total(), std::uint64_t(0));
    }

    // Two vehicles the same way a few seconds apart (two sent to one incident): each light held
    // for the first goes straight on to the second as the first passes (claimed at the gate),
    // not back to its programme and preempted again between them.
    // Two vehicles sent one way a few seconds apart: the second is refused each light the first
    // holds, and asks again and gets it when the first has passed.
    void twoVehiclesOneWayEachGetTheGreen()
    {
        const auto path = longPath();
        QVERIFY(!path.empty());
        QVERIFY(!m_engine->start(spawnOrder("lead", path), now()));
        const std::string &first = m_layout.segments[std::size_t(path.front())].id;
        QVERIFY2(stepUntil([&] { return libsumo::Vehicle::getRoadID("amb_lead") == first; }, 60), "the first is on the road");
        QVERIFY2(stepUntil([&] { return libsumo::Vehicle::getLanePosition("amb_lead") > 60.0
                                     || libsumo::Vehicle::getRoadID("amb_lead") != first; }, 30),
                 "the first has moved on");
        QVERIFY(!m_engine->start(spawnOrder("follow", path), now()));
        std::set<std::string> refusals;
        std::set<int> refusedAt;
        std::vector<FieldWave> a;
        std::vector<FieldWave> b;
        const bool done = stepUntil(
            [&] {
                const FieldWave *follow = wave("follow", b);
                for (const auto &p : follow->passages)
                    if (p.stage == core::greenwave::PassageStage::Refused) {
                        refusals.insert(m_layout.intersections[std::size_t(p.intersection)].id + ": " + p.note);
                        refusedAt.insert(p.intersection);
                    }
                return wave("lead", a)->finished && follow->finished;
            },
            2000);
        QVERIFY2(done, "both waves end");
        QCOMPARE(wave("lead", a)->outcome, std::string("arrived"));
        const FieldWave *follow = wave("follow", b);
        QCOMPARE(follow->outcome, std::string("arrived"));
        // Refused only while the first held the light, and only where the first held it.
        for (const auto &r : refusals)
            QVERIFY2(r.find(": held for wave lead (priority") != std::string::npos, r.c_str());
        QVERIFY2(refusedAt.size() >= 2, qPrintable(QStringLiteral("the second was refused %1 of the first's lights")
                                                        .arg(refusedAt.size())));
        for (const int x : refusedAt) {
            const std::string &id = m_layout.intersections[std::size_t(x)].id;
            bool passed = false;
            for (const auto &p : follow->passages)
                passed = passed || (p.intersection == x && p.stage == core::greenwave::PassageStage::Passed);
            QVERIFY2(passed, qPrintable(QStringLiteral("the second did not get %1 after the first").arg(QString::fromStdString(id))));
            QVERIFY2(m_gate.claimsBy.count({id, "follow"}), id.c_str());
        }
        QCOMPARE(m_monitor.total(), std::uint64_t(0));
    }

    void cleanupTestCase()
    {
        qInfo("%s", m_monitor.summary(5).c_str());
        m_engine.reset();
        m_executor.reset();
        libsumo::Simulation::close();
    }
};

QTEST_GUILESS_MAIN(TestGreenWaveEngine)
#include "tst_greenwave_engine.moc"
