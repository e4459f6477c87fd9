#pragma once
// What a docs code block marked `<!-- snippet: REF -->` must contain. REF is a path from the
// repository root, optionally with a region: `PATH#NAME`.
//
// - `PATH`: the whole file, without its region marker lines.
// - `PATH#NAME`: the lines between `snippet:start NAME` and the next `snippet:end` (markers in
//   any comment syntax: `-- snippet:start NAME`, `// snippet:start NAME`), without marker lines
//   of other regions inside, and with the indentation they share removed.
//
// A snippet must come from a file the test suite runs (snippet_tested_by), so that an example
// that stops working fails a test before a reader finds out.

#include <filesystem>
#include <string>
#include <string_view>

#include "engine/error.hpp"

namespace tocsin::test {

// The text REF names, or an error (not_found for a missing file or region, invalid_argument for
// an unbalanced marker) whose message names the file and line.
result<std::string> snippet_text(const std::filesystem::path& root, std::string_view reference);

// How the suite runs the file at `relative` (from `root`), e.g. "its test
// playbooks/samples/_tests/tag-new-incidents_test.lua"; empty when it is not run by any test.
std::string snippet_tested_by(const std::filesystem::path& root, const std::string& relative);

}  // namespace tocsin::test
