// The console's control client against a real gateway with operators (--users) and an audit log:
// login and WhoAmI, leases taken and released through the client, refusals shown with the
// gateway's reason, holding a phase until the stream shows it effective, the session stream and a
// lost lease, demo mode, and commands refused while the link is down.

#include "console/controlclient.h"
#include "console/gatewaylink.h"
#include "console/statestore.h"
#include "greenlight/v1/control.grpc.pb.h"
#include "support/grpccalls.h"
#include "support/gatewayprocess.h"
#include "support/quickbackoff.h"
#include "support/tcpproxy.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace greenlight;
using console::ControlClient;
using greenlight::testing::GatewayProcess;
using greenlight::testing::TcpProxy;
using State = ControlClient::Command::State;

using greenlight::testing::as;
using greenlight::testing::describe;

namespace {

const char *kUsers = "lin officer t-lin\n"
                     "ola officer t-ola\n"
                     "kim viewer t-kim\n";

using greenlight::testing::quickBackoff;

// One console: its store, link and control client, logged in with a name and token.
struct Desk {
    Desk(const QString &address, const QString &name, const QString &token)
    {
        link.setBackoffPolicy(quickBackoff());
        client.setBackoffPolicy(quickBackoff());
        client.setCredentials(name, token);
        link.start(address);
        client.start(address);
    }
    bool ready() const
    {
        return link.status() == console::GatewayLink::Connected && client.isLoggedIn();
    }
    State state(int intersection) const
    {
        const auto *c = client.command(intersection);
        return c ? c->state : State::Sending;
    }
    QString message(int intersection) const
    {
        const auto *c = client.command(intersection);
        return c ? c->message : QString();
    }

    console::StateStore store;
    console::GatewayLink link{&store};
    ControlClient client{&link, &store};
};

} // namespace

class TestControlClient : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<GatewayProcess> m_gateway;
    std::unique_ptr<v1::ControlService::Stub> m_raw;

    QString path(const char *name) const { return m_dir.filePath(QLatin1StringView(name)); }

    std::unique_ptr<grpc::ClientContext> as(const std::string &token) const
    {
        auto context = std::make_unique<grpc::ClientContext>();
        context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        context->AddMetadata("authorization", "Bearer " + token);
        return context;
    }

    // Who holds an intersection, as the gateway says (empty when free).
    std::string holderOf(const std::string &intersectionId) const
    {
        v1::ListLeasesResponse leases;
        const auto status = m_raw->ListLeases(as("t-kim").get(), {}, &leases);
        if (!status.ok())
            qWarning("ListLeases: %s", describe(status).constData());
        for (const auto &lease : leases.leases())
            if (lease.intersection_id() == intersectionId)
                return lease.holder();
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(GatewayProcess::writeUsersFile(path("users.txt"), kUsers));
        m_gateway = std::make_unique<GatewayProcess>(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(m_gateway->start({"--city-size", "small", "--speed", "max", "--cache-dir", path("cache"), "--users",
                                   path("users.txt"), "--audit", path("audit.sqlite3")}),
                 qPrintable(m_gateway->error()));
        m_raw = v1::ControlService::NewStub(
            grpc::CreateChannel(m_gateway->address().toStdString(), grpc::InsecureChannelCredentials()));
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            m_gateway->terminate();
    }

    void logsInWithToken()
    {
        Desk desk(m_gateway->address(), "lin", "t-lin");
        QTRY_VERIFY_WITH_TIMEOUT(desk.ready(), 30000);
        QCOMPARE(desk.client.operatorName(), QString("lin"));
        QCOMPARE(desk.client.role(), core::ControlRole::Officer);
        QCOMPARE(desk.client.roleName(), QString("officer"));
        QVERIFY(!desk.client.isDemoMode());
        QVERIFY(desk.client.mayControl());
    }

    void wrongTokenAsksAgain()
    {
        Desk desk(m_gateway->address(), "lin", "t-wrong");
        QTRY_COMPARE_WITH_TIMEOUT(desk.client.loginState(), ControlClient::NeedsLogin, 30000);
        QVERIFY2(desk.client.loginError().contains("did not accept"), qPrintable(desk.client.loginError()));
        QVERIFY(!desk.client.mayControl());
        // The operator tries again, right this time.
        desk.client.login("lin", " t-lin\n");
        QTRY_COMPARE_WITH_TIMEOUT(desk.client.loginState(), ControlClient::LoggedIn, 30000);
        QCOMPARE(desk.client.operatorName(), QString("lin"));
        QVERIFY(desk.client.loginError().isEmpty());
    }

    void noTokenAsksWithoutError()
    {
        Desk desk(m_gateway->address(), {}, {});
        QTRY_COMPARE_WITH_TIMEOUT(desk.client.loginState(), ControlClient::NeedsLogin, 30000);
        QVERIFY(desk.client.loginError().isEmpty());
        // The gateway shows its city to operators only: the link waits for the login instead of
        // retrying as if the gateway were away, then watches the city with the token.
        QTRY_COMPARE_WITH_TIMEOUT(desk.link.status(), console::GatewayLink::NeedsLogin, 30000);
        QVERIFY(!desk.store.hasLayout());
        desk.client.login("kim", "t-kim");
        QTRY_COMPARE_WITH_TIMEOUT(desk.link.status(), console::GatewayLink::Connected, 30000);
        QVERIFY(desk.store.hasLayout());
    }

    void someoneElsesToken()
    {
        Desk desk(m_gateway->address(), "ola", "t-lin");
        QTRY_COMPARE_WITH_TIMEOUT(desk.client.loginState(), ControlClient::NeedsLogin, 30000);
        QVERIFY2(desk.client.loginError().contains("do not match"), qPrintable(desk.client.loginError()));
    }

    void acquireAndReleaseThroughTheClient()
    {
        Desk desk(m_gateway->address(), "lin", "t-lin");
        QTRY_VERIFY_WITH_TIMEOUT(desk.ready(), 30000);
        const std::string id = desk.store.layout().intersections[0].id;

        const std::string key = desk.client.send(ControlClient::Action::Acquire, 0, "crash clearance");
        QVERIFY(!key.empty());
        QCOMPARE(desk.state(0), State::Sending);
        QTRY_VERIFY_WITH_TIMEOUT(desk.state(0) != State::Sending, 15000);
        QVERIFY2(desk.state(0) == State::Pending || desk.state(0) == State::Done, qPrintable(desk.message(0)));
        QCOMPARE(holderOf(id), std::string("lin"));
        // The live stream shows the lease: the command is done and the console knows it holds it.
        QTRY_COMPARE_WITH_TIMEOUT(desk.state(0), State::Done, 15000);
        QVERIFY(desk.client.holds(0));
        QCOMPARE(desk.store.control(0)->lease->reason, std::string("crash clearance"));

        const std::string releaseKey = desk.client.send(ControlClient::Action::Release, 0);
        QVERIFY(!releaseKey.empty());
        QVERIFY(releaseKey != key);
        QTRY_VERIFY_WITH_TIMEOUT(desk.state(0) != State::Sending, 15000);
        QVERIFY2(desk.state(0) == State::Pending || desk.state(0) == State::Done, qPrintable(desk.message(0)));
        QCOMPARE(holderOf(id), std::string());
        QTRY_COMPARE_WITH_TIMEOUT(desk.state(0), State::Done, 15000);
        QVERIFY(!desk.client.holds(0));
    }

    void refusalShowsTheGatewaysReason()
    {
        Desk lin(m_gateway->address(), "lin", "t-lin");
        Desk ola(m_gateway->address(), "ola", "t-ola");
        QTRY_VERIFY_WITH_TIMEOUT(lin.ready() && ola.ready(), 30000);
        QVERIFY(!lin.client.send(ControlClient::Action::Acquire, 1, "signal maintenance").empty());
        QTRY_VERIFY_WITH_TIMEOUT(lin.state(1) != State::Sending, 15000);

        QSignalSpy notices(&ola.client, &ControlClient::notice);
        QVERIFY(!ola.client.send(ControlClient::Action::Acquire, 1, "my turn").empty());
        QTRY_COMPARE_WITH_TIMEOUT(ola.state(1), State::Refused, 15000);
        QVERIFY2(ola.message(1).contains("held by lin"), qPrintable(ola.message(1)));
        QVERIFY2(ola.message(1).contains("signal maintenance"), qPrintable(ola.message(1)));
        QCOMPARE(notices.count(), 1);
        QVERIFY(notices.at(0).at(0).toString().contains("held by lin"));

        // An override on an intersection ola does not hold is refused as well (or not offered yet).
        QVERIFY(!ola.client.send(ControlClient::Action::Hold, 1, "x").empty());
        QTRY_COMPARE_WITH_TIMEOUT(ola.state(1), State::Refused, 15000);
        QVERIFY(!ola.message(1).isEmpty());

        QVERIFY(!lin.client.send(ControlClient::Action::Release, 1).empty());
        QTRY_VERIFY_WITH_TIMEOUT(lin.state(1) != State::Sending, 15000);
    }

    void viewerMayNotAct()
    {
        Desk kim(m_gateway->address(), "kim", "t-kim");
        QTRY_VERIFY_WITH_TIMEOUT(kim.ready(), 30000);
        QCOMPARE(kim.client.role(), core::ControlRole::Viewer);
        QVERIFY(!kim.client.mayControl());
        QVERIFY(kim.client.send(ControlClient::Action::Acquire, 2, "curious").empty());
        QCOMPARE(kim.state(2), State::Failed);
        QVERIFY2(kim.message(2).contains("viewer"), qPrintable(kim.message(2)));
    }

    void holdBecomesEffective()
    {
        Desk desk(m_gateway->address(), "lin", "t-lin");
        QTRY_VERIFY_WITH_TIMEOUT(desk.ready(), 30000);
        QVERIFY(!desk.client.send(ControlClient::Action::Acquire, 2, "event traffic").empty());
        QTRY_VERIFY_WITH_TIMEOUT(desk.state(2) != State::Sending, 15000);
        const std::string key = desk.client.send(ControlClient::Action::Hold, 2, "event traffic");
        QVERIFY(!key.empty());
        QTRY_VERIFY_WITH_TIMEOUT(desk.state(2) != State::Sending, 15000);
        QVERIFY2(desk.state(2) == State::Pending || desk.state(2) == State::Effective, qPrintable(desk.message(2)));
        // Effective only once the live stream shows the override with this command's key.
        QTRY_COMPARE_WITH_TIMEOUT(desk.state(2), State::Effective, 60000);
        QVERIFY(desk.store.control(2) && desk.store.control(2)->override_);
        QCOMPARE(desk.store.control(2)->override_->idempotencyKey, key);
        QCOMPARE(desk.store.control(2)->override_->stage, core::OverrideStage::Effective);

        QVERIFY(!desk.client.send(ControlClient::Action::Restore, 2).empty());
        QTRY_COMPARE_WITH_TIMEOUT(desk.state(2), State::Done, 60000);
        QVERIFY(!desk.client.send(ControlClient::Action::Release, 2).empty());
        QTRY_VERIFY_WITH_TIMEOUT(desk.state(2) != State::Sending, 15000);
    }

    void sessionStaysOpen()
    {
        TcpProxy proxy(quint16(m_gateway->port()));
        QVERIFY(proxy.listen());
        Desk desk(QStringLiteral("127.0.0.1:%1").arg(proxy.port()), "lin", "t-lin");
        QTRY_VERIFY_WITH_TIMEOUT(desk.ready(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(desk.client.sessionState() != ControlClient::SessionOpening, 15000);
        QCOMPARE(desk.client.sessionState(), ControlClient::SessionOpen);
        // A dropped connection: the session is reopened by itself.
        QSignalSpy changes(&desk.client, &ControlClient::sessionChanged);
        proxy.cutAll();
        QTRY_VERIFY_WITH_TIMEOUT(changes.count() >= 1, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(desk.client.sessionState(), ControlClient::SessionOpen, 30000);
    }

    // A lease that lapses is announced on the session, and the operator is told.
    void lostLeaseIsTold()
    {
        Desk desk(m_gateway->address(), "lin", "t-lin");
        QTRY_VERIFY_WITH_TIMEOUT(desk.ready(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(desk.client.sessionState() != ControlClient::SessionOpening, 15000);
        QCOMPARE(desk.client.sessionState(), ControlClient::SessionOpen);
        QSignalSpy notices(&desk.client, &ControlClient::notice);
        QVERIFY(!desk.client.send(ControlClient::Action::Acquire, 3, "short check", -1, 2.0).empty());
        QTRY_VERIFY_WITH_TIMEOUT(desk.state(3) != State::Sending, 15000);
        const auto told = [&] {
            for (const auto &n : notices)
                if (n.at(0).toString().contains("lost control"))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(told(), 30000);
        QCOMPARE(holderOf(desk.store.layout().intersections[3].id), std::string());
    }

    // A gateway without users: everyone is "operator", a supervisor; no login. Then it goes
    // away, and commands are refused at once instead of waiting for it.
    void demoModeThenLinkDown()
    {
        GatewayProcess demo(QStringLiteral(GREENLIGHT_GATEWAY_BIN));
        QVERIFY2(demo.start({"--city-size", "small", "--speed", "max", "--cache-dir", path("cache"), "--audit",
                             path("demo-audit.sqlite3")}),
                 qPrintable(demo.error()));
        Desk desk(demo.address(), {}, {});
        QTRY_VERIFY_WITH_TIMEOUT(desk.ready(), 30000);
        QVERIFY(desk.client.isDemoMode());
        QCOMPARE(desk.client.operatorName(), QString("operator"));
        QCOMPARE(desk.client.role(), core::ControlRole::Supervisor);

        demo.kill();
        QTRY_VERIFY_WITH_TIMEOUT(desk.link.status() != console::GatewayLink::Connected, 15000);
        QSignalSpy notices(&desk.client, &ControlClient::notice);
        QVERIFY(desk.client.send(ControlClient::Action::Acquire, 0, "incident").empty());
        QCOMPARE(desk.state(0), State::Failed);
        QVERIFY2(desk.message(0).contains("link to the gateway is down"), qPrintable(desk.message(0)));
        QCOMPARE(notices.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestControlClient)
#include "tst_control_client.moc"
