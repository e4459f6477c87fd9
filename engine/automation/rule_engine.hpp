#pragma once
// Automation rules at work: for each domain event, the workspace's rules in `order` are
// evaluated (automation_rule*.hpp) and the ones that apply act:
//  - ModifyProperties actions of one rule are ONE store write (update_incident) whose actor is
//    the rule (principal kind automation_rule, id = rule name), so the activity log names the
//    rule; a rule that would change nothing writes nothing;
//  - AddIncidentTask adds a task named after (incident, rule, action), so applying the same
//    rule to the same event twice (a restart) does not add it twice;
//  - RunPlaybook starts the playbook through `start_playbook`, with a run id derived from
//    (event, rule, action), likewise once.
// Later rules see the incident as earlier rules left it.
//
// Loops: the event a rule's own change causes never runs that rule again. Rules that trigger
// one another (A's change fires B, B's fires A) form a chain; each write a rule makes is
// remembered with its chain depth (by the etag it produced), and an event at depth
// automation.max_chain runs no rules (logged as a warning). Depth 0 is a change made by anyone
// but a rule.
//
// Events handled: incident_created (Incidents/Created), incident_updated, alert_related and
// comment_added (Incidents/Updated, with the field changes, or the alert / comment added;
// labels added are read off the labels change, tactics added off the related alert),
// alert_created (Alerts/Created: RunPlaybook only).
//
// Blocking (store calls) and not thread-safe: the automation component calls it from one serial
// queue on the blocking pool.

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "engine/automation/automation_rule.hpp"
#include "engine/core/events.hpp"
#include "engine/store/store.hpp"

namespace tocsin::automation {

struct playbook_start {
    std::string run_id;
    std::string playbook;
    nlohmann::json params = nlohmann::json::object();
    std::string trigger_kind;  // "incident" or "alert"
    nlohmann::json trigger;    // ctx.trigger: {event, workspace, incident|alert, automationRule}
    model::workspace_ref workspace;
};

class rule_engine {
  public:
    using playbook_starter = std::function<void(playbook_start)>;

    rule_engine(store::store& store, std::size_t max_chain, playbook_starter start_playbook);

    // Runs the rules for `event`. Returns the incident as the rules left it (for incident
    // events; what the playbooks triggered by the event then see), else null. Never throws: a
    // rule that fails is logged and the next one runs.
    std::shared_ptr<const model::incident> handle(const domain_event& event);

  private:
    struct rule_event;
    void run_incident_rules(rule_event& ev);
    void run_alert_rules(const domain_event& event);
    void act(const compiled_rule& rule, rule_event& ev);

    store::store& store_;
    std::size_t max_chain_;
    playbook_starter start_playbook_;
    std::unordered_map<std::string, std::size_t> depth_by_etag_;
};

}  // namespace tocsin::automation
