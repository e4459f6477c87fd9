#include "engine/api/arm_request.hpp"

#include <charconv>

#include "engine/api/arm_resources.hpp"
#include "engine/http/error_mapping.hpp"
#include "engine/http/json_body.hpp"
#include "engine/http/url.hpp"

namespace tocsin::api {

nlohmann::json read_body_object(const http::request& req) {
    auto body = http::parse_json_body(req);
    if (!body.is_object())
        throw http::http_error(400, errc::invalid_argument,
                               "The request body must be a JSON object.");
    return body;
}

const nlohmann::json& properties_of(const nlohmann::json& body) {
    const auto it = body.find("properties");
    if (it == body.end() || it->is_null())
        throw error(errc::missing_field, "'properties' is required.", "properties");
    if (!it->is_object())
        throw error(errc::invalid_argument, "'properties' must be an object.", "properties");
    return *it;
}

std::string string_property(const nlohmann::json& properties, std::string_view name) {
    const auto it = properties.find(name);
    if (it == properties.end() || it->is_null())
        return {};
    if (!it->is_string()) {
        const auto field = "properties." + std::string(name);
        throw error(errc::invalid_argument, "'" + field + "' must be a string.", field);
    }
    return it->get<std::string>();
}

precondition precondition_of(const http::request& req, const nlohmann::json* body) {
    precondition out;
    if (const auto header = req.header("If-Match"); header && !header->empty()) {
        out.if_match = unquote_etag(*header);
        return out;
    }
    if (body != nullptr) {
        const auto it = body->find("etag");
        if (it != body->end() && !it->is_null()) {
            if (!it->is_string())
                throw error(errc::invalid_argument, "'etag' must be a string.", "etag");
            auto etag = unquote_etag(it->get<std::string>());
            if (!etag.empty()) {
                out.if_match = std::move(etag);
                out.from_body = true;
            }
        }
    }
    return out;
}

model::principal actor_of(const http::request& req) {
    const auto id = req.attributes().find("principal.id");
    const auto name = req.attributes().find("principal.name");
    if (!id && !name)
        return {model::principal::kind::user, "", "api"};
    const auto kind = req.attributes().get("principal.kind");
    return {kind == model::to_string(model::principal::kind::token) ? model::principal::kind::token
                                                                    : model::principal::kind::user,
            std::string(id.value_or("")), std::string(name.value_or(""))};
}

std::string origin_of(const http::request& req) {
    auto url = http::absolute_url(req, "/");
    url.pop_back();
    return url;
}

std::size_t page_size_of(const http::request& req, std::size_t fallback) {
    auto text = req.query_param("top");
    if (!text)
        text = req.query_param("$top");
    if (!text)
        return fallback;
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || value < 1 || value > 1000)
        throw error(errc::invalid_argument, "'top' must be an integer from 1 to 1000.", "top");
    return value;
}

}  // namespace tocsin::api
