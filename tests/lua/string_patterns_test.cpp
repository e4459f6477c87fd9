// The sandbox's string.find/match/gmatch/gsub (a step-counted port of Lua's matcher) and its
// string.rep and table.move (ports that count their loops): patterns that backtrack for hours in
// stock Lua end on the run's CPU budget like any loop, and everything else answers exactly as
// stock Lua 5.4 does. The expected values below were produced by the stock string and table
// libraries of Lua 5.4.4.

#include <chrono>
#include <cstdint>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "tests/lua/lua_harness.hpp"

namespace tocsin::lua::test {
namespace {

// Big enough for the subjects the bodies build (string.rep is charged too), far too small for
// the backtracking they then ask for.
constexpr std::uint64_t pattern_budget = 2'000'000;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

run_outcome expect_cpu_limit(const std::string& body) {
    harness h;
    h.limits.instructions = pattern_budget;
    const auto out = h.run_body(body);
    EXPECT_EQ(out.state, run_state::failed) << body;
    EXPECT_EQ(out.limit, limit_kind::cpu) << body << "\n  error: " << out.error;
    EXPECT_EQ(out.error, "instruction limit of 2000000 exceeded") << body;
    return out;
}

TEST(SandboxEscape, BacktrackingPatternsHitTheCpuLimit) {
    // Each stops inside the matcher (the traceback's top frame), not in string.rep before it.
    struct attack {
        const char* body;
        const char* stopped_in;
    };
    const attack attacks[] = {
        {"return string.find(string.rep('a', 200000), string.rep('a*', 30) .. 'b')", "string.find"},
        {"return ('a'):rep(1e5):match('(.-)(.-)(.-)(.-)(.-)x')", "string.match"},
        {"for x in string.gmatch(string.rep('a', 200000), string.rep('a*', 30) .. 'b') do end",
         "for iterator"},
        {"return (string.gsub(string.rep('a', 200000), string.rep('a*', 30) .. 'b', ''))",
         "string.gsub"},
        {"return string.find(string.rep('(', 100000), '%b()')", "string.find"},
        {"return string.find(string.rep('a', 100000), '(a*)%1b')", "string.find"},
        // Plain find is quadratic too when the needle nearly matches everywhere.
        {"return string.find(string.rep('a', 400000), string.rep('a', 200000) .. 'b', 1, true)",
         "string.find"},
    };
    for (const auto& a : attacks) {
        const auto out = expect_cpu_limit(a.body);
        EXPECT_TRUE(contains(out.traceback, a.stopped_in)) << a.body << "\n" << out.traceback;
    }
}

TEST(SandboxEscape, PatternOverrunsTheBudgetByAtMostOneHookInterval) {
    const auto out = expect_cpu_limit(
        "return string.find(string.rep('a', 200000), string.rep('a*', 30) .. 'b')");
    EXPECT_GT(out.instructions, pattern_budget);
    EXPECT_LE(out.instructions, pattern_budget + 1000);  // the hook's own granularity
}

TEST(SandboxEscape, PatternCpuLimitCannotBeSwallowedByPcall) {
    expect_cpu_limit(
        "local s, p = string.rep('a', 200000), string.rep('a*', 30) .. 'b'\n"
        "while true do pcall(string.find, s, p) end");
    expect_cpu_limit(
        "local s = string.rep('a', 200000)\n"
        "while true do pcall(function() for _ in s:gmatch('a*a*a*a*a*a*a*a*b') do end end) end");
}

TEST(SandboxEscape, WallClockEndsALongPatternWhenTheCpuBudgetIsLarge) {
    harness h;
    h.limits.instructions = 1'000'000'000'000;
    h.limits.wall_clock = std::chrono::milliseconds{50};
    const auto out = h.run_body("return ('a'):rep(1e5):match('(.-)(.-)(.-)(.-)(.-)x')");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_EQ(out.limit, limit_kind::wall_clock) << out.error;
}

TEST(SandboxEscape, CLoopsThatAllocateNothingHitTheCpuLimit) {
    // Stock string.rep copies an empty string 2^62 times; the sandbox's returns at once.
    harness h;
    h.limits.instructions = pattern_budget;
    const auto out = h.run_body(
        "return { #string.rep('', 1 << 62), #string.rep('', 1 << 62, ''), #('x'):rep(3) }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::array({0, 0, 3}));
    // table.move over nils allocates nothing either.
    expect_cpu_limit("return table.move({}, 1, 1 << 62, 1, {})");
    expect_cpu_limit("while true do pcall(table.move, {}, 1, 1 << 40, 1) end");
}

// Lua expressions over `s` and the results stock Lua 5.4.4 gives them, joined by commas.
struct pattern_case {
    const char* expression;
    const char* expected;
};

const pattern_case pattern_cases[] = {
    {R"(string.find(s, '(%w+)%s*=%s*(%w+)'))", "1,9,key,value"},
    {R"(s:find('()(%d+)()'))", "20,21,20,42,22"},
    {R"(s:match('%b()'))", "(nested (parens))"},
    {R"(s:find('%f[%a]%u+'))", "42,44"},
    {R"(s:find('^key'), s:find('^value'), s:find('END$'), s:find('E$'))", "1,nil,46,nil"},
    {R"(s:gsub('%w+', '<%0>', 2))", "<key>=<value>; other = 42; (nested (parens)) THE END,2"},
    {R"(s:gsub('(%w+)=(%w+)', '%2=%1'))", "value=key; other = 42; (nested (parens)) THE END,1"},
    {R"(s:gsub('%a+', { key = 'K', other = false, THE = 3 }))",
     "K=value; other = 42; (nested (parens)) 3 END,7"},
    {R"(s:gsub('%d+', function(d) return tonumber(d) * 2 end))",
     "key=value; other = 84; (nested (parens)) THE END,1"},
    {R"(s:gsub('%s', function() end))", "key=value; other = 42; (nested (parens)) THE END,7"},
    {R"(('abc'):gsub('', '-'))", "-a-b-c-,4"},
    {R"(('abc'):gsub('^', '>'))", ">abc,1"},
    {R"(string.gsub('hello world', 'o', '0', 1))", "hell0 world,1"},
    {R"(all(s:gmatch('(%w+)%s*=%s*(%w+)')))", "key,value;other,42"},
    {R"(all(('a,b,,c'):gmatch('([^,]*)')))", "a,nil;b,nil;,nil;c,nil"},
    {R"(all(('one two'):gmatch('()%a+()')))", "1,4;5,8"},
    {R"(all(('x1 y2 z3'):gmatch('%a%d', 3)))", "y2,nil;z3,nil"},
    {R"(s:find('=', 5), s:find('=', 5, true))", "18,18,18"},
    {R"(s:find('E', -5), s:match('%a+', -3))", "44,END"},
    {R"(s:find('(', 1, true), s:find('.', 1, true), s:find('(n', 1, true), s:find('%w', 1, true))",
     "24,nil,24,nil"},
    {R"(s:find('o', 100), s:find('', 100), s:find('', #s + 1), s:find('', 0))", "nil,nil,49,1,0"},
    {R"(('hello'):match('(h)(e)(l)(l)(o)'))", "h,e,l,l,o"},
    {R"(('  trim me  '):match('^%s*(.-)%s*$'))", "trim me"},
    {R"(('abcabc'):find('(abc)%1'), ('abcabd'):find('(abc)%1'))", "1,nil"},
    {R"(('THE (quick) fox'):find('%((%a+)%)'))", "5,11,quick"},
    {R"(('[10.0.0.1]'):match('%[(%d+)%.(%d+)%.(%d+)%.(%d+)%]'))", "10,0,0,1"},
    {R"(('aaa'):match('a-b'), ('aaab'):match('a-b'), ('aaab'):match('^a-$'), ('ab'):match('a?b?c?'))",
     "nil,aaab,nil,ab"},
    {R"(('f(a(b)c)d'):gsub('%b()', '[]'))", "f[]d,1"},
    {R"(pcall(string.find, 'a', '%'))", "false,malformed pattern (ends with '%')"},
    {R"(pcall(string.match, 'a', '(()'))", "false,unfinished capture"},
    {R"(pcall(string.gsub, 'a', '(a)', '%2'))", "false,invalid capture index %2"},
    {R"(pcall(string.gsub, 'a', 'a', true))",
     "false,bad argument #3 to 'string.gsub' (string/function/table expected, got boolean)"},
    {R"(pcall(string.rep))",
     "false,bad argument #1 to 'string.rep' (string expected, got no value)"},
    {R"(string.rep('ab', 3, ','), string.rep('', 5), string.rep('x', 0), string.rep('', 3, '-'))",
     "ab,ab,ab,,,--"},
    {R"(table.unpack(table.move({ 1, 2, 3 }, 1, 3, 2)))", "1,1,2,3"},
    {R"(table.unpack(table.move({ 1, 2, 3 }, 2, 3, 1, { 'a', 'b', 'c' })))", "2,3,c"},
};

TEST(StringPatterns, AnswerAsStockLuaDoes) {
    std::string body =
        "local function pack(...)\n"
        "  local t = {}\n"
        "  for i = 1, select('#', ...) do t[i] = tostring((select(i, ...))) end\n"
        "  return table.concat(t, ',')\n"
        "end\n"
        "local function all(iter)\n"
        "  local t = {}\n"
        "  for a, b in iter do t[#t + 1] = pack(a, b) end\n"
        "  return table.concat(t, ';')\n"
        "end\n"
        "local s = 'key=value; other = 42; (nested (parens)) THE END'\n"
        "return {\n";
    for (const auto& c : pattern_cases)
        body += "  pack(" + std::string(c.expression) + "),\n";
    body += "}";
    harness h;
    const auto out = h.run_body(body);
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    ASSERT_EQ(out.result.size(), std::size(pattern_cases)) << out.result;
    for (std::size_t i = 0; i < std::size(pattern_cases); ++i) {
        EXPECT_EQ(out.result[i], pattern_cases[i].expected) << pattern_cases[i].expression;
    }
}

TEST(StringPatterns, OrdinaryTextProcessingFitsTheDefaultBudget) {
    // 20,000 log lines (1.2 MB) scanned four ways: the charge is a fraction of the default budget.
    harness h;
    h.limits = lua::limits{};
    const auto out = h.run_body(
        "local log = string.rep('2024-01-01 host=web01 user=alice action=login ip=10.0.0.1\\n',"
        " 20000)\n"
        "local logins, users = 0, {}\n"
        "for line in log:gmatch('[^\\n]+') do\n"
        "  local user = line:match('user=(%w+)')\n"
        "  users[user] = true\n"
        "  if line:find('login', 1, true) then logins = logins + 1 end\n"
        "end\n"
        "local masked, n = log:gsub('ip=(%d+)%.(%d+)%.%d+%.%d+', 'ip=%1.%2.x.x')\n"
        "return { logins, n, #masked, users.alice }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::array({20000, 20000, 1160000, true}));
    EXPECT_LT(out.instructions, lua::limits{}.instructions / 2);
}

}  // namespace
}  // namespace tocsin::lua::test
