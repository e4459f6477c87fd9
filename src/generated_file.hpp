#pragma once
// Output of the generators (`tocsin plugins docs|luals`, `tocsin config docs`): printed, written
// to a file, or compared with a committed file so CI can tell when the file has drifted.

#include <filesystem>
#include <string>

namespace tocsin::cli {

// Writes `text` to `file`, creating its directory; throws tocsin::error on failure.
void write_generated(const std::filesystem::path& file, const std::string& text);

// Empty when `file` holds exactly `text`; otherwise one line saying how it differs ("does not
// exist", "differs from line 12") and the command that regenerates it.
std::string compare_generated(const std::filesystem::path& file, const std::string& text,
                              const std::string& regenerate);

}  // namespace tocsin::cli
