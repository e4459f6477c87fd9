// Attempts to get out of the sandbox or around its budgets. Each test states the attack and
// asserts both that it fails and how (the message or the limit that ended the run).

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/lua/lua_harness.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::lua::test {
namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Runs `body` and expects it to fail with a message containing `message`.
void expect_failure(const std::string& body, const std::string& message) {
    harness h;
    const auto out = h.run_body(body);
    EXPECT_EQ(out.state, run_state::failed) << body;
    EXPECT_EQ(out.limit, limit_kind::none) << body;
    EXPECT_TRUE(contains(out.error, message)) << body << "\n  error: " << out.error;
}

// Runs `body` and expects it to end on `limit`.
run_outcome expect_limit(harness& h, const std::string& body, limit_kind limit) {
    const auto out = h.run_body(body);
    EXPECT_EQ(out.state, run_state::failed) << body;
    EXPECT_EQ(out.limit, limit) << body << "\n  error: " << out.error;
    return out;
}

TEST(SandboxEscape, IoIsAbsent) {
    expect_failure("return io.open('/etc/passwd'):read('a')",
                   "attempt to index a nil value (global 'io')");
}

TEST(SandboxEscape, OsHasOnlyTimeFunctions) {
    expect_failure("os.execute('touch /tmp/pwned')",
                   "attempt to call a nil value (field 'execute')");
    expect_failure("return os.getenv('HOME')", "attempt to call a nil value (field 'getenv')");
    harness h;
    const auto out = h.run_body(
        "local names = {} for k in pairs(os) do names[#names + 1] = k end\n"
        "table.sort(names) return names");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::parse(R"(["clock", "date", "difftime", "time"])"));
}

TEST(SandboxEscape, BinaryChunksCannotBeLoaded) {
    harness h;
    const auto out = h.run_body(
        "local bytecode = string.char(27) .. 'LuaT' .. string.rep('\\0', 40)\n"
        "local f1, e1 = load(bytecode)\n"
        "local f2, e2 = load(bytecode, 'x', 'b')\n"
        "local f3, e3 = load(function() local s = bytecode bytecode = nil return s end)\n"
        "return { string.dump == nil, ('').dump == nil, loadstring == nil,\n"
        "         f1 == nil, e1, f2 == nil, e2, f3 == nil, e3 }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], true);
    EXPECT_EQ(out.result[1], true);
    EXPECT_EQ(out.result[2], true);
    for (int i : {3, 5, 7})
        EXPECT_EQ(out.result[i], true) << i;
    for (int i : {4, 6, 8}) {
        EXPECT_TRUE(contains(out.result[i].get<std::string>(),
                             "attempt to load a binary chunk (mode is 't')"))
            << out.result[i];
    }
}

TEST(SandboxEscape, LoadedTextChunksSeeTheRunsGlobalsNotTheRealOnes) {
    harness h;
    const auto out = h.run_body(
        "secret = 5\n"
        "local f = load('return secret, _G == _ENV, rawget(_G, \"string\")')\n"
        "return { f() }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::array({5, true}));
}

TEST(SandboxEscape, PackageDebugAndFileLoadersAreAbsent) {
    harness h;
    const auto out = h.run_body(
        "return { package == nil, debug == nil, dofile == nil, loadfile == nil,\n"
        "         collectgarbage == nil, require ~= nil, rawget(_ENV, 'package') == nil }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::array({true, true, true, true, true, true, true}));
    expect_failure("return package.loadlib('/lib/x86_64-linux-gnu/libc.so.6', 'system')",
                   "attempt to index a nil value (global 'package')");
    expect_failure("return debug.getregistry()", "attempt to index a nil value (global 'debug')");
    expect_failure("return require('os').execute",
                   "module 'os' not found in the playbook directories");
}

TEST(SandboxEscape, StringMetatableIsUnreachable) {
    harness h;
    const auto out = h.run_body(
        "local mt = getmetatable('')\n"
        "local ok1, e1 = pcall(function() getmetatable('').__index = {} end)\n"
        "local ok2, e2 = pcall(setmetatable, '', {})\n"
        "local ok3, e3 = pcall(function() string.upper = nil end)\n"
        "return { mt, ok1, ok2, ok3, e3, ('abc'):upper() }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], false);
    EXPECT_EQ(out.result[1], false);
    EXPECT_EQ(out.result[2], false);
    EXPECT_EQ(out.result[3], false);
    EXPECT_TRUE(
        contains(out.result[4].get<std::string>(), "attempt to modify read-only table 'string'"));
    EXPECT_EQ(out.result[5], "ABC");
}

TEST(SandboxEscape, SharedTablesAreReadOnlyEvenToRawsetAndSetmetatable) {
    harness h;
    const auto out = h.run_body(
        "local results = {}\n"
        "local function try(f) local ok, e = pcall(f) results[#results + 1] = ok or e end\n"
        "try(function() rawset(string, 'upper', print) end)\n"
        "try(function() rawset(math, 'pi', 3) end)\n"
        "try(function() rawset(tocsin, 'x', 1) end)\n"
        "try(function() rawset(json, 'null', 0) end)\n"
        "try(function() setmetatable(table, nil) end)\n"
        "try(function() table.insert = nil end)\n"
        "try(function() getmetatable(_ENV).__index = {} end)\n"
        "results[#results + 1] = getmetatable(math)\n"
        "results[#results + 1] = math.pi > 3.14 and string.upper('x') == 'X'\n"
        "local n = 0 for k in pairs(math) do n = n + 1 end\n"
        "results[#results + 1] = n > 20\n"
        "return results");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    ASSERT_EQ(out.result.size(), 10u) << out.result;
    for (int i = 0; i < 4; ++i) {
        EXPECT_TRUE(contains(out.result[i].get<std::string>(), "rawset: table is read-only")) << i;
    }
    EXPECT_TRUE(contains(out.result[4].get<std::string>(), "setmetatable: table is read-only"));
    EXPECT_TRUE(contains(out.result[5].get<std::string>(), "read-only table 'table'"));
    EXPECT_TRUE(contains(out.result[6].get<std::string>(), "attempt to index a boolean value"));
    EXPECT_EQ(out.result[7], false);  // protected metatable
    EXPECT_EQ(out.result[8], true);   // the libraries still work
    EXPECT_EQ(out.result[9], true);   // pairs() on a proxy still lists the library
}

TEST(SandboxEscape, GlobalsOfOneRunAreInvisibleToAnother) {
    harness h;
    std::vector<completion> waiting;
    h.natives->add("tocsin.test.wait", [&](native_call& call) -> native_result {
        waiting.push_back(call.suspend());
        return native_result::pending();
    });
    const auto writer =
        h.load(playbook_with("leaked = 'secret' _G.leaked2 = 'secret' _ENV.leaked3 = 'secret'\n"
                             "string_backup = string\n"
                             "tocsin.test.wait()\n"
                             "return leaked"));
    const auto reader = h.load(playbook_with(
        "return { leaked == nil, leaked2 == nil, leaked3 == nil, string_backup == nil }"));
    auto w = std::make_shared<run_outcome>();
    auto r = std::make_shared<run_outcome>();
    auto writer_run = h.start(writer, w);
    h.io.poll();
    ASSERT_EQ(writer_run->state(), run_state::suspended);  // its globals are set
    h.start(reader, r);
    h.io.poll();
    ASSERT_EQ(r->state, run_state::finished) << r->error;
    EXPECT_EQ(r->result, json::array({true, true, true, true}));
    ASSERT_EQ(waiting.size(), 1u);
    waiting[0](json(nullptr));
    h.io.run();
    ASSERT_EQ(w->state, run_state::finished) << w->error;
    EXPECT_EQ(w->result, "secret");
    // A later run of the same definition starts clean too.
    const auto again = h.run_to_end(reader);
    EXPECT_EQ(again.result, json::array({true, true, true, true}));
}

TEST(SandboxEscape, GcMetamethodsAreRefused) {
    // Lua runs finalizers with hooks off: a looping __gc would escape the instruction budget.
    expect_failure("setmetatable({}, { __gc = function() while true do end end })",
                   "__gc metamethods are not allowed");
}

TEST(SandboxEscape, StringRepBombHitsTheMemoryLimit) {
    harness h;
    const auto out =
        expect_limit(h, "local s = string.rep('x', 1 << 30) return #s", limit_kind::memory);
    EXPECT_EQ(out.error, "memory limit of 8388608 bytes exceeded");
    EXPECT_LE(out.peak_memory, h.limits.memory_bytes);
}

TEST(SandboxEscape, ConcatenationBombHitsTheMemoryLimit) {
    harness h;
    expect_limit(h, "local s = 'xx' while true do s = s .. s end", limit_kind::memory);
    expect_limit(h, "local t = {} while true do t[#t + 1] = {} end", limit_kind::memory);
}

TEST(SandboxEscape, MemoryLimitCannotBeSwallowedByPcall) {
    harness h;
    const auto out = expect_limit(h,
                                  "local n = 0\n"
                                  "while true do\n"
                                  "  local ok = pcall(string.rep, 'x', 1 << 30)\n"
                                  "  n = n + 1\n"
                                  "end",
                                  limit_kind::memory);
    EXPECT_EQ(out.error, "memory limit of 8388608 bytes exceeded");
}

TEST(SandboxEscape, InfiniteLoopHitsTheCpuLimit) {
    harness h;
    h.limits.instructions = 200'000;
    const auto out = expect_limit(h, "while true do end", limit_kind::cpu);
    EXPECT_EQ(out.error, "instruction limit of 200000 exceeded");
    EXPECT_GE(out.instructions, 200'000u);
    EXPECT_TRUE(contains(out.traceback, "test.lua:5")) << out.traceback;  // where it was looping
}

TEST(SandboxEscape, CpuLimitCannotBeSwallowedByPcallXpcallOrCoroutines) {
    harness h;
    h.limits.instructions = 200'000;
    expect_limit(h, "while true do pcall(function() while true do end end) end", limit_kind::cpu);
    expect_limit(h,
                 "while true do xpcall(function() while true do end end,\n"
                 "                     function(e) while true do end end) end",
                 limit_kind::cpu);
    expect_limit(h,
                 "while true do\n"
                 "  coroutine.resume(coroutine.create(function() while true do end end))\n"
                 "end",
                 limit_kind::cpu);
    expect_limit(h, "while true do pcall(coroutine.wrap(function() while true do end end)) end",
                 limit_kind::cpu);
    expect_limit(h, "while true do load(function() while true do end end) end", limit_kind::cpu);
    expect_limit(h,
                 "local t = setmetatable({}, { __index = function() while true do end end })\n"
                 "while true do pcall(function() return t.x end) end",
                 limit_kind::cpu);
    expect_limit(
        h, "while true do pcall(table.sort, { 3, 2, 1 }, function(a, b) while true do end end) end",
        limit_kind::cpu);
    expect_limit(
        h, "while true do pcall(string.gsub, 'aaa', 'a', function() while true do end end) end",
        limit_kind::cpu);
}

TEST(SandboxEscape, DeepRecursionFailsWithAClearMessage) {
    harness h;
    auto out = h.run_body("local function f(n) return f(n + 1) + 1 end return f(1)");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_EQ(out.limit, limit_kind::none);
    EXPECT_TRUE(contains(out.error, "stack overflow")) << out.error;

    // Through C frames (a metamethod calling itself): Lua's own C-stack guard.
    out = h.run_body(
        "local t = setmetatable({}, { __index = function(t, k) return t[k] end })\n"
        "return t.x");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_TRUE(contains(out.error, "stack overflow")) << out.error;

    // A message handler that loops cannot outlive the error either (Lua runs it with hooks off).
    out = h.run_body(
        "local function f() return f() + 1 end\n"
        "return { xpcall(f, function(e) while true do end end) }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], false);
    EXPECT_TRUE(contains(out.result[1].get<std::string>(), "stack overflow")) << out.result[1];

    // Caught by pcall: the run goes on.
    out = h.run_body(
        "local function f() return f() + 1 end\n"
        "local ok, err = pcall(f)\n"
        "return { ok, err:match('stack overflow') ~= nil }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::array({false, true}));
}

TEST(SandboxEscape, RunCoroutineCannotBeYieldedOrResumedFromLua) {
    harness h;
    const auto out = h.run_body(
        "local ok1, e1 = pcall(coroutine.yield, 1)\n"
        "local ok2, e2 = pcall(coroutine.resume, (coroutine.running()))\n"
        "return { ok1, e1, ok2, e2, coroutine.close == nil }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], false);
    EXPECT_TRUE(contains(out.result[1].get<std::string>(), "the run itself cannot yield"));
    EXPECT_EQ(out.result[2], false);
    EXPECT_TRUE(
        contains(out.result[3].get<std::string>(), "cannot resume the run's own coroutine"));
    EXPECT_EQ(out.result[4], true);
}

TEST(SandboxEscape, RequireRefusesPathsOutsideThePlaybookDirectories) {
    harness h;
    h.module_dirs = {fixtures_dir() / "modules"};
    const auto out = h.run_body(
        "local results = {}\n"
        "for _, name in ipairs({ '../../etc/passwd', '/etc/passwd', 'helpers/strings',\n"
        "                        '..helpers', 'helpers..strings', 'helpers.', '' }) do\n"
        "  local ok, err = pcall(require, name)\n"
        "  results[#results + 1] = not ok and err:match('invalid module name') ~= nil\n"
        "end\n"
        "return results");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::array({true, true, true, true, true, true, true}));
}

TEST(SandboxEscape, RequireRefusesSymlinksLeavingTheDirectory) {
    tocsin::test::temp_dir dir;
    std::filesystem::create_directory(dir / "modules");
    { std::ofstream(dir / "outside.lua") << "return 'escaped'"; }
    std::filesystem::create_symlink(dir / "outside.lua", dir / "modules" / "evil.lua");
    harness h;
    h.module_dirs = {dir / "modules"};
    const auto out = h.run_body("return { pcall(require, 'evil') }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], false);
    EXPECT_TRUE(contains(out.result[1].get<std::string>(),
                         "module 'evil' resolves outside the playbook directories"))
        << out.result[1];
}

TEST(SandboxEscape, RequiredModulesAreTextOnlyAndRunInTheSandbox) {
    harness h;
    h.module_dirs = {fixtures_dir() / "modules"};
    const auto out = h.run_body(
        "local ok, err = pcall(require, 'broken')\n"
        "local m = require('uses_binary')\n"
        "return { ok, err:match('broken.lua:3:') ~= nil, m.loaded, m.err }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], false);
    EXPECT_EQ(out.result[1], true);  // the syntax error names the module file and line
    EXPECT_EQ(out.result[2], false);
    EXPECT_TRUE(
        contains(out.result[3].get<std::string>(), "attempt to load a binary chunk (mode is 't')"))
        << out.result[3];
}

TEST(SandboxEscape, RequireLoadsHelperModulesOncePerRun) {
    harness h;
    h.module_dirs = {tocsin::lua::test::fixtures_dir() / "nope", fixtures_dir() / "modules"};
    const auto def =
        h.load(playbook_with("local s = require('helpers.strings')\n"
                             "local again = require('helpers.strings')\n"
                             "return { s.shout('hi'), s == again, helper_loads }"));
    auto out = h.run_to_end(def);
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::array({"HI!", true, 1}));
    out = h.run_to_end(def);  // a new run loads it afresh, in its own globals
    EXPECT_EQ(out.result, json::array({"HI!", true, 1}));
}

}  // namespace
}  // namespace tocsin::lua::test
