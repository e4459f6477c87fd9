#include "engine/http/error_mapping.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

namespace tocsin::http {
namespace {

nlohmann::json body_of(const response& r) {
    return nlohmann::json::parse(r.body);
}

TEST(ErrorMapping, MapsEveryErrcToStatusAndArmCode) {
    struct row {
        errc code;
        int status;
        std::string_view arm;
    };
    const row table[] = {
        {errc::invalid_argument, 400, "BadRequest"},
        {errc::missing_field, 400, "BadRequest"},
        {errc::precondition_failed, 400, "BadRequest"},
        {errc::unsupported, 400, "BadRequest"},
        {errc::limit_exceeded, 400, "BadRequest"},
        {errc::unauthenticated, 401, "AuthenticationFailed"},
        {errc::forbidden, 403, "AuthorizationFailed"},
        {errc::not_found, 404, "NotFound"},
        {errc::already_exists, 409, "Conflict"},
        {errc::conflict, 409, "Conflict"},
        {errc::unavailable, 503, "ServiceUnavailable"},
        {errc::cancelled, 503, "ServiceUnavailable"},
        {errc::timeout, 504, "GatewayTimeout"},
        {errc::storage, 500, "InternalServerError"},
        {errc::config, 500, "InternalServerError"},
        {errc::internal, 500, "InternalServerError"},
        {errc::ok, 500, "InternalServerError"},
    };
    for (const auto& r : table) {
        const auto mapped = map_error(r.code);
        EXPECT_EQ(mapped.status, r.status) << to_string(r.code);
        EXPECT_EQ(mapped.code, r.arm) << to_string(r.code);
    }
}

TEST(ErrorMapping, ClientErrorsCarryMessageAndTarget) {
    const auto r =
        error_response({errc::missing_field, "properties.title is required", "properties.title"});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.headers.get("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(body_of(r), (nlohmann::json{{"error",
                                           {{"code", "BadRequest"},
                                            {"message", "properties.title is required"},
                                            {"target", "properties.title"}}}}));
}

TEST(ErrorMapping, ServerErrorsHideTheDetail) {
    for (const auto code :
         {errc::storage, errc::internal, errc::config, errc::unavailable, errc::timeout}) {
        const auto r =
            error_response({code, "sqlite: disk I/O error in /var/lib/tocsin", "secret"});
        const auto body = body_of(r);
        EXPECT_GE(r.status, 500);
        EXPECT_EQ(r.body.find("sqlite"), std::string::npos) << r.body;
        EXPECT_EQ(r.body.find("secret"), std::string::npos) << r.body;
        EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
        EXPECT_FALSE(body["error"].contains("target"));
    }
}

TEST(ErrorMapping, StatusOverrideChoosesTheArmCode) {
    EXPECT_EQ(
        body_of(error_response({errc::limit_exceeded, "slow down", {}}, 429))["error"]["code"],
        "TooManyRequests");
    EXPECT_EQ(error_response({errc::limit_exceeded, "too big", {}}, 413).status, 413);
    EXPECT_EQ(arm_code_for(415), "UnsupportedMediaType");
    EXPECT_EQ(arm_code_for(431), "RequestHeaderFieldsTooLarge");
    EXPECT_EQ(arm_code_for(405), "MethodNotAllowed");
}

TEST(ErrorMapping, ExceptionsMapByType) {
    const auto of = [](auto ex) { return exception_response(std::make_exception_ptr(ex)); };
    EXPECT_EQ(of(tocsin::error(errc::not_found, "incident 7 not found")).status, 404);
    EXPECT_EQ(
        body_of(of(tocsin::error(errc::not_found, "incident 7 not found")))["error"]["message"],
        "incident 7 not found");
    EXPECT_EQ(of(http_error(429, errc::limit_exceeded, "slow down")).status, 429);
    const auto generic = of(std::runtime_error("password=hunter2"));
    EXPECT_EQ(generic.status, 500);
    EXPECT_EQ(generic.body.find("hunter2"), std::string::npos);
    EXPECT_EQ(exception_response(std::make_exception_ptr(42)).status, 500);
}

}  // namespace
}  // namespace tocsin::http
