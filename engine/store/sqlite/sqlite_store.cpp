// sqlite_store: lifecycle and the read/write plumbing every operation goes through. The
// operations themselves live in sqlite_store_<area>.cpp.

#include "engine/store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <iterator>

#include <spdlog/spdlog.h>

#include "engine/store/errors.hpp"
#include "engine/store/sqlite/migrations.hpp"
#include "engine/store/sqlite/transaction.hpp"
#include "engine/store/sqlite/workspace_repo.hpp"
#include "engine/store/sqlite/write_scope.hpp"
#include "engine/store/store_metrics.hpp"

namespace tocsin::store {

namespace {
constexpr int writer_cache_kib = 64 * 1024;
}  // namespace

sqlite_store::sqlite_store(const std::filesystem::path& file, event_bus& bus, sqlite_options opts)
    : file_(file),
      clock_(opts.clock != nullptr ? *opts.clock : default_clock()),
      outbox_(bus),
      group_commit_max_(std::max<std::size_t>(opts.group_commit_max, 1)) {
    if (file_.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(file_.parent_path(), ec);
        if (ec)
            throw error(errc::storage, "Cannot create the directory " +
                                           file_.parent_path().string() + ": " + ec.message());
    }
    sqlite::connection_options options{opts.synchronous, opts.busy_timeout, false};
    options.coalesce_wal_writes = opts.coalesce_wal_writes;
    // The one writer also reads for every write and routing batch: a page cache that holds the
    // working set spares it a pread per page (measured: alert routing 1.17x faster in bench/).
    options.cache_kib = writer_cache_kib;
    writer_ = std::make_unique<sqlite::connection>(file_, options);
    schema_version_ = sqlite::migrate(*writer_, clock_.now());
    options.cache_kib = sqlite::connection_options{}.cache_kib;
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
    if (batch_of_this_thread())
        throw errors::not_in_a_batch("close()");
    // Readers first: the last connection to close checkpoints the WAL into the database file,
    // and that must be the writer (readers are query_only).
    readers_->close();
    std::lock_guard lock(writer_mutex_);
    writer_.reset();
}

int sqlite_store::schema_version() {
    auto lock = lock_writer("schema_version()");
    if (!writer_)
        throw errors::store_closed();
    return schema_version_;
}

struct sqlite_store::open_batch {
    const sqlite_store* owner;
    std::vector<std::vector<domain_event>> events;  // of each write, in order: one per write
};

thread_local sqlite_store::open_batch* sqlite_store::this_thread_batch_ = nullptr;

struct sqlite_store::batch_scope {
    explicit batch_scope(open_batch& batch) { this_thread_batch_ = &batch; }
    ~batch_scope() { this_thread_batch_ = nullptr; }
    batch_scope(const batch_scope&) = delete;
    batch_scope& operator=(const batch_scope&) = delete;
};

sqlite_store::open_batch* sqlite_store::batch_of_this_thread() const {
    return this_thread_batch_ != nullptr && this_thread_batch_->owner == this ? this_thread_batch_
                                                                              : nullptr;
}

std::unique_lock<std::mutex> sqlite_store::lock_writer(std::string_view what) {
    if (batch_of_this_thread())
        throw errors::not_in_a_batch(what);
    return std::unique_lock(writer_mutex_);
}

bool sqlite_store::ran_in_open_batch(const std::function<void()>& fn) {
    if (batch_of_this_thread()) {
        fn();
        return true;
    }
    if (this_thread_batch_ != nullptr)
        throw errors::not_in_a_batch("a batch on another store");
    return false;
}

void sqlite_store::write_batch(const std::function<void()>& fn) {
    if (ran_in_open_batch(fn))
        return;
    std::unique_lock lock(writer_mutex_);
    if (!writer_)
        throw errors::store_closed();
    auto& db = *writer_;
    open_batch batch{this, {}};
    {
        const timed_transaction timing(transaction_kind::write, std::chrono::steady_clock::now());
        sqlite::transaction txn(db, sqlite::transaction::kind::immediate);
        const batch_scope on_this_thread(batch);
        fn();
        if (!db.in_transaction())
            throw errors::batch_rolled_back();
        txn.commit();
    }
    record_group_commit(batch.events.size());
    // Still under the writer lock: the outbox's order is the commit order.
    for (auto& events : batch.events)
        outbox_.enqueue(std::move(events));
    lock.unlock();
    outbox_.drain();
}

void sqlite_store::write_together(const std::function<void()>& fn) {
    if (ran_in_open_batch(fn))
        return;
    commit_write([&](sqlite::connection& db) {
        // On the committing thread, which may not be the caller's: the batch is set there, so
        // the store calls `fn` makes become savepoints of the group's transaction.
        open_batch batch{this, {}};
        const batch_scope on_this_thread(batch);
        fn();
        if (!db.in_transaction())
            throw errors::batch_rolled_back();
        std::vector<domain_event> events;
        for (auto& of_write : batch.events)
            std::move(of_write.begin(), of_write.end(), std::back_inserter(events));
        return events;
    });
}

void sqlite_store::write_in_batch(open_batch& batch, const write_body& body) {
    auto& db = *writer_;  // writer_mutex_ is held: by this thread's write_batch or group commit
    if (!db.in_transaction())
        throw errors::batch_rolled_back();
    sqlite::savepoint own(db, "batched_write");
    auto events = body(db);
    own.release();
    batch.events.push_back(std::move(events));
}

// A write waiting for its group: lives on the caller's stack until `done`, which the committing
// caller sets under queue_mutex_ once the group's transaction has ended. Each waiter has its own
// condition variable, so a commit wakes the callers it finished and the next leader, not every
// thread that waits.
struct sqlite_store::queued_write {
    const write_body& body;
    std::chrono::steady_clock::time_point asked;
    std::exception_ptr failure{};
    bool done = false;
    std::condition_variable wake;  // done, or first in the queue when no group commits
};

void sqlite_store::write(const workspace_ref& ws, const write_context& ctx, workspace_mode mode,
                         const std::function<void(sqlite::write_scope&)>& fn) {
    commit_write([&](sqlite::connection& db) {
        sqlite::write_scope scope{db, clock_.now(), ctx, ws.key(), std::nullopt, {}};
        scope.workspace_id = mode == workspace_mode::create
                                 ? std::optional(sqlite::ensure_workspace(db, ws, scope.now))
                                 : sqlite::find_workspace(db, ws);
        fn(scope);
        return std::move(scope.events);
    });
}

void sqlite_store::commit_write(const write_body& body) {
    if (auto* batch = batch_of_this_thread()) {
        write_in_batch(*batch, body);
        return;
    }
    queued_write me{body, std::chrono::steady_clock::now(), {}, false, {}};
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&me);
    // Leader and followers: whoever finds no group committing commits everything queued so far
    // (up to the maximum) while the others wait; then the next waiter leads the next group.
    while (!me.done) {
        if (committing_) {
            me.wake.wait(lock);
            continue;
        }
        committing_ = true;
        std::vector<queued_write*> group;
        while (!queue_.empty() && group.size() < group_commit_max_) {
            group.push_back(queue_.front());
            queue_.pop_front();
        }
        lock.unlock();
        commit_group(group);
        lock.lock();
        // Notified under the lock: a waiter that sees `done` returns and takes its wake with it.
        for (auto* w : group) {
            w->done = true;
            w->wake.notify_one();
        }
        committing_ = false;
        if (!queue_.empty())
            queue_.front()->wake.notify_one();
    }
    lock.unlock();
    outbox_.drain();
    if (me.failure)
        std::rethrow_exception(me.failure);
}

void sqlite_store::commit_group(const std::vector<queued_write*>& group) {
    auto fail_all = [&group](const std::exception_ptr& failure) {
        for (auto* w : group)
            w->failure = failure;
    };
    std::lock_guard lock(writer_mutex_);
    const auto began = std::chrono::steady_clock::now();
    for (const auto* w : group)
        record_writer_wait(began - w->asked);
    record_group_commit(group.size());
    const timed_transaction timing(transaction_kind::write, began);
    try {
        if (!writer_)
            throw errors::store_closed();
        auto& db = *writer_;
        sqlite::transaction txn(db, sqlite::transaction::kind::immediate);
        std::vector<std::vector<domain_event>> events(group.size());
        if (group.size() == 1) {
            events[0] = group[0]->body(db);
        } else {
            for (std::size_t i = 0; i < group.size(); ++i) {
                try {
                    sqlite::savepoint own(db, "grouped_write");
                    events[i] = group[i]->body(db);
                    own.release();
                } catch (...) {
                    group[i]->failure = std::current_exception();
                    // Some errors (disk full, I/O) make SQLite roll back the whole transaction:
                    // the writes before this one are gone too.
                    if (!db.in_transaction())
                        throw;
                }
            }
        }
        txn.commit();
        // Still under the writer lock: the outbox's order is the commit order.
        for (std::size_t i = 0; i < group.size(); ++i)
            if (!group[i]->failure)
                outbox_.enqueue(std::move(events[i]));
    } catch (...) {
        fail_all(std::current_exception());
    }
}

void sqlite_store::read(
    const workspace_ref& ws,
    const std::function<void(sqlite::connection&, std::optional<std::int64_t>)>& fn) {
    if (batch_of_this_thread()) {
        // The writer, so the batch's own writes are seen; writer_mutex_ is held by write_batch.
        auto& db = *writer_;
        if (!db.in_transaction())
            throw errors::batch_rolled_back();
        fn(db, sqlite::find_workspace(db, ws));
        return;
    }
    const timed_transaction timing(transaction_kind::read, std::chrono::steady_clock::now());
    auto lease = readers_->acquire();
    sqlite::transaction txn(*lease, sqlite::transaction::kind::deferred);
    const auto workspace_id = sqlite::find_workspace(*lease, ws);
    fn(*lease, workspace_id);
    txn.commit();
}

}  // namespace tocsin::store
