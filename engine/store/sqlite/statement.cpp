#include "engine/store/sqlite/statement.hpp"

#include <sqlite3.h>

#include "engine/error.hpp"

namespace tocsin::store::sqlite {

void throw_sqlite(sqlite3* db, int rc, std::string_view what) {
    std::string message = "SQLite " + std::string(what) + " failed: ";
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    message += " (" + std::to_string(rc) + ")";
    switch (rc & 0xFF) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            throw error(errc::unavailable, std::move(message));
        case SQLITE_CONSTRAINT:
            throw error(errc::conflict, std::move(message));
        default:
            throw error(errc::storage, std::move(message));
    }
}

statement::statement(sqlite3* db, std::string_view sql, bool persistent) {
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                      persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt_, &tail);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt_);
        stmt_ = nullptr;
        throw_sqlite(db, rc, "prepare of \"" + std::string(sql.substr(0, 80)) + "\"");
    }
}

statement::~statement() {
    sqlite3_finalize(stmt_);
}

statement::statement(statement&& other) noexcept : stmt_(other.stmt_) {
    other.stmt_ = nullptr;
}

statement& statement::operator=(statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        stmt_ = other.stmt_;
        other.stmt_ = nullptr;
    }
    return *this;
}

void statement::check_bind(int rc, int index) {
    if (rc != SQLITE_OK)
        throw_sqlite(sqlite3_db_handle(stmt_), rc, "bind of parameter " + std::to_string(index));
}

statement& statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value), index);
    return *this;
}

statement& statement::bind(int index, double value) {
    check_bind(sqlite3_bind_double(stmt_, index, value), index);
    return *this;
}

statement& statement::bind(int index, std::string_view value) {
    check_bind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8),
               index);
    return *this;
}

statement& statement::bind(int index, std::nullptr_t) {
    check_bind(sqlite3_bind_null(stmt_, index), index);
    return *this;
}

statement& statement::bind(int index, time_point value) {
    return bind(index, static_cast<std::int64_t>(value.time_since_epoch().count()));
}

bool statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throw_sqlite(sqlite3_db_handle(stmt_), rc,
                 "step of \"" + std::string(sql().substr(0, 80)) + "\"");
}

void statement::run() {
    while (step()) {
    }
}

void statement::reset() noexcept {
    if (stmt_ == nullptr)
        return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

int statement::column_count() const {
    return sqlite3_column_count(stmt_);
}

bool statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::string statement::text(int column) const {
    const auto* data = sqlite3_column_text(stmt_, column);
    if (data == nullptr)
        return {};
    return std::string(reinterpret_cast<const char*>(data),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

time_point statement::time(int column) const {
    return time_point{std::chrono::milliseconds{int64(column)}};
}

std::optional<std::int64_t> statement::optional_int64(int column) const {
    if (is_null(column))
        return std::nullopt;
    return int64(column);
}

std::optional<time_point> statement::optional_time(int column) const {
    if (is_null(column))
        return std::nullopt;
    return time(column);
}

std::optional<std::string> statement::optional_text(int column) const {
    if (is_null(column))
        return std::nullopt;
    return text(column);
}

int statement::column_type(int column) const {
    return sqlite3_column_type(stmt_, column);
}

std::string_view statement::sql() const {
    const char* text = stmt_ != nullptr ? sqlite3_sql(stmt_) : nullptr;
    return text != nullptr ? std::string_view(text) : std::string_view{};
}

}  // namespace tocsin::store::sqlite
