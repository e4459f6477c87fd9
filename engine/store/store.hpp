#pragma once
// The one store interface for incidents, alerts, entities, relations, comments, tasks and the
// activity log. SQLite implements it first (store/sqlite); PostgreSQL follows behind the same
// interface, and the same conformance tests run against both.
//
// Contract for every implementation:
//  - Calls block (disk I/O); engine code calls them on the blocking pool, never on I/O threads.
//  - All methods are thread-safe.
//  - Every write is one transaction; a write that fails leaves nothing behind.
//  - Every write records an activity-log entry naming the actor in the same transaction.
//  - Each write gives the resource a new etag; a write_context carrying if_match that is not
//    the current etag fails with errc::conflict and writes nothing.
//  - Domain events are published on the event bus after the commit, never for a rollback.
//  - Workspaces come into being on their first write; reads of an unknown one find nothing.
//  - Failures are tocsin::error: not_found, already_exists, conflict, invalid_argument,
//    missing_field, precondition_failed, limit_exceeded, storage.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"
#include "engine/error.hpp"
#include "engine/model/activity.hpp"
#include "engine/model/alert.hpp"
#include "engine/model/comment.hpp"
#include "engine/model/entity.hpp"
#include "engine/model/incident.hpp"
#include "engine/model/principal.hpp"
#include "engine/model/relation.hpp"
#include "engine/model/task.hpp"
#include "engine/model/workspace.hpp"
#include "engine/store/api_token.hpp"
#include "engine/store/query.hpp"
#include "engine/store/run_record.hpp"

namespace tocsin::store {

using model::workspace_ref;

class watchlist_store;  // engine/store/watchlist_store.hpp

struct write_context {
    model::principal actor = model::principal::system();
    std::optional<std::string> if_match;  // unquoted etag; none = unconditional
    // Why the write happens, merged into the detail of every activity entry it records (e.g.
    // {"reason":"correlation","alertId":…}). A JSON object; keys the store sets itself win.
    nlohmann::json detail = nlohmann::json::object();
};

// A rule as stored: the Sentinel "properties" object as the API validated and normalised it
// (without its read-only fields, which come from the columns below). The store keeps the JSON
// opaque; rule semantics belong to the API (validation) and to whatever runs the rules.
// Automation rules (Sentinel automationRules) and alert rules (Sentinel alertRules; Tocsin keeps
// the MicrosoftSecurityIncidentCreation kind: incident creation rules) share this shape.
struct stored_rule {
    std::string name;
    nlohmann::json properties = nlohmann::json::object();
    model::principal created_by;
    model::principal last_modified_by;
    time_point created{};
    time_point last_modified{};
    std::string etag;
};
using automation_rule = stored_rule;
using alert_rule = stored_rule;

template <typename T>
struct upsert_result {
    T value;
    bool created = false;
};

struct relation_result {
    model::relation relation;
    bool created = false;
    // Set when the alert was the sole alert of another incident and the policy closed it.
    std::optional<std::string> closed_incident;
};

// An open incident that an alert could join, and why: one of the incident's alerts names the
// same entity.
struct correlation_candidate {
    std::string incident_name;
    std::int64_t incident_number = 0;
    time_point incident_created{};
    std::int64_t alerts_count = 0;
    // The reason: the shared entity, and the incident's alert that names it.
    std::string identity_key;
    model::entity_kind entity_kind = model::entity_kind::host;
    std::string entity_friendly_name;
    std::string alert_id;
};

struct merge_result {
    model::incident survivor;                  // after the merge
    model::incident absorbed;                  // after the merge: closed
    std::vector<std::string> moved_alert_ids;  // in the order `absorbed` had them
};

class store {
  public:
    virtual ~store() = default;

    // ---- incidents ----
    // Create-or-replace of the writable fields (PUT semantics). An empty name generates a GUID.
    // Read-only fields of `value` (number, created, etag, summary) are ignored.
    virtual upsert_result<model::incident> put_incident(const workspace_ref& ws,
                                                        model::incident value,
                                                        const write_context& ctx) = 0;
    // Read-modify-write in one transaction: `mutate` edits the current incident; the result is
    // normalised, validated, diffed into the activity entry and written. not_found if absent.
    virtual model::incident update_incident(const workspace_ref& ws, const std::string& name,
                                            const std::function<void(model::incident&)>& mutate,
                                            const write_context& ctx) = 0;
    virtual std::optional<model::incident> find_incident(const workspace_ref& ws,
                                                         const std::string& name) = 0;
    virtual page<model::incident> list_incidents(const workspace_ref& ws,
                                                 const incident_query& query) = 0;
    // Deletes the incident with its relations, comments and tasks; false when it did not exist.
    // The activity entry "incident.deleted" stays.
    virtual bool delete_incident(const workspace_ref& ws, const std::string& name,
                                 const write_context& ctx) = 0;

    // ---- alerts and entities ----
    // Idempotent on system_alert_id: resending an existing id returns it with created=false.
    virtual upsert_result<model::alert> create_alert(const workspace_ref& ws, model::alert value,
                                                     const write_context& ctx) = 0;
    // One transaction for the batch; invalid items get their error, the valid ones are written.
    virtual std::vector<result<upsert_result<model::alert>>> create_alerts(
        const workspace_ref& ws, std::vector<model::alert> values, const write_context& ctx) = 0;
    virtual std::optional<model::alert> find_alert(const workspace_ref& ws,
                                                   const std::string& system_alert_id) = 0;
    virtual page<model::alert> list_alerts(const workspace_ref& ws, const alert_query& query) = 0;
    virtual std::vector<model::alert> alerts_of_incident(const workspace_ref& ws,
                                                         const std::string& incident_name) = 0;
    virtual std::vector<model::incident> incidents_of_alert(const workspace_ref& ws,
                                                            const std::string& alert_id) = 0;
    // Distinct entities of the incident's alerts / of one alert.
    virtual std::vector<model::entity> entities_of_incident(const workspace_ref& ws,
                                                            const std::string& incident_name) = 0;
    virtual std::vector<model::entity> entities_of_alert(const workspace_ref& ws,
                                                         const std::string& alert_id) = 0;
    // By the entity's id (its name-based UUID, case-insensitive).
    virtual std::optional<model::entity> find_entity(const workspace_ref& ws,
                                                     const std::string& entity_id) = 0;

    // ---- relations (incident ↔ alert) ----
    // Rules: ≤ 150 alerts per incident (limit_exceeded); alert already in the incident
    // (already_exists, "Failed to create relation. Alert {id} already exists in incident {n}.");
    // relation name used for a different alert (conflict); unknown alert or incident
    // (not_found); an alert owned by an external provider cannot join that provider's incident
    // (precondition_failed). Re-adding an identical relation returns it with created=false.
    // An empty relation_name generates one.
    virtual relation_result add_relation(const workspace_ref& ws, const std::string& incident_name,
                                         const std::string& relation_name,
                                         const std::string& alert_id,
                                         model::sole_alert_policy policy,
                                         const write_context& ctx) = 0;
    virtual bool remove_relation(const workspace_ref& ws, const std::string& incident_name,
                                 const std::string& relation_name, const write_context& ctx) = 0;
    virtual std::optional<model::relation> find_relation(const workspace_ref& ws,
                                                         const std::string& incident_name,
                                                         const std::string& relation_name) = 0;
    virtual std::vector<model::relation> list_relations(const workspace_ref& ws,
                                                        const std::string& incident_name) = 0;

    // ---- correlation ----
    // The writes and the lookup alert correlation is built on (engine/automation/alert_router
    // decides what to join; the store only finds and writes atomically). Callers pass their
    // reasons in ctx.detail, which every activity entry of the write carries.

    // Open incidents (New or Active) holding an alert other than `exclude_alert_id` that names
    // one of `identity_keys`, was generated at or after `since` and is not standalone
    // (alert.correlation false is never a reason): one row per incident, oldest
    // first (created, then number). Where several alerts or keys match one incident, the reason
    // is the key earliest in `identity_keys` and, of its alerts, the most recently generated.
    // Empty for no keys or an unknown workspace. It walks from the keys outwards by index, so
    // its cost follows the matches, never the size of the workspace.
    virtual std::vector<correlation_candidate> correlation_candidates(
        const workspace_ref& ws, const std::vector<std::string>& identity_keys, time_point since,
        const std::string& exclude_alert_id) = 0;
    // Creates the incident and relates each alert to it in one transaction: a failure leaves
    // neither. Rules as put_incident (validation; an empty name generates one) and add_relation
    // (policy keep, generated relation names: unknown alert not_found, a repeated id
    // already_exists, more than 150 limit_exceeded); a name already taken is already_exists,
    // an empty `alert_ids` invalid_argument. Activity and events as the separate calls give:
    // incident.created / incident_created, then relation.added / alert_related per alert, in
    // the order given.
    virtual upsert_result<model::incident> create_incident_with_alerts(
        const workspace_ref& ws, model::incident value, const std::vector<std::string>& alert_ids,
        const write_context& ctx) = 0;
    // Merges `absorbed` into `survivor` in one transaction: each alert of `absorbed` that
    // `survivor` lacks moves (relation removed from `absorbed`, added to `survivor`); alerts both
    // hold stay on `absorbed` too. `absorbed` is then closed as Undetermined (no reason) with
    // classificationComment and a comment "Merged into incident #<n> (<name>).". Both must exist
    // (not_found) and be open (precondition_failed), and differ (invalid_argument); a survivor
    // that would pass 150 alerts is limit_exceeded; provider rules as remove/add_relation.
    // Failures write nothing. ctx.if_match, when set, is the survivor's etag.
    // Activity: on `absorbed`, relation.removed per moved alert, incident.closed and
    // comment.added, with detail {mergedInto, mergedIntoNumber}; on `survivor`, relation.added
    // per moved alert with {mergedIncident, mergedIncidentNumber} and "incident.merged" with
    // {mergedIncident, mergedIncidentNumber, movedAlerts}. Events: alert_unrelated then
    // alert_related per moved alert, then incident_updated, incident_closed and comment_added
    // for `absorbed`.
    virtual merge_result merge_incidents(const workspace_ref& ws, const std::string& survivor,
                                         const std::string& absorbed, const write_context& ctx) = 0;

    // ---- comments and tasks (children of an incident; not_found if the incident is absent) ----
    virtual upsert_result<model::comment> put_comment(const workspace_ref& ws, model::comment value,
                                                      const write_context& ctx) = 0;
    virtual std::optional<model::comment> find_comment(const workspace_ref& ws,
                                                       const std::string& incident_name,
                                                       const std::string& name) = 0;
    virtual std::vector<model::comment> list_comments(const workspace_ref& ws,
                                                      const std::string& incident_name) = 0;
    virtual bool delete_comment(const workspace_ref& ws, const std::string& incident_name,
                                const std::string& name, const write_context& ctx) = 0;

    virtual upsert_result<model::task> put_task(const workspace_ref& ws, model::task value,
                                                const write_context& ctx) = 0;
    virtual std::optional<model::task> find_task(const workspace_ref& ws,
                                                 const std::string& incident_name,
                                                 const std::string& name) = 0;
    virtual std::vector<model::task> list_tasks(const workspace_ref& ws,
                                                const std::string& incident_name) = 0;
    virtual bool delete_task(const workspace_ref& ws, const std::string& incident_name,
                             const std::string& name, const write_context& ctx) = 0;

    // ---- owners ----
    // The owner last seen with this objectId (case-insensitive) on an incident of the workspace
    // that carries details (email, assignedTo or userPrincipalName): the most recently modified
    // such incident wins. nullopt when no incident has them.
    virtual std::optional<model::owner_info> find_owner(const workspace_ref& ws,
                                                        const std::string& object_id) = 0;

    // ---- automation rules (per workspace; names unique, case-insensitive) ----
    // Create-or-replace of the properties; created=false and no write when they are unchanged.
    // Activity "automationRule.created" / ".updated" / ".deleted" (about no incident).
    virtual upsert_result<automation_rule> put_automation_rule(const workspace_ref& ws,
                                                               automation_rule value,
                                                               const write_context& ctx) = 0;
    virtual std::optional<automation_rule> find_automation_rule(const workspace_ref& ws,
                                                                const std::string& name) = 0;
    // Ordered by properties.order, then name.
    virtual std::vector<automation_rule> list_automation_rules(const workspace_ref& ws) = 0;
    // False when it did not exist.
    virtual bool delete_automation_rule(const workspace_ref& ws, const std::string& name,
                                        const write_context& ctx) = 0;

    // ---- alert rules (per workspace; names unique, case-insensitive) ----
    // The same contract as automation rules. Activity "alertRule.created" / ".updated" /
    // ".deleted" (about no incident) with detail {"alertRuleName": name}.
    virtual upsert_result<alert_rule> put_alert_rule(const workspace_ref& ws, alert_rule value,
                                                     const write_context& ctx) = 0;
    virtual std::optional<alert_rule> find_alert_rule(const workspace_ref& ws,
                                                      const std::string& name) = 0;
    // Ordered by name (case-insensitive).
    virtual std::vector<alert_rule> list_alert_rules(const workspace_ref& ws) = 0;
    // False when it did not exist.
    virtual bool delete_alert_rule(const workspace_ref& ws, const std::string& name,
                                   const write_context& ctx) = 0;

    // ---- activity log ----
    // Oldest first. Entries outlive a deleted incident.
    virtual std::vector<model::activity_entry> activity_of_incident(
        const workspace_ref& ws, const std::string& incident_name) = 0;

    // ---- playbook runs (runner) ----
    // Run records and their action journal. Not pure: a backend without them answers
    // errc::unsupported, and the runner then keeps records in memory only.
    // Create-or-replace by id. A record that has ended is never replaced by a "running" one, so
    // the start and end writes of a run may complete in either order.
    virtual void put_run(const run_record& record);
    virtual std::optional<run_record> find_run(const std::string& id);
    virtual std::vector<run_record> list_runs(const run_query& query);
    // Ids of runs still "running" (left by a crash when read at start-up).
    virtual std::vector<std::string> unfinished_runs();
    // Appends one entry; already_exists when (run_id, sequence) is taken.
    virtual void append_journal(const journal_entry& entry);
    // Oldest first.
    virtual std::vector<journal_entry> journal_of(const std::string& run_id);
    // Creation events with activity id > `after`, oldest first, at most `limit`; the runner's
    // durable trigger queue (it re-reads them at start-up to start runs a crash lost).
    virtual std::vector<creation_event> creation_events_after(std::int64_t after,
                                                              std::size_t limit);
    // The largest activity id so far (0 when none).
    virtual std::int64_t last_activity_id();
    // Small runner bookkeeping values (the creation-event cursor); nullopt when unset.
    virtual std::optional<std::string> runner_value(const std::string& key);
    virtual void set_runner_value(const std::string& key, const std::string& value);

    // ---- API tokens ----
    // Bearer tokens of the REST API; global, not per workspace, and not in the activity log (the
    // engine logs their issue and revocation). Not pure: a backend without them answers
    // errc::unsupported.
    // Stores a new token; already_exists when its id is taken.
    virtual void create_token(const api_token& token);
    // Stores `token` only when there is no token at all (the first start's admin token), in one
    // transaction, so two engines starting together create one. False when tokens exist.
    virtual bool create_first_token(const api_token& token);
    virtual std::optional<api_token> find_token(const std::string& id);
    // Oldest first, revoked and expired ones included.
    virtual std::vector<api_token> list_tokens();
    // Marks the token revoked at `at`; a second revocation keeps the first time. False when
    // there is no such token.
    virtual bool revoke_token(const std::string& id, time_point at);

    // ---- watchlists ----
    // Their own interface (engine/store/watchlist_store.hpp), so this header stays small. Not
    // pure: a backend without them throws errc::unsupported.
    virtual watchlist_store& watchlists();

    // ---- batches ----
    // Runs `fn`; the incident, alert, relation, correlation and rule writes it makes on this
    // thread share one transaction and one commit, for callers that make many small writes in
    // a row (alert routing). Each write still fails alone: its exception reaches its caller and
    // rolls back only that write. Reads on this thread see the batch's earlier writes. Events
    // are published after the commit, in order. If `fn` throws or the commit fails, nothing the
    // batch wrote is kept and the exception propagates. A batch inside a batch joins the outer
    // one. Other writers wait while a batch runs: keep batches short. The default runs `fn`
    // with every write committing alone.
    virtual void write_batch(const std::function<void()>& fn) { fn(); }
    // Runs `fn` as one write among the others: the store writes it makes share one commit, which
    // may hold other callers' writes too (group commit), and the call returns once that commit
    // is done. For a caller with several writes ready at once (a run's record and its first
    // journal entry) that must not wait for one commit each. Unlike write_batch, other writers
    // are not held out. Each write still fails alone, its exception reaching `fn`; if `fn`
    // throws or the commit fails, nothing it wrote is kept and the exception propagates. `fn`
    // may run on another thread (the one committing the group) while the caller waits: it must
    // not rely on thread-local state. The default runs `fn` with every write committing alone.
    virtual void write_together(const std::function<void()>& fn) { fn(); }

    // ---- maintenance ----
    // The schema version the database is at (after migrations).
    virtual int schema_version() = 0;
    // Flushes and closes; further calls fail with errc::unavailable.
    virtual void close() = 0;
};

}  // namespace tocsin::store
