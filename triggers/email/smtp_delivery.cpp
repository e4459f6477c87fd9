#include "triggers/email/smtp_delivery.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "engine/api/runner_routes.hpp"
#include "engine/core/uuid.hpp"
#include "triggers/email/email_binding.hpp"
#include "triggers/email/mime_parser.hpp"

namespace tocsin::triggers::detail {

namespace {

// 16 upper-case hex digits, Postfix-like in spirit: short enough for a sender's log line.
std::string new_queue_id() {
    std::string id;
    for (const char c : new_uuid())
        if (c != '-')
            id += static_cast<char>(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c);
    return id.substr(0, 12) + id.substr(13, 4);  // skipping the UUID's version digit
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

// Errors that are about this playbook and this message, not about the engine's health.
bool playbook_refuses(errc code) {
    return code == errc::invalid_argument || code == errc::missing_field ||
           code == errc::limit_exceeded || code == errc::not_found;
}

constexpr std::string_view queue_failure = "451 4.3.0 Error: queue file write error\r\n";

}  // namespace

email_delivery::email_delivery(engine& eng, runner::runner_component& runner,
                               const smtp_settings& settings, const clock& time)
    : runner_(runner),
      api_{eng.store(), eng.blocking(), eng.reads(), eng.bus(), eng.settings()},
      mailboxes_(settings.mailboxes),
      limits_(settings.limits),
      clock_(time) {}

bool email_delivery::accepts(std::string_view address) const {
    const auto mailbox = canonical_mailbox(address);
    if (!mailboxes_.empty())
        return std::find(mailboxes_.begin(), mailboxes_.end(), mailbox) != mailboxes_.end();
    const auto table = email_bindings(runner_.catalog());
    return std::any_of(table.bindings.begin(), table.bindings.end(),
                       [&](const email_binding& b) { return b.mailbox == mailbox; });
}

void email_delivery::report_problems(const std::vector<email_binding_problem>& problems) const {
    std::lock_guard lock(mutex_);
    for (const auto& p : problems)
        if (reported_.insert(p.message).second)
            spdlog::error("email: {}", p.message);
}

void email_delivery::describe_bindings() const {
    const auto table = email_bindings(runner_.catalog());
    report_problems(table.problems);
    for (const auto& b : table.bindings) {
        const auto who = b.mailbox.empty() ? std::string("any accepted mailbox") : b.mailbox;
        spdlog::info("email: playbook '{}' takes mail for {}", b.playbook->name, who);
        if (!b.mailbox.empty() && !mailboxes_.empty() &&
            std::find(mailboxes_.begin(), mailboxes_.end(), b.mailbox) == mailboxes_.end())
            spdlog::warn(
                "email: playbook '{}' takes mail for {}, which email.mailboxes does not "
                "list: RCPT TO refuses it, so the playbook never runs",
                b.playbook->name, b.mailbox);
    }
}

boost::asio::awaitable<std::string> email_delivery::deliver(smtp_envelope envelope,
                                                            std::string message) {
    envelope.queue_id = new_queue_id();
    envelope.received_at = clock_.now();
    const auto& id = envelope.queue_id;
    const auto sender = envelope.mail_from.empty() ? std::string("<>") : envelope.mail_from;
    email_message parsed;
    try {
        parsed = parse_email(message, limits_);
    } catch (const std::exception& e) {
        spdlog::warn("email: refused a message from {} ({}) for {}: {}", sender,
                     envelope.remote_address, joined(envelope.recipients), e.what());
        co_return "554 5.6.0 Error: malformed message: " + std::string(e.what()) + "\r\n";
    }

    std::vector<std::string> recipients;
    for (const auto& r : envelope.recipients)
        recipients.push_back(canonical_mailbox(r));
    const auto table = email_bindings(runner_.catalog());
    report_problems(table.problems);
    const auto payload = email_payload(parsed, envelope, message);
    std::vector<runner::run_request> runs;
    std::set<std::string> playbooks;
    for (const auto& binding : table.bindings) {
        if (playbooks.contains(binding.playbook->name))
            continue;
        const auto mailbox = binding_mailbox(binding, recipients, parsed.subject);
        if (!mailbox)
            continue;
        playbooks.insert(binding.playbook->name);
        runner::run_request run;
        run.playbook = binding.playbook;
        run.trigger_kind = "email";
        run.trigger = payload;
        run.trigger["mailbox"] = *mailbox;
        run.run_id = new_time_ordered_uuid();
        runs.push_back(std::move(run));
    }
    if (runs.empty()) {
        spdlog::warn(
            "email: message {} from {} for {} accepted, but no loaded playbook takes "
            "it (no e-mail trigger for these mailboxes, or none whose subject filter "
            "matches)",
            id, sender, joined(envelope.recipients));
        co_return "250 2.0.0 Ok: queued as " + id + "\r\n";
    }

    std::vector<std::string> started;
    for (auto& run : runs) {
        const auto playbook = run.playbook->name;
        try {
            started.push_back(co_await api::start_queued(api_, runner_, std::move(run)));
        } catch (const error& e) {
            if (!playbook_refuses(e.code())) {
                spdlog::error(
                    "email: message {} from {} not accepted (451): the run of '{}' "
                    "could not be queued: {}",
                    id, sender, playbook, e.what());
                co_return std::string(queue_failure);
            }
            spdlog::error("email: message {}: playbook '{}' cannot run on it: {}", id, playbook,
                          e.what());
        } catch (const std::exception& e) {
            spdlog::error("email: message {} from {} not accepted (451): {}", id, sender, e.what());
            co_return std::string(queue_failure);
        }
    }
    spdlog::info("email: message {} from {} for {} ({} bytes) queued: runs {}", id, sender,
                 joined(envelope.recipients), message.size(), joined(started));
    co_return "250 2.0.0 Ok: queued as " + id + "\r\n";
}

}  // namespace tocsin::triggers::detail
