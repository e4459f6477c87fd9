#pragma once
// Shared by tests/runner and tests/plugins: a real engine stack without the HTTP layer — an
// io_context run by two threads, the blocking pool, the event bus, a SQLite store in a temp dir,
// the built-in plugins plus the test's own, and a scheduler. Runs are started and awaited.

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "engine/core/blocking_pool.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/lua/playbook.hpp"
#include "engine/runner/scheduler.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "plugins/builtin_registry.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::runner::test {

using nlohmann::json;

inline model::workspace_ref test_workspace() {
    return {"11111111-2222-3333-4444-555555555555", "soc", "main"};
}

// A playbook whose run(ctx) is `body`, triggered manually (or by `trigger`).
inline std::string playbook_source(const std::string& body, const std::string& name = "test",
                                   const std::string& trigger = "'manual'",
                                   const std::string& version = "1") {
    return "return {\n  name = '" + name + "', version = '" + version + "', triggers = { " +
           trigger + " },\n  run = function(ctx)\n" + body + "\n  end,\n}\n";
}

class runner_fixture {
  public:
    // `data_dir`: where the store file lives (default: the fixture's own temp dir); two
    // fixtures on one data dir, one after the other, are an engine and its restart.
    explicit runner_fixture(std::function<void(plugin::registry&)> extra = {},
                            lua::limits limits = {},
                            std::optional<std::filesystem::path> data_dir = std::nullopt)
        : store_((data_dir ? *data_dir : dir_.path()) / "tocsin.db", bus_), blocking_(2) {
        plugins::register_builtin_plugins(plugins_);
        if (extra)
            extra(plugins_);
        scheduler_options opts;
        opts.limits = limits;
        opts.default_workspace = test_workspace();
        scheduler_ = std::make_unique<runner::scheduler>(io_, plugins_, store_, blocking_, bus_,
                                                         std::move(opts));
        for (int i = 0; i < 2; ++i)
            threads_.emplace_back([this] { io_.run(); });
    }
    ~runner_fixture() {
        scheduler_.reset();
        guard_.reset();
        io_.stop();
        for (auto& t : threads_)
            t.join();
        blocking_.stop();
    }

    std::shared_ptr<const lua::playbook_definition> load(const std::string& source,
                                                         const std::string& path = "test.lua") {
        lua::load_options o;
        o.sandbox.natives = scheduler_->natives();
        return std::make_shared<const lua::playbook_definition>(
            lua::load_playbook_source(source, path, o));
    }

    // Starts a run and returns a future of its stored record.
    std::future<store::run_record> start(std::shared_ptr<const lua::playbook_definition> def,
                                         json trigger = json::object(), json params = nullptr,
                                         std::string* id = nullptr) {
        auto done = std::make_shared<std::promise<store::run_record>>();
        auto fut = done->get_future();
        run_request req;
        req.playbook = std::move(def);
        req.trigger = std::move(trigger);
        req.params = std::move(params);
        auto run_id = scheduler_->start(std::move(req),
                                        [done](const store::run_record& r) { done->set_value(r); });
        if (id)
            *id = run_id;
        return fut;
    }

    store::run_record run(const std::string& body, json trigger = json::object()) {
        return run_def(load(playbook_source(body)), std::move(trigger));
    }
    store::run_record run_def(std::shared_ptr<const lua::playbook_definition> def,
                              json trigger = json::object()) {
        auto fut = start(std::move(def), std::move(trigger));
        if (fut.wait_for(std::chrono::seconds(20)) != std::future_status::ready)
            throw std::runtime_error("run did not finish");
        return fut.get();
    }

    store::sqlite_store& store() { return store_; }
    runner::scheduler& scheduler() { return *scheduler_; }
    boost::asio::io_context& io() { return io_; }
    event_bus& bus() { return bus_; }
    const tocsin::test::temp_dir& dir() const { return dir_; }

  private:
    tocsin::test::temp_dir dir_;
    event_bus bus_;
    store::sqlite_store store_;
    blocking_pool blocking_;
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_{
        io_.get_executor()};
    plugin::registry plugins_;
    std::unique_ptr<runner::scheduler> scheduler_;
    std::vector<std::thread> threads_;
};

}  // namespace tocsin::runner::test
