#pragma once
// The e-mail trigger's sample messages: tests/email_trigger/fixtures/ and examples/email/.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace tocsin::test {

inline std::filesystem::path email_sample_path(const std::string& name) {
    const std::filesystem::path source(TOCSIN_SOURCE_DIR);
    for (const auto& dir : {source / "tests/email_trigger/fixtures", source / "examples/email"})
        if (std::filesystem::exists(dir / name))
            return dir / name;
    throw std::runtime_error("no e-mail sample named " + name);
}

// The file's bytes, exactly.
inline std::string email_sample(const std::string& name) {
    std::ifstream in(email_sample_path(name), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace tocsin::test
