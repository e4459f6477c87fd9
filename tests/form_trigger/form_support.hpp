#pragma once
// Helpers of the form trigger's unit tests: real playbook definitions loaded from Lua source, and
// a clock the test moves by hand.

#include <memory>
#include <string>

#include "engine/core/time.hpp"
#include "engine/lua/playbook.hpp"
#include "triggers/form/form_binding.hpp"

namespace tocsin::test {

// The binding of the first trigger of the playbook in `source` (which must be a form).
inline triggers::form_binding form_of(const std::string& source) {
    auto def = std::make_shared<const lua::playbook_definition>(
        lua::load_playbook_source(source, "form-test.lua", lua::load_options{}));
    return triggers::parse_form_binding(def, def->triggers.at(0).options);
}

class manual_clock final : public clock {
  public:
    explicit manual_clock(time_point start) : now_(start) {}
    time_point now() const override { return now_; }
    void advance(std::chrono::milliseconds by) { now_ += by; }

  private:
    time_point now_;
};

// A playbook with one parameter of every kind a form can show.
inline const char* every_control_playbook = R"lua(
return {
  name = "report", version = "1.0.0", description = "a report",
  triggers = { { kind = "form", options = { name = "report-suspicious-activity",
      title = "Report <suspicious> activity", description = "Tell us & we act.",
      fields = { "summary", "details" }, auth = false, timeout_ms = 10000 } } },
  params = {
    summary = { type = "string", required = true, description = "Summary\nOne line: what happened?" },
    details = { type = "text", description = "Details" },
    reporter = { type = "email", description = "Your e-mail" },
    count = { type = "integer", description = "How many messages" },
    score = { type = "number" },
    urgent = { type = "boolean", default = true, description = "Urgent" },
    consent = { type = "boolean", required = true, description = "I confirm this is accurate" },
    channel = { type = "choice", choices = { "email", "phone", "chat" }, default = "email",
                description = "Channel" },
    department = { type = "choice", choices = { "IT", "HR", "Finance", "Sales", "Legal" },
                   required = true, description = "Department" },
    extra = { type = "table" },
  },
  run = function(ctx) return ctx.params end,
}
)lua";

}  // namespace tocsin::test
