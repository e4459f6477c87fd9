#pragma once
// Internal to triggers/email: what happens to a message once DATA has ended, and which recipients
// RCPT accepts.
//
// A message is answered 250 only once it is durably queued: it is parsed (mime_parser.hpp); every
// playbook whose e-mail binding takes it (email_binding.hpp; one run per playbook however many of
// its bindings match) gets a run with the message as ctx.trigger (email_payload.hpp), and the
// answer waits for each run's record to be stored (api::start_queued, as the webhook does). Then
//   250 2.0.0 Ok: queued as <queue id>        (the id is ctx.trigger.queue_id and in the log)
// - no playbook takes it: still 250 (the recipient is a configured mailbox; the sender has done
//   nothing wrong), logged as unhandled;
// - not a message (mime_parser.hpp): 554 5.6.0 Error: malformed message: <why>, logged;
// - a playbook that cannot start on it (its required params, a payload over its limits): that
//   playbook is skipped and the error logged; the others run;
// - a run that cannot be stored, or the engine shutting down: 451 4.3.0 Error: queue file write
//   error, so that the sender retries later. Runs already queued for the message stay queued; a
//   retry may start them again (at-least-once, as for any MTA that fails mid-delivery).
// Thread-safety: deliver() and accepts() may run on many connection strands at once.

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "engine/api/context.hpp"
#include "engine/core/engine.hpp"
#include "engine/runner/runner_component.hpp"
#include "triggers/email/email_binding.hpp"
#include "triggers/email/email_payload.hpp"
#include "triggers/email/smtp_settings.hpp"

namespace tocsin::triggers::detail {

class email_delivery {
  public:
    email_delivery(engine& eng, runner::runner_component& runner, const smtp_settings& settings,
                   const clock& time = default_clock());

    // Whether RCPT may name `address`: one of email.mailboxes or, when that is empty, a mailbox
    // some loaded playbook's e-mail trigger names.
    bool accepts(std::string_view address) const;

    // The reply to the end of DATA (CRLF-terminated). Never throws. Sets envelope's queue_id and
    // received_at.
    boost::asio::awaitable<std::string> deliver(smtp_envelope envelope, std::string message);

    // Logs what the e-mail triggers of the loaded playbooks take (at start).
    void describe_bindings() const;

  private:
    // Logs each binding problem once (per distinct message), not once per delivery.
    void report_problems(const std::vector<email_binding_problem>& problems) const;

    runner::runner_component& runner_;
    api::context api_;
    std::vector<std::string> mailboxes_;
    email_limits limits_;
    const clock& clock_;
    mutable std::mutex mutex_;
    mutable std::set<std::string> reported_;  // guarded by mutex_
};

}  // namespace tocsin::triggers::detail
