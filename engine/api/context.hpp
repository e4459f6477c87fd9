#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "engine/core/blocking_pool.hpp"
#include "engine/core/config.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/http/request.hpp"
#include "engine/http/response.hpp"
#include "engine/store/store.hpp"

namespace tocsin::api {

// What route handlers use. Store calls block: handlers run them through on_pool (writes and
// other work) or on_read_pool (reads: arm_route.hpp), never on the I/O thread.
struct context {
    store::store& store;
    blocking_pool& blocking;
    blocking_pool& reads;
    event_bus& bus;
    const config& settings;
    // Checks the caller of a route that authenticates on its own terms (a webhook bound to API
    // tokens) for `permission`, as the server's guard checks declared routes: nullopt to let it
    // through, or the refusal (401, 403, 429) to answer. Set once the guard exists, before the
    // server accepts requests.
    std::function<boost::asio::awaitable<std::optional<http::response>>(http::request&,
                                                                        std::string_view)>
        authorize = {};
};

}  // namespace tocsin::api
