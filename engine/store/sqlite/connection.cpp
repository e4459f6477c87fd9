#include "engine/store/sqlite/connection.hpp"

#include <sqlite3.h>

#include "engine/error.hpp"
#include "engine/store/sqlite/wal_append_vfs.hpp"

namespace tocsin::store::sqlite {

namespace {

std::string_view synchronous_pragma(synchronous_mode mode) {
    switch (mode) {
        case synchronous_mode::off:
            return "PRAGMA synchronous = OFF";
        case synchronous_mode::normal:
            return "PRAGMA synchronous = NORMAL";
        case synchronous_mode::full:
            return "PRAGMA synchronous = FULL";
        case synchronous_mode::extra:
            return "PRAGMA synchronous = EXTRA";
    }
    return "PRAGMA synchronous = FULL";
}

// The coalescing VFS is only safe where every commit syncs the WAL before readers can see it.
const char* vfs_for(const connection_options& options) {
    const bool syncs_commits = options.synchronous == synchronous_mode::full ||
                               options.synchronous == synchronous_mode::extra;
    return options.coalesce_wal_writes && syncs_commits && !options.read_only ? wal_append_vfs()
                                                                              : nullptr;
}

}  // namespace

cached_statement::~cached_statement() {
    if (stmt_ == nullptr)
        return;
    stmt_->reset();
    *in_use_ = false;
}

cached_statement::cached_statement(cached_statement&& other) noexcept
    : stmt_(other.stmt_), in_use_(other.in_use_) {
    other.stmt_ = nullptr;
}

connection::connection(const std::filesystem::path& file, const connection_options& options)
    : file_(file) {
    constexpr int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, vfs_for(options));
    if (rc != SQLITE_OK) {
        std::string message = "Cannot open the database " + file.string() + ": " +
                              (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw error(errc::storage, std::move(message));
    }
    try {
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
        exec("PRAGMA foreign_keys = ON");
        if (!options.read_only) {
            // journal_mode answers with a row naming the mode it got; anything but "wal" means
            // the file system or a read-only file refused it, and readers would block writers.
            auto st = prepare("PRAGMA journal_mode = WAL");
            if (!st.step() || st.text(0) != "wal")
                throw error(errc::storage,
                            "Cannot switch " + file.string() + " to WAL journal mode.");
        }
        exec(synchronous_pragma(options.synchronous));
        exec("PRAGMA cache_size = -" + std::to_string(options.cache_kib));
        if (options.read_only)
            exec("PRAGMA query_only = ON");
    } catch (...) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw;
    }
}

connection::~connection() {
    // Statements first: sqlite3_close_v2 would otherwise defer the close until they finalise.
    cache_.clear();
    sqlite3_close_v2(db_);
}

void connection::exec(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw_sqlite(nullptr, rc, "exec of \"" + text.substr(0, 80) + "\" (" + detail + ")");
    }
}

statement connection::prepare(std::string_view sql) {
    return statement(db_, sql);
}

cached_statement connection::cached(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it == cache_.end()) {
        auto entry = std::make_unique<cache_entry>();
        entry->stmt = statement(db_, sql, /*persistent=*/true);
        it = cache_.emplace(std::string(sql), std::move(entry)).first;
    }
    auto& entry = *it->second;
    if (entry.in_use)
        throw error(errc::internal,
                    "Nested use of a cached statement: " + std::string(sql.substr(0, 80)));
    entry.in_use = true;
    return cached_statement(entry.stmt, entry.in_use);
}

std::int64_t connection::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

int connection::changes() const {
    return sqlite3_changes(db_);
}

bool connection::in_transaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

}  // namespace tocsin::store::sqlite
