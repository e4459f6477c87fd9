#include "engine/store/sqlite/transaction.hpp"

#include <spdlog/spdlog.h>

namespace tocsin::store::sqlite {

transaction::transaction(connection& db, kind k) : db_(db) {
    db_.cached(k == kind::immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")->run();
}

transaction::~transaction() {
    if (done_ || !db_.in_transaction())
        return;
    try {
        db_.cached("ROLLBACK")->run();
    } catch (const std::exception& e) {
        // Nothing more can be done here; SQLite rolls back on close at the latest.
        spdlog::error("store: ROLLBACK failed: {}", e.what());
    }
}

void transaction::commit() {
    db_.cached("COMMIT")->run();
    done_ = true;
}

savepoint::savepoint(connection& db, std::string_view name) : db_(db), name_(name) {
    // Cached: a group commit or batch opens one savepoint per write.
    db_.cached("SAVEPOINT " + name_)->run();
}

savepoint::~savepoint() {
    if (done_ || !db_.in_transaction())
        return;
    try {
        db_.cached("ROLLBACK TO " + name_)->run();
        db_.cached("RELEASE " + name_)->run();
    } catch (const std::exception& e) {
        spdlog::error("store: ROLLBACK TO {} failed: {}", name_, e.what());
    }
}

void savepoint::release() {
    db_.cached("RELEASE " + name_)->run();
    done_ = true;
}

}  // namespace tocsin::store::sqlite
