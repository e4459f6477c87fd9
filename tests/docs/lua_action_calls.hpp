#pragma once
// Finds the plugin action calls of a Lua source, `tocsin.<plugin>.<action>{…}` and
// `tocsin.<plugin>.<action>({…})`, with the keys written literally at the top level of the
// argument table (`key = value`). Test support for checking shipped playbooks against the
// action registry, as the Lua Language Server would against playbooks/types/tocsin.lua.
//
// What it reads, honestly: Lua's lexical grammar (comments, short and long strings, names,
// numbers, symbols), so text in strings and comments is never taken for a call. It does not
// evaluate anything: computed keys (`[k] = v`), tables built elsewhere and passed by name
// (`tocsin.a.b(input)`), and actions reached through a local alias
// (`local inc = tocsin.incidents; inc.get{…}`) are not checked. Run it on text that compiles
// (lua::check_syntax) first: on malformed Lua it reports what it can.

#include <string>
#include <string_view>
#include <vector>

namespace tocsin::test {

struct lua_action_call {
    std::string action;  // "incidents.create"
    int line = 0;        // of the `tocsin` token
    // True when the argument is a table constructor, so `keys` lists all its literal keys.
    bool literal_table = false;
    std::vector<std::string> keys;  // top-level `key = value` keys, in source order
};

std::vector<lua_action_call> find_lua_action_calls(std::string_view source);

}  // namespace tocsin::test
