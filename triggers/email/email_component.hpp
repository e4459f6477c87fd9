#pragma once
// The e-mail trigger as an engine component: an SMTP receiver (RFC 5321 server side) on the
// engine's io_context, listening on email.listen (empty, the default: no receiver). Mail for the
// accepted mailboxes (email.mailboxes, or those the playbooks' e-mail triggers name) starts the
// playbooks bound to them (email_binding.hpp) with the message as ctx.trigger
// (email_payload.hpp), and is acknowledged only once their runs are durably queued
// (smtp_delivery.hpp). The dialogue is smtp_protocol.hpp's; each connection is an
// smtp_session.hpp coroutine on its own strand.
//
// Once listening it announces, like the REST API, a line that scripts and tests wait for:
//   tocsin: smtp listening on 127.0.0.1:2525
// Connections beyond email.max_connections get 421 4.7.0 and are closed. STARTTLS is offered
// when email.tls_cert and email.tls_key are set (TLS 1.2 or later, the HTTP side's loader).
//
// Shutdown: begin_shutdown() stops accepting and tells idle sessions to say 421 and close; idle()
// once no session is open; stop() closes what is left and waits briefly for it.
// Thread-safety: the component's members are called by the engine from one thread.

#include <memory>
#include <optional>
#include <string>

#include "engine/core/engine.hpp"
#include "engine/runner/runner_component.hpp"

namespace tocsin::triggers {

namespace detail {
struct smtp_shared;
struct smtp_listener;
}  // namespace detail

class email_component final : public component {
  public:
    email_component(engine& eng, runner::runner_component& runner);
    ~email_component() override;

    std::string name() const override { return "email"; }
    void start() override;
    void begin_shutdown() override;
    bool idle() const override;
    void stop() override;

    // "HOST:PORT" the receiver is bound to; empty when email.listen is empty. After start().
    std::string local_address() const { return local_address_; }

  private:
    engine& engine_;
    runner::runner_component& runner_;
    std::shared_ptr<detail::smtp_shared> shared_;
    std::shared_ptr<detail::smtp_listener> listener_;
    std::string local_address_;
};

}  // namespace tocsin::triggers
