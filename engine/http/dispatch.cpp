#include "engine/http/error_mapping.hpp"
#include "engine/http/json_body.hpp"
#include "engine/http/server_core.hpp"

#include <spdlog/spdlog.h>

namespace tocsin::http::detail {

boost::asio::awaitable<response> server_core::dispatch(request& req,
                                                       std::string_view context) const {
    try {
        auto match = routes.match(req.method(), req.segments());
        if (match.found)
            req.set_route(match.found->path_template, std::move(match.params));

        if (access) {
            if (auto refused = co_await access(req, match.found))
                co_return std::move(*refused);
        }
        for (const auto& f : filters) {
            if (auto answer = f(req))
                co_return std::move(*answer);
        }

        switch (match.outcome) {
            case route_match::kind::not_found:
                co_return error_response(
                    {errc::not_found, "No resource matches the path '" + req.path() + "'.", {}},
                    404, context);
            case route_match::kind::method_not_allowed: {
                const auto allow = router::allow_header(match.allowed);
                auto answer = error_response({errc::unsupported,
                                              "The method '" + req.method_name() +
                                                  "' is not allowed here; allowed: " + allow + ".",
                                              {}},
                                             405, context);
                answer.headers.set("Allow", allow);
                co_return answer;
            }
            case route_match::kind::matched:
                break;
        }

        const route& target = *match.found;
        if (target.options.require_json)
            require_json_content(req);
        if (const auto* handler = std::get_if<sync_handler>(&target.handler)) {
            co_return (*handler)(req);
        }
        co_return co_await std::get<async_handler>(target.handler)(req);
    } catch (...) {
        co_return exception_response(std::current_exception(), context);
    }
}

void server_core::observe(const exchange_record& record) const noexcept {
    for (const auto& o : observers) {
        try {
            o(record);
        } catch (const std::exception& e) {
            spdlog::error("http: an observer threw: {}", e.what());
        } catch (...) {
            spdlog::error("http: an observer threw a non-standard exception");
        }
    }
}

}  // namespace tocsin::http::detail
