#pragma once
// Shared by the tests of engine/lua: load a playbook from text, run it to its end on a private
// io_context, and collect the outcome and log lines.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "engine/lua/natives.hpp"
#include "engine/lua/playbook.hpp"
#include "engine/lua/run.hpp"

namespace tocsin::lua::test {

using json = nlohmann::json;

inline std::filesystem::path fixtures_dir() {
    return std::filesystem::path(TOCSIN_SOURCE_DIR) / "tests" / "lua" / "fixtures";
}

// A minimal valid playbook whose run(ctx) has `body`.
inline std::string playbook_with(const std::string& body) {
    return "return {\n"
           "  name = 'test', version = '1', triggers = { 'manual' },\n"
           "  params = { n = { type = 'integer', default = 0 } },\n"
           "  run = function(ctx)\n" +
           body +
           "\n  end,\n"
           "}\n";
}

struct log_line {
    std::string run_id;
    log_level level;
    std::string message;
};

class harness {
  public:
    harness() {
        limits.instructions = 5'000'000;
        limits.memory_bytes = 8 * 1024 * 1024;
        limits.wall_clock = std::chrono::milliseconds{2000};
        limits.actions = 100;
    }

    boost::asio::io_context io;
    std::shared_ptr<native_registry> natives = std::make_shared<native_registry>();
    lua::limits limits;
    std::vector<std::filesystem::path> module_dirs;
    std::vector<log_line> logs;
    std::shared_ptr<clock_source> clock;

    sandbox_config sandbox() const { return sandbox_config{module_dirs, natives}; }

    playbook_definition load(const std::string& source, const std::string& path = "test.lua") {
        load_options options;
        options.sandbox = sandbox();
        return load_playbook_source(source, path, options);
    }

    run_options options(std::function<void(const run_outcome&)> done) {
        run_options o;
        o.executor = io.get_executor();
        o.sandbox = sandbox();
        o.limits = limits;
        o.clock = clock;
        o.log = [this](std::string_view id, log_level level, std::string_view message) {
            logs.push_back({std::string(id), level, std::string(message)});
        };
        o.on_complete = std::move(done);
        return o;
    }

    // Creates and starts a run; the outcome lands in *out when it ends.
    std::shared_ptr<run> start(const playbook_definition& def, std::shared_ptr<run_outcome> out,
                               run_context ctx = {}) {
        if (ctx.run_id.empty())
            ctx.run_id = "run-" + std::to_string(++runs_);
        auto r =
            run::create(def, std::move(ctx), options([out](const run_outcome& o) { *out = o; }));
        r->start();
        return r;
    }

    // Runs to the end on this thread.
    run_outcome run_to_end(const playbook_definition& def, run_context ctx = {}) {
        auto out = std::make_shared<run_outcome>();
        out->state = run_state::ready;
        start(def, out, std::move(ctx));
        io.restart();
        io.run();
        return *out;
    }

    run_outcome run_body(const std::string& body, run_context ctx = {}) {
        return run_to_end(load(playbook_with(body)), std::move(ctx));
    }

  private:
    int runs_ = 0;
};

}  // namespace tocsin::lua::test
