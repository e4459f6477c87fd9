// docs/tutorial.md, followed by a machine the way a new user follows it.
//
// Why the doc and this test cannot drift: no command is copied here. The test reads the ```sh
// blocks of docs/tutorial.md (each labelled <!-- tutorial-step: NAME -->) and runs them with bash
// in a scratch directory laid out as the reader's clone is (the repository's examples/ beside a
// fresh tutorial/ folder), one step after the other, with the exports of earlier steps kept as a
// terminal keeps them. Two things are substituted, both about the machine rather than the
// commands: the engine's address (the doc's http://127.0.0.1:8080 becomes the test server's
// ephemeral port) and PATH (`tocsin` is the binary under test). The `tocsin serve` line is run
// through server_process, with its arguments as written. What this file owns is the list of
// step names, in order, and what each step must show; a step the doc adds or drops without this
// list following fails the test, and so does a command that stops working.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/doc_snippets/markdown_blocks.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/tutorial/tutorial_steps.hpp"

namespace tocsin::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path source_root{TOCSIN_SOURCE_DIR};
constexpr std::string_view documented_server = "http://127.0.0.1:8080";

enum class mode {
    skip,   // not run: it builds the engine, which the test already depends on
    serve,  // its last line is `tocsin serve …`, started as the reader's first terminal
    once,   // run once; it must succeed and show what is expected
    until,  // run again (for at most about 15 s) until it shows what is expected: it waits
            // for the engine to notice a file (playbooks.poll_ms) or for an automation rule
};

struct expected_step {
    std::string_view name;
    mode how;
    std::vector<std::string> shows;  // regular expressions the output must match
};

// The tutorial's steps, in the doc's order, and what a reader sees at each.
const std::vector<expected_step> expected_steps = {
    {"build", mode::skip, {}},
    {"serve", mode::serve, {}},
    {"connect", mode::once, {"No playbooks\\."}},
    {"test",
     mode::once,
     {"PASS  webhook-to-incident > opens an incident and answers 201 with its number",
      "PASS  webhook-to-incident > comments the checklist when an automation rule runs it",
      "11 cases in 1 file: 11 passed, 0 failed"}},
    {"install", mode::until, {"webhook-to-incident\\s+1\\.0\\.0\\s+webhook"}},
    {"post",
     mode::once,
     {"HTTP/1\\.1 201", "X-Tocsin-Run-Id: [0-9a-f-]{36}", R"("incidentNumber":1\b)"}},
    {"post-invalid",
     mode::once,
     {"HTTP/1\\.1 400", R"("code":"BadRequest")", "'title' must be a non-empty string"}},
    {"runs",
     mode::once,
     {"webhook-to-incident\\s+succeeded\\s+webhook", "playbook\\s+webhook-to-incident 1\\.0\\.0",
      "incidents\\.create\\s+\\d+ ms\\s+ok", "info\\s+incident 1 opened for 'Credential dumping"}},
    {"incident",
     mode::once,
     {"Credential dumping on ws-0042", "severity\\s+High", "labels\\s+webhook"}},
    {"rule",
     mode::once,
     {"Created automation rule triage-webhook-incidents \\(Triage webhook incidents\\)",
      "triage-webhook-incidents\\s+yes\\s+Incidents"}},
    {"post-again", mode::once, {R"("incidentNumber":2\b)"}},
    {"rule-acted",
     mode::until,
     {"owner\\s+soc-oncall@example\\.com",
      "First response:", "webhook-to-incident\\s+succeeded\\s+incident"}},
    {"test-change", mode::once, {"4 cases in 1 file: 4 passed, 0 failed"}},
    {"change", mode::until, {"webhook-to-incident\\s+1\\.1\\.0"}},
    {"post-changed", mode::once, {R"("incidentNumber":3\b)", "labels\\s+webhook, ws-0042"}},
    {"clean-up", mode::once, {}},
};

std::string replaced(std::string text, std::string_view from, std::string_view to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// The regular expressions of `step` that `output` does not match.
std::vector<std::string> missing(const expected_step& step, const std::string& output) {
    std::vector<std::string> out;
    for (const auto& pattern : step.shows)
        if (!std::regex_search(output, std::regex(pattern)))
            out.push_back(pattern);
    return out;
}

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string word; in >> word;)
        out.push_back(word);
    return out;
}

class Tutorial : public ::testing::Test {
  protected:
    void SetUp() override {
        fs::create_directory_symlink(source_root / "examples", work_ / "examples");
        fs::create_directories(work_ / "bin");
        fs::create_symlink(TOCSIN_EXECUTABLE, work_ / "bin" / "tocsin");
        // A reader's shell: tocsin on PATH, and none of the developer's own TOCSIN_* settings.
        std::ofstream(env_file()) << "export PATH='" << (work_ / "bin").string() << "':\"$PATH\"\n"
                                  << "unset TOCSIN_SERVER TOCSIN_TOKEN TOCSIN_WORKSPACE\n";
    }

    std::string env_file() const { return (work_ / ".tutorial-env").string(); }

    shell_result run(const tutorial_step& step) {
        const auto script =
            server_ ? replaced(step.script, documented_server, server_->base_url()) : step.script;
        return run_step_script(script, work_.path().string(), env_file());
    }

    // The serve step: every line before `tocsin serve` in the shell, then the engine as a child
    // whose working directory is the scratch directory, with the doc's arguments. Its
    // --data-dir is handed to server_process (which passes --data-dir itself, with the test's
    // --listen on an ephemeral port); the engine makes its own first Admin token, as for a reader.
    void serve(const tutorial_step& step) {
        std::istringstream lines(step.script);
        std::string before;
        std::vector<std::string> args;
        for (std::string line; std::getline(lines, line);) {
            if (line.rfind("tocsin serve", 0) == 0) {
                args = words(line);
                break;
            }
            before += line + "\n";
        }
        ASSERT_GE(args.size(), 2u) << "the serve step has no `tocsin serve` line";
        ASSERT_EQ(step.script.find('"'), std::string::npos) << "quoted arguments: split them here";
        if (!before.empty()) {
            const auto result = run_step_script(before, work_.path().string(), env_file());
            ASSERT_EQ(result.status, 0) << result.output;
        }
        server_process::options options{.env = {{"TOCSIN_BOOTSTRAP_TOKEN", ""}},
                                        .route_alerts = true};
        for (std::size_t i = 2; i < args.size(); ++i) {
            if (args[i] == "--data-dir" && i + 1 < args.size()) {
                options.data_dir = work_ / args[++i];
            } else {
                ASSERT_NE(args[i], "--listen") << "the test chooses the port";
                options.extra_args.push_back(args[i]);
            }
        }
        ASSERT_FALSE(options.data_dir.empty()) << "the tutorial names its data directory";
        data_dir_ = options.data_dir;
        server_.emplace(options);
        // Relative paths in the arguments (playbooks.dirs) are the child's: it starts here.
        const auto previous = fs::current_path();
        fs::current_path(work_.path());
        try {
            server_->start();
        } catch (...) {
            fs::current_path(previous);
            throw;
        }
        fs::current_path(previous);
        EXPECT_NE(server_->log().find("tocsin: created the first Admin token"), std::string::npos)
            << server_->log();
        EXPECT_TRUE(fs::exists(data_dir_ / "admin.token"));
    }

    void run_until_shown(const tutorial_step& step, const expected_step& expected) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        shell_result result;
        while (true) {
            result = run(step);
            if (result.status == 0 && missing(expected, result.output).empty())
                return;
            if (std::chrono::steady_clock::now() > deadline)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        ADD_FAILURE() << "docs/tutorial.md:" << step.line << ": step '" << step.name
                      << "' never showed what the doc promises (status " << result.status
                      << "); last output:\n"
                      << result.output << "\nengine log:\n"
                      << (server_ ? server_->log() : "");
    }

    void run_once(const tutorial_step& step, const expected_step& expected) {
        const auto result = run(step);
        EXPECT_EQ(result.status, 0)
            << "docs/tutorial.md:" << step.line << ": step '" << step.name << "' failed:\n"
            << result.output;
        for (const auto& pattern : missing(expected, result.output))
            ADD_FAILURE() << "docs/tutorial.md:" << step.line << ": step '" << step.name
                          << "' does not show /" << pattern << "/; it printed:\n"
                          << result.output;
    }

    // What the doc says about the change without downtime, checked on the engine's records:
    // the runs before the change ran 1.0.0, the ones after it 1.1.0, on the same process.
    void check_versions_of_runs() {
        const auto token = read_text_file((data_dir_ / "admin.token").string());
        http_client_options options;
        options.bearer_token = token.substr(0, token.find_last_not_of(" \n") + 1);
        http_client api("127.0.0.1", server_->port(), options);
        const auto reply = api.get("/api/v1/runs?playbook=webhook-to-incident");
        ASSERT_EQ(reply.status, 200) << reply.body;
        const auto body = reply.json();
        std::vector<std::string> webhook_versions;  // oldest first
        for (const auto& run : body["value"])
            if (run["trigger"]["kind"] == "webhook")
                webhook_versions.insert(webhook_versions.begin(), run["version"]);
        EXPECT_EQ(webhook_versions, (std::vector<std::string>{"1.0.0", "1.0.0", "1.0.0", "1.1.0"}))
            << body.dump(2);
    }

    temp_dir work_;
    fs::path data_dir_;
    std::optional<server_process> server_;
};

TEST_F(Tutorial, EveryStepWorksAsWritten) {
    const auto steps =
        tutorial_steps(read_text_file((source_root / "docs" / "tutorial.md").string()));
    std::vector<std::string_view> doc_names;
    for (const auto& s : steps)
        doc_names.push_back(s.name);
    std::vector<std::string_view> known_names;
    for (const auto& e : expected_steps)
        known_names.push_back(e.name);
    ASSERT_EQ(doc_names, known_names) << "the tutorial's steps changed: update expected_steps";

    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& step = steps[i];
        const auto& expected = expected_steps[i];
        SCOPED_TRACE("step '" + step.name + "' at docs/tutorial.md:" + std::to_string(step.line));
        switch (expected.how) {
            case mode::skip:
                EXPECT_NE(step.script.find("scripts/build.sh"), std::string::npos);
                break;
            case mode::serve:
                serve(step);
                break;
            case mode::once:
                if (step.name == "clean-up") {
                    // The reader stops the engine (Ctrl-C) before cleaning up.
                    ASSERT_TRUE(server_ && server_->running()) << "the engine stopped on its own";
                    check_versions_of_runs();
                    EXPECT_EQ(server_->stop(SIGINT), 0) << server_->log();
                }
                run_once(step, expected);
                break;
            case mode::until:
                run_until_shown(step, expected);
                break;
        }
        if (HasFatalFailure())
            return;
    }
    EXPECT_FALSE(fs::exists(work_ / "tutorial")) << "clean-up leaves the tutorial folder";
}

}  // namespace
}  // namespace tocsin::test
