#include "engine/runner/playbook_test_session.hpp"

#include <cstdlib>
#include <future>
#include <string_view>
#include <utility>

#include <boost/asio/post.hpp>

#include "engine/core/uuid.hpp"
#include "engine/runner/playbook_test_result.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace tocsin::runner {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Lua turns an empty table into an empty object or array depending on its metatable; either
// means "nothing" here.
bool empty_value(const json& v) {
    return v.is_null() || ((v.is_array() || v.is_object()) && v.empty());
}

result<lua::limits> case_limits(const lua::limits& engine, const json& asked) {
    lua::limits out = engine;
    if (empty_value(asked))
        return out;
    if (!asked.is_object())
        return error_info{errc::invalid_argument, "the case's limits must be a table", "limits"};
    for (const auto& [key, value] : asked.items()) {
        std::uint64_t cap = 0;
        if (key == "instructions")
            cap = engine.instructions;
        else if (key == "memory_bytes")
            cap = engine.memory_bytes;
        else if (key == "wall_clock_ms")
            cap = static_cast<std::uint64_t>(engine.wall_clock.count());
        else if (key == "actions")
            cap = engine.actions;
        else
            return error_info{errc::invalid_argument,
                              "limits: unknown limit '" + key +
                                  "' (instructions, memory_bytes, wall_clock_ms, actions)",
                              "limits"};
        // A test proves the playbook fits the engine's budgets: it may tighten them, never widen.
        if (!value.is_number_integer() || value.get<std::int64_t>() < 1 ||
            value.get<std::uint64_t>() > cap)
            return error_info{errc::invalid_argument,
                              "limits." + key + " must be an integer from 1 to " +
                                  std::to_string(cap) + " (the engine's limit)",
                              "limits"};
        const auto n = value.get<std::uint64_t>();
        if (key == "instructions")
            out.instructions = n;
        else if (key == "memory_bytes")
            out.memory_bytes = n;
        else if (key == "wall_clock_ms")
            out.wall_clock = std::chrono::milliseconds{static_cast<std::int64_t>(n)};
        else
            out.actions = static_cast<std::uint32_t>(n);
    }
    return out;
}

std::string known_codes() {
    std::string out;
    for (int e = static_cast<int>(errc::invalid_argument); e <= static_cast<int>(errc::internal);
         ++e)
        out += (out.empty() ? "" : ", ") + std::string(to_string(static_cast<errc>(e)));
    return out;
}

// The error a stub answered with, as the playbook will receive it. Throws tocsin::error naming
// what is wrong with it.
error_info stub_error(const json& e) {
    if (!e.is_object())
        throw error(errc::invalid_argument,
                    "a stub's error must be a table {code = …, message = …}, got " + e.dump());
    const auto code = e.value("code", json());
    if (!code.is_string())
        throw error(errc::invalid_argument,
                    "a stub's error needs a code (one of: " + known_codes() + ")");
    error_info out;
    out.code = errc::ok;
    for (int v = static_cast<int>(errc::invalid_argument); v <= static_cast<int>(errc::internal);
         ++v)
        if (code.get<std::string>() == to_string(static_cast<errc>(v)))
            out.code = static_cast<errc>(v);
    if (out.code == errc::ok)
        throw error(errc::invalid_argument, "a stub's error has the unknown code '" +
                                                code.get<std::string>() +
                                                "' (one of: " + known_codes() + ")");
    const auto message = e.value("message", json());
    out.message = message.is_string() ? message.get<std::string>() : code.get<std::string>();
    const auto field = e.value("field", json());
    if (field.is_string())
        out.field = field.get<std::string>();
    // Retryability follows from the code in the engine; a stub cannot make it up.
    if (auto r = e.find("retryable");
        r != e.end() && r->is_boolean() && r->get<bool>() != out.retryable())
        throw error(errc::invalid_argument, "a stub's error says retryable = " + r->dump() +
                                                ", but code '" + code.get<std::string>() + "' is " +
                                                (out.retryable() ? "" : "not ") +
                                                "retryable (only unavailable and timeout are)");
    return out;
}

// Returns once every task queued on `pool` before the call has finished: `threads` tasks that
// wait for each other occupy every thread of the pool at once, which they can only do once the
// tasks queued before them are done (the pool takes tasks in order).
void drain(blocking_pool& pool, unsigned threads) {
    struct gathering {
        std::mutex mutex;
        std::condition_variable all_in;
        unsigned arrived = 0;
    };
    auto g = std::make_shared<gathering>();
    for (unsigned i = 0; i < threads; ++i)
        boost::asio::post(pool.executor(), [g, threads] {
            std::unique_lock lock(g->mutex);
            ++g->arrived;
            g->all_in.notify_all();
            g->all_in.wait(lock, [&] { return g->arrived >= threads; });
        });
    std::unique_lock lock(g->mutex);
    g->all_in.wait(lock, [&] { return g->arrived >= threads; });
}

}  // namespace

playbook_test_session::scratch_dir::scratch_dir() {
    auto pattern = (fs::temp_directory_path() / "tocsin-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw error(errc::storage, "cannot create a temporary directory for the test store");
    path = pattern;
}

void playbook_test_session::scratch_dir::remove() noexcept {
    std::error_code ec;
    if (!path.empty())
        fs::remove_all(path, ec);
    path.clear();
}

playbook_test_session::playbook_test_session(const playbook_test_environment& env,
                                             definition_ptr playbook)
    : env_(env), playbook_(std::move(playbook)) {
    store::sqlite_options options;
    // A test store lives for one case: durability across power loss is worth nothing here.
    options.synchronous = store::sqlite::synchronous_mode::normal;
    options.read_connections = 2;
    store_ = std::make_unique<store::sqlite_store>(dir_.path / "tocsin.db", bus_, options);
    services_ = std::make_shared<const plugin::services>(
        plugin::services{*store_, env_.blocking, env_.io.get_executor(), bus_, env_.workspace});
}

playbook_test_session::~playbook_test_session() {
    close();
}

void playbook_test_session::close() {
    if (closed_)
        return;
    closed_ = true;
    // What an ended run still had in flight hops between the I/O thread and the pool (answer,
    // journal entry): two rounds let it reach the store before it closes, so nothing is logged
    // as lost. Bounded: on a stopped I/O context the barrier gives up.
    for (int round = 0; round < 2; ++round) {
        auto passed = std::make_shared<std::promise<void>>();
        boost::asio::post(env_.io, [passed] { passed->set_value(); });
        passed->get_future().wait_for(std::chrono::seconds(1));
        drain(env_.blocking, env_.blocking_threads);
    }
    scheduler_.reset();  // cancels a live run and waits (bounded) for its record
    std::string run_id;
    {
        std::lock_guard lock(mutex_);
        run_id = run_id_;
    }
    if (!run_id.empty())
        env_.sessions.remove(run_id);
    store_->close();
    dir_.remove();
}

lua::native_result playbook_test_session::start(const json& spec, lua::native_call& call) {
    {
        std::lock_guard lock(mutex_);
        if (started_)
            return error_info{errc::precondition_failed, "the case's run has already started", {}};
    }
    auto limits = case_limits(env_.limits, spec.value("limits", json()));
    if (!limits.has_value())
        return limits.error();

    run_request request;
    request.playbook = playbook_;
    request.run_id = new_time_ordered_uuid();
    const auto trigger = spec.value("trigger", json());
    if (!empty_value(trigger) && !trigger.is_object())
        return error_info{errc::invalid_argument, "the case's trigger must be a table", "trigger"};
    request.trigger = empty_value(trigger) ? json::object() : trigger;
    const auto params = spec.value("params", json());
    if (!empty_value(params) && !params.is_object())
        return error_info{errc::invalid_argument, "the case's params must be a table", "params"};
    request.params = empty_value(params) ? json::object() : params;
    const auto kind = spec.value("trigger_kind", json());
    request.trigger_kind = kind.is_string() ? kind.get<std::string>()
                                            : lua::to_string(playbook_->triggers.front().kind);

    auto names = [&spec](const char* key) {
        std::set<std::string, std::less<>> out;
        for (const auto& name : spec.value(key, json::array()))
            if (name.is_string())
                out.insert(name.get<std::string>());
        return out;
    };
    auto stubs = names("stubs");
    auto real = names("real");

    scheduler_options options;
    options.limits = limits.value();
    options.module_dirs = env_.module_dirs;
    options.default_workspace = env_.workspace;
    scheduler_ = std::make_unique<runner::scheduler>(env_.io, env_.plugins, *store_, env_.blocking,
                                                     bus_, std::move(options));
    {
        std::lock_guard lock(mutex_);
        started_ = true;
        run_id_ = request.run_id;
        store_mode_ = spec.value("store", false);
        stubs_ = std::move(stubs);
        real_ = std::move(real);
    }
    // Registered before the run starts: its first action may come at once.
    env_.sessions.add(request.run_id, weak_from_this());
    std::weak_ptr<playbook_test_session> weak = weak_from_this();
    try {
        scheduler_->start(std::move(request), [weak](const store::run_record& record) {
            if (auto self = weak.lock())
                self->on_record(record);
        });
    } catch (const error& e) {
        // No run began: finish() must not wait for its record.
        std::string run_id;
        {
            std::lock_guard lock(mutex_);
            started_ = false;
            run_id = std::exchange(run_id_, std::string());
        }
        env_.sessions.remove(run_id);
        return error_info{
            e.code(), std::string("the playbook refused the case's input: ") + e.what(), e.field()};
    }
    return next_event(call);
}

lua::native_result playbook_test_session::reply(const json& answer, lua::native_call& call) {
    result<json> outcome = json();
    try {
        if (auto e = answer.find("error"); e != answer.end() && !e->is_null())
            outcome = stub_error(*e);
        else
            outcome = answer.value("output", json());
    } catch (const error& e) {
        return e.info();
    }
    plugin::completion done;
    {
        std::lock_guard lock(mutex_);
        if (auto it = calls_.find(answer.value("id", std::uint64_t{0})); it != calls_.end()) {
            done = std::move(it->second);
            calls_.erase(it);
        }
    }
    // No pending call: the attempt timed out meanwhile and the engine has moved on.
    if (done)
        done(std::move(outcome));
    return next_event(call);
}

bool playbook_test_session::answers(const std::string& name, const std::string& action) const {
    std::lock_guard lock(mutex_);
    if (stubs_.contains(name) || stubs_.contains(action))
        return true;
    return !store_mode_ && !real_.contains(name) && !real_.contains(action);
}

void playbook_test_session::forward(std::string name, std::string action, json input,
                                    plugin::completion done) {
    json event;
    {
        std::lock_guard lock(mutex_);
        const auto id = ++next_call_;
        calls_.emplace(id, std::move(done));
        event = {{"event", "call"},
                 {"id", id},
                 {"name", std::move(name)},
                 {"action", std::move(action)},
                 {"input", std::move(input)}};
    }
    deliver(std::move(event));
}

lua::native_result playbook_test_session::next_event(lua::native_call& call) {
    std::lock_guard lock(mutex_);
    if (!events_.empty()) {
        auto event = std::move(events_.front());
        events_.pop_front();
        return event;
    }
    waiter_ = call.suspend();
    return lua::native_result::pending();
}

void playbook_test_session::deliver(json event) {
    std::optional<lua::completion> waiter;
    {
        std::lock_guard lock(mutex_);
        if (!waiter_) {
            events_.push_back(std::move(event));
            return;
        }
        waiter.swap(waiter_);
    }
    (*waiter)(std::move(event));
}

void playbook_test_session::on_record(const store::run_record& record) {
    {
        std::lock_guard lock(mutex_);
        record_ = record;
    }
    ended_.notify_all();
    deliver({{"event", "done"}, {"run", run_view(record)}});
}

playbook_test_session::ending playbook_test_session::finish(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    ending out;
    if (!started_)
        return out;
    if (!record_) {
        const auto run_id = run_id_;
        lock.unlock();
        out.stopped = scheduler_->cancel(run_id, "the test case ended");
        lock.lock();
        ended_.wait_for(lock, wait, [this] { return record_.has_value(); });
    }
    out.record = record_;
    // The run has ended: an answer would reach nobody, but the engine still waits for one (with
    // a timer, and retries after a timeout). A final error ends that at once.
    auto unanswered = std::move(calls_);
    calls_.clear();
    lock.unlock();
    for (auto& call : unanswered)
        call.second(
            error_info{errc::cancelled, "the test case ended before the stub answered", {}});
    return out;
}

}  // namespace tocsin::runner
