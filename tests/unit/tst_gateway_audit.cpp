// The audit log: append-only rows in SQLite, queried by intersection, operator and time, kept
// across reopening.

#include "gateway/audit/auditstore.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace greenlight::gateway::audit;

namespace {

AuditEntry entry(std::int64_t t, const std::string &who, const std::string &intersection, const std::string &action,
                 bool accepted)
{
    AuditEntry e;
    e.timeUnixMs = t;
    e.operatorName = who;
    e.role = "officer";
    e.intersectionId = intersection;
    e.action = action;
    e.reason = "crash clearance";
    e.idempotencyKey = "key-" + std::to_string(t);
    e.accepted = accepted;
    e.refusalReason = accepted ? "" : "held by someone else";
    e.effectiveUnixMs = accepted ? t : 0;
    return e;
}

} // namespace

class TestGatewayAudit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendAndRead()
    {
        QTemporaryDir dir;
        std::string error;
        auto store = AuditStore::open(dir.filePath("a/audit.sqlite3").toStdString(), &error);
        QVERIFY2(store, error.c_str());
        store->append(entry(1000, "lin", "J1", "acquire", true));
        store->append(entry(2000, "ana", "J1", "take_over", false));
        const auto rows = store->query({});
        QCOMPARE(rows.size(), std::size_t(2));
        // Newest first, every field kept.
        QCOMPARE(rows[0].operatorName, std::string("ana"));
        QVERIFY(!rows[0].accepted);
        QCOMPARE(rows[0].refusalReason, std::string("held by someone else"));
        QCOMPARE(rows[0].effectiveUnixMs, std::int64_t(0));
        const AuditEntry &first = rows[1];
        QVERIFY(first.id > 0 && first.id < rows[0].id);
        QCOMPARE(first.timeUnixMs, std::int64_t(1000));
        QCOMPARE(first.role, std::string("officer"));
        QCOMPARE(first.intersectionId, std::string("J1"));
        QCOMPARE(first.action, std::string("acquire"));
        QCOMPARE(first.reason, std::string("crash clearance"));
        QCOMPARE(first.idempotencyKey, std::string("key-1000"));
        QVERIFY(first.accepted);
        QCOMPARE(first.effectiveUnixMs, std::int64_t(1000));
    }

    void queryFilters()
    {
        QTemporaryDir dir;
        std::string error;
        auto store = AuditStore::open(dir.filePath("audit.sqlite3").toStdString(), &error);
        QVERIFY2(store, error.c_str());
        store->append(entry(1000, "lin", "J1", "acquire", true));
        store->append(entry(2000, "lin", "J2", "acquire", true));
        store->append(entry(3000, "ana", "J1", "take_over", true));
        store->append(entry(4000, "lin", "J1", "acquire", false));
        store->append(entry(5000, "kim", "J3", "release", false));

        AuditQuery q;
        q.intersectionId = "J1";
        QCOMPARE(store->query(q).size(), std::size_t(3));
        q.operatorName = "lin";
        auto rows = store->query(q);
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].timeUnixMs, std::int64_t(4000));

        AuditQuery range;
        range.fromUnixMs = 2000;
        range.toUnixMs = 4000; // exclusive
        rows = store->query(range);
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].timeUnixMs, std::int64_t(3000));
        QCOMPARE(rows[1].timeUnixMs, std::int64_t(2000));

        AuditQuery limited;
        limited.limit = 2;
        rows = store->query(limited);
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].timeUnixMs, std::int64_t(5000));

        AuditQuery nobody;
        nobody.operatorName = "nobody";
        QVERIFY(store->query(nobody).empty());
    }

    void survivesReopen()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("audit.sqlite3").toStdString();
        std::string error;
        {
            auto store = AuditStore::open(path, &error);
            QVERIFY2(store, error.c_str());
            for (int i = 1; i <= 50; ++i)
                store->append(entry(i * 10, "lin", "J1", "acquire", true));
            // No query: the destructor must write everything still queued.
        }
        auto store = AuditStore::open(path, &error);
        QVERIFY2(store, error.c_str());
        store->append(entry(9999, "ana", "J2", "release", true));
        AuditQuery all;
        all.limit = 1000;
        const auto rows = store->query(all);
        QCOMPARE(rows.size(), std::size_t(51));
        QCOMPARE(rows[0].operatorName, std::string("ana"));
        QCOMPARE(rows.back().timeUnixMs, std::int64_t(10));
    }

    void appendOnly()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("audit.sqlite3").toStdString();
        std::string error;
        {
            auto store = AuditStore::open(path, &error);
            QVERIFY2(store, error.c_str());
            store->append(entry(1000, "lin", "J1", "acquire", true));
        }
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        QVERIFY(sqlite3_exec(db, "UPDATE audit SET operator = 'someone'", nullptr, nullptr, nullptr) != SQLITE_OK);
        QVERIFY(sqlite3_exec(db, "DELETE FROM audit", nullptr, nullptr, nullptr) != SQLITE_OK);
        sqlite3_close(db);
        auto store = AuditStore::open(path, &error);
        QCOMPARE(store->query({}).at(0).operatorName, std::string("lin"));
    }

    void unusableFile()
    {
        QTemporaryDir dir;
        std::string error;
        QVERIFY(!AuditStore::open(dir.path().toStdString(), &error)); // a folder, not a file
        QVERIFY2(error.find(dir.path().toStdString()) != std::string::npos, error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestGatewayAudit)
#include "tst_gateway_audit.moc"
