#pragma once
// The loaded playbooks: every *.lua under the configured directories, recursively, except the
// `types` folder at the top of a directory (editor definitions), the `templates` folder at the
// top of a directory (the playbook catalog of `tocsin templates`, live only once enabled, which
// copies one out), and files or folders whose name
// starts with `_` (helper modules for require). Invalid files are logged with file:line and
// skipped; they never stop the engine.
//
// refresh() re-scans: files whose mtime or size changed are loaded again, removed files drop out.
// Definitions are immutable and shared: a run keeps the one it started with however often the
// file changes afterwards.
// Thread-safety: every member may be called from any thread.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/lua/playbook.hpp"

namespace tocsin::runner {

using definition_ptr = std::shared_ptr<const lua::playbook_definition>;

struct load_problem {
    std::filesystem::path file;
    std::string message;  // "<file>:<line>: <what>"
};

// The playbook files of `dirs`, in path order, by the rules above.
std::vector<std::filesystem::path> find_playbook_files(
    const std::vector<std::filesystem::path>& dirs);

class catalog {
  public:
    catalog(std::vector<std::filesystem::path> dirs, lua::load_options options);

    // Loads new and changed files, drops removed ones. Returns how many definitions changed.
    std::size_t refresh();

    definition_ptr find(std::string_view name) const;
    // Playbooks with a trigger of `kind`, by name.
    std::vector<definition_ptr> with_trigger(lua::trigger_kind kind) const;
    std::vector<definition_ptr> all() const;
    std::vector<load_problem> problems() const;

  private:
    struct file_state {
        std::filesystem::file_time_type mtime;
        std::uintmax_t size = 0;
        definition_ptr definition;  // null when the file failed to load
        std::string error;
    };

    const std::vector<std::filesystem::path> dirs_;
    const lua::load_options options_;
    mutable std::mutex mutex_;
    std::map<std::filesystem::path, file_state> files_;  // guarded by mutex_
};

}  // namespace tocsin::runner
