// The override storm (signal-safety.md, "How we prove it"): several operators send thousands of
// random override commands to a real gateway running SUMO, with leases and overrides running out
// and sessions dropped mid-way, while an independent conflict monitor reads every signal state
// the gateway streams. First the unmodified programme is watched alone (the baseline, reported
// separately); during the storm the monitor must count nothing at the intersections commanded.

#include "core/safety/conflictmonitor.h"
#include "greenlight/v1/control.grpc.pb.h"
#include "support/grpccalls.h"
#include "support/gatewayprocess.h"
#include "support/livewatcher.h"
#include "support/tcpproxy.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

using namespace greenlight;
using greenlight::testing::GatewayProcess;
using greenlight::testing::LiveWatcher;

using greenlight::testing::as;
using greenlight::testing::freshKey;

namespace {

constexpr int kOperators = 4;
constexpr int kCommandsPerOperator = 520; // 2,080 override commands in all
const char *kUsers = "op0 officer t-op0\nop1 officer t-op1\nop2 coordinator t-op2\nop3 supervisor t-op3\n";

// Tallies of one operator's commands.
struct Tally {
    std::map<std::string, int> sent;      // by action
    std::map<int, int> byStatus;          // by gRPC status code
    int overrides = 0;
    int accepted = 0;
    std::string firstUnexpected;          // a status no storm command should end with
};

// One operator: keeps a session open through a cuttable proxy (reopening it after a cut) and
// fires random commands at a pool of intersections shared with the others.
class Operator
{
public:
    Operator(int n, const std::string &gateway, quint16 sessionPort, std::vector<std::string> pool,
             std::map<std::string, int> greenPhases, std::uint32_t seed)
        : m_name("op" + std::to_string(n))
        , m_token("t-op" + std::to_string(n))
        , m_pool(std::move(pool))
        , m_phases(std::move(greenPhases))
        , m_random(seed)
    {
        m_stub = v1::ControlService::NewStub(grpc::CreateChannel(gateway, grpc::InsecureChannelCredentials()));
        m_sessionStub = v1::ControlService::NewStub(
            grpc::CreateChannel("127.0.0.1:" + std::to_string(sessionPort), grpc::InsecureChannelCredentials()));
    }
    ~Operator() { stop(); }

    void start()
    {
        m_session = std::thread([this] { sessions(); });
        m_worker = std::thread([this] { work(); });
    }
    void stop()
    {
        m_stop = true;
        {
            const std::lock_guard lock(m_contextMutex);
            if (m_sessionContext)
                m_sessionContext->TryCancel();
        }
        if (m_worker.joinable())
            m_worker.join();
        if (m_session.joinable())
            m_session.join();
    }
    bool done() const { return m_done; }
    const Tally &tally() const { return m_tally; }
    int sessionsOpened() const { return m_sessionsOpened; }

private:
    void sessions()
    {
        while (!m_stop) {
            {
                const std::lock_guard lock(m_contextMutex);
                m_sessionContext = std::make_unique<grpc::ClientContext>();
                m_sessionContext->AddMetadata("authorization", "Bearer " + m_token);
            }
            auto reader = m_sessionStub->OpenSession(m_sessionContext.get(), {});
            v1::SessionEvent event;
            while (reader->Read(&event))
                if (event.kind() == v1::SessionEvent::KIND_OPENED)
                    ++m_sessionsOpened;
            reader->Finish();
            // stay away for a while: sometimes longer than the grace period
            for (int i = 0; i < 20 && !m_stop; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }

    template <typename T>
    int pick(T lo, T hi) { return std::uniform_int_distribution<int>(int(lo), int(hi))(m_random); }

    void count(const std::string &action, const grpc::Status &status, bool isOverride)
    {
        ++m_tally.sent[action];
        ++m_tally.byStatus[int(status.error_code())];
        if (isOverride) {
            ++m_tally.overrides;
            m_tally.accepted += status.ok() ? 1 : 0;
        }
        const auto code = status.error_code();
        const bool expected = code == grpc::StatusCode::OK || code == grpc::StatusCode::FAILED_PRECONDITION
            || code == grpc::StatusCode::PERMISSION_DENIED;
        if (!expected && m_tally.firstUnexpected.empty())
            m_tally.firstUnexpected = action + ": " + std::to_string(int(code)) + " " + status.error_message();
    }

    void work()
    {
        while (!m_stop && m_tally.overrides < kCommandsPerOperator) {
            // Mostly the intersections this operator took, sometimes any (someone else's).
            std::string id = m_pool[static_cast<std::size_t>(pick(0, int(m_pool.size()) - 1))];
            if (!m_held.empty() && pick(0, 9) < 8)
                id = m_held[static_cast<std::size_t>(pick(0, int(m_held.size()) - 1))];
            const int roll = pick(0, 99);
            if (roll < 12) {
                v1::AcquireControlRequest r;
                r.set_intersection_id(id);
                r.set_reason("storm");
                r.set_duration_s(pick(3, 40));
                r.set_idempotency_key(freshKey());
                v1::Lease lease;
                const auto status = m_stub->AcquireControl(as(m_token).get(), r, &lease);
                count("acquire", status, false);
                if (status.ok() && std::find(m_held.begin(), m_held.end(), id) == m_held.end())
                    m_held.push_back(id);
            } else if (roll < 15) {
                v1::ReleaseControlRequest r;
                r.set_intersection_id(id);
                r.set_idempotency_key(freshKey());
                v1::ReleaseControlResponse released;
                count("release", m_stub->ReleaseControl(as(m_token).get(), r, &released), false);
            } else if (roll < 17) {
                v1::TakeOverRequest r;
                r.set_intersection_id(id);
                r.set_reason("storm take-over");
                r.set_duration_s(pick(3, 30));
                r.set_idempotency_key(freshKey());
                v1::TakeOverResponse taken;
                count("take_over", m_stub->TakeOver(as(m_token).get(), r, &taken), false);
            } else {
                v1::OverrideRequest r;
                r.set_intersection_id(id);
                r.set_reason("storm");
                r.set_duration_s(pick(0, 3) == 0 ? 0 : pick(2, 15));
                r.set_idempotency_key(freshKey());
                v1::OverrideResponse response;
                const int kind = pick(0, 9);
                grpc::Status status;
                const char *action = "";
                if (kind < 3) {
                    action = "hold";
                    status = m_stub->HoldPhase(as(m_token).get(), r, &response);
                } else if (kind < 5) {
                    action = "advance";
                    status = m_stub->AdvancePhase(as(m_token).get(), r, &response);
                } else if (kind < 7) {
                    action = "go_to_phase";
                    const int phases = m_phases[id];
                    r.set_phase_index(static_cast<std::uint32_t>(pick(0, std::max(0, phases - 1))));
                    status = m_stub->GoToPhase(as(m_token).get(), r, &response);
                } else if (kind < 8) {
                    action = "flash";
                    status = m_stub->Flash(as(m_token).get(), r, &response);
                } else {
                    action = "restore";
                    status = m_stub->RestoreProgramme(as(m_token).get(), r, &response);
                }
                count(action, status, true);
                // a lease that lapsed, was released or taken: forget it
                if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION
                    && (status.error_message().find("take control") != std::string::npos
                        || status.error_message().find("held by") != std::string::npos))
                    m_held.erase(std::remove(m_held.begin(), m_held.end(), id), m_held.end());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(pick(5, 60)));
        }
        m_done = true;
    }

    std::string m_name;
    std::string m_token;
    std::vector<std::string> m_pool;
    std::vector<std::string> m_held;   // intersections this operator acquired and may still hold
    std::map<std::string, int> m_phases;
    std::mt19937 m_random;
    std::unique_ptr<v1::ControlService::Stub> m_stub;
    std::unique_ptr<v1::ControlService::Stub> m_sessionStub;
    std::mutex m_contextMutex;
    std::unique_ptr<grpc::ClientContext> m_sessionContext;
    std::thread m_session;
    std::thread m_worker;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_done{false};
    std::atomic<int> m_sessionsOpened{0};
    Tally m_tally;
};

} // namespace

class TestGatewayStorm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storm_data()
    {
        QTest::addColumn<QStringList>("scenarioArgs");
        QTest::addColumn<int>("poolSize");
        QTest::addRow("default city at peak") << QStringList{"--begin", "1800"} << 40;
        QTest::addRow("bologna") << QStringList{"--scenario",
                                                QDir(QStringLiteral(GREENLIGHT_SCENARIOS_DIR)).filePath("bologna/bologna.sumocfg")}
                                 << 30;
    }

    void storm()
    {
        QFETCH(QStringList, scenarioArgs);
        QFETCH(int, poolSize);
        if (scenarioArgs.first() == "--scenario" && !QFile::exists(scenarioArgs.at(1)))
            QSKIP(qPrintable("scenario not available here: " + scenarioArgs.at(1)));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(GatewayProcess::writeUsersFile(dir.filePath("users.txt"), kUsers));
        GatewayProcess gateway(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(gateway.start(scenarioArgs
                                   + QStringList{"--speed", "20", "--track-vehicles", "none", "--cache-dir",
                                                 QDir::home().filePath(".cache/greenlight"), "--users",
                                                 dir.filePath("users.txt"), "--audit", dir.filePath("audit.sqlite3"),
                                                 "--session-grace", "1"}),
                 qPrintable(gateway.error()));
        LiveWatcher watch;
        std::string error;
        QVERIFY2(watch.start(gateway.address().toStdString(), &error, "t-op3"), error.c_str());
        QVERIFY(watch.waitFor([&] { return watch.snapshots() > 0; }, 30000));

        // The baseline: the unmodified programmes, watched alone for five simulated minutes.
        const double baselineFrom = watch.simTime();
        QVERIFY(watch.waitFor([&] { return watch.simTime() > baselineFrom + 300; }, 60000));
        const std::uint64_t baseline = watch.violations();
        const std::string baselineSummary = watch.summary();
        qInfo("baseline, unmodified programmes over %.0f simulated s: %llu violations\n%s",
              watch.simTime() - baselineFrom, static_cast<unsigned long long>(baseline), baselineSummary.c_str());
        watch.resetCounts();

        // The pool: intersections with a programme of two or more green phases, shared by all.
        std::vector<std::string> pool;
        std::map<std::string, int> phases;
        for (const auto &x : watch.layout().intersections) {
            int greens = 0;
            for (const auto &p : x.phases) {
                bool green = false;
                bool transition = false;
                for (char c : p.state) {
                    green = green || c == 'G' || c == 'g';
                    transition = transition || c == 'y' || c == 'u';
                }
                greens += green && !transition ? 1 : 0;
            }
            if (greens >= 2 && int(pool.size()) < poolSize) {
                pool.push_back(x.id);
                phases[x.id] = static_cast<int>(x.phases.size());
            }
        }
        QVERIFY2(pool.size() >= 10, "too few intersections with two green phases");
        const std::set<std::string> commanded(pool.begin(), pool.end());

        std::vector<std::unique_ptr<greenlight::testing::TcpProxy>> proxies;
        std::vector<std::unique_ptr<Operator>> operators;
        for (int n = 0; n < kOperators; ++n) {
            proxies.push_back(std::make_unique<greenlight::testing::TcpProxy>(static_cast<quint16>(gateway.port())));
            QVERIFY(proxies.back()->listen());
            operators.push_back(std::make_unique<Operator>(n, gateway.address().toStdString(), proxies.back()->port(),
                                                           pool, phases, 1000u + std::uint32_t(n)));
        }
        for (auto &op : operators)
            op->start();
        // Drop a random operator's connection now and then while they work.
        std::mt19937 random(99);
        int cuts = 0;
        const double stormFrom = watch.simTime();
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 240000) {
            bool all = true;
            for (const auto &op : operators)
                all = all && op->done();
            if (all)
                break;
            QTest::qWait(std::uniform_int_distribution<int>(1500, 4000)(random));
            proxies[static_cast<std::size_t>(std::uniform_int_distribution<int>(0, kOperators - 1)(random))]->cutAll();
            ++cuts;
        }
        for (auto &op : operators)
            op->stop();
        const double stormS = watch.simTime() - stormFrom;

        // Everyone lets go: every intersection must be back on its programme.
        auto admin = v1::ControlService::NewStub(
            grpc::CreateChannel(gateway.address().toStdString(), grpc::InsecureChannelCredentials()));
        QVERIFY(watch.waitFor([&] {
            v1::ListOverridesResponse list;
            v1::ListLeasesResponse leases;
            admin->ListOverrides(as("t-op3").get(), {}, &list);
            admin->ListLeases(as("t-op3").get(), {}, &leases);
            return list.overrides_size() == 0 && leases.leases_size() == 0;
        }, 60000));

        Tally total;
        int sessions = 0;
        for (const auto &op : operators) {
            for (const auto &[action, n] : op->tally().sent)
                total.sent[action] += n;
            for (const auto &[code, n] : op->tally().byStatus)
                total.byStatus[code] += n;
            total.overrides += op->tally().overrides;
            total.accepted += op->tally().accepted;
            sessions += op->sessionsOpened();
            QVERIFY2(op->tally().firstUnexpected.empty(), op->tally().firstUnexpected.c_str());
        }
        QString actions;
        for (const auto &[action, n] : total.sent)
            actions += QStringLiteral("%1 %2, ").arg(QString::fromStdString(action)).arg(n);
        QString statuses;
        for (const auto &[code, n] : total.byStatus)
            statuses += QStringLiteral("status %1: %2, ").arg(code).arg(n);
        const std::uint64_t atCommanded = watch.violationsAt(commanded);
        const std::uint64_t elsewhere = watch.violations() - atCommanded;
        qInfo("storm: %d override commands (%d accepted) over %.0f simulated s on %zu intersections; %s%s"
              "%d connection cuts, %d sessions opened; stream %llu messages, %llu snapshots",
              total.overrides, total.accepted, stormS, pool.size(), qPrintable(actions), qPrintable(statuses), cuts,
              sessions, static_cast<unsigned long long>(watch.messages()),
              static_cast<unsigned long long>(watch.snapshots()));
        qInfo("checker: baseline %llu (reported above); during the storm %llu at the %zu intersections commanded, "
              "%llu at the others (their own programmes)",
              static_cast<unsigned long long>(baseline), static_cast<unsigned long long>(atCommanded), commanded.size(),
              static_cast<unsigned long long>(elsewhere));

        QVERIFY(total.overrides >= kOperators * kCommandsPerOperator);
        QVERIFY2(total.accepted >= total.overrides / 3, qPrintable(statuses));
        QVERIFY2(cuts >= 5 && sessions > kOperators, "the storm should drop and reopen sessions");
        QCOMPARE(watch.snapshots(), std::uint64_t(1)); // the checker missed no state
        QVERIFY2(atCommanded == 0, watch.summary().c_str());
        watch.stop();
        gateway.terminate();
    }
};

QTEST_GUILESS_MAIN(TestGatewayStorm)
#include "tst_gateway_storm.moc"
