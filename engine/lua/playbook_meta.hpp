#pragma once
// Internal to engine/lua: turning the table a playbook returns into a playbook_definition, with
// errors that name the file and the line. Lua keeps no line for table fields, so the line is found
// lexically: the first assignment of the field in the source (comments and strings skipped).

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/lua/playbook.hpp"

namespace tocsin::lua::detail {

class source_lines {
  public:
    explicit source_lines(std::string_view source);

    // Line of the assignment to path[0] ("name =" or ["name"] =), then of path[1] after it, and
    // so on; the deepest one found, 0 when not even path[0] is.
    int field(std::initializer_list<std::string_view> path) const;
    // Line of the first string literal equal to `value` after the assignment to `after`.
    int string_after(std::string_view after, std::string_view value) const;
    // Line of the last `return` keyword: where the playbook table is returned.
    int last_return() const;

  private:
    enum class token_kind { name, string, symbol };
    struct token {
        token_kind kind;
        std::string_view text;
        int line;
    };
    std::size_t find_assignment(std::string_view key, std::size_t from) const;
    std::vector<token> tokens_;
};

// "<path>:<line>: <message>", or "<path>: <message>" when line is 0.
std::string at_line(const std::string& path, int line, const std::string& message);

// Fills name, version, description, triggers and params of `out` from the returned table's fields
// (all but `run`, as JSON) and the Lua type name of `run`. Throws tocsin::error(invalid_argument).
void validate_metadata(playbook_definition& out, const nlohmann::json& fields,
                       std::string_view run_type, const source_lines& lines,
                       const std::string& path);

}  // namespace tocsin::lua::detail
