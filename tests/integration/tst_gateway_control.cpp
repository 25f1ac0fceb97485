// The control service of a real gateway: authentication by bearer token, roles, leases with
// take-over (S7, S8), idempotent commands, and the audit log (S12) surviving a restart.

#include "greenlight/v1/control.grpc.pb.h"
#include "greenlight/v1/service.grpc.pb.h"
#include "support/grpccalls.h"
#include "support/gatewayprocess.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace greenlight;
using greenlight::testing::GatewayProcess;

using greenlight::testing::as;
using greenlight::testing::describe;

namespace {

const char *kUsers = "# test operators\n"
                     "lin officer t-lin\n"
                     "ola officer t-ola\n"
                     "kim viewer t-kim\n"
                     "max coordinator t-max\n"
                     "ana supervisor t-ana\n";

v1::AcquireControlRequest acquireRequest(const std::string &intersection, const std::string &reason,
                                         const std::string &key, double durationS = 120)
{
    v1::AcquireControlRequest r;
    r.set_intersection_id(intersection);
    r.set_reason(reason);
    r.set_duration_s(durationS);
    r.set_idempotency_key(key);
    return r;
}

} // namespace

class TestGatewayControl : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<GatewayProcess> m_gateway;
    std::unique_ptr<v1::ControlService::Stub> m_control;
    std::vector<std::string> m_intersections;
    std::string m_linLeaseId;

    QString path(const char *name) const { return m_dir.filePath(QLatin1StringView(name)); }

    bool startGateway(const QStringList &extra)
    {
        m_gateway = std::make_unique<GatewayProcess>(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        if (!m_gateway->start(QStringList{"--city-size", "small", "--speed", "max", "--cache-dir", path("cache")}
                              + extra)) {
            qWarning("%s", qPrintable(m_gateway->error()));
            return false;
        }
        const auto channel = grpc::CreateChannel(m_gateway->address().toStdString(), grpc::InsecureChannelCredentials());
        m_control = v1::ControlService::NewStub(channel);
        return true;
    }

    bool startWithUsers()
    {
        return startGateway({"--users", path("users.txt"), "--audit", path("audit.sqlite3")});
    }

    std::vector<v1::AuditEntry> audit(const std::string &token, const v1::GetAuditLogRequest &request = {})
    {
        v1::GetAuditLogResponse response;
        const auto status = m_control->GetAuditLog(as(token).get(), request, &response);
        if (!status.ok())
            qWarning("GetAuditLog: %s", describe(status).constData());
        return {response.entries().begin(), response.entries().end()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(GatewayProcess::writeUsersFile(path("users.txt"), kUsers));
        QVERIFY(startWithUsers());
        QVERIFY2(!m_gateway->log().contains("demo mode"), qPrintable(m_gateway->log()));

        const auto channel = grpc::CreateChannel(m_gateway->address().toStdString(), grpc::InsecureChannelCredentials());
        auto city = v1::CityService::NewStub(channel);
        v1::CityLayout layout;
        const auto status = city->GetLayout(as("t-kim").get(), {}, &layout);
        QVERIFY2(status.ok(), describe(status).constData());
        for (const auto &intersection : layout.intersections())
            m_intersections.push_back(intersection.id());
        QVERIFY(m_intersections.size() >= 3);
    }

    // A gateway with operators shows its city to them only: no token, or an unknown one, gets
    // UNAUTHENTICATED from GetLayout and StreamLive; any user (a viewer too) gets the city.
    // GetGatewayInfo stays open.
    void cityNeedsAnOperator()
    {
        const auto channel = grpc::CreateChannel(m_gateway->address().toStdString(), grpc::InsecureChannelCredentials());
        auto city = v1::CityService::NewStub(channel);
        v1::CityLayout layout;
        auto status = city->GetLayout(as("").get(), {}, &layout);
        QCOMPARE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
        QVERIFY2(QByteArray::fromStdString(status.error_message()).contains("log in"), describe(status).constData());
        status = city->GetLayout(as("t-nobody").get(), {}, &layout);
        QCOMPARE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
        {
            auto context = as("");
            auto reader = city->StreamLive(context.get(), {});
            v1::LiveUpdate update;
            QVERIFY(!reader->Read(&update));
            QCOMPARE(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
        }
        {
            auto context = as("t-kim");
            auto reader = city->StreamLive(context.get(), {});
            v1::LiveUpdate update;
            QVERIFY(reader->Read(&update));
            QCOMPARE(update.kind(), v1::LiveUpdate::KIND_SNAPSHOT);
            context->TryCancel();
            reader->Finish();
        }
        v1::GatewayInfo info;
        QVERIFY(city->GetGatewayInfo(as("").get(), {}, &info).ok());
        QVERIFY(!info.city_name().empty());
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            m_gateway->terminate();
    }

    void unauthenticated()
    {
        v1::WhoAmIResponse who;
        QCOMPARE(m_control->WhoAmI(as("").get(), {}, &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
        QCOMPARE(m_control->WhoAmI(as("t-nobody").get(), {}, &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
        v1::Lease lease;
        const auto status =
            m_control->AcquireControl(as("").get(), acquireRequest(m_intersections[0], "test", "k-unauth"), &lease);
        QCOMPARE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
        v1::ListLeasesResponse leases;
        QCOMPARE(m_control->ListLeases(as("").get(), {}, &leases).error_code(), grpc::StatusCode::UNAUTHENTICATED);
    }

    void whoAmI()
    {
        v1::WhoAmIResponse who;
        const auto status = m_control->WhoAmI(as("t-lin").get(), {}, &who);
        QVERIFY2(status.ok(), describe(status).constData());
        QCOMPARE(who.operator_(), std::string("lin"));
        QCOMPARE(who.role(), v1::ROLE_OFFICER);
        QVERIFY(!who.demo_mode());
    }

    void viewerMayWatchButNotAcquire()
    {
        v1::Lease lease;
        const auto status =
            m_control->AcquireControl(as("t-kim").get(), acquireRequest(m_intersections[0], "curious", "k-kim"), &lease);
        QCOMPARE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY2(status.error_message().find("officer") != std::string::npos, status.error_message().c_str());
        v1::ListLeasesResponse leases;
        QVERIFY(m_control->ListLeases(as("t-kim").get(), {}, &leases).ok());
        v1::GetAuditLogResponse rows;
        QCOMPARE(m_control->GetAuditLog(as("t-kim").get(), {}, &rows).error_code(), grpc::StatusCode::PERMISSION_DENIED);
    }

    void officerAcquires()
    {
        v1::Lease lease;
        const auto status = m_control->AcquireControl(
            as("t-lin").get(), acquireRequest(m_intersections[0], "crash clearance", "k-lin-1", 120), &lease);
        QVERIFY2(status.ok(), describe(status).constData());
        QCOMPARE(lease.intersection_id(), m_intersections[0]);
        QCOMPARE(lease.holder(), std::string("lin"));
        QCOMPARE(lease.role(), v1::ROLE_OFFICER);
        QCOMPARE(lease.reason(), std::string("crash clearance"));
        QVERIFY(!lease.lease_id().empty());
        QCOMPARE(lease.expires_unix_ms() - lease.acquired_unix_ms(), std::int64_t(120000));
        const auto nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
        QVERIFY(std::abs(lease.acquired_unix_ms() - nowMs) < 60000); // wall-clock time, not sim time
        m_linLeaseId = lease.lease_id();

        v1::ListLeasesResponse leases;
        QVERIFY(m_control->ListLeases(as("t-ola").get(), {}, &leases).ok());
        QCOMPARE(leases.leases_size(), 1);
        QCOMPARE(leases.leases(0).lease_id(), m_linLeaseId);
    }

    void idempotentRetry()
    {
        v1::Lease again;
        const auto status = m_control->AcquireControl(
            as("t-lin").get(), acquireRequest(m_intersections[0], "crash clearance", "k-lin-1", 120), &again);
        QVERIFY2(status.ok(), describe(status).constData());
        QCOMPARE(again.lease_id(), m_linLeaseId);
        v1::GetAuditLogRequest mine;
        mine.set_operator_("lin");
        int rows = 0;
        for (const auto &e : audit("t-ana", mine))
            rows += e.idempotency_key() == "k-lin-1";
        QCOMPARE(rows, 1);

        // The same key for a different command is refused, not silently answered.
        v1::Lease other;
        const auto misuse = m_control->AcquireControl(
            as("t-lin").get(), acquireRequest(m_intersections[1], "another", "k-lin-1", 120), &other);
        QCOMPARE(misuse.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

        v1::Lease noKey;
        const auto missing =
            m_control->AcquireControl(as("t-lin").get(), acquireRequest(m_intersections[1], "x", ""), &noKey);
        QCOMPARE(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    }

    void secondOfficerRefused()
    {
        v1::Lease lease;
        const auto status = m_control->AcquireControl(
            as("t-ola").get(), acquireRequest(m_intersections[0], "signal test", "k-ola-1"), &lease);
        QCOMPARE(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
        QVERIFY2(status.error_message().find("held by lin") != std::string::npos, status.error_message().c_str());
        QVERIFY2(status.error_message().find("crash clearance") != std::string::npos, status.error_message().c_str());

        // An officer may not take over at all; an unknown intersection is NOT_FOUND.
        v1::TakeOverRequest takeOver;
        takeOver.set_intersection_id(m_intersections[0]);
        takeOver.set_reason("mine now");
        takeOver.set_idempotency_key("k-ola-2");
        v1::TakeOverResponse taken;
        QCOMPARE(m_control->TakeOver(as("t-ola").get(), takeOver, &taken).error_code(),
                 grpc::StatusCode::PERMISSION_DENIED);
        QCOMPARE(m_control->AcquireControl(as("t-ola").get(), acquireRequest("no-such-junction", "x", "k-ola-3"), &lease)
                     .error_code(),
                 grpc::StatusCode::NOT_FOUND);
    }

    void supervisorTakesOver()
    {
        v1::TakeOverRequest request;
        request.set_intersection_id(m_intersections[0]);
        request.set_idempotency_key("k-ana-1");
        v1::TakeOverResponse response;
        QCOMPARE(m_control->TakeOver(as("t-ana").get(), request, &response).error_code(),
                 grpc::StatusCode::INVALID_ARGUMENT); // no reason
        request.set_reason("incident command");
        request.set_idempotency_key("k-ana-2");
        const auto status = m_control->TakeOver(as("t-ana").get(), request, &response);
        QVERIFY2(status.ok(), describe(status).constData());
        QCOMPARE(response.lease().holder(), std::string("ana"));
        QCOMPARE(response.lease().role(), v1::ROLE_SUPERVISOR);
        QCOMPARE(response.lease().reason(), std::string("incident command"));
        QVERIFY(response.lease().lease_id() != m_linLeaseId);
        QCOMPARE(response.displaced().holder(), std::string("lin"));
        QCOMPARE(response.displaced().lease_id(), m_linLeaseId);

        // The displaced officer can no longer release it; the supervisor can.
        v1::ReleaseControlRequest release;
        release.set_intersection_id(m_intersections[0]);
        release.set_idempotency_key("k-lin-2");
        v1::ReleaseControlResponse released;
        const auto refused = m_control->ReleaseControl(as("t-lin").get(), release, &released);
        QCOMPARE(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
        QVERIFY2(refused.error_message().find("ana") != std::string::npos, refused.error_message().c_str());
        release.set_idempotency_key("k-ana-3");
        const auto ok = m_control->ReleaseControl(as("t-ana").get(), release, &released);
        QVERIFY2(ok.ok(), describe(ok).constData());
        QCOMPARE(released.released().holder(), std::string("ana"));
        v1::ListLeasesResponse leases;
        QVERIFY(m_control->ListLeases(as("t-kim").get(), {}, &leases).ok());
        QCOMPARE(leases.leases_size(), 0);
    }

    void leaseExpires()
    {
        v1::Lease lease;
        const auto status = m_control->AcquireControl(
            as("t-max").get(), acquireRequest(m_intersections[2], "short test", "k-max-1", 1), &lease);
        QVERIFY2(status.ok(), describe(status).constData());
        v1::ListLeasesResponse leases;
        QTRY_VERIFY_WITH_TIMEOUT(m_control->ListLeases(as("t-kim").get(), {}, &leases).ok() && leases.leases_size() == 0,
                                 10000);
        v1::GetAuditLogRequest request;
        request.set_intersection_id(m_intersections[2]);
        QTRY_VERIFY_WITH_TIMEOUT(!audit("t-ana", request).empty() && audit("t-ana", request).front().action() == "expire",
                                 10000);
        const auto expired = audit("t-ana", request).front();
        QCOMPARE(expired.operator_(), std::string("gateway"));
        QVERIFY(expired.reason().find("max") != std::string::npos);
    }

    void auditRows()
    {
        v1::GetAuditLogRequest request;
        request.set_intersection_id(m_intersections[0]);
        const auto rows = audit("t-ana", request);
        // Every command about the intersection, accepted or refused, is a row, newest first.
        const auto find = [&](const std::string &key) -> const v1::AuditEntry * {
            for (const auto &e : rows)
                if (e.idempotency_key() == key)
                    return &e;
            return nullptr;
        };
        const auto *acquired = find("k-lin-1");
        QVERIFY(acquired);
        QCOMPARE(acquired->outcome(), v1::COMMAND_OUTCOME_ACCEPTED);
        QCOMPARE(acquired->operator_(), std::string("lin"));
        QCOMPARE(acquired->role(), v1::ROLE_OFFICER);
        QCOMPARE(acquired->action(), std::string("acquire"));
        QCOMPARE(acquired->reason(), std::string("crash clearance"));
        QVERIFY(acquired->effective_time_unix_ms() > 0);
        QVERIFY(acquired->refusal_reason().empty());
        const auto *refused = find("k-ola-1");
        QVERIFY(refused);
        QCOMPARE(refused->outcome(), v1::COMMAND_OUTCOME_REFUSED);
        QVERIFY(refused->refusal_reason().find("held by lin") != std::string::npos);
        QCOMPARE(refused->effective_time_unix_ms(), std::int64_t(0));
        const auto *takeOver = find("k-ana-2");
        QVERIFY(takeOver);
        QCOMPARE(takeOver->action(), std::string("take_over"));
        QCOMPARE(takeOver->reason(), std::string("incident command"));
        QVERIFY(find("k-kim"));
        QCOMPARE(find("k-kim")->outcome(), v1::COMMAND_OUTCOME_REFUSED);
        QVERIFY(find("k-unauth"));
        QVERIFY(find("k-ola-2"));
        QVERIFY(find("k-ana-3"));
        for (std::size_t i = 1; i < rows.size(); ++i)
            QVERIFY(rows[i - 1].id() > rows[i].id());

        // Officers read only their own rows.
        const auto mine = audit("t-lin");
        QVERIFY(!mine.empty());
        for (const auto &e : mine)
            QCOMPARE(e.operator_(), std::string("lin"));
        v1::GetAuditLogRequest others;
        others.set_operator_("ana");
        v1::GetAuditLogResponse response;
        QCOMPARE(m_control->GetAuditLog(as("t-lin").get(), others, &response).error_code(),
                 grpc::StatusCode::PERMISSION_DENIED);
    }

    void auditSurvivesRestart()
    {
        const auto before = audit("t-ana", [] {
            v1::GetAuditLogRequest r;
            r.set_limit(1000);
            return r;
        }());
        QVERIFY(before.size() >= 10);
        m_gateway->terminate();
        QVERIFY(startWithUsers());
        v1::GetAuditLogRequest all;
        all.set_limit(1000);
        const auto after = audit("t-ana", all);
        QCOMPARE(after.size(), before.size());
        QCOMPARE(after.front().id(), before.front().id());
        QCOMPARE(after.back().idempotency_key(), before.back().idempotency_key());
        // Leases are not persisted: a restarted gateway starts with every intersection free.
        v1::ListLeasesResponse leases;
        QVERIFY(m_control->ListLeases(as("t-kim").get(), {}, &leases).ok());
        QCOMPARE(leases.leases_size(), 0);
    }

    void demoMode()
    {
        m_gateway->terminate();
        QVERIFY(startGateway({"--audit", path("demo-audit.sqlite3")}));
        QVERIFY2(m_gateway->log().contains(
                     "no --users file: single-operator demo mode, every caller is a supervisor"),
                 qPrintable(m_gateway->log()));
        v1::WhoAmIResponse who;
        const auto status = m_control->WhoAmI(as("").get(), {}, &who);
        QVERIFY2(status.ok(), describe(status).constData());
        QCOMPARE(who.operator_(), std::string("operator"));
        QCOMPARE(who.role(), v1::ROLE_SUPERVISOR);
        QVERIFY(who.demo_mode());
    }

    void malformedUsersFile()
    {
        m_gateway->terminate();
        QFile bad(path("bad-users.txt"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("lin officer t-lin\nana chief t-ana\n");
        bad.close();
        GatewayProcess gateway(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY(!gateway.start({"--city-size", "small", "--cache-dir", path("cache"), "--users", path("bad-users.txt")},
                               0, 30000));
        QVERIFY2(gateway.error().contains("bad-users.txt:2: unknown role 'chief'"), qPrintable(gateway.error()));
    }
};

QTEST_GUILESS_MAIN(TestGatewayControl)
#include "tst_gateway_control.moc"
