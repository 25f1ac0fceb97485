// The users file: who may call the control service, with which role and token.

#include "gateway/auth/userdirectory.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace greenlight::gateway::auth;

class TestGatewayUsers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goodFile()
    {
        std::string error;
        const auto users = UserDirectory::parse("# control room, day shift\n"
                                                "\n"
                                                "lin      officer     t-lin   # desk 3\n"
                                                "  ana\tsupervisor t-ana\n"
                                                "kim viewer t-kim\n"
                                                "max coordinator t-max\n",
                                                "users.txt", &error);
        QVERIFY2(users, error.c_str());
        QVERIFY(!users->demoMode());
        QCOMPARE(users->size(), std::size_t(4));
        const auto lin = users->authenticate("Bearer t-lin");
        QVERIFY(lin);
        QCOMPARE(lin->name, std::string("lin"));
        QCOMPARE(lin->role, Role::Officer);
        QCOMPARE(users->authenticate("Bearer t-ana")->role, Role::Supervisor);
        QCOMPARE(users->authenticate("Bearer t-kim")->role, Role::Viewer);
        QCOMPARE(users->authenticate("Bearer t-max")->role, Role::Coordinator);
        QVERIFY(!users->authenticate(""));
        QVERIFY(!users->authenticate("Bearer "));
        QVERIFY(!users->authenticate("Bearer t-nobody"));
        QVERIFY(!users->authenticate("t-lin"));
        QVERIFY(!users->authenticate("Basic t-lin"));
    }

    void malformedLine_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("two fields") << "lin officer t-lin\nana supervisor\n" << "users.txt:2: expected 'name role token'";
        QTest::newRow("four fields") << "\n\nlin officer t-lin extra\n" << "users.txt:3: expected 'name role token'";
        QTest::newRow("unknown role") << "lin boss t-lin\n" << "users.txt:1: unknown role 'boss'";
        QTest::newRow("role case") << "lin Officer t-lin\n" << "users.txt:1: unknown role 'Officer'";
        QTest::newRow("duplicate name") << "lin officer a\nlin viewer b\n" << "users.txt:2: user 'lin' is already defined on line 1";
        QTest::newRow("empty") << "# nobody yet\n" << "users.txt: no users";
    }

    void malformedLine()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        std::string error;
        QVERIFY(!UserDirectory::parse(text.toStdString(), "users.txt", &error));
        QVERIFY2(QString::fromStdString(error).startsWith(expected), error.c_str());
        QVERIFY(error.find('\n') == std::string::npos);
    }

    void duplicateToken()
    {
        std::string error;
        QVERIFY(!UserDirectory::parse("lin officer same\n# note\nana supervisor same\n", "users.txt", &error));
        QCOMPARE(error, std::string("users.txt:3: duplicate token (already used on line 1)"));
    }

    void demoMode()
    {
        const UserDirectory demo;
        QVERIFY(demo.demoMode());
        const auto who = demo.authenticate("");
        QVERIFY(who);
        QCOMPARE(who->name, std::string("operator"));
        QCOMPARE(who->role, Role::Supervisor);
        QCOMPARE(demo.authenticate("Bearer anything")->role, Role::Supervisor);
    }

    void loadFromFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("users.txt").toStdString();
        std::string error;
        QVERIFY(!UserDirectory::load(path, &error));
        QCOMPARE(error, "cannot read users file " + path);
        std::ofstream(path) << "ana supervisor t-ana\n";
        const auto users = UserDirectory::load(path, &error);
        QVERIFY2(users, error.c_str());
        QCOMPARE(users->authenticate("Bearer t-ana")->name, std::string("ana"));
    }

    void roles()
    {
        for (const Role role : {Role::Viewer, Role::Officer, Role::Coordinator, Role::Supervisor})
            QCOMPARE(parseRole(roleName(role)), std::optional<Role>(role));
        QVERIFY(roleRank(Role::Viewer) < roleRank(Role::Officer));
        QVERIFY(roleRank(Role::Coordinator) < roleRank(Role::Supervisor));
        QVERIFY(!parseRole("admin"));
    }
};

QTEST_GUILESS_MAIN(TestGatewayUsers)
#include "tst_gateway_users.moc"
