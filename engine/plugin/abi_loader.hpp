#pragma once
// Shared-library plugins through the versioned C ABI of include/tocsin/plugin_abi.h. A library
// is opened with dlopen(RTLD_NOW | RTLD_LOCAL), its tocsin_plugin_entry() asked for a descriptor,
// and each C action adapted into an action_descriptor whose handler calls the C invoke() and
// turns the C completion back into a plugin::completion. Libraries are never unloaded (a plugin
// thread may still run library code after its last completion).

#include <filesystem>
#include <string>
#include <vector>

#include "engine/plugin/registry.hpp"

namespace tocsin::plugin {

// Loads one library. Throws tocsin::error: errc::unsupported when its ABI version differs from
// the engine's ("... built for plugin ABI version 2; this engine supports version 1"),
// errc::invalid_argument for a malformed descriptor or schema, errc::not_found when the file
// cannot be opened or has no entry point. Messages name the file.
plugin_descriptor load_shared_plugin(const std::filesystem::path& file);

struct library_problem {
    std::filesystem::path file;
    error_info error;
};

struct directory_load {
    std::vector<std::filesystem::path> loaded;
    std::vector<library_problem> refused;
};

// Loads every "*.so" file of `dir` (sorted by name) into `plugins`. A library that fails (bad
// ABI version, duplicate name, …) is reported in `refused` and skipped; the others load. A
// missing directory is errc::config.
directory_load load_plugin_directory(registry& plugins, const std::filesystem::path& dir);

}  // namespace tocsin::plugin
