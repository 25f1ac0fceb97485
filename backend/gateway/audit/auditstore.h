#pragma once

#include "auditentry.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;

namespace greenlight::gateway::audit {

// The append-only audit log in an SQLite file. Rows are never updated or deleted (triggers in
// the file refuse it). append() only queues: a writer thread of the store's own commits the
// queue in transactions, so no caller (least of all the simulation thread) waits for the disk.
// query() first waits for the rows queued before it, so a caller reads its own writes. close()
// (and the destructor) writes everything still queued before returning.
// Thread-safe: append, query and close may be called from any thread.
class AuditStore
{
public:
    ~AuditStore();
    AuditStore(const AuditStore &) = delete;
    AuditStore &operator=(const AuditStore &) = delete;

    // Opens (creating if needed, with its folder) the log at path; nothing with *error set when
    // the file cannot be opened or is not an audit log.
    static std::unique_ptr<AuditStore> open(const std::string &path, std::string *error);

    // The file's path.
    const std::string &path() const { return m_path; }
    // Queues one row; its id is assigned when written.
    void append(AuditEntry entry);
    // The rows matching query, newest first, including every row appended before the call.
    std::vector<AuditEntry> query(const AuditQuery &query);
    // Writes what is queued and stops the writer; later appends are dropped with a warning.
    void close();

private:
    AuditStore(std::string path, sqlite3 *db);
    void writerLoop();
    bool writeBatch(const std::vector<AuditEntry> &batch);

    const std::string m_path;
    sqlite3 *m_db;                       // guarded by m_dbMutex
    std::mutex m_dbMutex;
    std::mutex m_queueMutex;             // guards the members below
    std::condition_variable m_wake;      // the writer waits on it for work
    std::condition_variable m_drained;   // queriers wait on it for the queue to be written
    std::deque<AuditEntry> m_queue;
    std::uint64_t m_queued = 0;          // rows ever queued
    std::uint64_t m_written = 0;         // rows ever written (or given up on)
    bool m_closing = false;
    std::thread m_writer;
};

} // namespace greenlight::gateway::audit
