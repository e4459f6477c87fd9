// sqlite_store: the "API tokens" section of store::store. Tokens belong to no workspace, so these
// bypass write()/read() and use the writer and reader connections directly (same locking
// discipline as the run records: writer under writer_mutex_, readers by lease, one transaction
// each).
#include "engine/store/errors.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "engine/store/sqlite/token_repo.hpp"
#include "engine/store/sqlite/transaction.hpp"

namespace tocsin::store {

void sqlite_store::create_token(const api_token& token) {
    auto lock = lock_writer("create_token()");
    if (!writer_)
        throw errors::store_closed();
    sqlite::transaction txn(*writer_, sqlite::transaction::kind::immediate);
    sqlite::insert_token(*writer_, token);
    txn.commit();
}

bool sqlite_store::create_first_token(const api_token& token) {
    auto lock = lock_writer("create_first_token()");
    if (!writer_)
        throw errors::store_closed();
    // IMMEDIATE holds the write lock across the check and the insert, also against another
    // process on the same file.
    sqlite::transaction txn(*writer_, sqlite::transaction::kind::immediate);
    if (sqlite::any_token(*writer_))
        return false;
    sqlite::insert_token(*writer_, token);
    txn.commit();
    return true;
}

std::optional<api_token> sqlite_store::find_token(const std::string& id) {
    auto lease = readers_->acquire();
    sqlite::transaction txn(*lease, sqlite::transaction::kind::deferred);
    auto out = sqlite::select_token(*lease, id);
    txn.commit();
    return out;
}

std::vector<api_token> sqlite_store::list_tokens() {
    auto lease = readers_->acquire();
    sqlite::transaction txn(*lease, sqlite::transaction::kind::deferred);
    auto out = sqlite::select_tokens(*lease);
    txn.commit();
    return out;
}

bool sqlite_store::revoke_token(const std::string& id, time_point at) {
    auto lock = lock_writer("revoke_token()");
    if (!writer_)
        throw errors::store_closed();
    sqlite::transaction txn(*writer_, sqlite::transaction::kind::immediate);
    const bool found = sqlite::mark_token_revoked(*writer_, id, at);
    txn.commit();
    return found;
}

}  // namespace tocsin::store
