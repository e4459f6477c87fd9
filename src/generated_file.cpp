#include "src/generated_file.hpp"

#include <fstream>
#include <sstream>

#include "engine/error.hpp"

namespace tocsin::cli {

namespace fs = std::filesystem;

void write_generated(const fs::path& file, const std::string& text) {
    std::error_code ec;
    if (file.has_parent_path())
        fs::create_directories(file.parent_path(), ec);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        throw error(errc::unavailable, "cannot write '" + file.string() + "'");
}

std::string compare_generated(const fs::path& file, const std::string& text,
                              const std::string& regenerate) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return file.string() + " does not exist; run `" + regenerate + "`";
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string committed = buffer.str();
    if (committed == text)
        return {};
    std::size_t line = 1;
    for (std::size_t i = 0; i < std::min(committed.size(), text.size()) && committed[i] == text[i];
         ++i)
        line += committed[i] == '\n';
    return file.string() + " differs from the generated text from line " + std::to_string(line) +
           "; run `" + regenerate + "`";
}

}  // namespace tocsin::cli
