// `tocsin templates list | show | enable` on the shipped catalog, and the engine leaving the
// catalog alone until a template is enabled.

#include <csignal>
#include <fstream>
#include <sstream>

#include "tests/support/playbook_server.hpp"
#include "tests/templates/template_engine.hpp"

namespace tocsin::test {
namespace {

const std::vector<std::string> shipped = {"assign-owner-by-shift",
                                          "close-duplicate-incident",
                                          "close-with-reason-on-watchlist",
                                          "create-incident-from-email",
                                          "create-incident-from-form",
                                          "enrich-ip",
                                          "notify-chat",
                                          "notify-severity-changed",
                                          "phishing-tasks",
                                          "relate-alerts-by-ip"};

command_result templates(std::vector<std::string> args) {
    args.insert(args.begin(), "templates");
    args.insert(args.end(), {"--templates", templates_source_dir()});
    return run_tocsin(args);
}

std::string read(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(TemplatesCli, ListNamesEveryTemplateWithTriggersAndParameters) {
    const auto table = templates({"list"});
    ASSERT_EQ(table.status, 0) << table.output;
    EXPECT_EQ(table.output.rfind("NAME", 0), 0u) << table.output;
    for (const auto& name : shipped)
        EXPECT_NE(table.output.find(name), std::string::npos) << name << "\n" << table.output;
    EXPECT_NE(table.output.find("incident(alertRelated)"), std::string::npos) << table.output;

    const auto listed = templates({"list", "--json"});
    ASSERT_EQ(listed.status, 0) << listed.output;
    const auto all = json::parse(listed.output);
    std::vector<std::string> names;
    for (const auto& t : all)
        names.push_back(t["name"].get<std::string>());
    EXPECT_EQ(names, shipped);
    for (const auto& t : all) {
        EXPECT_FALSE(t["description"].get<std::string>().empty()) << t.dump();
        EXPECT_FALSE(t["triggers"].empty()) << t.dump();
        EXPECT_FALSE(t["params"].empty()) << t.dump();
    }
}

TEST(TemplatesCli, ShowPrintsTheReadmeSectionAndTheParameters) {
    const auto shown = templates({"show", "enrich-ip"});
    ASSERT_EQ(shown.status, 0) << shown.output;
    EXPECT_NE(shown.output.find("label_fields"), std::string::npos) << shown.output;
    EXPECT_NE(shown.output.find("\"https://ipinfo.io/{ip}/json\""), std::string::npos);
    EXPECT_NE(shown.output.find("Asks an HTTP enrichment service"), std::string::npos);
    EXPECT_NE(shown.output.find("enrich-ip.lua"), std::string::npos);

    // Every template has its README section.
    for (const auto& name : shipped) {
        const auto j = templates({"show", name, "--json"});
        ASSERT_EQ(j.status, 0) << j.output;
        EXPECT_GT(json::parse(j.output)["readme"].get<std::string>().size(), 100u) << name;
    }

    const auto missing = templates({"show", "no-such-template"});
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.output.find("tocsin: no template named 'no-such-template' (templates: "),
              std::string::npos)
        << missing.output;
}

TEST(TemplatesCli, EnableCopiesTheTemplateWithTheChosenDefaults) {
    temp_dir dir;
    const auto to = dir.path().string();
    auto enabled =
        templates({"enable", "enrich-ip", "--to", to, "--param", "url=https://intel.test/{ip}",
                   "--param", "max_ips=5", "--param", "label_fields=country, \"asn\""});
    ASSERT_EQ(enabled.status, 0) << enabled.output;
    EXPECT_NE(enabled.output.find("enabled enrich-ip: " + to + "/enrich-ip.lua"), std::string::npos)
        << enabled.output;
    const auto source = read(dir.path() / "enrich-ip.lua");
    EXPECT_EQ(source.rfind("-- Enabled from the template enrich-ip.lua (enrich-ip 1.0.0).\n", 0),
              0u);
    EXPECT_NE(source.find(R"(default = "https://intel.test/{ip}")"), std::string::npos);
    EXPECT_NE(source.find("default = 5,"), std::string::npos);
    EXPECT_NE(source.find(R"(default = "country, \"asn\"")"), std::string::npos);

    // The copy is a playbook the engine accepts, with those defaults.
    const auto checked = run_tocsin({"playbook", "check", (dir.path() / "enrich-ip.lua").string()});
    EXPECT_EQ(checked.status, 0) << checked.output;

    // A table parameter, and a parameter whose name is also a field of other declarations.
    enabled = templates(
        {"enable", "assign-owner-by-shift", "--to", to, "--param",
         R"(shifts=[{"owner":"a@contoso.test","days":"Mon-Sun","from":"00:00","to":"24:00"}])"});
    ASSERT_EQ(enabled.status, 0) << enabled.output;
    const auto shifts = read(dir.path() / "assign-owner-by-shift.lua");
    EXPECT_NE(shifts.find(R"(owner = "a@contoso.test")"), std::string::npos) << shifts;
    EXPECT_EQ(shifts.find("early@contoso.com"), std::string::npos) << shifts;
    enabled = templates({"enable", "create-incident-from-form", "--to", to, "--param",
                         "description=Details, please"});
    ASSERT_EQ(enabled.status, 0) << enabled.output;
    const auto form = read(dir.path() / "create-incident-from-form.lua");
    EXPECT_NE(form.find(R"(description = { default = "Details, please", type = "text")"),
              std::string::npos)
        << form;
}

TEST(TemplatesCli, EnableRefusesBadParametersAndOverwrites) {
    temp_dir dir;
    const auto to = dir.path().string();
    auto r = templates({"enable", "enrich-ip", "--to", to, "--param", "urll=x"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("tocsin: template 'enrich-ip' has no parameter 'urll' (parameters: "),
              std::string::npos)
        << r.output;
    r = templates({"enable", "enrich-ip", "--to", to, "--param", "max_ips=many"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("max_ips"), std::string::npos) << r.output;
    r = templates({"enable", "notify-chat", "--to", to, "--param", "min_severity=Critical"});
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "enrich-ip.lua"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "notify-chat.lua"));

    ASSERT_EQ(templates({"enable", "notify-chat", "--to", to}).status, 0);
    r = templates({"enable", "notify-chat", "--to", to, "--param", "instance=teams"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("notify-chat.lua' exists; --force overwrites it"), std::string::npos)
        << r.output;
    r = templates({"enable", "notify-chat", "--to", to, "--param", "instance=teams", "--force"});
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(read(dir.path() / "notify-chat.lua").find(R"(default = "teams")"), std::string::npos);

    // Live under another file name: enabling would make two playbooks of one name.
    std::filesystem::rename(dir.path() / "notify-chat.lua", dir.path() / "chat.lua");
    r = templates({"enable", "notify-chat", "--to", to});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("playbook 'notify-chat' is already live in"), std::string::npos)
        << r.output;

    EXPECT_EQ(templates({"enable"}).status, 2);
    EXPECT_EQ(templates({"list", "--force"}).status, 2);
}

TEST(TemplatesCli, TheEngineLoadsNoTemplateUntilOneIsEnabled) {
    temp_dir dir;
    const auto playbooks = dir.path() / "playbooks";
    std::filesystem::create_directories(playbooks / "templates");
    std::filesystem::copy(templates_source_dir(), playbooks / "templates",
                          std::filesystem::copy_options::recursive);
    const auto enabled = run_tocsin({"templates", "enable", "notify-chat"},
                                    {{"TOCSIN_PLAYBOOK_DIRS", playbooks.string()}});
    ASSERT_EQ(enabled.status, 0) << enabled.output;
    EXPECT_TRUE(std::filesystem::exists(playbooks / "notify-chat.lua"));

    auto opts = playbook_server_options(dir.path(), {});
    server_process server(std::move(opts));
    server.start();
    http_client_options options;
    options.bearer_token = std::string(test_admin_token);
    http_client api("127.0.0.1", server.port(), std::move(options));
    const auto reply = api.get("/api/v1/playbooks");
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto body = reply.json();
    std::vector<std::string> names;
    for (const auto& p : body["value"])
        names.push_back(p["name"].get<std::string>());
    EXPECT_EQ(names, std::vector<std::string>{"notify-chat"}) << body.dump();
    EXPECT_EQ(server.stop(SIGTERM), 0);
}

}  // namespace
}  // namespace tocsin::test
