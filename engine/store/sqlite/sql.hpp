#pragma once
// Every SQL statement of the SQLite store, by name. Values are always bound parameters (`?`);
// the only SQL built at run time is the incident query compiler's, from its own whitelist.
// Column lists are shared with the row readers in rows.cpp: keep the two in step.

#include <string_view>

namespace tocsin::store::sqlite::sql {

// ---- column lists (read by rows.cpp in this order) ----
#define TOCSIN_SQL_INCIDENT_COLUMNS                                                            \
    "i.id, i.name, i.number, i.title, i.description, i.severity, i.status, i.classification, " \
    "i.classification_reason, i.classification_comment, i.owner_object_id, i.owner_email, "    \
    "i.owner_assigned_to, i.owner_user_principal_name, i.owner_type, i.provider_name, "        \
    "i.provider_incident_id, i.related_analytic_rule_ids, i.first_activity_ms, "               \
    "i.last_activity_ms, i.created_ms, i.last_modified_ms, i.etag"
#define TOCSIN_SQL_ALERT_COLUMNS                                                                \
    "a.id, a.system_alert_id, a.display_name, a.severity, a.status, a.product_name, "           \
    "a.provider_alert_id, a.tactics, a.techniques, a.start_ms, a.end_ms, a.time_generated_ms, " \
    "a.created_ms, a.data"
#define TOCSIN_SQL_ENTITY_COLUMNS \
    "e.entity_id, e.kind, e.identity_key, e.friendly_name, e.properties"
#define TOCSIN_SQL_RELATION_COLUMNS \
    "r.id, r.name, a.system_alert_id, r.alert_id, r.etag, r.created_ms"
#define TOCSIN_SQL_COMMENT_COLUMNS                                                         \
    "c.id, c.name, c.message, c.author_type, c.author_id, c.author_name, c.author_email, " \
    "c.created_ms, c.last_modified_ms, c.etag"
#define TOCSIN_SQL_TASK_COLUMNS                                                                    \
    "t.id, t.name, t.title, t.description, t.status, t.created_by_type, t.created_by_id, "         \
    "t.created_by_name, t.last_modified_by_type, t.last_modified_by_id, t.last_modified_by_name, " \
    "t.created_ms, t.last_modified_ms, t.etag"

inline constexpr std::string_view incident_columns = TOCSIN_SQL_INCIDENT_COLUMNS;
// How many columns incident_columns has; the query compiler selects its order keys after them.
inline constexpr int incident_column_count = 23;

// ---- workspaces ----
inline constexpr std::string_view find_workspace = "SELECT id FROM workspaces WHERE key = ?";
inline constexpr std::string_view insert_workspace =
    "INSERT INTO workspaces (key, subscription, resource_group, name, created_ms) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING";
inline constexpr std::string_view take_incident_number =
    "UPDATE workspaces SET next_incident_number = next_incident_number + 1 WHERE id = ? "
    "RETURNING next_incident_number - 1";

// ---- incidents ----
inline constexpr std::string_view find_incident =
    "SELECT " TOCSIN_SQL_INCIDENT_COLUMNS
    " FROM incidents i WHERE i.workspace_id = ? AND i.name = ?";
inline constexpr std::string_view find_incident_by_id =
    "SELECT " TOCSIN_SQL_INCIDENT_COLUMNS " FROM incidents i WHERE i.id = ?";
inline constexpr std::string_view insert_incident =
    "INSERT INTO incidents (workspace_id, name, number, title, description, severity, "
    "severity_rank, status, classification, classification_reason, classification_comment, "
    "owner_object_id, owner_email, owner_assigned_to, owner_user_principal_name, owner_type, "
    "provider_name, provider_incident_id, related_analytic_rule_ids, first_activity_ms, "
    "last_activity_ms, created_ms, last_modified_ms, etag) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr std::string_view update_incident =
    "UPDATE incidents SET title = ?, description = ?, severity = ?, severity_rank = ?, "
    "status = ?, classification = ?, classification_reason = ?, classification_comment = ?, "
    "owner_object_id = ?, owner_email = ?, owner_assigned_to = ?, "
    "owner_user_principal_name = ?, owner_type = ?, provider_name = ?, "
    "provider_incident_id = ?, related_analytic_rule_ids = ?, first_activity_ms = ?, "
    "last_activity_ms = ?, last_modified_ms = ?, etag = ? WHERE id = ?";
inline constexpr std::string_view delete_incident = "DELETE FROM incidents WHERE id = ?";
inline constexpr std::string_view select_labels =
    "SELECT name, type FROM incident_labels WHERE incident_id = ? ORDER BY position";
inline constexpr std::string_view delete_labels =
    "DELETE FROM incident_labels WHERE incident_id = ?";
inline constexpr std::string_view insert_label =
    "INSERT INTO incident_labels (incident_id, position, name, type) VALUES (?, ?, ?, ?)";

// ---- incident summaries (derived from relations, comments and tasks on every read) ----
inline constexpr std::string_view summary_alerts =
    "SELECT COUNT(*), MIN(COALESCE(a.start_ms, a.time_generated_ms)), "
    "MAX(COALESCE(a.end_ms, a.time_generated_ms)) "
    "FROM relations r JOIN alerts a ON a.id = r.alert_id WHERE r.incident_id = ?";
inline constexpr std::string_view summary_children =
    "SELECT (SELECT COUNT(*) FROM comments WHERE incident_id = ?1), "
    "(SELECT COUNT(*) FROM tasks WHERE incident_id = ?1)";
inline constexpr std::string_view summary_products =
    "SELECT DISTINCT a.product_name FROM relations r JOIN alerts a ON a.id = r.alert_id "
    "WHERE r.incident_id = ? AND a.product_name <> '' ORDER BY 1";
inline constexpr std::string_view summary_tactics =
    "SELECT DISTINCT t.value FROM relations r JOIN alerts a ON a.id = r.alert_id, "
    "json_each(a.tactics) t WHERE r.incident_id = ? ORDER BY 1";
inline constexpr std::string_view summary_techniques =
    "SELECT DISTINCT t.value FROM relations r JOIN alerts a ON a.id = r.alert_id, "
    "json_each(a.techniques) t WHERE r.incident_id = ? ORDER BY 1";

// ---- alerts ----
inline constexpr std::string_view find_alert =
    "SELECT " TOCSIN_SQL_ALERT_COLUMNS
    " FROM alerts a WHERE a.workspace_id = ? AND a.system_alert_id = ?";
inline constexpr std::string_view alert_in_other_workspace =
    "SELECT 1 FROM alerts WHERE system_alert_id = ? AND workspace_id <> ? LIMIT 1";
inline constexpr std::string_view insert_alert =
    "INSERT INTO alerts (workspace_id, system_alert_id, display_name, severity, severity_rank, "
    "status, product_name, provider_alert_id, tactics, techniques, start_ms, end_ms, "
    "time_generated_ms, created_ms, data) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// Keyset paging, newest first: (time, id) strictly below the previous page's last row.
inline constexpr std::string_view list_alerts =
    "SELECT " TOCSIN_SQL_ALERT_COLUMNS
    " FROM alerts a WHERE a.workspace_id = ? AND a.time_generated_ms > ? "
    "AND (a.time_generated_ms, a.id) < (?, ?) "
    "ORDER BY a.time_generated_ms DESC, a.id DESC LIMIT ?";
inline constexpr std::string_view list_alerts_of_product =
    "SELECT " TOCSIN_SQL_ALERT_COLUMNS
    " FROM alerts a WHERE a.workspace_id = ? AND a.time_generated_ms > ? "
    "AND (a.time_generated_ms, a.id) < (?, ?) AND a.product_name = ? "
    "ORDER BY a.time_generated_ms DESC, a.id DESC LIMIT ?";
inline constexpr std::string_view alerts_of_incident =
    "SELECT " TOCSIN_SQL_ALERT_COLUMNS
    " FROM relations r JOIN alerts a ON a.id = r.alert_id WHERE r.incident_id = ? "
    "ORDER BY r.created_ms, r.id";
inline constexpr std::string_view incidents_of_alert =
    "SELECT " TOCSIN_SQL_INCIDENT_COLUMNS
    " FROM relations r JOIN incidents i ON i.id = r.incident_id WHERE r.alert_id = ? "
    "ORDER BY i.number";

// ---- entities ----
inline constexpr std::string_view find_entity_by_key =
    "SELECT id, properties, friendly_name FROM entities "
    "WHERE workspace_id = ? AND identity_key = ?";
inline constexpr std::string_view insert_entity =
    "INSERT INTO entities (workspace_id, entity_id, kind, identity_key, friendly_name, "
    "properties, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)";
inline constexpr std::string_view update_entity =
    "UPDATE entities SET friendly_name = ?, properties = ? WHERE id = ?";
inline constexpr std::string_view link_alert_entity =
    "INSERT INTO alert_entities (alert_id, entity_id, position) VALUES (?, ?, ?) "
    "ON CONFLICT DO NOTHING";
inline constexpr std::string_view entities_of_alert =
    "SELECT " TOCSIN_SQL_ENTITY_COLUMNS
    " FROM alert_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.alert_id = ? "
    "ORDER BY ae.position";
inline constexpr std::string_view find_entity =
    "SELECT " TOCSIN_SQL_ENTITY_COLUMNS
    " FROM entities e WHERE e.workspace_id = ? AND e.entity_id = lower(?)";
inline constexpr std::string_view entities_of_incident =
    "SELECT " TOCSIN_SQL_ENTITY_COLUMNS
    " FROM entities e WHERE e.id IN (SELECT ae.entity_id FROM relations r "
    "JOIN alert_entities ae ON ae.alert_id = r.alert_id WHERE r.incident_id = ?) ORDER BY e.id";

// ---- relations ----
inline constexpr std::string_view find_relation =
    "SELECT " TOCSIN_SQL_RELATION_COLUMNS
    " FROM relations r JOIN alerts a ON a.id = r.alert_id WHERE r.incident_id = ? AND r.name = ?";
inline constexpr std::string_view find_relation_of_alert =
    "SELECT " TOCSIN_SQL_RELATION_COLUMNS
    " FROM relations r JOIN alerts a ON a.id = r.alert_id "
    "WHERE r.incident_id = ? AND r.alert_id = ?";
inline constexpr std::string_view list_relations =
    "SELECT " TOCSIN_SQL_RELATION_COLUMNS
    " FROM relations r JOIN alerts a ON a.id = r.alert_id WHERE r.incident_id = ? "
    "ORDER BY r.created_ms, r.id";
inline constexpr std::string_view count_relations =
    "SELECT COUNT(*) FROM relations WHERE incident_id = ?";
inline constexpr std::string_view insert_relation =
    "INSERT INTO relations (incident_id, name, alert_id, etag, created_ms) VALUES (?, ?, ?, ?, ?)";
inline constexpr std::string_view delete_relation = "DELETE FROM relations WHERE id = ?";
// Other open incidents of the workspace whose only alert is the given one.
inline constexpr std::string_view sole_alert_incidents =
    "SELECT r.incident_id FROM relations r JOIN incidents i ON i.id = r.incident_id "
    "WHERE r.alert_id = ? AND r.incident_id <> ? AND i.status <> 'Closed' "
    "AND (SELECT COUNT(*) FROM relations r2 WHERE r2.incident_id = r.incident_id) = 1 "
    "ORDER BY i.number";

// ---- comments ----
inline constexpr std::string_view find_comment =
    "SELECT " TOCSIN_SQL_COMMENT_COLUMNS " FROM comments c WHERE c.incident_id = ? AND c.name = ?";
inline constexpr std::string_view list_comments =
    "SELECT " TOCSIN_SQL_COMMENT_COLUMNS
    " FROM comments c WHERE c.incident_id = ? ORDER BY c.created_ms, c.id";
inline constexpr std::string_view insert_comment =
    "INSERT INTO comments (incident_id, name, message, author_type, author_id, author_name, "
    "author_email, created_ms, last_modified_ms, etag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr std::string_view update_comment =
    "UPDATE comments SET message = ?, last_modified_ms = ?, etag = ? WHERE id = ?";
inline constexpr std::string_view delete_comment = "DELETE FROM comments WHERE id = ?";

// ---- tasks ----
inline constexpr std::string_view find_task =
    "SELECT " TOCSIN_SQL_TASK_COLUMNS " FROM tasks t WHERE t.incident_id = ? AND t.name = ?";
inline constexpr std::string_view list_tasks =
    "SELECT " TOCSIN_SQL_TASK_COLUMNS
    " FROM tasks t WHERE t.incident_id = ? ORDER BY t.created_ms, t.id";
inline constexpr std::string_view insert_task =
    "INSERT INTO tasks (incident_id, name, title, description, status, created_by_type, "
    "created_by_id, created_by_name, last_modified_by_type, last_modified_by_id, "
    "last_modified_by_name, created_ms, last_modified_ms, etag) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr std::string_view update_task =
    "UPDATE tasks SET title = ?, description = ?, status = ?, last_modified_by_type = ?, "
    "last_modified_by_id = ?, last_modified_by_name = ?, last_modified_ms = ?, etag = ? "
    "WHERE id = ?";
inline constexpr std::string_view delete_task = "DELETE FROM tasks WHERE id = ?";

// ---- activity ----
inline constexpr std::string_view insert_activity =
    "INSERT INTO activity (workspace_id, incident_name, action, actor_type, actor_id, "
    "actor_name, at_ms, changes, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr std::string_view activity_of_incident =
    "SELECT id, incident_name, action, actor_type, actor_id, actor_name, at_ms, changes, detail "
    "FROM activity WHERE workspace_id = ? AND incident_name = ? ORDER BY id";

}  // namespace tocsin::store::sqlite::sql

// The column-list macros exist only to build the constants above.
#undef TOCSIN_SQL_INCIDENT_COLUMNS
#undef TOCSIN_SQL_ALERT_COLUMNS
#undef TOCSIN_SQL_ENTITY_COLUMNS
#undef TOCSIN_SQL_RELATION_COLUMNS
#undef TOCSIN_SQL_COMMENT_COLUMNS
#undef TOCSIN_SQL_TASK_COLUMNS
