#pragma once

#include "engine/core/blocking_pool.hpp"
#include "engine/core/config.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/store/store.hpp"

namespace tocsin::api {

// What route handlers use. Store calls block: handlers run them through
// http::offload(blocking.executor(), …), never on the I/O thread.
struct context {
    store::store& store;
    blocking_pool& blocking;
    event_bus& bus;
    const config& settings;
};

}  // namespace tocsin::api
