#pragma once
// What a sandbox may reach beyond the allow-listed standard library: the playbook directories
// that `require` searches, and the natives under `tocsin`. Shared by loads and runs.
//
// The sandbox, for the record (built in sandbox.cpp):
//   base      assert error ipairs next pairs pcall xpcall rawequal rawget rawlen rawset select
//             setmetatable getmetatable tonumber tostring type _VERSION, load (text chunks only,
//             default env = the run's _ENV), print (-> ctx.log.info), require (playbook dirs)
//             absent: dofile loadfile collectgarbage warn loadstring string.dump
//   string table math utf8    complete except string.dump; string.find/match/gmatch/gsub/rep and
//             table.move are ports that charge their C loops to the instruction budget (same
//             results)
//   coroutine create resume running status wrap yield isyieldable (no close)
//   os        time date clock difftime only, answered by the run's clock_source; os.date and
//             os.time{...} always use UTC
//   json      null empty_array array encode decode
//   tocsin    the natives of the registry
//   absent    io debug package os.execute/getenv/exit/remove/rename/tmpname
// Every global table (libraries, json, tocsin, and the globals themselves) is a read-only proxy:
// assignment, rawset and setmetatable on it raise. A run's own globals live in a fresh _ENV whose
// __index is the read-only globals proxy.

#include <filesystem>
#include <memory>
#include <vector>

namespace tocsin::lua {

class native_registry;

struct sandbox_config {
    // Searched in order by require("a.b") for "a/b.lua". Names are [A-Za-z0-9_-] segments joined
    // by dots; the resolved file must stay inside the directory after resolving symlinks.
    std::vector<std::filesystem::path> module_dirs;
    std::shared_ptr<const native_registry> natives;  // may be null: `tocsin` is then empty
    std::size_t max_module_bytes = 1024 * 1024;
};

}  // namespace tocsin::lua
