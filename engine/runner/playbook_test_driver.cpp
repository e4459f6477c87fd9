#include "engine/runner/playbook_test_driver.hpp"

#include <string>

#include "engine/error.hpp"
#include "engine/runner/playbook_test_session.hpp"

namespace tocsin::runner {
namespace {

using nlohmann::json;

// Written in Lua so that everything a test file supplies (stubs, setup, expectations) runs in
// the sandbox, under budgets, with no new C++ facing Lua. Its messages quote values the way a
// test author writes them: Lua table constructors.
constexpr std::string_view driver_source = R"lua(
local P = tocsin.playbook_test

-- Metatables that mark what stub.sequence, stub.error and stub.real are.
local SEQUENCE, ERROR, REAL = {}, {}, {}

-- The run the case's expectations look at; set once the playbook run has ended.
local current

-- Errors raised by the driver's own frames carry its chunk name; the author needs the rest.
local function clean(message)
  return (tostring(message):gsub("^tocsin%-test:%d+: ", ""))
end

local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

local function is_list(t)
  local n = 0
  for k in pairs(t) do
    if math.type(k) ~= "integer" or k < 1 then return false end
    n = n + 1
  end
  return n > 0 and n == #t
end

local function by_text(a, b) return tostring(a) < tostring(b) end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, by_text)
  return keys
end

local function show(v, depth)
  depth = depth or 0
  if v == json.null then return "null" end
  local kind = type(v)
  if kind == "string" then
    local text = #v > 200 and v:sub(1, 200) or v
    text = text:gsub('[%c"\\]', function(c) return escapes[c] or ("\\%03d"):format(c:byte()) end)
    return '"' .. text .. (#v > 200 and '…"' or '"')
  end
  if kind ~= "table" then return tostring(v) end
  if getmetatable(v) == ERROR then
    return "stub.error(" .. show(v.code) .. ", " .. show(v.message) .. ")"
  end
  if getmetatable(v) == REAL then return "stub.real" end
  if depth >= 4 then return "{…}" end
  local parts = {}
  if is_list(v) then
    for i = 1, math.min(#v, 20) do parts[i] = show(v[i], depth + 1) end
    if #v > 20 then parts[#parts + 1] = "…" end
    return "{" .. table.concat(parts, ", ") .. "}"
  end
  local keys = sorted_keys(v)
  for i = 1, math.min(#keys, 20) do
    local k = keys[i]
    local key = (type(k) == "string" and k:match("^[%a_][%w_]*$")) and k
      or "[" .. show(k, depth + 1) .. "]"
    parts[i] = key .. " = " .. show(v[k], depth + 1)
  end
  if #keys > 20 then parts[#parts + 1] = "…" end
  return "{" .. table.concat(parts, ", ") .. "}"
end

local function same(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do
    if not same(v, b[k]) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

local function key_path(k)
  if type(k) == "string" and k:match("^[%a_][%w_]*$") then return "." .. k end
  return "[" .. show(k) .. "]"
end

-- Where `actual` does not fit `shape` (tables match by key, recursively; extra keys are fine):
-- nil when it fits, else the path, the value found there and the one wanted.
local function misfit(actual, shape, path)
  if type(shape) ~= "table" or getmetatable(shape) == ERROR then
    if same(actual, shape) then return nil end
    return path, actual, shape
  end
  if type(actual) ~= "table" then return path, actual, shape end
  for _, k in ipairs(sorted_keys(shape)) do
    local p, got, wanted = misfit(actual[k], shape[k], path .. key_path(k))
    if p then return p, got, wanted end
  end
  return nil
end

local function note(message)
  return message ~= nil and (tostring(message) .. ": ") or ""
end

------------------------------------------------------------------------------------------------
-- expect: every check raises at the line that called it.

local E = {}

function E.eq(actual, expected, message)
  if not same(actual, expected) then
    error(note(message) .. "expected " .. show(expected) .. ", got " .. show(actual), 2)
  end
end

function E.ne(actual, unexpected, message)
  if same(actual, unexpected) then
    error(note(message) .. "expected anything but " .. show(unexpected), 2)
  end
end

function E.truthy(value, message)
  if not value then
    error(note(message) .. "expected a true value, got " .. show(value), 2)
  end
end

function E.falsy(value, message)
  if value then
    error(note(message) .. "expected false or nil, got " .. show(value), 2)
  end
end

function E.like(actual, shape, message)
  local path, got, wanted = misfit(actual, shape, "")
  if path then
    local at = path == "" and "" or ("at " .. path:sub(path:sub(1, 1) == "." and 2 or 1) .. ": ")
    error(note(message) .. at .. "expected " .. show(wanted) .. ", got " .. show(got)
      .. (path == "" and "" or (" (in " .. show(actual) .. ")")), 2)
  end
end

function E.contains(haystack, needle, message)
  if type(haystack) == "string" and type(needle) == "string" then
    if haystack:find(needle, 1, true) then return end
  elseif type(haystack) == "table" then
    for _, v in pairs(haystack) do
      if same(v, needle) then return end
    end
  end
  error(note(message) .. "expected " .. show(haystack) .. " to contain " .. show(needle), 2)
end

function E.match(text, pattern, message)
  if type(text) ~= "string" or not text:find(pattern) then
    error(note(message) .. "expected " .. show(text) .. " to match the pattern " .. show(pattern), 2)
  end
end

function E.fail(message)
  error(tostring(message or "failed"), 2)
end

local function the_run(helper)
  if current == nil then
    error("expect." .. helper .. " looks at the case's run: call it from expect = function(run) … end", 3)
  end
  return current
end

local function status_problem(run, wanted)
  if run.status == wanted then return nil end
  return "expected the run to end " .. show(wanted) .. ", but it ended " .. show(run.status)
    .. (run.error and (": " .. run.error) or "")
end

function E.status(wanted, message)
  local problem = status_problem(the_run("status"), wanted)
  if problem then error(note(message) .. problem, 2) end
end

-- "notify.post" also names the calls of its instances, "notify:oncall.post".
local function name_fits(call_name, wanted)
  if call_name == wanted then return true end
  return not wanted:find(":", 1, true) and call_name:gsub(":[^.]*", "", 1) == wanted
end

local function calls_of(run, name, shape)
  local fitting, named = {}, {}
  for _, c in ipairs(run.calls) do
    if name_fits(c.name, name) then
      named[#named + 1] = c
      if shape == nil or misfit(c.input, shape, "") == nil then fitting[#fitting + 1] = c end
    end
  end
  return fitting, named
end

local function list_calls(run)
  if #run.calls == 0 then return "no action was called" end
  local names = {}
  for i, c in ipairs(run.calls) do names[i] = c.name end
  return "calls: " .. table.concat(names, ", ")
end

function E.called(name, shape, message)
  local run = the_run("called")
  local fitting, named = calls_of(run, name, shape)
  if #fitting > 0 then return fitting[1] end
  if #named == 0 then
    error(note(message) .. "expected a call of " .. name .. ", but there was none ("
      .. list_calls(run) .. ")", 2)
  end
  local inputs = {}
  for i, c in ipairs(named) do inputs[i] = show(c.input) end
  error(note(message) .. "expected a call of " .. name .. " with input like " .. show(shape)
    .. ", but its " .. #named .. " call(s) had input " .. table.concat(inputs, "; "), 2)
end

function E.not_called(name, shape, message)
  local fitting = calls_of(the_run("not_called"), name, shape)
  if #fitting > 0 then
    error(note(message) .. "expected no call of " .. name
      .. (shape ~= nil and (" with input like " .. show(shape)) or "")
      .. ", but it was called with " .. show(fitting[1].input), 2)
  end
end

function E.call_count(name, count, message)
  local _, named = calls_of(the_run("call_count"), name, nil)
  if #named ~= count then
    error(note(message) .. "expected " .. count .. " call(s) of " .. name .. ", got " .. #named, 2)
  end
end

function E.logged(text, level, message)
  local run = the_run("logged")
  for _, line in ipairs(run.logs) do
    if (level == nil or line.level == level) and line.message:find(text, 1, true) then
      return line
    end
  end
  local lines = {}
  for i, line in ipairs(run.logs) do lines[i] = line.level .. ": " .. line.message end
  error(note(message) .. "expected a " .. (level or "log") .. " line containing " .. show(text)
    .. (#lines > 0 and (", got:\n  " .. table.concat(lines, "\n  ")) or ", but the run logged nothing"), 2)
end

------------------------------------------------------------------------------------------------
-- stub: answers that are not a plain result.

local S = {}

function S.sequence(...)
  return setmetatable({ n = select("#", ...), ... }, SEQUENCE)
end

-- Not a stub: the action runs for real, on the case's temporary store.
S.real = setmetatable({}, REAL)

function S.error(code, message, field)
  if type(code) ~= "string" then
    error("stub.error: the first argument is an error code such as \"not_found\"", 2)
  end
  return setmetatable({ code = code, message = message, field = field }, ERROR)
end

-- Raises when `value` cannot cross to the engine as JSON, naming what it is.
local function as_data(value, what)
  local ok, problem = pcall(json.encode, value)
  if not ok then
    error(what .. " is not data: " .. clean(problem):gsub("^json%.encode: ", ""), 0)
  end
end

-- The answer of stub `s` for a call: output, or nil and an error table.
local function answer_of(s, input, call)
  local mt = getmetatable(s)
  if mt == SEQUENCE then
    if call.count > s.n then
      error(call.name .. " was called " .. call.count .. " times, but its stub.sequence has "
        .. s.n .. " answer(s)", 0)
    end
    local item = s[call.count]
    if getmetatable(item) == SEQUENCE or getmetatable(item) == REAL then
      error("the stub of " .. call.name .. ": a stub.sequence holds answers, not "
        .. show(item), 0)
    end
    return answer_of(item, input, call)
  end
  if mt == ERROR then return nil, s end
  if type(s) ~= "function" then return s end
  local ok, output, err = pcall(s, input, call)
  if not ok then
    error("the stub of " .. call.name .. " raised an error: " .. clean(output), 0)
  end
  if getmetatable(output) == ERROR then return nil, output end
  if output ~= nil then return output end
  if err ~= nil and type(err) ~= "table" then
    error("the stub of " .. call.name .. " returned nil, " .. show(err)
      .. "; an error is a table { code = …, message = … } or stub.error(code, message)", 0)
  end
  return nil, err
end

-- Runs the playbook, answering its calls, and returns the run as run_view() describes it.
local function play(case, spec)
  local ev, problem = P.start(spec)
  local counts = {}
  while true do
    if ev == nil then error(problem.message, 0) end
    if ev.event == "done" then return ev.run end
    local key, s = ev.name, case.actions and case.actions[ev.name]
    if s == nil and case.actions then key, s = ev.action, case.actions[ev.action] end
    if s == nil then
      error(ev.name .. " was called, but the case has no stub for it (input: " .. show(ev.input)
        .. ")", 0)
    end
    counts[key] = (counts[key] or 0) + 1
    local output, failure = answer_of(s, ev.input, { name = key, action = ev.action, count = counts[key] })
    local reply = { id = ev.id }
    if failure ~= nil then
      reply.error = { code = failure.code, message = failure.message, field = failure.field,
                      retryable = failure.retryable }
    else
      as_data(output, "the answer of the stub of " .. key)
      reply.output = output
    end
    ev, problem = P.reply(reply)
  end
end

------------------------------------------------------------------------------------------------
-- cases

local FIELDS = { "actions", "description", "expect", "limits", "params", "setup", "store",
                 "trigger", "trigger_kind" }
local TYPES = { actions = "table", description = "string", expect = "function", limits = "table",
                params = "table|function", setup = "function", store = "string",
                trigger = "table|function", trigger_kind = "string" }

local function check_case(name, case)
  local label = "case " .. show(name)
  if type(case) ~= "table" then error(label .. " must be a table, got " .. show(case), 0) end
  for k, v in pairs(case) do
    if TYPES[k] == nil then
      error(label .. " has an unknown field " .. show(k) .. " (fields: "
        .. table.concat(FIELDS, ", ") .. ")", 0)
    end
    local fits = false
    for allowed in TYPES[k]:gmatch("[^|]+") do fits = fits or type(v) == allowed end
    if not fits then
      error(label .. ": " .. k .. " must be a " .. TYPES[k]:gsub("|", " or ") .. ", got a "
        .. type(v), 0)
    end
  end
  if case.store ~= nil and case.store ~= "temporary" then
    error(label .. ": store must be \"temporary\" (or absent: every action is stubbed)", 0)
  end
  if case.setup ~= nil and case.store == nil then
    error(label .. ": setup needs store = \"temporary\" (it prepares the store the playbook runs on)", 0)
  end
  for k in pairs(case.actions or {}) do
    if type(k) ~= "string" then
      error(label .. ": actions are keyed by action name, e.g. [\"incidents.create\"], got "
        .. show(k), 0)
    end
  end
end

local function case_names(cases, file)
  local names = {}
  for k in pairs(cases) do
    if type(k) ~= "string" or k == "" then
      error(file .. ": cases are keyed by their name, got the key " .. show(k), 0)
    end
    names[#names + 1] = k
  end
  if #names == 0 then error(file .. ": the test file has no cases", 0) end
  table.sort(names)
  return names
end

local function run_case(case)
  local fixture
  if case.setup then fixture = case.setup() end
  local trigger, params = case.trigger, case.params
  if type(trigger) == "function" then trigger = trigger(fixture) end
  if type(params) == "function" then params = params(fixture) end
  as_data(trigger, "the case's trigger")
  as_data(params, "the case's params")
  as_data(case.limits, "the case's limits")
  local stubbed, real = {}, {}
  for k, v in pairs(case.actions or {}) do
    local list = getmetatable(v) == REAL and real or stubbed
    list[#list + 1] = k
  end
  local run = play(case, {
    trigger = trigger, params = params, trigger_kind = case.trigger_kind, limits = case.limits,
    stubs = json.array(stubbed), real = json.array(real), store = case.store == "temporary",
  })
  run.setup = fixture
  current = run
  if case.expect then
    case.expect(run)
  else
    local problem = status_problem(run, "succeeded")
    if problem then error(problem, 0) end
  end
end

return {
  name = "tocsin-test",
  version = "1",
  description = "Runs the cases of a playbook test file",
  triggers = { "manual" },
  params = {
    source = { type = "text", required = true, description = "the test file's text" },
    chunk = { type = "string", required = true, description = "its chunk name, @path" },
    case = { type = "string", description = "the case to run; none: list the cases" },
  },
  run = function(ctx)
    expect, stub = E, S
    local p = ctx.params
    local file = p.chunk:sub(2)
    local chunk, problem = load(p.source, p.chunk)
    if not chunk then error(problem, 0) end
    local cases = chunk()
    if type(cases) ~= "table" then
      error(file .. ": a test file returns a table of cases, { [\"name\"] = { … } }, not "
        .. show(cases), 0)
    end
    if p.case == nil then return { cases = json.array(case_names(cases, file)) } end
    local case = cases[p.case]
    if case == nil then error(file .. ": no case named " .. show(p.case), 0) end
    check_case(p.case, case)
    run_case(case)
    return { passed = true }
  end,
}
)lua";

json one_table(const lua::native_call& call) {
    const auto& args = call.args();
    if (args.size() != 1 || !(args[0].is_object() || (args[0].is_array() && args[0].empty())))
        throw error(errc::invalid_argument, "expects one table argument");
    return args[0].is_object() ? args[0] : json::object();
}

std::shared_ptr<playbook_test_session> session_of(const playbook_test_sessions& sessions,
                                                  const lua::native_call& call) {
    auto session = sessions.find(call.run_id());
    if (!session)
        throw error(errc::unavailable, "only the playbook test driver may call this");
    return session;
}

}  // namespace

void add_playbook_test_natives(lua::native_registry& natives,
                               std::shared_ptr<const playbook_test_sessions> sessions) {
    natives.add("tocsin.playbook_test.start", [sessions](lua::native_call& call) {
        return session_of(*sessions, call)->start(one_table(call), call);
    });
    natives.add("tocsin.playbook_test.reply", [sessions](lua::native_call& call) {
        return session_of(*sessions, call)->reply(one_table(call), call);
    });
}

lua::playbook_definition load_playbook_test_driver(
    std::shared_ptr<const lua::native_registry> natives) {
    lua::load_options options;
    options.sandbox.natives = std::move(natives);
    return lua::load_playbook_source(std::string(driver_source),
                                     std::string(playbook_test_driver_chunk), options);
}

}  // namespace tocsin::runner
