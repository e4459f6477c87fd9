#pragma once
// The steps of docs/tutorial.md: its ```sh blocks, each labelled `<!-- tutorial-step: NAME -->`,
// in the order a reader meets them.

#include <cstddef>
#include <string>
#include <vector>

namespace tocsin::test {

struct tutorial_step {
    std::string name;
    std::string script;  // the block's lines, as the reader types them
    std::size_t line = 0;
};

// Throws std::runtime_error for a command block without a step label, or a name used twice.
std::vector<tutorial_step> tutorial_steps(const std::string& markdown);

// Runs `script` with bash in `dir`, after the lines of `env_file` (exports carried over from the
// earlier steps), and saves the exports it leaves back into `env_file`, as a reader's terminal
// keeps them. Output is stdout and stderr together.
struct shell_result {
    int status = -1;
    std::string output;
};
shell_result run_step_script(const std::string& script, const std::string& dir,
                             const std::string& env_file);

}  // namespace tocsin::test
