#pragma once
// The SQLite implementation of store::store.
//
// One database file in WAL mode. Writes go through a single writer connection guarded by a
// mutex (SQLite admits one writer anyway; serialising here makes "read etag, compare, write"
// atomic without retry loops), each in one BEGIN IMMEDIATE transaction. Reads borrow a
// connection from a small pool and run in a deferred transaction, so a read sees one committed
// snapshot and never waits for the writer. Events queue during the transaction and reach the
// bus after COMMIT, in commit order (event_outbox).
// Thread-safety: every public member may be called from any thread. Calls block on disk I/O:
// call them from the blocking pool, not from I/O threads.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/core/event_bus.hpp"
#include "engine/core/time.hpp"
#include "engine/store/event_outbox.hpp"
#include "engine/store/sqlite/connection.hpp"
#include "engine/store/sqlite/reader_pool.hpp"
#include "engine/store/store.hpp"
#include "engine/store/watchlist_store.hpp"

namespace tocsin::store {

namespace sqlite {
struct write_scope;
class rule_table;
}  // namespace sqlite

struct sqlite_options {
    // full (default): a write that returned survives power loss. normal: faster; the last
    // commits may be lost on power loss, never the database's consistency.
    sqlite::synchronous_mode synchronous = sqlite::synchronous_mode::full;
    // How long a connection waits for a lock held by another process before errc::unavailable.
    std::chrono::milliseconds busy_timeout{5000};
    std::size_t read_connections = 4;
    // Where "now" comes from for created/modified times; default_clock() when null. Must
    // outlive the store.
    const tocsin::clock* clock = nullptr;
    // Group commit: writes that arrive while one commits wait and then share one transaction
    // (each in its own savepoint, so one that fails is rolled back alone) and one fsync. A write
    // still returns only once its transaction has committed. At most this many writes per
    // transaction; 1 turns grouping off.
    std::size_t group_commit_max = 64;
    // With synchronous full, the writer appends each commit to the WAL in a few large writes
    // instead of two per page (sqlite/wal_append_vfs.hpp).
    bool coalesce_wal_writes = true;
};

class sqlite_store final : public store, public watchlist_store {
  public:
    // Creates the file and its parent directories when absent and migrates the schema to the
    // latest version. Throws errc::storage when the file cannot be opened or was written by a
    // newer release. `bus` must outlive the store.
    sqlite_store(const std::filesystem::path& file, event_bus& bus, sqlite_options opts = {});
    ~sqlite_store() override;
    sqlite_store(const sqlite_store&) = delete;
    sqlite_store& operator=(const sqlite_store&) = delete;

    upsert_result<model::incident> put_incident(const workspace_ref& ws, model::incident value,
                                                const write_context& ctx) override;
    model::incident update_incident(const workspace_ref& ws, const std::string& name,
                                    const std::function<void(model::incident&)>& mutate,
                                    const write_context& ctx) override;
    std::optional<model::incident> find_incident(const workspace_ref& ws,
                                                 const std::string& name) override;
    page<model::incident> list_incidents(const workspace_ref& ws,
                                         const incident_query& query) override;
    bool delete_incident(const workspace_ref& ws, const std::string& name,
                         const write_context& ctx) override;

    upsert_result<model::alert> create_alert(const workspace_ref& ws, model::alert value,
                                             const write_context& ctx) override;
    std::vector<result<upsert_result<model::alert>>> create_alerts(
        const workspace_ref& ws, std::vector<model::alert> values,
        const write_context& ctx) override;
    std::optional<model::alert> find_alert(const workspace_ref& ws,
                                           const std::string& system_alert_id) override;
    page<model::alert> list_alerts(const workspace_ref& ws, const alert_query& query) override;
    std::vector<model::alert> alerts_of_incident(const workspace_ref& ws,
                                                 const std::string& incident_name) override;
    std::vector<model::incident> incidents_of_alert(const workspace_ref& ws,
                                                    const std::string& alert_id) override;
    std::vector<model::entity> entities_of_incident(const workspace_ref& ws,
                                                    const std::string& incident_name) override;
    std::vector<model::entity> entities_of_alert(const workspace_ref& ws,
                                                 const std::string& alert_id) override;
    std::optional<model::entity> find_entity(const workspace_ref& ws,
                                             const std::string& entity_id) override;

    relation_result add_relation(const workspace_ref& ws, const std::string& incident_name,
                                 const std::string& relation_name, const std::string& alert_id,
                                 model::sole_alert_policy policy,
                                 const write_context& ctx) override;
    bool remove_relation(const workspace_ref& ws, const std::string& incident_name,
                         const std::string& relation_name, const write_context& ctx) override;
    std::optional<model::relation> find_relation(const workspace_ref& ws,
                                                 const std::string& incident_name,
                                                 const std::string& relation_name) override;
    std::vector<model::relation> list_relations(const workspace_ref& ws,
                                                const std::string& incident_name) override;

    // ---- correlation (sqlite_store_correlation.cpp) ----
    std::vector<correlation_candidate> correlation_candidates(
        const workspace_ref& ws, const std::vector<std::string>& identity_keys, time_point since,
        const std::string& exclude_alert_id) override;
    upsert_result<model::incident> create_incident_with_alerts(
        const workspace_ref& ws, model::incident value, const std::vector<std::string>& alert_ids,
        const write_context& ctx) override;
    merge_result merge_incidents(const workspace_ref& ws, const std::string& survivor,
                                 const std::string& absorbed, const write_context& ctx) override;

    upsert_result<model::comment> put_comment(const workspace_ref& ws, model::comment value,
                                              const write_context& ctx) override;
    std::optional<model::comment> find_comment(const workspace_ref& ws,
                                               const std::string& incident_name,
                                               const std::string& name) override;
    std::vector<model::comment> list_comments(const workspace_ref& ws,
                                              const std::string& incident_name) override;
    bool delete_comment(const workspace_ref& ws, const std::string& incident_name,
                        const std::string& name, const write_context& ctx) override;

    upsert_result<model::task> put_task(const workspace_ref& ws, model::task value,
                                        const write_context& ctx) override;
    std::optional<model::task> find_task(const workspace_ref& ws, const std::string& incident_name,
                                         const std::string& name) override;
    std::vector<model::task> list_tasks(const workspace_ref& ws,
                                        const std::string& incident_name) override;
    bool delete_task(const workspace_ref& ws, const std::string& incident_name,
                     const std::string& name, const write_context& ctx) override;

    // sqlite_store_owners.cpp
    std::optional<model::owner_info> find_owner(const workspace_ref& ws,
                                                const std::string& object_id) override;

    // sqlite_store_rules.cpp
    upsert_result<automation_rule> put_automation_rule(const workspace_ref& ws,
                                                       automation_rule value,
                                                       const write_context& ctx) override;
    std::optional<automation_rule> find_automation_rule(const workspace_ref& ws,
                                                        const std::string& name) override;
    std::vector<automation_rule> list_automation_rules(const workspace_ref& ws) override;
    bool delete_automation_rule(const workspace_ref& ws, const std::string& name,
                                const write_context& ctx) override;

    upsert_result<alert_rule> put_alert_rule(const workspace_ref& ws, alert_rule value,
                                             const write_context& ctx) override;
    std::optional<alert_rule> find_alert_rule(const workspace_ref& ws,
                                              const std::string& name) override;
    std::vector<alert_rule> list_alert_rules(const workspace_ref& ws) override;
    bool delete_alert_rule(const workspace_ref& ws, const std::string& name,
                           const write_context& ctx) override;

    std::vector<model::activity_entry> activity_of_incident(
        const workspace_ref& ws, const std::string& incident_name) override;

    // ---- playbook runs (sqlite_store_runs.cpp) ----
    void put_run(const run_record& record) override;
    std::optional<run_record> find_run(const std::string& id) override;
    std::vector<run_record> list_runs(const run_query& query) override;
    std::vector<std::string> unfinished_runs() override;
    void append_journal(const journal_entry& entry) override;
    std::vector<journal_entry> journal_of(const std::string& run_id) override;
    std::vector<creation_event> creation_events_after(std::int64_t after,
                                                      std::size_t limit) override;
    std::int64_t last_activity_id() override;
    std::optional<std::string> runner_value(const std::string& key) override;
    void set_runner_value(const std::string& key, const std::string& value) override;

    // ---- API tokens (sqlite_store_tokens.cpp) ----
    void create_token(const api_token& token) override;
    bool create_first_token(const api_token& token) override;
    std::optional<api_token> find_token(const std::string& id) override;
    std::vector<api_token> list_tokens() override;
    bool revoke_token(const std::string& id, time_point at) override;

    // ---- watchlists (sqlite_store_watchlists.cpp) ----
    watchlist_store& watchlists() override { return *this; }
    upsert_result<model::watchlist> put_watchlist(const workspace_ref& ws, model::watchlist value,
                                                  std::vector<model::watchlist_item> items,
                                                  const write_context& ctx) override;
    std::optional<model::watchlist> find_watchlist(const workspace_ref& ws,
                                                   const std::string& alias) override;
    page<model::watchlist> list_watchlists(const workspace_ref& ws,
                                           const watchlist_page_query& query) override;
    bool delete_watchlist(const workspace_ref& ws, const std::string& alias,
                          const write_context& ctx) override;
    page<model::watchlist_item> list_watchlist_items(const workspace_ref& ws,
                                                     const std::string& alias,
                                                     const watchlist_page_query& query) override;
    std::optional<model::watchlist_item> find_watchlist_item(const workspace_ref& ws,
                                                             const std::string& alias,
                                                             const std::string& item_id) override;
    std::vector<model::watchlist_item> find_watchlist_items_by_key(
        const workspace_ref& ws, const std::string& alias,
        const std::vector<std::string>& keys) override;
    upsert_result<model::watchlist_item> put_watchlist_item(const workspace_ref& ws,
                                                            const std::string& alias,
                                                            model::watchlist_item value,
                                                            const write_context& ctx) override;
    bool delete_watchlist_item(const workspace_ref& ws, const std::string& alias,
                               const std::string& item_id, const write_context& ctx) override;

    // One IMMEDIATE transaction on the writer for the whole batch, under writer_mutex_; the
    // writes inside it skip the group-commit queue and run at once, each in its own savepoint.
    void write_batch(const std::function<void()>& fn) override;
    // One write of the group-commit queue whose body runs `fn` as a batch: its writes are
    // savepoints inside the group's transaction.
    void write_together(const std::function<void()>& fn) override;

    int schema_version() override;
    void close() override;

    const std::filesystem::path& file() const { return file_; }

  private:
    enum class workspace_mode { create, existing };

    // Runs `fn` in an IMMEDIATE transaction on the writer connection, under writer_mutex_;
    // commits when it returns, rolls back when it throws, then publishes the events it queued.
    // With group commit the transaction may hold other callers' writes too (see queued_write):
    // the caller waits until the group has committed, and gets its own write's exception.
    void write(const workspace_ref& ws, const write_context& ctx, workspace_mode mode,
               const std::function<void(sqlite::write_scope&)>& fn);
    // What write() and the workspace-less writes (run records, journal, runner values) hand to
    // the group commit: the statements of one write; returns the events to publish after commit.
    using write_body = std::function<std::vector<domain_event>(sqlite::connection&)>;
    void commit_write(const write_body& body);
    // The batch (write_batch) this thread is running on this store, or null.
    struct open_batch;
    open_batch* batch_of_this_thread() const;
    // The batch the current thread runs (at most one at a time, on any store).
    static thread_local open_batch* this_thread_batch_;
    // Makes a batch this thread's for its lifetime.
    struct batch_scope;
    // Runs `fn` at once and returns true when this thread runs a batch on this store (a batch
    // or write_together inside a batch joins it); throws when it runs one on another store.
    bool ran_in_open_batch(const std::function<void()>& fn);
    // A write inside the thread's batch: at once, in a savepoint of the batch's transaction.
    void write_in_batch(open_batch& batch, const write_body& body);
    // writer_mutex_ for a call that uses the writer on its own (tokens, close). Such a call
    // inside a batch would wait for itself: it throws errc::internal instead.
    std::unique_lock<std::mutex> lock_writer(std::string_view what);
    struct queued_write;
    // Commits `group` (oldest first) as one transaction and marks each write done or failed.
    void commit_group(const std::vector<queued_write*>& group);
    // Runs `fn` in a deferred (snapshot) transaction on a pooled reader. `workspace_id` is
    // empty when the workspace does not exist.
    void read(const workspace_ref& ws,
              const std::function<void(sqlite::connection&, std::optional<std::int64_t>)>& fn);

    // Every kind of stored_rule, by its table (sqlite_store_rules.cpp).
    upsert_result<stored_rule> put_rule(const sqlite::rule_table& table, const workspace_ref& ws,
                                        stored_rule value, const write_context& ctx);
    std::optional<stored_rule> find_rule(const sqlite::rule_table& table, const workspace_ref& ws,
                                         const std::string& name);
    std::vector<stored_rule> list_rules(const sqlite::rule_table& table, const workspace_ref& ws);
    bool delete_rule(const sqlite::rule_table& table, const workspace_ref& ws,
                     const std::string& name, const write_context& ctx);

    const std::filesystem::path file_;
    const tocsin::clock& clock_;
    event_outbox outbox_;
    int schema_version_ = 0;

    const std::size_t group_commit_max_;
    std::mutex queue_mutex_;
    std::deque<queued_write*> queue_;  // guarded by queue_mutex_
    bool committing_ = false;          // a caller is committing a group; guarded by queue_mutex_

    std::mutex writer_mutex_;
    std::unique_ptr<sqlite::connection> writer_;  // guarded by writer_mutex_; null once closed
    std::unique_ptr<sqlite::reader_pool> readers_;
};

}  // namespace tocsin::store
