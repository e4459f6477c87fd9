#include "tests/cli/cli_fixture.hpp"

#include <signal.h>

#include <atomic>
#include <fstream>
#include <thread>

namespace tocsin::test {

std::unique_ptr<temp_dir> cli_test::dir_;
std::unique_ptr<server_process> cli_test::server_;

void cli_test::SetUpTestSuite() {
    dir_ = std::make_unique<temp_dir>();
    const auto playbooks = dir_->path() / "playbooks";
    std::filesystem::create_directories(playbooks);
    std::ofstream(playbooks / "echo.lua") << echo_playbook;
    server_process::options opts;
    opts.data_dir = dir_->path() / "data";
    opts.env = {{"TOCSIN_PLAYBOOK_DIRS", playbooks.string()},
                {"TOCSIN_STORE_SQLITE_SYNCHRONOUS", "normal"},
                {"TOCSIN_LOG_LEVEL", "warn"},
                {"TOCSIN_BOOTSTRAP_TOKEN", cli_admin_token}};
    server_ = std::make_unique<server_process>(std::move(opts));
    server_->start();
}

void cli_test::TearDownTestSuite() {
    if (server_ && server_->running()) {
        EXPECT_EQ(server_->stop(SIGTERM), 0) << server_->log();
    }
    server_.reset();
    dir_.reset();
}

void cli_test::SetUp() {
    static std::atomic<int> counter{0};
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (auto& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '-';
    workspace_ =
        "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/cliRg/ws" + std::to_string(++counter) + "-" + name;
}

command_result cli_test::tocsin(const std::vector<std::string>& args, const env_list& env) const {
    env_list all = {{"TOCSIN_SERVER", server_url()},
                    {"TOCSIN_TOKEN", cli_admin_token},
                    {"TOCSIN_WORKSPACE", workspace_}};
    for (const auto& [key, value] : env) {
        std::erase_if(all, [&](const auto& kv) { return kv.first == key; });
        all.emplace_back(key, value);
    }
    return run_tocsin(args, all);
}

json cli_test::tocsin_json(const std::vector<std::string>& args) const {
    auto with_json = args;
    with_json.push_back("--json");
    const auto r = tocsin(with_json);
    EXPECT_EQ(r.status, 0) << r.output;
    if (r.status != 0)
        return nullptr;
    auto value = json::parse(r.output, nullptr, false);
    EXPECT_FALSE(value.is_discarded()) << r.output;
    return value.is_discarded() ? json(nullptr) : value;
}

json cli_test::create_incident(const std::string& title, std::vector<std::string> more) const {
    std::vector<std::string> args{"incidents", "create", "--title", title};
    args.insert(args.end(), more.begin(), more.end());
    return tocsin_json(args);
}

std::string cli_test::write_file(const std::string& name, const std::string& text) const {
    const auto path = dir_->path() / name;
    std::ofstream(path) << text;
    return path.string();
}

json cli_test::wait_for_run(const std::string& id) const {
    json last;
    for (int i = 0; i < 100; ++i) {
        last = tocsin_json({"runs", "show", id});
        if (!last.is_object() || last.value("status", "") != "running")
            return last;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "run " << id << " did not end: " << last.dump() << "\n" << server_log();
    return last;
}

std::string cli_test::server_url() {
    return server_->base_url();
}

std::string cli_test::server_log() {
    return server_->log();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto nl = text.find('\n', start);
        out.push_back(text.substr(start, nl - start));
        if (nl == std::string::npos)
            break;
        start = nl + 1;
    }
    return out;
}

}  // namespace tocsin::test
