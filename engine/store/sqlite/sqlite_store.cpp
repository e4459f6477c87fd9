// sqlite_store: lifecycle and the read/write plumbing every operation goes through. The
// operations themselves live in sqlite_store_<area>.cpp.

#include "engine/store/sqlite/sqlite_store.hpp"

#include <spdlog/spdlog.h>

#include "engine/store/errors.hpp"
#include "engine/store/sqlite/migrations.hpp"
#include "engine/store/sqlite/transaction.hpp"
#include "engine/store/sqlite/workspace_repo.hpp"
#include "engine/store/sqlite/write_scope.hpp"
#include "engine/store/store_metrics.hpp"

namespace tocsin::store {

sqlite_store::sqlite_store(const std::filesystem::path& file, event_bus& bus, sqlite_options opts)
    : file_(file), clock_(opts.clock != nullptr ? *opts.clock : default_clock()), outbox_(bus) {
    if (file_.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(file_.parent_path(), ec);
        if (ec)
            throw error(errc::storage, "Cannot create the directory " +
                                           file_.parent_path().string() + ": " + ec.message());
    }
    sqlite::connection_options options{opts.synchronous, opts.busy_timeout, false};
    writer_ = std::make_unique<sqlite::connection>(file_, options);
    schema_version_ = sqlite::migrate(*writer_, clock_.now());
    options.read_only = true;
    readers_ = std::make_unique<sqlite::reader_pool>(file_, options, opts.read_connections);
}

sqlite_store::~sqlite_store() {
    try {
        close();
    } catch (const std::exception& e) {
        spdlog::error("store: closing {} failed: {}", file_.string(), e.what());
    }
}

void sqlite_store::close() {
    // Readers first: the last connection to close checkpoints the WAL into the database file,
    // and that must be the writer (readers are query_only).
    readers_->close();
    std::lock_guard lock(writer_mutex_);
    writer_.reset();
}

int sqlite_store::schema_version() {
    std::lock_guard lock(writer_mutex_);
    if (!writer_)
        throw errors::store_closed();
    return schema_version_;
}

void sqlite_store::write(const workspace_ref& ws, const write_context& ctx, workspace_mode mode,
                         const std::function<void(sqlite::write_scope&)>& fn) {
    const auto asked = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(writer_mutex_);
        const auto began = std::chrono::steady_clock::now();
        record_writer_wait(began - asked);
        const timed_transaction timing(transaction_kind::write, began);
        if (!writer_)
            throw errors::store_closed();
        auto& db = *writer_;
        sqlite::transaction txn(db, sqlite::transaction::kind::immediate);
        sqlite::write_scope scope{db, clock_.now(), ctx, ws.key(), std::nullopt, {}};
        scope.workspace_id = mode == workspace_mode::create
                                 ? std::optional(sqlite::ensure_workspace(db, ws, scope.now))
                                 : sqlite::find_workspace(db, ws);
        fn(scope);
        txn.commit();
        // Still under the writer lock: the outbox's order is the commit order.
        outbox_.enqueue(std::move(scope.events));
    }
    outbox_.drain();
}

void sqlite_store::read(
    const workspace_ref& ws,
    const std::function<void(sqlite::connection&, std::optional<std::int64_t>)>& fn) {
    const timed_transaction timing(transaction_kind::read, std::chrono::steady_clock::now());
    auto lease = readers_->acquire();
    sqlite::transaction txn(*lease, sqlite::transaction::kind::deferred);
    const auto workspace_id = sqlite::find_workspace(*lease, ws);
    fn(*lease, workspace_id);
    txn.commit();
}

}  // namespace tocsin::store
