#include "engine/http/json_body.hpp"

#include "engine/http/error_mapping.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tocsin::http {
namespace {

request with_body(std::string body, std::optional<std::string> content_type) {
    request req(verb::post, "/x");
    if (content_type)
        req.headers().add("Content-Type", *content_type);
    req.body() = std::move(body);
    return req;
}

int status_of(const request& req) {
    try {
        parse_json_body(req);
    } catch (const http_error& e) {
        return e.status();
    }
    return 200;
}

std::string message_of(const request& req) {
    try {
        parse_json_body(req);
    } catch (const tocsin::error& e) {
        return e.what();
    }
    return {};
}

TEST(JsonBody, RecognisesJsonMediaTypes) {
    EXPECT_TRUE(is_json_media_type("application/json"));
    EXPECT_TRUE(is_json_media_type("Application/JSON; charset=utf-8"));
    EXPECT_TRUE(is_json_media_type("application/merge-patch+json"));
    EXPECT_FALSE(is_json_media_type("text/plain"));
    EXPECT_FALSE(is_json_media_type("application/jsonp"));
    EXPECT_FALSE(is_json_media_type("application/+json"));
    EXPECT_FALSE(is_json_media_type(""));
}

TEST(JsonBody, ParsesJson) {
    EXPECT_EQ(parse_json_body(with_body(R"({"a":[1,2]})", "application/json")),
              (nlohmann::json{{"a", {1, 2}}}));
}

TEST(JsonBody, WrongOrMissingContentTypeIs415) {
    EXPECT_EQ(status_of(with_body("{}", "text/plain")), 415);
    EXPECT_EQ(status_of(with_body("{}", std::nullopt)), 415);
    EXPECT_NO_THROW(require_json_content(with_body("", "text/plain")));  // no body, no check
}

TEST(JsonBody, MalformedJsonIs400SayingWhere) {
    const auto req = with_body("{\"a\": tru}", "application/json");
    EXPECT_EQ(status_of(req), 400);
    EXPECT_NE(message_of(req).find("line 1, column"), std::string::npos) << message_of(req);
    EXPECT_EQ(message_of(req).find("[json.exception"), std::string::npos) << message_of(req);
}

TEST(JsonBody, EmptyBodyIs400) {
    EXPECT_EQ(status_of(with_body("  ", "application/json")), 400);
}

TEST(JsonBody, NestingIsBounded) {
    EXPECT_EQ(status_of(with_body(std::string(65, '[') + std::string(65, ']'), "application/json")),
              400);
    EXPECT_EQ(status_of(with_body(std::string(64, '[') + std::string(64, ']'), "application/json")),
              200);
}

}  // namespace
}  // namespace tocsin::http
