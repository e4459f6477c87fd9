#pragma once
// A checker of the Lua Language Server annotations that luals_definitions() writes
// (engine/runner/luals_definitions.hpp, playbooks/types/tocsin.lua). LuaLS itself cannot run in
// CI (not packaged), so this reads the same subset by LuaLS's grammar and reports what LuaLS
// would misread or leave unresolved:
//  - tags: @meta, @class NAME[: PARENT, …], @field [scope] NAME[?] TYPE [text],
//    @field [TYPE] TYPE [text] (index fields), @param NAME[?] TYPE [text],
//    @return TYPE [name] [text], @alias NAME TYPE, @type TYPE; any other tag (and the `---|`
//    continuation of multi-line aliases) is outside the subset and reported;
//  - types: dotted names, "string literals", unions `A|B`, arrays `T[]`, optional `T?`,
//    `(T)`, `table<K, V>` and `fun(a: T, ...: T)[: R]` (one return type);
//  - every referenced type name is a class or alias of the text or a LuaLS builtin;
//  - no class or alias is defined twice, no class has the same field twice, a @field follows a
//    @class in the same comment block;
//  - @param names are parameters of the function the block documents; every
//    `function tocsin.<plugin>.<action>(input) end` has exactly one `@param input` of the
//    existing class tocsin.<plugin>.<action>.Input and two @return lines (result|nil, then
//    TocsinError|nil err).
// It does not check what LuaLS infers from code, descriptions, or whether the classes describe
// the engine's actual values (the generator's own tests do that).

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::test::luals {

struct problem {
    int line = 0;
    std::string message;
};

struct class_def {
    int line = 0;
    std::vector<std::string> parents;
    std::vector<std::string> fields;  // keys as written: "name", "[string]"
};

struct definitions {
    std::map<std::string, class_def> classes;
    std::set<std::string> aliases;
    std::vector<problem> problems;

    // The fields of `name` and of the classes it inherits from.
    std::set<std::string> fields_of(const std::string& name) const;
};

// Parses `text` (a whole ---@meta file) and collects every problem.
definitions check(std::string_view text);

// The annotations of a playbook (`---@type TocsinPlaybook`, `---@param ctx
// TocsinIncidentContext`): the same tag and type grammar, with type names resolved against
// `library` (the checked definitions) as well; @param lines need not precede a
// `function NAME()` statement, since they document table fields such as `run = function(ctx)`.
std::vector<problem> check_playbook(std::string_view source, const definitions& library);

// "line N: message" lines, for test output.
std::string describe(const std::vector<problem>& problems);

}  // namespace tocsin::test::luals
