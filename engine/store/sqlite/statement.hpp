#pragma once
// A prepared SQLite statement: bind by 1-based index, step, read columns. Values always travel
// as bound parameters; SQL text is only ever a constant (sql.hpp) or built by the query compiler
// from its whitelist of column expressions.
// Thread-safety: none; a statement belongs to one connection, used by one thread at a time.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/time.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace tocsin::store::sqlite {

// Throws tocsin::error for an SQLite failure: SQLITE_BUSY/LOCKED → errc::unavailable (another
// process holds the database longer than busy_timeout; retryable), SQLITE_CONSTRAINT →
// errc::conflict, anything else → errc::storage. `what` says which operation failed.
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view what);

class statement {
  public:
    statement() = default;
    // `persistent`: the statement will be reused many times (connection cache).
    statement(sqlite3* db, std::string_view sql, bool persistent = false);
    ~statement();
    statement(statement&& other) noexcept;
    statement& operator=(statement&& other) noexcept;
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;

    statement& bind(int index, std::int64_t value);
    statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    statement& bind(int index, double value);
    statement& bind(int index, std::string_view value);
    statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    statement& bind(int index, std::nullptr_t);
    // Times are stored as integer milliseconds since the Unix epoch (UTC).
    statement& bind(int index, time_point value);
    template <typename T>
    statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, nullptr);
    }

    // Binds args to parameters 1..n in order.
    template <typename... Args>
    statement& bind_all(const Args&... args) {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    // Advances; true when a row is available, false when the statement is done.
    bool step();
    // Runs to completion, ignoring any rows.
    void run();
    // Makes the statement ready for new bindings.
    void reset() noexcept;

    int column_count() const;
    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    time_point time(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;
    std::optional<time_point> optional_time(int column) const;
    std::optional<std::string> optional_text(int column) const;
    // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL.
    int column_type(int column) const;

    std::string_view sql() const;
    explicit operator bool() const { return stmt_ != nullptr; }

  private:
    void check_bind(int rc, int index);
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace tocsin::store::sqlite
