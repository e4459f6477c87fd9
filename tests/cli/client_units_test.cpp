// Unit tests of the CLI client's pure parts: server URLs, table layout, formatting helpers.

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "src/client_format.hpp"
#include "src/client_http.hpp"
#include "src/client_table.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

TEST(ClientServerUrl, ParsesTheFormsPeopleWrite) {
    auto u = parse_server_url("http://127.0.0.1:8080");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->scheme, "http");
    EXPECT_EQ(u->host, "127.0.0.1");
    EXPECT_EQ(u->port, "8080");
    EXPECT_EQ(u->base_path, "");
    EXPECT_EQ(u->authority(), "127.0.0.1:8080");
    EXPECT_EQ(u->origin(), "http://127.0.0.1:8080");

    u = parse_server_url("HTTPS://tocsin.example.com/soc/");
    ASSERT_TRUE(u);
    EXPECT_TRUE(u->tls());
    EXPECT_EQ(u->port, "443");
    EXPECT_EQ(u->base_path, "/soc");
    EXPECT_EQ(u->authority(), "tocsin.example.com");
    EXPECT_EQ(u->origin(), "https://tocsin.example.com:443");

    u = parse_server_url("localhost:9000");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->scheme, "http");
    EXPECT_EQ(u->host, "localhost");
    EXPECT_EQ(u->port, "9000");

    u = parse_server_url("http://[::1]:8080");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->host, "::1");
    EXPECT_EQ(u->authority(), "[::1]:8080");
}

TEST(ClientServerUrl, RefusesWhatCannotBeAServer) {
    for (const auto* bad :
         {"", "ftp://h", "http://", "http://u:p@h", "http://h:0", "http://h:70000", "http://h:port",
          "http://h/x?y=1", "http://h#f", "http://[::1"}) {
        const auto u = parse_server_url(bad);
        ASSERT_FALSE(u) << bad;
        EXPECT_EQ(u.error().code, errc::invalid_argument) << bad;
    }
}

TEST(ClientTable, AlignsColumnsByCharactersAndCutsLongCells) {
    text_table table({"ID", "TITLE", "OWNER"});
    table.limit(1, 8);
    table.add({"1", "Übergröße", "alice"});
    table.add({"22", "short", ""});
    std::ostringstream out;
    table.print(out);
    EXPECT_EQ(out.str(),
              "ID  TITLE     OWNER\n"
              "1   Übergrö…  alice\n"
              "22  short\n");
}

TEST(ClientTable, KeepsEachRowOnOneLine) {
    EXPECT_EQ(fit("two\nlines", 0), "two lines");
    EXPECT_EQ(fit("abcdef", 4), "abc…");
    EXPECT_EQ(fit("abcd", 4), "abcd");
    EXPECT_EQ(display_width("Übergröße"), 9u);
}

TEST(ClientFormat, ReadsOptionalFields) {
    const json incident = {{"name", "x"},
                           {"properties",
                            {{"incidentNumber", 12},
                             {"owner", {{"assignedTo", "Bob"}}},
                             {"labels", {{{"labelName", "a"}}, "b"}}}}};
    EXPECT_EQ(text_at_pointer(incident, "/properties/incidentNumber"), "12");
    EXPECT_EQ(text_at_pointer(incident, "/properties/missing"), "");
    EXPECT_EQ(text_at(incident, "name"), "x");
    EXPECT_EQ(text_at(json::array(), "name"), "");
    EXPECT_EQ(owner_text(incident["properties"]["owner"]), "Bob");
    EXPECT_EQ(owner_text(json::object()), "");
    EXPECT_EQ(labels_text(incident["properties"]["labels"]), "a, b");
    EXPECT_EQ(short_time("2024-05-01T10:00:00.123Z"), "2024-05-01 10:00:00");
    EXPECT_EQ(short_time("soon"), "soon");
    EXPECT_EQ(odata_string("it's"), "'it''s'");
}

}  // namespace
}  // namespace tocsin::cli
