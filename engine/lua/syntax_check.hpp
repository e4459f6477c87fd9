#pragma once
// Compiles Lua source without running it, for checks of generated Lua (editor definitions) and
// tools that only need to know whether a file parses.

#include <string>
#include <string_view>

#include "engine/error.hpp"

namespace tocsin::lua {

// Ok when `source` is valid Lua 5.4 text; otherwise errc::invalid_argument with Lua's message
// ("chunk:LINE: …").
result<void> check_syntax(std::string_view source, const std::string& chunk_name);

}  // namespace tocsin::lua
