#include "engine/store/sqlite/write_scope.hpp"

#include <utility>

#include "engine/error.hpp"
#include "engine/store/sqlite/activity_repo.hpp"

namespace tocsin::store::sqlite {

namespace {

void add_missing_keys(nlohmann::json& into, const nlohmann::json& from) {
    for (const auto& [key, value] : from.items()) {
        if (!into.contains(key))
            into[key] = value;
    }
}

}  // namespace

void write_scope::record(std::string_view incident_name, std::string_view action,
                         std::vector<model::field_change> changes, nlohmann::json detail) {
    if (!workspace_id)
        throw error(errc::internal, "Activity recorded outside a workspace.");
    model::activity_entry entry;
    entry.incident_name = std::string(incident_name);
    entry.action = std::string(action);
    entry.actor = ctx.actor;
    entry.at = now;
    entry.changes = std::move(changes);
    if (!ctx.detail.is_null() && !ctx.detail.is_object())
        throw error(errc::invalid_argument, "The write's detail must be a JSON object.", "detail");
    if (detail.is_null())
        detail = nlohmann::json::object();
    if (detail.is_object()) {
        add_missing_keys(detail, step_detail);
        if (ctx.detail.is_object())
            add_missing_keys(detail, ctx.detail);
    }
    entry.detail = std::move(detail);
    append_activity(db, *workspace_id, entry);
}

domain_event& write_scope::emit(event_type type, std::string_view incident_name) {
    auto& e = events.emplace_back();
    e.type = type;
    e.workspace_key = workspace_key;
    e.incident_name = std::string(incident_name);
    e.actor = ctx.actor;
    e.at = now;
    return e;
}

scoped_detail::scoped_detail(write_scope& w, nlohmann::json detail)
    : w_(w), saved_(std::exchange(w.step_detail, std::move(detail))) {}

scoped_detail::~scoped_detail() {
    w_.step_detail = std::move(saved_);
}

}  // namespace tocsin::store::sqlite
