#include "engine/http/json_body.hpp"

#include "engine/http/error_mapping.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace tocsin::http {
namespace {

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool iends_with(std::string_view s, std::string_view suffix) noexcept {
    return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

}  // namespace

bool is_json_media_type(std::string_view content_type) noexcept {
    const auto media = trim(content_type.substr(0, content_type.find(';')));
    if (iequals(media, "application/json"))
        return true;
    return media.size() > 17 && iequals(media.substr(0, 12), "application/") &&
           iends_with(media, "+json");
}

void require_json_content(const request& req) {
    if (req.body().empty())
        return;
    const auto type = req.header("Content-Type");
    if (type && is_json_media_type(*type))
        return;
    throw http_error(415, errc::unsupported,
                     type ? "The content type '" + std::string(*type) +
                                "' is not supported; send application/json."
                          : std::string("The request has a body but no Content-Type; send "
                                        "application/json."));
}

nlohmann::json parse_json_body(const request& req, std::size_t max_depth) {
    require_json_content(req);
    if (trim(req.body()).empty()) {
        throw http_error(400, errc::invalid_argument,
                         "The request body is empty; a JSON document is expected.");
    }
    const auto limit_depth = [max_depth](int depth, nlohmann::json::parse_event_t event,
                                         nlohmann::json&) {
        if ((event == nlohmann::json::parse_event_t::object_start ||
             event == nlohmann::json::parse_event_t::array_start) &&
            static_cast<std::size_t>(depth) >= max_depth) {
            throw http_error(
                400, errc::invalid_argument,
                "The request body nests deeper than " + std::to_string(max_depth) + " levels.");
        }
        return true;
    };
    try {
        return nlohmann::json::parse(req.body(), limit_depth);
    } catch (const nlohmann::json::parse_error& e) {
        // what() is "[json.exception.parse_error.101] parse error at line 1, column 9: ...".
        std::string_view detail = e.what();
        if (const auto end = detail.find("] ");
            detail.starts_with("[json.") && end != std::string_view::npos) {
            detail.remove_prefix(end + 2);
        }
        throw http_error(400, errc::invalid_argument,
                         "The request body is not valid JSON: " + std::string(detail));
    }
}

}  // namespace tocsin::http
