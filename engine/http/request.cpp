#include "engine/http/request.hpp"

#include "engine/error.hpp"
#include "engine/http/url.hpp"

namespace tocsin::http {

request::request(verb method, std::string_view target) : request(to_string(method), target) {}

request::request(std::string_view method_token, std::string_view target)
    : method_(parse_verb(method_token)), method_name_(method_token), target_(target) {
    auto parsed = parse_target(target);
    if (!parsed)
        throw tocsin::error(parsed.error());
    path_ = std::move(parsed->path);
    segments_ = std::move(parsed->segments);
    query_ = std::move(parsed->query);
}

std::string_view request::host() const {
    return host_.empty() ? headers_.get("Host") : std::string_view(host_);
}

std::string request::param(std::string_view name) const {
    if (auto value = params_.find(name))
        return std::string(*value);
    throw tocsin::error(errc::internal,
                        "route '" + route_ + "' has no path parameter '" + std::string(name) + "'");
}

void request::set_route(std::string route_template, fields params) {
    route_ = std::move(route_template);
    params_ = std::move(params);
}

}  // namespace tocsin::http
