// Signal overrides on a real gateway running SUMO: hold, advance, go to phase, flash and restore
// through the lease holder only; pending until the field shows the target, then effective in the
// live stream; the programme comes back when an override runs out, its lease is released,
// lapses, is taken over or dies with its holder's connection. An independent conflict monitor
// reads every state the stream carries and must count nothing at the intersections commanded.

#include "core/safety/programtiming.h"
#include "greenlight/v1/control.grpc.pb.h"
#include "support/grpccalls.h"
#include "support/gatewayprocess.h"
#include "support/livewatcher.h"
#include "support/sessionstream.h"
#include "support/tcpproxy.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>
#include <thread>

using namespace greenlight;
using greenlight::testing::GatewayProcess;
using greenlight::testing::LiveWatcher;
using Session = greenlight::testing::SessionStream;

using greenlight::testing::as;
using greenlight::testing::describe;
using greenlight::testing::freshKey;

namespace {

const char *kUsers = "lin officer t-lin\n"
                     "ola officer t-ola\n"
                     "kim viewer t-kim\n"
                     "ana supervisor t-ana\n";

v1::OverrideRequest overrideRequest(const std::string &intersection, const std::string &key, double durationS = 0,
                                    int phase = 0)
{
    v1::OverrideRequest r;
    r.set_intersection_id(intersection);
    r.set_reason("test: manual control");
    r.set_duration_s(durationS);
    r.set_idempotency_key(key);
    r.set_phase_index(static_cast<std::uint32_t>(phase));
    return r;
}

} // namespace

class TestGatewayOverrides : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<GatewayProcess> m_gateway;
    std::unique_ptr<v1::ControlService::Stub> m_control;
    LiveWatcher m_watch;
    std::vector<std::string> m_candidates; // intersections with at least two green phases
    std::set<std::string> m_commanded;

    QString path(const char *name) const { return m_dir.filePath(QLatin1StringView(name)); }

    std::string take()
    {
        if (m_candidates.empty())
            return {};
        std::string id = m_candidates.back();
        m_candidates.pop_back();
        m_commanded.insert(id);
        return id;
    }

    grpc::Status acquire(const std::string &token, const std::string &id, double durationS = 300)
    {
        v1::AcquireControlRequest r;
        r.set_intersection_id(id);
        r.set_reason("test: manual control");
        r.set_duration_s(durationS);
        r.set_idempotency_key(freshKey());
        v1::Lease lease;
        return m_control->AcquireControl(as(token).get(), r, &lease);
    }

    std::vector<v1::AuditEntry> audit(const std::string &intersection)
    {
        v1::GetAuditLogRequest request;
        request.set_intersection_id(intersection);
        v1::GetAuditLogResponse response;
        const auto status = m_control->GetAuditLog(as("t-ana").get(), request, &response);
        if (!status.ok())
            qWarning("GetAuditLog: %s", describe(status).constData());
        return {response.entries().begin(), response.entries().end()};
    }

    bool overrideStage(const std::string &id, const std::string &key, core::OverrideStage stage) const
    {
        const auto c = m_watch.control(id);
        return c && c->override_ && c->override_->idempotencyKey == key && c->override_->stage == stage;
    }
    bool noOverride(const std::string &id) const
    {
        const auto c = m_watch.control(id);
        return !c || !c->override_;
    }
    const core::Intersection *intersection(const std::string &id) const
    {
        for (const auto &x : m_watch.layout().intersections)
            if (x.id == id)
                return &x;
        return nullptr;
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
        m_control = v1::ControlService::NewStub(
            grpc::CreateChannel(m_gateway->address().toStdString(), grpc::InsecureChannelCredentials()));
        std::string error;
        QVERIFY2(m_watch.start(m_gateway->address().toStdString(), &error, "t-kim"), error.c_str());
        QVERIFY(m_watch.waitFor([this] { return m_watch.snapshots() > 0; }, 20000));
        for (const auto &x : m_watch.layout().intersections)
            if (core::safety::ProgramTiming(x).greenPhases().size() >= 2)
                m_candidates.push_back(x.id);
        QVERIFY2(m_candidates.size() >= 10, "the small city should have ten intersections with two green phases");
    }

    void refusedWithoutLeaseRoleOrToken()
    {
        const std::string id = m_candidates.front();
        v1::OverrideResponse response;
        auto status = m_control->HoldPhase(as("t-lin").get(), overrideRequest(id, freshKey()), &response);
        QCOMPARE(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
        QVERIFY2(QByteArray::fromStdString(status.error_message()).contains("take control"), describe(status));
        status = m_control->HoldPhase(as("t-kim").get(), overrideRequest(id, freshKey()), &response);
        QCOMPARE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
        status = m_control->HoldPhase(as("").get(), overrideRequest(id, freshKey()), &response);
        QCOMPARE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
        // another operator's lease
        const std::string held = take();
        QVERIFY(acquire("t-ola", held).ok());
        status = m_control->AdvancePhase(as("t-lin").get(), overrideRequest(held, freshKey()), &response);
        QCOMPARE(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
        QVERIFY2(QByteArray::fromStdString(status.error_message()).contains("held by ola"), describe(status));
        // every refusal is audited
        bool found = false;
        for (const auto &row : audit(held))
            found = found || (row.action() == "advance" && row.outcome() == v1::COMMAND_OUTCOME_REFUSED);
        QVERIFY(found);
    }

    // Hold: pending, then effective once the stream shows it; the green outlasts its phase.
    void holdIsEffectiveAndHeld()
    {
        const std::string id = take();
        QVERIFY(acquire("t-lin", id).ok());
        const std::string key = freshKey();
        v1::OverrideResponse response;
        const auto status = m_control->HoldPhase(as("t-lin").get(), overrideRequest(id, key), &response);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(response.override().kind(), v1::OVERRIDE_KIND_HOLD);
        QCOMPARE(response.override().holder(), std::string("lin"));
        QVERIFY(response.override().target_phase() >= 0);
        QVERIFY(m_watch.waitFor([&] { return overrideStage(id, key, core::OverrideStage::Effective); }, 15000));
        const auto *x = intersection(id);
        QVERIFY(x);
        const std::string held = x->phases[static_cast<std::size_t>(response.override().target_phase())].state;
        QCOMPARE(m_watch.state(id), held);
        // the stream reports the programme phase shown, not SUMO's own override programme's
        QCOMPARE(m_watch.phase(id), response.override().target_phase());
        // 10x speed: 6 s of wall time is a minute in the simulation, longer than any phase here
        const double from = m_watch.simTime();
        QVERIFY(m_watch.waitFor([&] { return m_watch.simTime() > from + 60; }, 20000));
        QCOMPARE(m_watch.state(id), held);
        // S12: the command row (not yet effective) and the row saying when it took effect
        const auto rows = audit(id);
        int commandRows = 0;
        int effectiveRows = 0;
        for (const auto &row : rows) {
            if (row.idempotency_key() != key)
                continue;
            if (row.action() == "hold") {
                ++commandRows;
                QCOMPARE(row.outcome(), v1::COMMAND_OUTCOME_ACCEPTED);
                QCOMPARE(row.effective_time_unix_ms(), 0);
            } else if (row.action() == "effective") {
                ++effectiveRows;
                QVERIFY(row.effective_time_unix_ms() > 0);
                QCOMPARE(row.operator_(), std::string("lin"));
            }
        }
        QCOMPARE(commandRows, 1);
        QCOMPARE(effectiveRows, 1);

        // The same key again: the same answer and no second effect or row.
        v1::OverrideResponse again;
        QVERIFY(m_control->HoldPhase(as("t-lin").get(), overrideRequest(id, key), &again).ok());
        QCOMPARE(again.SerializeAsString(), response.SerializeAsString());
        int after = 0;
        for (const auto &row : audit(id))
            after += row.idempotency_key() == key && row.action() == "hold" ? 1 : 0;
        QCOMPARE(after, 1);

        // Restore: the override ends once the programme has it back, and the programme moves on.
        v1::OverrideResponse restored;
        QVERIFY2(m_control->RestoreProgramme(as("t-lin").get(), overrideRequest(id, freshKey()), &restored).ok(), "restore");
        QVERIFY(m_watch.waitFor([&] { return noOverride(id); }, 20000));
        QVERIFY(m_watch.control(id) && m_watch.control(id)->lease); // the lease stays
        const std::string backOn = m_watch.state(id);
        QVERIFY(m_watch.waitFor([&] { return m_watch.state(id) != backOn; }, 20000));
    }

    void goToPhaseAdvanceAndFlash()
    {
        const std::string id = take();
        const auto *x = intersection(id);
        QVERIFY(x);
        const core::safety::ProgramTiming timing(*x);
        QVERIFY(acquire("t-lin", id).ok());
        v1::OverrideResponse response;
        // a yellow phase is not a target
        int transition = -1;
        for (int p = 0; p < timing.phaseCount() && transition < 0; ++p)
            if (!timing.isGreenPhase(p))
                transition = p;
        if (transition >= 0) {
            const auto status =
                m_control->GoToPhase(as("t-lin").get(), overrideRequest(id, freshKey(), 0, transition), &response);
            QCOMPARE(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
            QVERIFY2(QByteArray::fromStdString(status.error_message()).contains("not a green phase"), describe(status));
        }
        for (int target : timing.greenPhases()) {
            const std::string key = freshKey();
            const auto status = m_control->GoToPhase(as("t-lin").get(), overrideRequest(id, key, 0, target), &response);
            QVERIFY2(status.ok(), describe(status));
            QCOMPARE(response.override().target_phase(), target);
            QVERIFY2(m_watch.waitFor([&] { return overrideStage(id, key, core::OverrideStage::Effective); }, 30000),
                     qPrintable(QString::fromStdString(id + " to phase " + std::to_string(target))));
            QCOMPARE(m_watch.state(id), x->phases[static_cast<std::size_t>(target)].state);
        }
        {
            const std::string key = freshKey();
            QVERIFY(m_control->AdvancePhase(as("t-lin").get(), overrideRequest(id, key), &response).ok());
            QCOMPARE(response.override().target_phase(), timing.nextGreenPhase(timing.greenPhases().back()));
            QVERIFY(m_watch.waitFor([&] { return overrideStage(id, key, core::OverrideStage::Effective); }, 30000));
        }
        {
            const std::string key = freshKey();
            QVERIFY(m_control->Flash(as("t-lin").get(), overrideRequest(id, key), &response).ok());
            QCOMPARE(response.override().kind(), v1::OVERRIDE_KIND_FLASH);
            QVERIFY(m_watch.waitFor([&] { return overrideStage(id, key, core::OverrideStage::Effective); }, 30000));
            QVERIFY(QString::fromStdString(m_watch.state(id)).contains('o'));
            // holding a phase needs a restore first
            const auto status = m_control->HoldPhase(as("t-lin").get(), overrideRequest(id, freshKey()), &response);
            QCOMPARE(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
            QVERIFY2(QByteArray::fromStdString(status.error_message()).contains("flashing"), describe(status));
        }
        // Release: the intersection leaves flash through all-red and runs its programme.
        v1::ReleaseControlRequest release;
        release.set_intersection_id(id);
        release.set_idempotency_key(freshKey());
        v1::ReleaseControlResponse released;
        QVERIFY(m_control->ReleaseControl(as("t-lin").get(), release, &released).ok());
        QVERIFY(m_watch.waitFor([&] { return !m_watch.control(id); }, 30000));
        QVERIFY(m_watch.waitFor([&] { return !QString::fromStdString(m_watch.state(id)).contains('o'); }, 10000));
    }

    // An override with a duration runs out and the programme takes over.
    void overrideRunsOut()
    {
        const std::string id = take();
        QVERIFY(acquire("t-lin", id).ok());
        v1::OverrideResponse response;
        const std::string key = freshKey();
        QVERIFY(m_control->HoldPhase(as("t-lin").get(), overrideRequest(id, key, 2), &response).ok());
        QVERIFY(response.override().expires_unix_ms() > 0);
        QVERIFY(m_watch.waitFor([&] { return overrideStage(id, key, core::OverrideStage::Effective); }, 15000));
        QVERIFY(m_watch.waitFor([&] { return noOverride(id); }, 20000));
        bool ended = false;
        for (const auto &row : audit(id))
            ended = ended || row.action() == "override_end";
        QVERIFY(ended);
    }

    // A lapsed lease returns its intersection to the programme.
    void leaseExpiryRestores()
    {
        const std::string id = take();
        QVERIFY(acquire("t-lin", id, 3).ok());
        v1::OverrideResponse response;
        const std::string key = freshKey();
        QVERIFY(m_control->Flash(as("t-lin").get(), overrideRequest(id, key), &response).ok());
        QVERIFY(m_watch.waitFor([&] { return overrideStage(id, key, core::OverrideStage::Effective); }, 15000));
        QVERIFY(m_watch.waitFor([&] { return !m_watch.control(id); }, 30000));
        QVERIFY(m_watch.waitFor([&] { return !QString::fromStdString(m_watch.state(id)).contains('o'); }, 10000));
        bool expired = false;
        for (const auto &row : audit(id))
            expired = expired || row.action() == "expire";
        QVERIFY(expired);
    }

    // A supervisor takes over: the override stays, now theirs; the officer's session is told.
    void takeOverKeepsTheOverride()
    {
        const std::string id = take();
        Session lin(m_gateway->address().toStdString(), "t-lin");
        QVERIFY(m_watch.waitFor([&] { return lin.opened(); }, 10000));
        QVERIFY(acquire("t-lin", id).ok());
        const std::string key = freshKey();
        v1::OverrideResponse response;
        QVERIFY(m_control->HoldPhase(as("t-lin").get(), overrideRequest(id, key), &response).ok());
        v1::TakeOverRequest takeOver;
        takeOver.set_intersection_id(id);
        takeOver.set_reason("crash clearance");
        takeOver.set_idempotency_key(freshKey());
        v1::TakeOverResponse taken;
        QVERIFY(m_control->TakeOver(as("t-ana").get(), takeOver, &taken).ok());
        QCOMPARE(taken.displaced().holder(), std::string("lin"));
        QVERIFY(m_watch.waitFor([&] { return lin.count(v1::SessionEvent::KIND_LEASE_LOST) == 1; }, 10000));
        QVERIFY2(QString::fromStdString(lin.lastMessage()).contains("crash clearance"), lin.lastMessage().c_str());
        QVERIFY(m_watch.waitFor([&] {
            const auto c = m_watch.control(id);
            return c && c->lease && c->lease->holder == "ana" && c->override_ && c->override_->holder == "ana";
        }, 10000));
        // lin may no longer command it
        const auto status = m_control->AdvancePhase(as("t-lin").get(), overrideRequest(id, freshKey()), &response);
        QCOMPARE(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    }

    // The holder's connection drops: after the grace period the lease ends and the programme
    // takes the intersection back.
    void connectionLossRestores()
    {
        const std::string id = take();
        greenlight::testing::TcpProxy proxy(static_cast<quint16>(m_gateway->port()));
        QVERIFY(proxy.listen());
        auto ola = std::make_unique<Session>("127.0.0.1:" + std::to_string(proxy.port()), "t-ola");
        QVERIFY(m_watch.waitFor([&] { return ola->opened(); }, 10000));
        QVERIFY(acquire("t-ola", id).ok());
        v1::OverrideResponse response;
        QVERIFY(m_control->HoldPhase(as("t-ola").get(), overrideRequest(id, freshKey()), &response).ok());
        QVERIFY(m_watch.waitFor([&] {
            const auto c = m_watch.control(id);
            return c && c->override_ && c->override_->stage == core::OverrideStage::Effective;
        }, 15000));
        proxy.cutAll();
        QVERIFY(m_watch.waitFor([&] { return !m_watch.control(id); }, 30000));
        bool lost = false;
        for (const auto &row : audit(id))
            lost = lost || row.action() == "connection_lost";
        QVERIFY(lost);
        ola.reset();
    }

    void listOverridesShowsEveryOperator()
    {
        const std::string a = take();
        const std::string b = take();
        QVERIFY(acquire("t-lin", a).ok());
        QVERIFY(acquire("t-ola", b).ok());
        v1::OverrideResponse response;
        QVERIFY(m_control->HoldPhase(as("t-lin").get(), overrideRequest(a, freshKey()), &response).ok());
        QVERIFY(m_control->Flash(as("t-ola").get(), overrideRequest(b, freshKey()), &response).ok());
        v1::ListOverridesResponse list;
        QVERIFY(m_control->ListOverrides(as("t-kim").get(), {}, &list).ok());
        std::map<std::string, std::string> holders;
        for (const auto &o : list.overrides())
            holders[o.intersection_id()] = o.holder();
        QCOMPARE(holders[a], std::string("lin"));
        QCOMPARE(holders[b], std::string("ola"));
    }

    // S10: a gateway whose field reports seldom (one step every 10 s here) refuses commands to
    // intersections it has not heard from within its freshness window, and takes them once it has.
    void staleIntersectionRefused()
    {
        GatewayProcess slow(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(slow.start({"--city-size", "small", "--speed", "0.1", "--freshness", "2", "--cache-dir", path("cache"),
                             "--users", path("users.txt"), "--audit", path("slow.sqlite3")}),
                 qPrintable(slow.error()));
        auto control = v1::ControlService::NewStub(
            grpc::CreateChannel(slow.address().toStdString(), grpc::InsecureChannelCredentials()));
        const std::string id = m_watch.layout().intersections.front().id;
        v1::AcquireControlRequest r;
        r.set_intersection_id(id);
        r.set_reason("test: stale state");
        r.set_idempotency_key(freshKey());
        v1::Lease lease;
        QVERIFY(control->AcquireControl(as("t-lin").get(), r, &lease).ok());
        // Wait until the last report is older than the window, then command.
        LiveWatcher watch;
        std::string error;
        QVERIFY2(watch.start(slow.address().toStdString(), &error, "t-kim"), error.c_str());
        QVERIFY(watch.waitFor([&] { return watch.messages() >= 2; }, 30000));
        const auto seen = watch.messages();
        QVERIFY(watch.waitFor([&] { return watch.messages() > seen; }, 30000)); // a step just happened
        QTest::qWait(4000);                                                     // 4 s > 2 s window, < 10 s step
        v1::OverrideResponse response;
        const auto status = control->HoldPhase(as("t-lin").get(), overrideRequest(id, freshKey()), &response);
        QCOMPARE(status.error_code(), grpc::StatusCode::UNAVAILABLE);
        QVERIFY2(QByteArray::fromStdString(status.error_message()).contains("freshness window"), describe(status));
        // Just after the next report the same command goes through.
        const auto before = watch.messages();
        QVERIFY(watch.waitFor([&] { return watch.messages() > before; }, 30000));
        const auto fresh = control->HoldPhase(as("t-lin").get(), overrideRequest(id, freshKey()), &response);
        QVERIFY2(fresh.ok(), describe(fresh));
        watch.stop();
        slow.terminate();
    }

    // The checker saw every state the stream carried, without a gap, and counted nothing at the
    // intersections commanded.
    void checkerCountsNothing()
    {
        QCOMPARE(m_watch.snapshots(), std::uint64_t(1));
        QVERIFY2(m_watch.violationsAt(m_commanded) == 0, m_watch.summary().c_str());
        qInfo("checker: %s", m_watch.summary().c_str());
    }

    void cleanupTestCase()
    {
        m_watch.stop();
        if (m_gateway)
            m_gateway->terminate();
    }
};

QTEST_GUILESS_MAIN(TestGatewayOverrides)
#include "tst_gateway_overrides.moc"
