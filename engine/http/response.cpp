#include "engine/http/response.hpp"

#include <nlohmann/json.hpp>

namespace tocsin::http {
namespace {

response with_body(int status, std::string_view content_type, std::string body) {
    response res;
    res.status = status;
    res.headers.set("Content-Type", std::string(content_type));
    res.body = std::move(body);
    return res;
}

}  // namespace

response response::json(int status, const nlohmann::json& body) {
    return with_body(status, json_content_type,
                     body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

response response::no_content() {
    response res;
    res.status = 204;
    return res;
}

response response::text(int status, std::string body) {
    return with_body(status, "text/plain; charset=utf-8", std::move(body));
}

response response::html(int status, std::string body) {
    return with_body(status, "text/html; charset=utf-8", std::move(body));
}

response response::error(int status, std::string_view code, std::string_view message,
                         std::string_view target) {
    nlohmann::json detail{{"code", code}, {"message", message}};
    if (!target.empty())
        detail["target"] = target;
    return json(status, nlohmann::json{{"error", std::move(detail)}});
}

}  // namespace tocsin::http
