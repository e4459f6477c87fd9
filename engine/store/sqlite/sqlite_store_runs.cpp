// sqlite_store: the "playbook runs" section of store::store. Run records are not part of any
// workspace, so these bypass write()/read(): writes go straight to the group commit (sharing
// transactions and fsyncs with other writes), reads use a leased reader, one transaction each.
#include "engine/store/sqlite/run_repo.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "engine/store/sqlite/transaction.hpp"

namespace tocsin::store {

void sqlite_store::put_run(const run_record& record) {
    commit_write([&](sqlite::connection& db) {
        sqlite::upsert_run(db, record);
        return std::vector<domain_event>{};
    });
}

std::optional<run_record> sqlite_store::find_run(const std::string& id) {
    auto lease = readers_->acquire();
    sqlite::transaction txn(*lease, sqlite::transaction::kind::deferred);
    auto out = sqlite::select_run(*lease, id);
    txn.commit();
    return out;
}

std::vector<run_record> sqlite_store::list_runs(const run_query& query) {
    auto lease = readers_->acquire();
    sqlite::transaction txn(*lease, sqlite::transaction::kind::deferred);
    auto out = sqlite::select_runs(*lease, query);
    txn.commit();
    return out;
}

std::vector<std::string> sqlite_store::unfinished_runs() {
    auto lease = readers_->acquire();
    sqlite::transaction txn(*lease, sqlite::transaction::kind::deferred);
    auto out = sqlite::select_unfinished_runs(*lease);
    txn.commit();
    return out;
}

void sqlite_store::append_journal(const journal_entry& entry) {
    commit_write([&](sqlite::connection& db) {
        sqlite::insert_journal(db, entry);
        return std::vector<domain_event>{};
    });
}

std::vector<journal_entry> sqlite_store::journal_of(const std::string& run_id) {
    auto lease = readers_->acquire();
    sqlite::transaction txn(*lease, sqlite::transaction::kind::deferred);
    auto out = sqlite::select_journal(*lease, run_id);
    txn.commit();
    return out;
}

std::vector<creation_event> sqlite_store::creation_events_after(std::int64_t after,
                                                                std::size_t limit) {
    auto lease = readers_->acquire();
    sqlite::transaction txn(*lease, sqlite::transaction::kind::deferred);
    auto out = sqlite::select_creation_events(*lease, after, limit);
    txn.commit();
    return out;
}

std::int64_t sqlite_store::last_activity_id() {
    auto lease = readers_->acquire();
    sqlite::transaction txn(*lease, sqlite::transaction::kind::deferred);
    const auto out = sqlite::select_last_activity_id(*lease);
    txn.commit();
    return out;
}

std::optional<std::string> sqlite_store::runner_value(const std::string& key) {
    auto lease = readers_->acquire();
    sqlite::transaction txn(*lease, sqlite::transaction::kind::deferred);
    auto out = sqlite::select_runner_value(*lease, key);
    txn.commit();
    return out;
}

void sqlite_store::set_runner_value(const std::string& key, const std::string& value) {
    commit_write([&](sqlite::connection& db) {
        sqlite::upsert_runner_value(db, key, value);
        return std::vector<domain_event>{};
    });
}

}  // namespace tocsin::store
