#pragma once
// How an ARM route is registered: under the workspace's SecurityInsights provider, with the
// api-version checked before the handler runs and arm_error turned into its response. Handlers
// get the workspace and version in an arm_call and reach the store through on_pool(), never on
// the I/O thread.

#include <functional>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "engine/api/api_version.hpp"
#include "engine/api/context.hpp"
#include "engine/http/async.hpp"
#include "engine/http/router.hpp"
#include "engine/model/workspace.hpp"

namespace tocsin::api {

struct arm_call {
    model::workspace_ref workspace;
    api_version version = api_version::v2025_09_01;
};

using arm_handler =
    std::function<boost::asio::awaitable<http::response>(http::request&, const arm_call&)>;

// Registers `handler` for method and arm_template(suffix). permission: what the caller must be
// allowed to do (auth::permission::read, …; see engine/auth/roles.hpp). json_body: the route
// takes a JSON body (415 for another media type before the handler runs).
void add_arm_route(http::router& routes, http::verb method, std::string_view suffix,
                   std::string_view permission, arm_handler handler, bool json_body = false);
// The same without a permission: the route is for Admin tokens only until it declares one.
void add_arm_route(http::router& routes, http::verb method, std::string_view suffix,
                   arm_handler handler, bool json_body = false);

// Runs blocking work (store calls) on the context's blocking pool. `fn` must capture by
// reference only (the awaiting handler's locals outlive the call): GCC 12 mis-copies
// non-trivial by-value captures of a closure handed through offload's coroutine (strings came
// back with dangling small-buffer pointers), and references avoid copies anyway.
template <typename Fn>
auto on_pool(context& ctx, Fn fn) {
    return http::offload(ctx.blocking.executor(), std::move(fn));
}
// The same for work that only reads (GET routes): on the read pool, which writes waiting for
// their commit never fill.
template <typename Fn>
auto on_read_pool(context& ctx, Fn fn) {
    return http::offload(ctx.reads.executor(), std::move(fn));
}

}  // namespace tocsin::api
