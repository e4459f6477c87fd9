#include "engine/runner/playbook_test_runner.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <sstream>

#include <boost/asio/strand.hpp>

#include "engine/core/uuid.hpp"
#include "engine/runner/action_bridge.hpp"
#include "engine/runner/playbook_test_driver.hpp"
#include "engine/runner/playbook_test_session.hpp"
#include "engine/runner/run_scope.hpp"

namespace tocsin::runner {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::milliseconds;

// The largest test file read, as for playbooks.
constexpr std::size_t max_test_bytes = 1024 * 1024;

milliseconds since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
}

fs::path directory_of(const fs::path& file) {
    const auto dir = file.parent_path();
    return dir.empty() ? fs::path(".") : dir;
}

// The driver waits through the whole playbook run and takes part in each of its stubbed calls:
// it needs the playbook's wall clock and action budget, plus room for setup and checks. CPU and
// memory are the playbook's: the test's own code gets no more than a playbook would.
lua::limits driver_limits(const lua::limits& playbook) {
    auto out = playbook;
    out.wall_clock = playbook.wall_clock * 2 + std::chrono::seconds(10);
    const std::uint64_t actions = std::uint64_t{playbook.actions} * 2 + 100;
    out.actions = static_cast<std::uint32_t>(std::min<std::uint64_t>(actions, UINT32_MAX));
    return out;
}

bool contains_ignoring_case(const std::string& text, const std::string& part) {
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return s;
    };
    return lower(text).find(lower(part)) != std::string::npos;
}

// Lua shortens long chunk names to "...<tail>"; messages should name the whole path.
std::string expand_chunk_names(const std::string& message, const std::vector<std::string>& paths) {
    if (message.rfind("...", 0) != 0)
        return message;
    for (std::size_t colon = message.find(':', 3); colon != std::string::npos;
         colon = message.find(':', colon + 1)) {
        const std::string_view tail(message.data() + 3, colon - 3);
        for (const auto& path : paths)
            if (path.size() >= tail.size() &&
                path.compare(path.size() - tail.size(), tail.size(), tail) == 0)
                return path + message.substr(colon);
    }
    return message;
}

// "path:line" of the playbook's innermost frame in a traceback ("\tpath:6: in …" lines, where
// Lua may shorten the path to "...tail"), or empty.
std::string playbook_location(const std::string& traceback, const std::string& source_path) {
    std::istringstream lines(traceback);
    for (std::string line; std::getline(lines, line);) {
        const auto start = line.find_first_not_of(" \t");
        if (start == std::string::npos)
            continue;
        for (auto colon = line.find(':', start); colon != std::string::npos;
             colon = line.find(':', colon + 1)) {
            auto end = colon + 1;
            while (end < line.size() && std::isdigit(static_cast<unsigned char>(line[end])))
                ++end;
            if (end == colon + 1 || end >= line.size() || line[end] != ':')
                continue;
            const auto chunk = line.substr(start, colon - start);
            const auto tail = chunk.rfind("...", 0) == 0 ? chunk.substr(3) : chunk;
            const bool same =
                chunk == source_path ||
                (tail != chunk && source_path.size() >= tail.size() &&
                 source_path.compare(source_path.size() - tail.size(), tail.size(), tail) == 0);
            if (same)
                return source_path + line.substr(colon, end - colon);
            break;
        }
    }
    return {};
}

std::string read_test_source(const fs::path& file) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec)
        throw error(errc::not_found, file.string() + ": cannot read the test file");
    if (size > max_test_bytes)
        throw error(errc::limit_exceeded, file.string() + ": test file larger than " +
                                              std::to_string(max_test_bytes) + " bytes");
    std::ifstream in(file, std::ios::binary);
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in && !in.eof())
        throw error(errc::not_found, file.string() + ": cannot read the test file");
    return text;
}

}  // namespace

playbook_test_runner::playbook_test_runner(playbook_test_options options)
    : options_(std::move(options)),
      work_(io_.get_executor()),
      sessions_(std::make_shared<playbook_test_sessions>()),
      driver_natives_(std::make_shared<lua::native_registry>()),
      load_natives_(std::make_shared<lua::native_registry>()) {
    if (!options_.plugins)
        throw error(errc::invalid_argument, "playbook tests need the plugins to call");
    options_.plugins(routed_);
    route_actions_to_tests(routed_, sessions_);
    options_.plugins(direct_);
    add_action_natives(*load_natives_, routed_, no_runs_);
    add_action_natives(*driver_natives_, direct_, driver_runs_);
    add_playbook_test_natives(*driver_natives_, sessions_);
    driver_ = std::make_shared<const lua::playbook_definition>(
        load_playbook_test_driver(driver_natives_));
    thread_ = std::thread([this] { io_.run(); });
}

playbook_test_runner::~playbook_test_runner() {
    // Stopped rather than drained: a retry or timeout timer of an ended run may be minutes away,
    // and nothing waits for it any more.
    io_.stop();
    thread_.join();
    blocking_.stop();
}

std::vector<playbook_test_case_result> playbook_test_runner::run(const playbook_test_file& file,
                                                                 const case_done& on_case) {
    const auto started = std::chrono::steady_clock::now();
    const auto test_path = file.test.generic_string();
    std::vector<playbook_test_case_result> results;
    auto report = [&](playbook_test_case_result r) {
        if (on_case)
            on_case(r);
        results.push_back(std::move(r));
    };
    auto file_failed = [&](std::string playbook, std::string message) {
        playbook_test_case_result r;
        r.file = test_path;
        r.playbook = std::move(playbook);
        r.message = std::move(message);
        r.duration = since(started);
        report(std::move(r));
        return results;
    };

    definition_ptr playbook;
    try {
        lua::load_options load;
        load.sandbox.natives = load_natives_;
        load.sandbox.module_dirs = {directory_of(file.playbook)};
        for (const auto& d : options_.module_dirs)
            load.sandbox.module_dirs.push_back(d);
        playbook = std::make_shared<const lua::playbook_definition>(
            lua::load_playbook(file.playbook, load));
    } catch (const error& e) {
        return file_failed(file.playbook.generic_string(),
                           std::string("the playbook under test does not load: ") + e.what());
    }

    json params;
    try {
        params = {{"source", read_test_source(file.test)}, {"chunk", "@" + test_path}};
    } catch (const error& e) {
        return file_failed(playbook->name, e.what());
    }
    const std::vector<fs::path> test_dirs = [&] {
        std::vector<fs::path> dirs{directory_of(file.test), directory_of(file.playbook)};
        dirs.insert(dirs.end(), options_.module_dirs.begin(), options_.module_dirs.end());
        return dirs;
    }();

    driver_result listed;
    try {
        listed = drive(params, test_dirs, nullptr);
    } catch (const error& e) {
        return file_failed(playbook->name, e.what());
    }
    if (listed.outcome.state != lua::run_state::finished)
        return file_failed(playbook->name, expand_chunk_names(listed.outcome.error, {test_path}));
    for (const auto& name : listed.outcome.result.value("cases", json::array())) {
        const auto case_name = name.get<std::string>();
        if (!options_.filter.empty() && !contains_ignoring_case(case_name, options_.filter))
            continue;
        report(run_case(file, playbook, params, case_name));
    }
    return results;
}

playbook_test_case_result playbook_test_runner::run_case(const playbook_test_file& file,
                                                         const definition_ptr& playbook,
                                                         json params, const std::string& name) {
    const auto started = std::chrono::steady_clock::now();
    playbook_test_case_result r;
    r.file = file.test.generic_string();
    r.playbook = playbook->name;
    r.name = name;
    try {
        playbook_test_environment env{io_,        blocking_,         routed_,
                                      *sessions_, blocking_threads,  options_.limits,
                                      {},         options_.workspace};
        env.module_dirs.push_back(directory_of(file.playbook));
        for (const auto& d : options_.module_dirs)
            env.module_dirs.push_back(d);
        auto session = std::make_shared<playbook_test_session>(env, playbook);
        params["case"] = name;
        std::vector<fs::path> test_dirs{directory_of(file.test)};
        test_dirs.insert(test_dirs.end(), env.module_dirs.begin(), env.module_dirs.end());
        auto driven = drive(params, test_dirs, session);
        // A driver that failed early leaves the playbook run live: it is stopped here.
        const auto ending = session->finish(driver_limits(options_.limits).wall_clock);
        r.passed = driven.outcome.state == lua::run_state::finished;
        r.output = std::move(driven.output);
        if (ending.record)
            r.run = run_view(*ending.record);
        session->close();
        closed_.push_back(session);
        if (!r.passed) {
            r.message = expand_chunk_names(driven.outcome.error, {r.file, playbook->source_path});
            if (driven.outcome.limit != lua::limit_kind::none)
                r.message = "the test's own code (setup, a stub or expect) went over its budget: " +
                            r.message;
            if (ending.stopped && ending.record) {
                const auto where =
                    playbook_location(ending.record->traceback, playbook->source_path);
                if (!where.empty())
                    r.message += "\n(the playbook was stopped at " + where + ")";
            }
        }
    } catch (const std::exception& e) {
        r.passed = false;
        r.message = e.what();
    }
    r.duration = since(started);
    return r;
}

playbook_test_runner::driver_result playbook_test_runner::drive(
    const json& params, const std::vector<fs::path>& module_dirs,
    const std::shared_ptr<playbook_test_session>& session) {
    struct shared_state {
        std::promise<lua::run_outcome> outcome;
        std::mutex mutex;
        std::vector<std::string> output;  // guarded by mutex
    };
    auto state = std::make_shared<shared_state>();
    const auto id = new_time_ordered_uuid();
    const auto executor = boost::asio::make_strand(io_);
    const auto limits = driver_limits(options_.limits);

    lua::run_options options;
    options.executor = executor;
    options.sandbox = lua::sandbox_config{module_dirs, driver_natives_};
    options.limits = limits;
    options.log = [state](std::string_view, lua::log_level level, std::string_view message) {
        std::lock_guard lock(state->mutex);
        state->output.push_back(level == lua::log_level::info ? std::string(message)
                                                              : std::string(lua::to_string(level)) +
                                                                    ": " + std::string(message));
    };
    options.on_complete = [state](const lua::run_outcome& o) { state->outcome.set_value(o); };

    // Registered before the run exists, unregistered however it ends.
    struct registration {
        playbook_test_runner& runner;
        const std::string& id;
        bool active;
        ~registration() {
            if (active) {
                runner.sessions_->remove(id);
                runner.driver_runs_.remove(id);
            }
        }
    } registered{*this, id, session != nullptr};
    if (session) {
        sessions_->add(id, session);
        auto scope = std::make_shared<run_scope>();
        scope->run_id = id;
        scope->playbook = std::string(playbook_test_driver_chunk);
        scope->executor = executor;
        scope->services = session->services();
        scope->actor = model::principal{model::principal::kind::system, "playbook-test",
                                        "tocsin playbook test"};
        driver_runs_.add(std::move(scope));
    }

    auto future = state->outcome.get_future();
    auto run = lua::run::create(*driver_, lua::run_context{json::object(), params, id},
                                std::move(options));
    run->start();
    // The run's own wall clock ends it; this only guards against a run that never completes.
    if (future.wait_for(limits.wall_clock + std::chrono::seconds(10)) != std::future_status::ready)
        run->cancel("the test driver did not end");
    driver_result out;
    out.outcome = future.get();
    std::lock_guard lock(state->mutex);
    out.output = std::move(state->output);
    return out;
}

}  // namespace tocsin::runner
