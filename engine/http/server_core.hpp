#pragma once
// Internal to engine/http: the state every listener and session of one server shares. Beast-free.
//
// Thread-safety: config, routes, access, filters, observers and tls are written before the I/O
// threads start and only read afterwards. `stopping` is the one flag flipped at run time. The
// session registry locks internally.

#include "engine/http/server.hpp"
#include "engine/http/session_registry.hpp"

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <memory>
#include <vector>

namespace boost::asio::ssl {
class context;
}

namespace tocsin::http::detail {

struct server_core {
    server_core(server_config c, router r) : config(std::move(c)), routes(std::move(r)) {}

    server_config config;
    router routes;
    guard access;  // empty: every request passes
    std::vector<filter> filters;
    std::vector<observer> observers;
    std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain HTTP
    std::atomic<bool> stopping{false};
    session_registry sessions;

    // Router, guard, filters, handler, error mapping: never throws, always yields a response.
    // context ("GET /path") labels the log lines of errors.
    boost::asio::awaitable<response> dispatch(request& req, std::string_view context) const;
    void observe(const exchange_record& record) const noexcept;
};

}  // namespace tocsin::http::detail
