#include <array>

#include <gtest/gtest.h>

#include "engine/core/config_reference.hpp"

namespace tocsin {
namespace {

constexpr std::string_view formats[] = {"text", "json"};

constexpr std::array demo_options{
    config_option{"data_dir", config_type::path, R"("./data")", "TOCSIN_DATA_DIR", "Where."},
    config_option{"http.port", config_type::integer, "8080", "TOCSIN_HTTP_PORT", "Port|number.", 1,
                  65535},
    config_option{"log.format", config_type::string, R"("text")", "TOCSIN_LOG_FORMAT", "Format.", 0,
                  0, formats},
    config_option{
        "http.token", config_type::string, R"("")", "TOCSIN_HTTP_TOKEN", "Token.", 0, 0, {}, true},
};

TEST(ConfigReference, OneTablePerSectionInSchemaOrder) {
    const auto md = config_reference_markdown(demo_options);
    const auto general = md.find("## general\n");
    const auto http = md.find("## http\n");
    const auto log = md.find("## log\n");
    ASSERT_NE(general, std::string::npos);
    EXPECT_LT(general, http);
    EXPECT_LT(http, log);
    EXPECT_NE(md.find("| `data_dir` | path | `\"./data\"` | `TOCSIN_DATA_DIR` |  | Where. |\n"),
              std::string::npos)
        << md;
    // Both http keys in one table, although another section's key is declared between them.
    EXPECT_NE(md.find("| `http.port` | integer | `8080` | `TOCSIN_HTTP_PORT` | 1 to 65535 | "
                      "Port\\|number. |\n| `http.token` | string | `\"\"` | `TOCSIN_HTTP_TOKEN` "
                      "|  | Token. Secret: `config show` redacts it. |\n"),
              std::string::npos)
        << md;
    EXPECT_NE(md.find("| `log.format` | string | `\"text\"` | `TOCSIN_LOG_FORMAT` | one of: "
                      "`text`, `json` | Format. |\n"),
              std::string::npos)
        << md;
    EXPECT_NE(md.substr(md.size() - 2), "\n\n");
}

TEST(ConfigReference, EveryKeyOfTheRealSchemaIsListed) {
    const auto md = config_reference_markdown(config_options());
    for (const auto& o : config_options())
        EXPECT_NE(md.find("| `" + std::string(o.key) + "` |"), std::string::npos) << o.key;
}

}  // namespace
}  // namespace tocsin
