#include "engine/api/metrics_routes.hpp"

#include "engine/auth/roles.hpp"
#include "engine/metrics/process_metrics.hpp"
#include "engine/metrics/registry.hpp"

namespace tocsin::api {

void add_metrics_routes(http::router& routes, context&) {
    metrics::ensure_process_metrics();
    routes.add(http::verb::get, "/metrics",
               [](http::request&) {
                   auto out = http::response::text(200, metrics::default_registry().render());
                   out.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                   return out;
               },
               {.permission = std::string(auth::permission::read)});
}

http::observer request_metrics() {
    auto& registry = metrics::default_registry();
    auto& requests = registry.counters("tocsin_http_requests_total",
                                       "HTTP requests answered, by method, route and status.",
                                       {"method", "route", "status"});
    auto& latency = registry.histograms(
        "tocsin_http_request_duration_seconds",
        "Time from the end of a request's headers to its written response, by method and route.",
        {"method", "route"});
    return [&requests, &latency](const http::exchange_record& exchange) {
        // Templates, never raw paths, as labels: the series stay bounded whatever is requested.
        std::string route = exchange.route.empty() ? "unmatched" : std::string(exchange.route);
        std::string method(http::to_string(exchange.method));
        latency.with({method, route}).observe(exchange.latency);
        requests.with({std::move(method), std::move(route), std::to_string(exchange.status)}).add();
    };
}

}  // namespace tocsin::api
