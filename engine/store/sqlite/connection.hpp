#pragma once
// One SQLite connection with the pragmas Tocsin relies on and a cache of prepared statements.
// Thread-safety: none. The store hands each connection to one thread at a time (the writer under
// its mutex, readers through the pool), so connections are opened SQLITE_OPEN_NOMUTEX.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/store/sqlite/statement.hpp"

namespace tocsin::store::sqlite {

// PRAGMA synchronous. full: a returned commit survives power loss; normal: survives a crash of
// the process but the last commits may be lost on power loss (WAL stays consistent either way).
enum class synchronous_mode { off, normal, full, extra };

struct connection_options {
    synchronous_mode synchronous = synchronous_mode::full;
    std::chrono::milliseconds busy_timeout{5000};
    bool read_only = false;  // PRAGMA query_only: the pool's readers never write
    int cache_kib = 2000;    // PRAGMA cache_size (SQLite's default); page cache of this connection
    // A writing connection with synchronous full or extra appends each commit to the WAL in a
    // few large writes (wal_append_vfs.hpp); ignored otherwise.
    bool coalesce_wal_writes = false;
};

class connection;

// A statement borrowed from a connection's cache; reset (bindings cleared) when the lease ends.
// Invariant: a cached statement has at most one lease at a time (a nested use of the same SQL
// would reset the outer iteration; that is a bug and throws errc::internal).
class cached_statement {
  public:
    cached_statement(statement& stmt, bool& in_use) : stmt_(&stmt), in_use_(&in_use) {}
    ~cached_statement();
    cached_statement(cached_statement&& other) noexcept;
    cached_statement(const cached_statement&) = delete;
    cached_statement& operator=(const cached_statement&) = delete;
    cached_statement& operator=(cached_statement&&) = delete;

    statement& operator*() { return *stmt_; }
    statement* operator->() { return stmt_; }

  private:
    statement* stmt_;
    bool* in_use_;
};

class connection {
  public:
    // Opens (creating when absent) the database file and applies the pragmas. The WAL journal
    // mode is persistent in the file; foreign_keys, busy_timeout, synchronous and query_only are
    // per connection and set on every open.
    connection(const std::filesystem::path& file, const connection_options& options);
    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    // Runs a script of one or more statements without parameters (schema, pragmas).
    void exec(std::string_view sql);
    // A fresh statement, finalised when it goes out of scope (dynamic SQL: the query compiler).
    statement prepare(std::string_view sql);
    // A statement from the cache, prepared on first use. `sql` is a constant from sql.hpp.
    cached_statement cached(std::string_view sql);

    std::int64_t last_insert_rowid() const;
    int changes() const;
    // True while a transaction is open (sqlite3_get_autocommit() == 0).
    bool in_transaction() const;
    sqlite3* handle() const { return db_; }
    const std::filesystem::path& file() const { return file_; }

  private:
    struct cache_entry {
        statement stmt;
        bool in_use = false;
    };

    sqlite3* db_ = nullptr;
    std::filesystem::path file_;
    std::unordered_map<std::string, std::unique_ptr<cache_entry>> cache_;
};

}  // namespace tocsin::store::sqlite
