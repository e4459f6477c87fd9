#pragma once
// The route table: (method, path template) -> handler. Pure data and matching, no I/O; built once
// before the server starts and read-only afterwards, so concurrent match() calls from several
// I/O threads need no lock.
//
// Templates are absolute paths whose segments are literals or whole-segment captures:
//   "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.SecurityInsights/incidents/{id}"
// Literals match case-insensitively (ARM clients send both "Incidents" and "incidents");
// captures match one non-empty, percent-decoded segment and keep its case. One trailing '/' is
// ignored on both sides. When several templates match, the one with a literal at the first
// position where they differ wins ("/incidents/count" beats "/incidents/{id}").
//
// Handlers. Both forms run on the connection's strand on an I/O thread:
//
//   sync_handler   response(request&)
//       For work that does not block: building a response from memory, validating input.
//   async_handler  boost::asio::awaitable<response>(request&)
//       For anything that waits: the store, a playbook run, another service. Hand blocking work
//       to its own pool and resume on the connection without holding the I/O thread:
//
//           routes.add(verb::get, "/api/v1/incidents/{id}",
//               [&store, &pool](request& req) -> boost::asio::awaitable<response> {
//                   const auto id = req.param("id");
//                   auto found = co_await offload(pool.get_executor(),
//                                                 [&] { return store.get(id); });
//                   co_return response::json(200, found);
//               });
//
//       offload() and await_callback() are in engine/http/async.hpp (mind its note on GCC 12
//       and by-value captures). `req` stays valid until the awaitable completes. The handler's
//       own captures live in the router, i.e. as long as the server.
//
// Either form may throw: tocsin::error maps through error_mapping.hpp (http_error picks the
// status), any other exception becomes a logged 500 with a generic body.

#include "engine/http/fields.hpp"
#include "engine/http/request.hpp"
#include "engine/http/response.hpp"
#include "engine/http/verb.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tocsin::http {

using sync_handler = std::function<response(request&)>;
using async_handler = std::function<boost::asio::awaitable<response>(request&)>;

// A route's permission that needs no caller at all: liveness and readiness probes, and routes
// that authenticate by other means (a webhook's own signature).
inline constexpr std::string_view public_access = "public";

// Designated initializers name the members in this order: {.permission = …, .require_json = …}.
struct route_options {
    // What the caller must be allowed to do, e.g. "incidents.write" (the names are the auth
    // module's, engine/auth/roles.hpp; the router only carries them to the server's guard, see
    // server::set_guard). public_access: anyone. Empty: nothing declared, which the guard treats
    // as administrators only, so that a route added without thought is closed rather than open.
    // (The explicit {} keeps GCC's -Wmissing-field-initializers quiet when it is left out.)
    std::string permission{};
    // The route takes a JSON body: a request with a non-empty body whose Content-Type is not JSON
    // is answered 415 before the handler runs (see json_body.hpp).
    bool require_json = false;
};

struct route {
    verb method = verb::get;
    std::string path_template;
    route_options options;
    std::variant<sync_handler, async_handler> handler;
};

struct route_match {
    enum class kind { matched, not_found, method_not_allowed };
    kind outcome = kind::not_found;
    const route* found = nullptr;  // set when matched; points into the router
    fields params;                 // captured parameters when matched
    std::vector<verb> allowed;     // methods the path accepts when method_not_allowed
};

class router {
  public:
    // Adds a route. Throws tocsin::error(errc::config) on a malformed template, verb::other, or a
    // second route for the same method and path shape. Returns *this for chaining.
    router& add(verb method, std::string_view path_template, sync_handler handler,
                route_options options = {});
    router& add(verb method, std::string_view path_template, async_handler handler,
                route_options options = {});

    // HEAD falls back to the GET route of the path when no HEAD route exists (the session sends
    // no body for HEAD). verb::other never matches; on a known path it gets method_not_allowed.
    route_match match(verb method, const std::vector<std::string>& segments) const;

    std::size_t size() const noexcept { return entries_.size(); }
    // Every route in the order added, pointing into the router: for listings of the API and for
    // tests that walk the whole table.
    std::vector<const route*> table() const;

    // "GET, HEAD, PUT": the Allow header value for a method_not_allowed match.
    static std::string allow_header(const std::vector<verb>& methods);

  private:
    struct segment {
        std::string text;  // literal text, or the capture's name
        bool capture = false;
    };
    struct entry {
        route value;
        std::vector<segment> segments;
    };

    router& add_route(route value);
    static bool matches(const entry& e, const std::vector<std::string>& segments);
    static bool better(const entry& a, const entry& b);

    std::vector<entry> entries_;
};

}  // namespace tocsin::http
