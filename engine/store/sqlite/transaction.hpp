#pragma once
// Transaction and savepoint guards: a scope that does not reach commit()/release() rolls back,
// whether it leaves by exception or by return. Destructors never throw.

#include <string>
#include <string_view>

#include "engine/store/sqlite/connection.hpp"

namespace tocsin::store::sqlite {

class transaction {
  public:
    // deferred: a read snapshot taken at the first SELECT (readers); immediate: takes the write
    // lock at BEGIN, so a writer never fails half-way with SQLITE_BUSY on lock upgrade.
    enum class kind { deferred, immediate };

    transaction(connection& db, kind k);
    ~transaction();
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;

    // After a failed commit the transaction is still open and the destructor rolls it back.
    void commit();

  private:
    connection& db_;
    bool done_ = false;
};

// A nested unit inside a transaction (one item of a batch): roll it back alone on failure.
class savepoint {
  public:
    // `name` must be an SQL identifier constant, never user input.
    savepoint(connection& db, std::string_view name);
    ~savepoint();
    savepoint(const savepoint&) = delete;
    savepoint& operator=(const savepoint&) = delete;

    void release();

  private:
    connection& db_;
    std::string name_;
    bool done_ = false;
};

}  // namespace tocsin::store::sqlite
