#pragma once
// Files of the source tree that tests load as they are: fixtures the docs quote.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace tocsin::test {

// The bytes of `relative` (a path from the repository root); throws naming a missing file.
inline std::string source_file(const std::string& relative) {
    const auto path = std::filesystem::path(TOCSIN_SOURCE_DIR) / relative;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path.string());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace tocsin::test
