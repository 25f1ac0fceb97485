#include "auditstore.h"

#include "logging.h"

#include <sqlite3.h>

#include <filesystem>

namespace greenlight::gateway::audit {

namespace {

constexpr const char *kSchema = R"sql(
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time_unix_ms INTEGER NOT NULL,
  operator TEXT NOT NULL,
  role TEXT NOT NULL,
  intersection_id TEXT NOT NULL,
  action TEXT NOT NULL,
  reason TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  accepted INTEGER NOT NULL,
  refusal_reason TEXT NOT NULL,
  effective_unix_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS audit_time ON audit(time_unix_ms);
CREATE INDEX IF NOT EXISTS audit_intersection ON audit(intersection_id, time_unix_ms);
CREATE INDEX IF NOT EXISTS audit_operator ON audit(operator, time_unix_ms);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// A prepared statement, finalized when it goes out of scope.
class Statement
{
public:
    Statement(sqlite3 *db, const std::string &sql) { sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr); }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    sqlite3_stmt *get() const { return m_stmt; }
    void bind(int i, const std::string &text) { sqlite3_bind_text(m_stmt, i, text.c_str(), -1, SQLITE_TRANSIENT); }
    void bind(int i, std::int64_t v) { sqlite3_bind_int64(m_stmt, i, v); }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

std::string textAt(sqlite3_stmt *stmt, int column)
{
    const auto *text = sqlite3_column_text(stmt, column);
    return text ? reinterpret_cast<const char *>(text) : std::string();
}

} // namespace

std::unique_ptr<AuditStore> AuditStore::open(const std::string &path, std::string *error)
{
    std::error_code ec;
    const auto folder = std::filesystem::path(path).parent_path();
    if (!folder.empty())
        std::filesystem::create_directories(folder, ec);
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr)
        != SQLITE_OK) {
        *error = "cannot open audit log " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return nullptr;
    }
    sqlite3_busy_timeout(db, 5000);
    char *message = nullptr;
    const std::string setup = std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;") + kSchema;
    if (sqlite3_exec(db, setup.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        *error = "cannot use audit log " + path + ": " + (message ? message : "unknown error");
        sqlite3_free(message);
        sqlite3_close(db);
        return nullptr;
    }
    return std::unique_ptr<AuditStore>(new AuditStore(path, db));
}

AuditStore::AuditStore(std::string path, sqlite3 *db)
    : m_path(std::move(path))
    , m_db(db)
{
    m_writer = std::thread([this] { writerLoop(); });
}

AuditStore::~AuditStore()
{
    close();
    sqlite3_close(m_db);
}

void AuditStore::append(AuditEntry entry)
{
    {
        const std::lock_guard lock(m_queueMutex);
        if (m_closing) {
            qCWarning(lcControl, "audit log closed, row dropped: %s %s by %s", entry.action.c_str(),
                      entry.intersectionId.c_str(), entry.operatorName.c_str());
            return;
        }
        m_queue.push_back(std::move(entry));
        ++m_queued;
    }
    m_wake.notify_one();
}

void AuditStore::writerLoop()
{
    std::unique_lock lock(m_queueMutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_closing || !m_queue.empty(); });
        if (m_queue.empty() && m_closing)
            return;
        std::vector<AuditEntry> batch(std::make_move_iterator(m_queue.begin()), std::make_move_iterator(m_queue.end()));
        m_queue.clear();
        lock.unlock();
        if (!writeBatch(batch))
            qCCritical(lcControl, "cannot write %zu audit rows to %s", batch.size(), m_path.c_str());
        lock.lock();
        m_written += batch.size();
        m_drained.notify_all();
    }
}

bool AuditStore::writeBatch(const std::vector<AuditEntry> &batch)
{
    const std::lock_guard lock(m_dbMutex);
    if (sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return false;
    Statement insert(m_db,
                     "INSERT INTO audit (time_unix_ms, operator, role, intersection_id, action, reason, "
                     "idempotency_key, accepted, refusal_reason, effective_unix_ms) VALUES (?,?,?,?,?,?,?,?,?,?)");
    bool ok = insert.get() != nullptr;
    for (const AuditEntry &e : batch) {
        if (!ok)
            break;
        sqlite3_reset(insert.get());
        insert.bind(1, e.timeUnixMs);
        insert.bind(2, e.operatorName);
        insert.bind(3, e.role);
        insert.bind(4, e.intersectionId);
        insert.bind(5, e.action);
        insert.bind(6, e.reason);
        insert.bind(7, e.idempotencyKey);
        insert.bind(8, std::int64_t(e.accepted ? 1 : 0));
        insert.bind(9, e.refusalReason);
        insert.bind(10, e.effectiveUnixMs);
        ok = sqlite3_step(insert.get()) == SQLITE_DONE;
    }
    if (!ok) {
        qCCritical(lcControl, "audit log %s: %s", m_path.c_str(), sqlite3_errmsg(m_db));
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        return false;
    }
    return sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

std::vector<AuditEntry> AuditStore::query(const AuditQuery &q)
{
    {
        std::unique_lock lock(m_queueMutex);
        const std::uint64_t target = m_queued;
        m_drained.wait(lock, [&] { return m_written >= target; });
    }
    std::string sql = "SELECT id, time_unix_ms, operator, role, intersection_id, action, reason, idempotency_key, "
                      "accepted, refusal_reason, effective_unix_ms FROM audit WHERE 1";
    if (!q.intersectionId.empty())
        sql += " AND intersection_id = :intersection";
    if (!q.operatorName.empty())
        sql += " AND operator = :operator";
    if (q.fromUnixMs > 0)
        sql += " AND time_unix_ms >= :from";
    if (q.toUnixMs > 0)
        sql += " AND time_unix_ms < :to";
    sql += " ORDER BY id DESC LIMIT :limit";

    const std::lock_guard lock(m_dbMutex);
    Statement select(m_db, sql);
    std::vector<AuditEntry> out;
    if (!select.get()) {
        qCCritical(lcControl, "audit log %s: %s", m_path.c_str(), sqlite3_errmsg(m_db));
        return out;
    }
    const auto bindNamed = [&](const char *name, auto value) {
        if (const int i = sqlite3_bind_parameter_index(select.get(), name); i > 0)
            select.bind(i, value);
    };
    bindNamed(":intersection", q.intersectionId);
    bindNamed(":operator", q.operatorName);
    bindNamed(":from", q.fromUnixMs);
    bindNamed(":to", q.toUnixMs);
    bindNamed(":limit", std::int64_t(q.limit > 0 ? q.limit : 100));
    while (sqlite3_step(select.get()) == SQLITE_ROW) {
        sqlite3_stmt *s = select.get();
        AuditEntry e;
        e.id = static_cast<std::uint64_t>(sqlite3_column_int64(s, 0));
        e.timeUnixMs = sqlite3_column_int64(s, 1);
        e.operatorName = textAt(s, 2);
        e.role = textAt(s, 3);
        e.intersectionId = textAt(s, 4);
        e.action = textAt(s, 5);
        e.reason = textAt(s, 6);
        e.idempotencyKey = textAt(s, 7);
        e.accepted = sqlite3_column_int64(s, 8) != 0;
        e.refusalReason = textAt(s, 9);
        e.effectiveUnixMs = sqlite3_column_int64(s, 10);
        out.push_back(std::move(e));
    }
    return out;
}

void AuditStore::close()
{
    {
        const std::lock_guard lock(m_queueMutex);
        m_closing = true;
    }
    m_wake.notify_all();
    if (m_writer.joinable())
        m_writer.join();
}

} // namespace greenlight::gateway::audit
