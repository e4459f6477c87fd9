#include "engine/http/router.hpp"

#include "engine/error.hpp"

#include <gtest/gtest.h>

namespace tocsin::http {
namespace {

constexpr std::string_view incident_template =
    "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/"
    "{ws}/providers/Microsoft.SecurityInsights/incidents/{id}";

response ok(request&) {
    return response::text(200, "ok");
}

std::vector<std::string> segments_of(std::string_view target) {
    return request(verb::get, target).segments();
}

TEST(Router, LiteralsMatchIgnoringCaseAndCapturesKeepCase) {
    router r;
    r.add(verb::get, incident_template, ok);
    const auto m =
        r.match(verb::get, segments_of("/SUBSCRIPTIONS/Sub-1/resourcegroups/RG-a/providers/"
                                       "microsoft.operationalinsights/Workspaces/WS/providers/"
                                       "Microsoft.SecurityInsights/Incidents/Inc%2F7"));
    ASSERT_EQ(m.outcome, route_match::kind::matched);
    EXPECT_EQ(m.found->path_template, incident_template);
    EXPECT_EQ(m.params.get("sub"), "Sub-1");
    EXPECT_EQ(m.params.get("rg"), "RG-a");
    EXPECT_EQ(m.params.get("ws"), "WS");
    EXPECT_EQ(m.params.get("id"), "Inc/7");  // decoded after splitting: one segment
}

TEST(Router, UnknownPathIsNotFound) {
    router r;
    r.add(verb::get, "/a/{x}", ok);
    EXPECT_EQ(r.match(verb::get, segments_of("/a")).outcome, route_match::kind::not_found);
    EXPECT_EQ(r.match(verb::get, segments_of("/a/b/c")).outcome, route_match::kind::not_found);
    EXPECT_EQ(r.match(verb::get, segments_of("/b/c")).outcome, route_match::kind::not_found);
}

TEST(Router, EmptySegmentDoesNotSatisfyACapture) {
    router r;
    r.add(verb::get, "/a/{x}/b", ok);
    EXPECT_EQ(r.match(verb::get, segments_of("/a//b")).outcome, route_match::kind::not_found);
}

TEST(Router, TrailingSlashIsIgnored) {
    router r;
    r.add(verb::get, "/api/v1/incidents/", ok);
    EXPECT_EQ(r.match(verb::get, segments_of("/api/v1/incidents")).outcome,
              route_match::kind::matched);
    EXPECT_EQ(r.match(verb::get, segments_of("/api/v1/incidents/")).outcome,
              route_match::kind::matched);
}

TEST(Router, WrongMethodListsAllowedMethodsInOrder) {
    router r;
    r.add(verb::put, "/items/{id}", ok);
    r.add(verb::get, "/items/{id}", ok);
    r.add(verb::delete_, "/items/{id}", ok);
    const auto m = r.match(verb::post, segments_of("/items/1"));
    ASSERT_EQ(m.outcome, route_match::kind::method_not_allowed);
    EXPECT_EQ(router::allow_header(m.allowed), "GET, HEAD, PUT, DELETE");
}

TEST(Router, UnknownMethodOnKnownPathIsNotAllowed) {
    router r;
    r.add(verb::get, "/items", ok);
    EXPECT_EQ(r.match(verb::other, segments_of("/items")).outcome,
              route_match::kind::method_not_allowed);
}

TEST(Router, HeadFallsBackToGet) {
    router r;
    r.add(verb::get, "/items", ok);
    const auto m = r.match(verb::head, segments_of("/items"));
    ASSERT_EQ(m.outcome, route_match::kind::matched);
    EXPECT_EQ(m.found->method, verb::get);
}

TEST(Router, LiteralBeatsCaptureWhateverTheOrderOfRegistration) {
    router r;
    r.add(verb::get, "/items/{id}", ok);
    r.add(verb::get, "/items/count", ok);
    r.add(verb::get, "/{kind}/count", ok);
    EXPECT_EQ(r.match(verb::get, segments_of("/items/count")).found->path_template, "/items/count");
    EXPECT_EQ(r.match(verb::get, segments_of("/items/7")).found->path_template, "/items/{id}");
    EXPECT_EQ(r.match(verb::get, segments_of("/alerts/count")).found->path_template,
              "/{kind}/count");
}

TEST(Router, MethodDecidesBetweenOverlappingTemplates) {
    router r;
    r.add(verb::get, "/items/{id}", ok);
    r.add(verb::post, "/items/search", ok);
    const auto get = r.match(verb::get, segments_of("/items/search"));
    ASSERT_EQ(get.outcome, route_match::kind::matched);
    EXPECT_EQ(get.found->path_template, "/items/{id}");
    EXPECT_EQ(get.params.get("id"), "search");
}

TEST(Router, SyncAndAsyncHandlersAreKeptApart) {
    router r;
    r.add(verb::get, "/sync", ok);
    r.add(verb::get, "/async",
          [](request&) -> boost::asio::awaitable<response> { co_return response::no_content(); });
    EXPECT_TRUE(std::holds_alternative<sync_handler>(
        r.match(verb::get, segments_of("/sync")).found->handler));
    EXPECT_TRUE(std::holds_alternative<async_handler>(
        r.match(verb::get, segments_of("/async")).found->handler));
}

TEST(Router, RejectsMalformedTemplatesAndDuplicates) {
    router r;
    r.add(verb::get, "/items/{id}", ok);
    const auto config_error = [&](verb m, std::string_view t) {
        try {
            r.add(m, t, ok);
        } catch (const tocsin::error& e) {
            return e.code() == errc::config;
        }
        return false;
    };
    EXPECT_TRUE(config_error(verb::get, "items"));
    EXPECT_TRUE(config_error(verb::get, "/items/{}"));
    EXPECT_TRUE(config_error(verb::get, "/items/x{id}"));
    EXPECT_TRUE(config_error(verb::get, "/items//x"));
    EXPECT_TRUE(config_error(verb::get, "/a/{x}/b/{x}"));
    EXPECT_TRUE(config_error(verb::other, "/other"));
    EXPECT_TRUE(config_error(verb::get, "/ITEMS/{other}"));  // same shape, same method
    EXPECT_FALSE(config_error(verb::put, "/ITEMS/{other}"));
}

}  // namespace
}  // namespace tocsin::http
