// Emergency green waves on a real gateway running SUMO (signal-safety.md S11), through the
// GreenWaveService API as a coordinator's console uses it: plan, dispatch (spawning an ambulance
// at a hospital), watch the progress stream, abort, lose the dispatcher, two waves crossing, and
// the chain of leases against operators. An independent conflict monitor reads every signal state
// the live stream carries and must count nothing at the intersections the waves touched.

#include "greenlight/v1/control.grpc.pb.h"
#include "greenlight/v1/greenwave.grpc.pb.h"
#include "support/gatewayprocess.h"
#include "support/grpccalls.h"
#include "support/livewatcher.h"
#include "support/sessionstream.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

using namespace greenlight;
using greenlight::testing::as;
using greenlight::testing::describe;
using greenlight::testing::freshKey;
using greenlight::testing::GatewayProcess;
using greenlight::testing::LiveWatcher;
using Session = greenlight::testing::SessionStream;

namespace {

const char *kUsers = "jo coordinator t-jo\n"
                     "max coordinator t-max\n"
                     "eve coordinator t-eve\n"
                     "lin officer t-lin\n"
                     "kim viewer t-kim\n";

v1::WavePlace poi(const std::string &id)
{
    v1::WavePlace p;
    p.set_poi_id(id);
    return p;
}

v1::WavePlace segment(const std::string &id)
{
    v1::WavePlace p;
    p.set_segment_id(id);
    return p;
}

// Everything a WatchWaves stream said, read on a thread of its own.
class WaveWatch
{
public:
    WaveWatch(const std::string &address, const std::string &token)
    {
        m_stub = v1::GreenWaveService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
        m_context.AddMetadata("authorization", "Bearer " + token);
        m_thread = std::thread([this] {
            auto reader = m_stub->WatchWaves(&m_context, {});
            v1::WaveUpdate update;
            while (reader->Read(&update)) {
                const std::lock_guard lock(m_mutex);
                ++m_updates;
                for (const auto &wave : update.waves()) {
                    m_latest[wave.wave_id()] = wave;
                    for (const auto &p : wave.passages())
                        m_seen[wave.wave_id()][p.intersection_id()].insert(p.state());
                }
            }
            reader->Finish();
        });
    }
    ~WaveWatch()
    {
        m_context.TryCancel();
        m_thread.join();
    }
    std::optional<v1::Wave> wave(const std::string &id) const
    {
        const std::lock_guard lock(m_mutex);
        const auto found = m_latest.find(id);
        return found == m_latest.end() ? std::nullopt : std::optional<v1::Wave>(found->second);
    }
    // Every state each intersection of a wave was seen in.
    std::map<std::string, std::set<int>> seen(const std::string &id) const
    {
        const std::lock_guard lock(m_mutex);
        const auto found = m_seen.find(id);
        return found == m_seen.end() ? std::map<std::string, std::set<int>>{} : found->second;
    }
    int updates() const
    {
        const std::lock_guard lock(m_mutex);
        return m_updates;
    }

private:
    std::unique_ptr<v1::GreenWaveService::Stub> m_stub;
    grpc::ClientContext m_context;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    int m_updates = 0;
    std::map<std::string, v1::Wave> m_latest;
    std::map<std::string, std::map<std::string, std::set<int>>> m_seen;
};

// The wave in a few words, for failure messages.
QByteArray show(const v1::Wave &wave)
{
    QByteArray out = QByteArray::fromStdString(wave.wave_id() + " " + wave.outcome() + " remaining "
                                               + std::to_string(int(wave.remaining_s())) + " s:");
    for (const auto &p : wave.passages())
        out += QByteArray::fromStdString(" " + p.intersection_id() + "=" + v1::WavePassageState_Name(p.state())
                                         + (p.note().empty() ? "" : "(" + p.note() + ")"));
    return out;
}

bool active(int state)
{
    return state == v1::WAVE_PASSAGE_STATE_PREPARING || state == v1::WAVE_PASSAGE_STATE_GREEN_HELD;
}

} // namespace

class TestGatewayGreenWave : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<GatewayProcess> m_gateway;
    std::unique_ptr<v1::GreenWaveService::Stub> m_waves;
    std::unique_ptr<v1::ControlService::Stub> m_control;
    LiveWatcher m_watch;
    std::unique_ptr<WaveWatch> m_progress;
    std::string m_hospital;                 // a hospital's point-of-interest id
    std::vector<std::string> m_destinations; // segments a few signals away from the hospital
    std::set<std::string> m_touched;        // intersections any wave was planned through

    QString path(const char *name) const { return m_dir.filePath(QLatin1StringView(name)); }

    grpc::Status plan(const v1::WavePlace &from, const v1::WavePlace &to, v1::WavePlan *out,
                      const std::string &token = "t-jo")
    {
        v1::PlanWaveRequest request;
        *request.mutable_origin() = from;
        *request.mutable_destination() = to;
        return m_waves->PlanWave(as(token).get(), request, out);
    }

    grpc::Status dispatch(const v1::WavePlace &from, const v1::WavePlace &to, v1::Wave *out,
                          const std::string &token = "t-jo", unsigned priority = 5,
                          const std::string &key = freshKey())
    {
        v1::DispatchWaveRequest request;
        *request.mutable_origin() = from;
        *request.mutable_destination() = to;
        request.set_reason("test: cardiac arrest");
        request.set_priority(priority);
        request.set_idempotency_key(key);
        const auto status = m_waves->DispatchWave(as(token).get(), request, out);
        if (status.ok() && out->wave_id().empty())
            return grpc::Status(grpc::StatusCode::INTERNAL, "the answer names no wave");
        if (status.ok())
            for (const auto &p : out->passages())
                m_touched.insert(p.intersection_id());
        return status;
    }

    grpc::Status abort(const std::string &waveId, v1::Wave *out, const std::string &key = freshKey())
    {
        v1::AbortWaveRequest request;
        request.set_wave_id(waveId);
        request.set_reason("test: patient picked up by another crew");
        request.set_idempotency_key(key);
        return m_waves->AbortWave(as("t-jo").get(), request, out);
    }

    // Waits for the wave to be in a state the predicate accepts; returns its latest view.
    v1::Wave waitWave(const std::string &id, const std::function<bool(const v1::Wave &)> &pred, int timeoutMs)
    {
        std::optional<v1::Wave> wave;
        m_watch.waitFor(
            [&] {
                wave = m_progress->wave(id);
                return wave && pred(*wave);
            },
            timeoutMs);
        return wave.value_or(v1::Wave{});
    }

    static int held(const v1::Wave &wave)
    {
        int n = 0;
        for (const auto &p : wave.passages())
            n += active(p.state()) ? 1 : 0;
        return n;
    }

    // True once none of the wave's intersections is held by it on the live stream.
    bool freeOfWave(const v1::Wave &wave, int timeoutMs)
    {
        const std::string holder = "wave " + wave.wave_id();
        return m_watch.waitFor(
            [&] {
                for (const auto &p : wave.passages()) {
                    const auto control = m_watch.control(p.intersection_id());
                    if (control && control->lease && control->lease->holder == holder)
                        return false;
                }
                return true;
            },
            timeoutMs);
    }

    std::vector<v1::AuditEntry> audit(const std::string &operatorName)
    {
        v1::GetAuditLogRequest request;
        request.set_operator_(operatorName);
        request.set_limit(1000);
        v1::GetAuditLogResponse response;
        const auto status = m_control->GetAuditLog(as("t-jo").get(), request, &response);
        if (!status.ok())
            return {};
        return {response.entries().begin(), response.entries().end()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(GatewayProcess::writeUsersFile(path("users.txt"), kUsers));
        m_gateway = std::make_unique<GatewayProcess>(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(m_gateway->start({"--city-size", "small", "--speed", "10", "--cache-dir", path("cache"), "--users",
                                   path("users.txt"), "--audit", path("audit.sqlite3"), "--session-grace", "1"}),
                 qPrintable(m_gateway->error()));
        const std::string address = m_gateway->address().toStdString();
        m_waves = v1::GreenWaveService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
        m_control = v1::ControlService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
        std::string error;
        QVERIFY2(m_watch.start(address, &error, "t-kim"), error.c_str());
        QVERIFY(m_watch.waitFor([this] { return m_watch.snapshots() > 0; }, 20000));
        m_progress = std::make_unique<WaveWatch>(address, "t-kim");

        const auto &layout = m_watch.layout();
        for (const auto &p : layout.pointsOfInterest)
            if (p.kind == core::PoiKind::Hospital && m_hospital.empty())
                m_hospital = p.id;
        QVERIFY2(!m_hospital.empty(), "the default city has hospitals");
        // Destinations two to five signals from the hospital, reachable in a few minutes.
        for (std::size_t s = 0; s < layout.segments.size() && m_destinations.size() < 6; s += 7) {
            v1::WavePlan planned;
            if (!plan(poi(m_hospital), segment(layout.segments[s].id), &planned).ok())
                continue;
            int servable = 0;
            for (const auto &p : planned.passages())
                servable += p.target_phase() >= 0 ? 1 : 0;
            if (servable >= 2 && planned.passages_size() <= 5 && planned.travel_time_s() < 240)
                m_destinations.push_back(layout.segments[s].id);
        }
        QVERIFY2(m_destinations.size() >= 4, "the small city should have routes of two to five signals");
    }

    void planShowsRouteAndRefusesBadRequests()
    {
        v1::WavePlan planned;
        auto status = plan(poi(m_hospital), segment(m_destinations.front()), &planned);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY(planned.segment_ids_size() >= 2);
        QCOMPARE(planned.segment_ids(planned.segment_ids_size() - 1), m_destinations.front());
        QVERIFY(planned.travel_time_s() > 0);
        QVERIFY(planned.length_m() > 0);
        QVERIFY(!planned.origin_label().empty());
        QVERIFY(!planned.destination_label().empty());
        double previousEta = -1;
        for (const auto &p : planned.passages()) {
            QVERIFY2(p.eta_s() > previousEta, "ETAs grow along the route");
            previousEta = p.eta_s();
            QVERIFY(!p.approach_segment_id().empty());
            if (p.target_phase() >= 0) {
                QCOMPARE(p.state(), v1::WAVE_PASSAGE_STATE_WAITING);
                QVERIFY2(p.signal_groups_size() > 0, "a passage names the movement that must be green");
            }
        }
        QVERIFY(previousEta < planned.travel_time_s());

        status = plan(poi(m_hospital), segment(m_destinations.front()), &planned, "t-kim");
        QCOMPARE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
        status = plan(poi(m_hospital), segment(m_destinations.front()), &planned, "nobody");
        QCOMPARE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
        status = plan(poi("no-such-place"), segment(m_destinations.front()), &planned);
        QCOMPARE(status.error_code(), grpc::StatusCode::NOT_FOUND);
        v1::WavePlace faraway;
        faraway.mutable_point()->set_lat(10.0);
        faraway.mutable_point()->set_lon(10.0);
        status = plan(poi(m_hospital), faraway, &planned);
        QCOMPARE(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
        QVERIFY2(QByteArray::fromStdString(status.error_message()).contains("outside the city"), describe(status));
        v1::WavePlace vehicle;
        vehicle.set_vehicle_id("no_such_vehicle");
        status = plan(vehicle, segment(m_destinations.front()), &planned);
        QCOMPARE(status.error_code(), grpc::StatusCode::NOT_FOUND);

        v1::DispatchWaveRequest noReason;
        *noReason.mutable_origin() = poi(m_hospital);
        *noReason.mutable_destination() = segment(m_destinations.front());
        noReason.set_idempotency_key(freshKey());
        v1::Wave wave;
        status = m_waves->DispatchWave(as("t-jo").get(), noReason, &wave);
        QCOMPARE(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
        noReason.set_reason("test");
        status = m_waves->DispatchWave(as("t-lin").get(), noReason, &wave);
        QCOMPARE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    }

    // Dispatch, progress on the stream, each intersection asked then passed and given back, arrival.
    void lifecycle()
    {
        v1::Wave wave;
        const std::string key = freshKey();
        auto status = dispatch(poi(m_hospital), segment(m_destinations[0]), &wave, "t-jo", 5, key);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY(!wave.wave_id().empty());
        QVERIFY(wave.spawned());
        QCOMPARE(wave.state(), v1::WAVE_STATE_RUNNING);
        QCOMPARE(wave.dispatcher(), std::string("jo"));
        QCOMPARE(wave.dispatcher_role(), v1::ROLE_COORDINATOR);
        // The same key again: the same wave, not a second one.
        v1::Wave again;
        status = dispatch(poi(m_hospital), segment(m_destinations[0]), &again, "t-jo", 5, key);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(again.wave_id(), wave.wave_id());

        // While it runs, the live stream shows the wave holding intersections, like a lease.
        bool leaseSeen = false;
        const std::string holder = "wave " + wave.wave_id();
        const v1::Wave done = waitWave(
            wave.wave_id(),
            [&](const v1::Wave &w) {
                for (const auto &p : w.passages()) {
                    const auto control = m_watch.control(p.intersection_id());
                    if (control && control->lease && control->lease->holder == holder && control->override_
                        && control->override_->kind == core::OverrideKind::GoToPhase)
                        leaseSeen = true;
                }
                return w.state() != v1::WAVE_STATE_RUNNING;
            },
            150000);
        QCOMPARE(done.state(), v1::WAVE_STATE_ARRIVED);
        QVERIFY2(leaseSeen, "the wave's intersections appear on the live stream as held by the wave");
        QCOMPARE(done.intersections_held(), 0u);
        QVERIFY(done.ended_sim_s() > done.dispatched_sim_s());

        // Each servable intersection was asked (preparing or green held), then passed.
        const auto seen = m_progress->seen(wave.wave_id());
        int passedAfterHeld = 0;
        for (const auto &p : done.passages()) {
            if (p.target_phase() < 0)
                continue;
            const auto &states = seen.at(p.intersection_id());
            QVERIFY2(states.count(v1::WAVE_PASSAGE_STATE_WAITING) || active(*states.begin()),
                     "an intersection starts out waiting");
            if (p.state() == v1::WAVE_PASSAGE_STATE_PASSED
                && (states.count(v1::WAVE_PASSAGE_STATE_GREEN_HELD) || states.count(v1::WAVE_PASSAGE_STATE_PREPARING)))
                ++passedAfterHeld;
        }
        QVERIFY2(passedAfterHeld >= 1, "at least one intersection went from held to passed");
        QVERIFY2(freeOfWave(done, 10000), "every intersection is given back once the vehicle is through");

        // Audited under the dispatcher: the dispatch, each request, its effect and each release.
        std::map<std::string, int> actions;
        for (const auto &row : audit("jo"))
            if (row.idempotency_key() == "wave:" + wave.wave_id() || row.action() == "wave_dispatch")
                ++actions[row.action()];
        QCOMPARE(actions["wave_dispatch"] >= 1, true);
        QVERIFY2(actions["wave_request"] >= 1, "each request is a row");
        QVERIFY2(actions["wave_release"] >= 1, "each release is a row");
        QVERIFY2(actions["effective"] >= 1, "the field's green is recorded when it shows");
        QCOMPARE(m_watch.violationsAt(m_touched), std::uint64_t(0));
    }

    void abortMidRoute()
    {
        v1::Wave wave;
        auto status = dispatch(poi(m_hospital), segment(m_destinations[1]), &wave);
        QVERIFY2(status.ok(), describe(status));
        const v1::Wave holding = waitWave(wave.wave_id(), [](const v1::Wave &w) { return held(w) > 0; }, 60000);
        QVERIFY2(held(holding) > 0, "the wave asks for an intersection ahead");
        const std::string key = freshKey();
        v1::Wave aborted;
        status = abort(wave.wave_id(), &aborted, key);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(aborted.state(), v1::WAVE_STATE_ABORTED);
        QVERIFY2(QByteArray::fromStdString(aborted.outcome()).contains("another crew"), aborted.outcome().c_str());
        QCOMPARE(held(aborted), 0);
        for (const auto &p : aborted.passages())
            QVERIFY2(p.state() != v1::WAVE_PASSAGE_STATE_WAITING, "nothing is asked after an abort");
        QVERIFY2(freeOfWave(holding, 10000), "an aborted wave gives every intersection back");
        // A repeat with the same key answers the same; a new abort of an ended wave is refused.
        v1::Wave repeat;
        status = abort(wave.wave_id(), &repeat, key);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(repeat.SerializeAsString(), aborted.SerializeAsString());
        status = abort(wave.wave_id(), &repeat);
        QCOMPARE(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
        status = abort("W999", &repeat);
        QCOMPARE(status.error_code(), grpc::StatusCode::NOT_FOUND);

        // The ambulance is still on the road: a new wave takes it from where it is.
        v1::WavePlace vehicle;
        vehicle.set_vehicle_id(aborted.vehicle_id());
        v1::WavePlan fromVehicle;
        status = plan(vehicle, segment(m_destinations[0]), &fromVehicle);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY2(QByteArray::fromStdString(fromVehicle.origin_label()).startsWith(QByteArray::fromStdString(aborted.vehicle_id())),
                 fromVehicle.origin_label().c_str());
        v1::Wave taken;
        status = dispatch(vehicle, segment(m_destinations[0]), &taken);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY(!taken.spawned());
        QCOMPARE(taken.vehicle_id(), aborted.vehicle_id());
        QCOMPARE(taken.state(), v1::WAVE_STATE_RUNNING);
        QVERIFY(abort(taken.wave_id(), &repeat).ok());
        QCOMPARE(m_watch.violationsAt(m_touched), std::uint64_t(0));
    }

    // S11: a wave whose dispatcher's sessions all end shrinks after the grace period.
    void dispatcherDisconnect()
    {
        auto session = std::make_unique<Session>(m_gateway->address().toStdString(), "t-max");
        QVERIFY(m_watch.waitFor([&] { return session->opened(); }, 5000));
        v1::Wave wave;
        auto status = dispatch(poi(m_hospital), segment(m_destinations[2]), &wave, "t-max");
        QVERIFY2(status.ok(), describe(status));
        const v1::Wave holding = waitWave(wave.wave_id(), [](const v1::Wave &w) { return held(w) > 0; }, 60000);
        QVERIFY2(held(holding) > 0, show(holding) + " updates " + QByteArray::number(m_progress->updates()));
        session->cut();
        const v1::Wave lost =
            waitWave(wave.wave_id(), [](const v1::Wave &w) { return w.state() != v1::WAVE_STATE_RUNNING; }, 15000);
        QCOMPARE(lost.state(), v1::WAVE_STATE_LOST);
        QVERIFY2(QByteArray::fromStdString(lost.outcome()).contains("max"), lost.outcome().c_str());
        QCOMPARE(held(lost), 0);
        QVERIFY2(freeOfWave(holding, 10000), "a lost wave gives every intersection back");
        QCOMPARE(m_watch.violationsAt(m_touched), std::uint64_t(0));
    }

    // S11 both ways: a wave does not take an intersection an officer holds, and no officer takes
    // one a wave holds.
    void chainOfLeasesRespectsOperators()
    {
        v1::WavePlan planned;
        auto status = plan(poi(m_hospital), segment(m_destinations[3]), &planned);
        QVERIFY2(status.ok(), describe(status));
        std::vector<std::string> servable;
        for (const auto &p : planned.passages())
            if (p.target_phase() >= 0)
                servable.push_back(p.intersection_id());
        QVERIFY(servable.size() >= 2);
        const std::string officers = servable.front();
        v1::AcquireControlRequest acquire;
        acquire.set_intersection_id(officers);
        acquire.set_reason("test: crash clearance");
        acquire.set_idempotency_key(freshKey());
        v1::Lease lease;
        status = m_control->AcquireControl(as("t-lin").get(), acquire, &lease);
        QVERIFY2(status.ok(), describe(status));

        v1::Wave wave;
        status = dispatch(poi(m_hospital), segment(m_destinations[3]), &wave);
        QVERIFY2(status.ok(), describe(status));
        const v1::Wave refused = waitWave(
            wave.wave_id(),
            [&](const v1::Wave &w) {
                for (const auto &p : w.passages())
                    if (p.intersection_id() == officers)
                        return p.state() == v1::WAVE_PASSAGE_STATE_REFUSED;
                return false;
            },
            60000);
        std::string note;
        for (const auto &p : refused.passages())
            if (p.intersection_id() == officers)
                note = p.note();
        QVERIFY2(QByteArray::fromStdString(note).contains("held by lin"), note.c_str());

        // Once the wave holds a later intersection, an officer cannot take it.
        std::string wavesOwn;
        waitWave(
            wave.wave_id(),
            [&](const v1::Wave &w) {
                for (const auto &p : w.passages())
                    if (active(p.state()))
                        wavesOwn = p.intersection_id();
                return !wavesOwn.empty() || w.state() != v1::WAVE_STATE_RUNNING;
            },
            60000);
        QVERIFY2(!wavesOwn.empty(), "the wave holds an intersection after the officer's");
        acquire.set_intersection_id(wavesOwn);
        acquire.set_idempotency_key(freshKey());
        status = m_control->AcquireControl(as("t-lin").get(), acquire, &lease);
        if (status.ok()) {
            // The vehicle passed between the two reads: only a race, not a breach; say so clearly.
            QVERIFY2(!m_watch.control(wavesOwn) || !m_watch.control(wavesOwn)->lease
                         || m_watch.control(wavesOwn)->lease->holder == "lin",
                     "an officer was granted an intersection the wave still held");
        } else {
            QCOMPARE(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
            QVERIFY2(QByteArray::fromStdString(status.error_message()).contains("green wave"), describe(status));
        }
        v1::Wave ended;
        abort(wave.wave_id(), &ended);
        v1::ReleaseControlRequest release;
        release.set_intersection_id(officers);
        release.set_idempotency_key(freshKey());
        v1::ReleaseControlResponse released;
        m_control->ReleaseControl(as("t-lin").get(), release, &released);
        if (status.ok()) {
            release.set_intersection_id(wavesOwn);
            release.set_idempotency_key(freshKey());
            m_control->ReleaseControl(as("t-lin").get(), release, &released);
        }
        QVERIFY(freeOfWave(refused, 10000));
        QCOMPARE(m_watch.violationsAt(m_touched), std::uint64_t(0));
    }

    // Two waves whose vehicles reach one intersection together: the higher priority gets it and
    // the other is told.
    void twoWavesCrossing()
    {
        const auto &layout = m_watch.layout();
        // An intersection with two approaches from different directions, each a short road.
        std::string crossing, approachA, approachB, exitA, exitB;
        for (std::size_t i = 0; i < layout.intersections.size() && crossing.empty(); ++i) {
            std::vector<std::size_t> in, out;
            for (std::size_t s = 0; s < layout.segments.size(); ++s) {
                if (layout.segments[s].toIntersection == int(i) && layout.segments[s].lengthM < 250)
                    in.push_back(s);
                if (layout.segments[s].fromIntersection == int(i))
                    out.push_back(s);
            }
            for (std::size_t a = 0; a < in.size() && crossing.empty(); ++a)
                for (std::size_t b = a + 1; b < in.size() && crossing.empty(); ++b) {
                    if (layout.segments[in[a]].fromJunctionId == layout.segments[in[b]].fromJunctionId)
                        continue;
                    // Straight on for each: an exit not back where it came from, servable by a phase.
                    std::string ea, eb;
                    for (const std::size_t o : out) {
                        v1::WavePlan pa, pb;
                        const auto &exitSegment = layout.segments[o];
                        if (ea.empty() && exitSegment.toJunctionId != layout.segments[in[a]].fromJunctionId
                            && plan(segment(layout.segments[in[a]].id), segment(exitSegment.id), &pa).ok()
                            && pa.passages_size() >= 1 && pa.passages(0).intersection_id() == layout.intersections[i].id
                            && pa.passages(0).target_phase() >= 0)
                            ea = exitSegment.id;
                        if (eb.empty() && exitSegment.toJunctionId != layout.segments[in[b]].fromJunctionId
                            && plan(segment(layout.segments[in[b]].id), segment(exitSegment.id), &pb).ok()
                            && pb.passages_size() >= 1 && pb.passages(0).intersection_id() == layout.intersections[i].id
                            && pb.passages(0).target_phase() >= 0)
                            eb = exitSegment.id;
                    }
                    if (!ea.empty() && !eb.empty()) {
                        crossing = layout.intersections[i].id;
                        approachA = layout.segments[in[a]].id;
                        approachB = layout.segments[in[b]].id;
                        exitA = ea;
                        exitB = eb;
                    }
                }
        }
        QVERIFY2(!crossing.empty(), "the small city has an intersection reached by two short roads");
        m_touched.insert(crossing);

        v1::Wave low, high;
        auto status = dispatch(segment(approachA), segment(exitA), &low, "t-jo", 3);
        QVERIFY2(status.ok(), describe(status));
        status = dispatch(segment(approachB), segment(exitB), &high, "t-eve", 8);
        QVERIFY2(status.ok(), describe(status));
        const auto stateAt = [&](const v1::Wave &w) {
            for (const auto &p : w.passages())
                if (p.intersection_id() == crossing)
                    return std::pair<int, std::string>{p.state(), p.note()};
            return std::pair<int, std::string>{0, {}};
        };
        const v1::Wave lowView = waitWave(
            low.wave_id(), [&](const v1::Wave &w) { return stateAt(w).first == v1::WAVE_PASSAGE_STATE_REFUSED; },
            60000);
        const auto [lowState, lowNote] = stateAt(lowView);
        QVERIFY2(lowState == int(v1::WAVE_PASSAGE_STATE_REFUSED),
                 show(lowView) + " / " + show(m_progress->wave(high.wave_id()).value_or(v1::Wave{})) + " at " + crossing.c_str());
        QVERIFY2(QByteArray::fromStdString(lowNote).contains(QByteArray::fromStdString(high.wave_id())),
                 lowNote.c_str());
        const v1::Wave highView = waitWave(
            high.wave_id(),
            [&](const v1::Wave &w) {
                const int s = stateAt(w).first;
                return s == v1::WAVE_PASSAGE_STATE_PASSED || s == v1::WAVE_PASSAGE_STATE_REFUSED;
            },
            60000);
        QCOMPARE(stateAt(highView).first, int(v1::WAVE_PASSAGE_STATE_PASSED));
        const auto seen = m_progress->seen(high.wave_id());
        QVERIFY2(seen.count(crossing) && (seen.at(crossing).count(v1::WAVE_PASSAGE_STATE_GREEN_HELD)
                                          || seen.at(crossing).count(v1::WAVE_PASSAGE_STATE_PREPARING)),
                 "the higher priority wave held the crossing");
        for (const auto &id : {low.wave_id(), high.wave_id()})
            waitWave(id, [](const v1::Wave &w) { return w.state() != v1::WAVE_STATE_RUNNING; }, 60000);
        QCOMPARE(m_watch.violationsAt(m_touched), std::uint64_t(0));
    }

    void listShowsHistory()
    {
        v1::ListWavesResponse list;
        const auto status = m_waves->ListWaves(as("t-kim").get(), {}, &list);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY(list.waves_size() >= 5);
        std::set<int> outcomes;
        for (const auto &w : list.waves())
            outcomes.insert(w.state());
        QVERIFY(outcomes.count(v1::WAVE_STATE_ARRIVED));
        QVERIFY(outcomes.count(v1::WAVE_STATE_ABORTED));
        QVERIFY(outcomes.count(v1::WAVE_STATE_LOST));
        QVERIFY(m_progress->updates() > 10);
    }

    void cleanupTestCase()
    {
        m_progress.reset();
        qInfo("monitor: %s", m_watch.summary().c_str());
        if (qEnvironmentVariableIsSet("GREENLIGHT_TEST_VERBOSE"))
            qInfo("%s", qPrintable(m_gateway->log()));
        m_watch.stop();
        if (m_gateway)
            m_gateway->terminate();
    }
};

QTEST_GUILESS_MAIN(TestGatewayGreenWave)
#include "tst_gateway_greenwave.moc"
