#include "engine/http/url.hpp"

#include "engine/http/request.hpp"

#include <gtest/gtest.h>

namespace tocsin::http {
namespace {

TEST(Url, ParsesPathSegmentsAndQuery) {
    const auto t =
        parse_target("/a/b%20c/%7Bd%7D?API-Version=2023-02-01&%24top=5&$filter=x+eq+%27y%27&flag");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/a/b%20c/%7Bd%7D");
    EXPECT_EQ(t->segments, (std::vector<std::string>{"a", "b c", "{d}"}));
    EXPECT_EQ(t->query.get("api-version"), "2023-02-01");
    EXPECT_EQ(t->query.get("$TOP"), "5");
    EXPECT_EQ(t->query.get("$filter"), "x eq 'y'");
    EXPECT_TRUE(t->query.contains("flag"));
    EXPECT_EQ(t->query.begin()->first, "API-Version");  // keys keep their case
}

TEST(Url, RootHasNoSegmentsAndInnerEmptySegmentsStay) {
    EXPECT_TRUE(parse_target("/")->segments.empty());
    EXPECT_EQ(parse_target("/a//b")->segments, (std::vector<std::string>{"a", "", "b"}));
    EXPECT_EQ(parse_target("/a/b/")->segments, (std::vector<std::string>{"a", "b"}));
}

TEST(Url, RejectsMalformedTargets) {
    for (const char* bad : {"", "a/b", "http://host/a", "/a%2", "/a%zz", "/a%00b", "/a?x=%g1"}) {
        const auto t = parse_target(bad);
        ASSERT_FALSE(t) << bad;
        EXPECT_EQ(t.error().code, errc::invalid_argument) << bad;
    }
}

TEST(Url, PlusIsASpaceOnlyInQueries) {
    EXPECT_EQ(percent_decode("a+b", true), "a b");
    EXPECT_EQ(percent_decode("a+b", false), "a+b");
    EXPECT_EQ(parse_target("/a+b?q=a+b")->segments[0], "a+b");
}

TEST(Url, EncodesComponentsStrictly) {
    EXPECT_EQ(encode_component("a b/c?d&e=f~_.-"), "a%20b%2Fc%3Fd%26e%3Df~_.-");
    EXPECT_EQ(encode_component("\xC3\xA9"), "%C3%A9");
}

TEST(Url, ValidatesHostHeaders) {
    for (const char* good : {"localhost", "127.0.0.1:8080", "tocsin.example.com", "[::1]:443",
                             "[2001:db8::1]", "my_host-1"}) {
        EXPECT_TRUE(is_valid_host(good)) << good;
    }
    for (const char* bad : {"", "evil.com/path", "user@evil.com", "a b", "host:port", "host:123456",
                            "[::1", "[::1]x", "h\r\nX-Injected: 1", ":80"}) {
        EXPECT_FALSE(is_valid_host(bad)) << bad;
    }
}

TEST(Url, AuthorityBracketsIpv6) {
    EXPECT_EQ(authority_of({"127.0.0.1", 8080}), "127.0.0.1:8080");
    EXPECT_EQ(authority_of({"::1", 443}), "[::1]:443");
}

TEST(Url, AbsoluteUrlUsesTheRequestHostAndScheme) {
    request req(verb::get, "/items");
    req.set_host("tocsin.example:8443");
    EXPECT_EQ(absolute_url(req, "/items?$skipToken=abc"),
              "http://tocsin.example:8443/items?$skipToken=abc");
    req.set_secure(true);
    EXPECT_EQ(absolute_url(req, "items"), "https://tocsin.example:8443/items");
}

TEST(Url, AbsoluteUrlEscapesWhatCannotStandInAUrl) {
    request req(verb::get, "/");
    req.set_host("h");
    EXPECT_EQ(absolute_url(req, "/a b?x=1\r\nSet-Cookie: y#frag%zz%41"),
              "http://h/a%20b?x=1%0D%0ASet-Cookie:%20y%23frag%25zz%41");
}

TEST(Url, AbsoluteUrlRefusesARequestWithoutHost) {
    request req(verb::get, "/");
    EXPECT_THROW(absolute_url(req, "/x"), tocsin::error);
    req.headers().add("Host", "evil.com/x");
    EXPECT_THROW(absolute_url(req, "/x"), tocsin::error);
}

}  // namespace
}  // namespace tocsin::http
