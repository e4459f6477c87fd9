#include "tests/tutorial/tutorial_steps.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <stdexcept>

#include "tests/doc_snippets/markdown_blocks.hpp"

namespace tocsin::test {

std::vector<tutorial_step> tutorial_steps(const std::string& markdown) {
    std::vector<tutorial_step> out;
    std::set<std::string, std::less<>> seen;
    for (const auto& block : markdown_blocks(markdown)) {
        if (block.language != "sh")
            continue;
        if (!block.label || block.label->key != "tutorial-step")
            throw std::runtime_error("docs/tutorial.md:" + std::to_string(block.line) +
                                     ": a command block without <!-- tutorial-step: NAME -->");
        if (!seen.insert(block.label->value).second)
            throw std::runtime_error("docs/tutorial.md:" + std::to_string(block.line) + ": step '" +
                                     block.label->value + "' appears twice");
        out.push_back({block.label->value, block.body, block.line});
    }
    return out;
}

shell_result run_step_script(const std::string& script, const std::string& dir,
                             const std::string& env_file) {
    const auto file = dir + "/.tutorial-step.sh";
    {
        std::ofstream out(file);
        out << "set -euo pipefail\ncd '" << dir << "'\nsource '" << env_file << "'\n"
            << script << "\nexport -p > '" << env_file << "'\n";
    }
    const auto command = "bash '" + file + "' 2>&1 </dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        throw std::runtime_error("cannot start bash");
    shell_result result;
    char buffer[4096];
    while (const auto n = fread(buffer, 1, sizeof buffer, pipe))
        result.output.append(buffer, n);
    const int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

}  // namespace tocsin::test
