#include "engine/runner/catalog.hpp"

#include <set>

#include <spdlog/spdlog.h>

#include "engine/error.hpp"

namespace tocsin::runner {

namespace fs = std::filesystem;

std::vector<fs::path> find_playbook_files(const std::vector<fs::path>& dirs) {
    std::vector<fs::path> out;
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec))
            continue;
        fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            const auto name = it->path().filename().string();
            const bool skip_dir = it->is_directory(ec) &&
                                  (name.starts_with("_") || name.starts_with(".") ||
                                   (it.depth() == 0 && (name == "types" || name == "templates")));
            if (skip_dir) {
                it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec) && it->path().extension() == ".lua" &&
                !name.starts_with("_") && !name.starts_with("."))
                out.push_back(it->path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

catalog::catalog(std::vector<fs::path> dirs, lua::load_options options)
    : dirs_(std::move(dirs)), options_(std::move(options)) {}

std::size_t catalog::refresh() {
    const auto files = find_playbook_files(dirs_);
    // Loading runs Lua; do it outside the lock, then swap results in.
    std::map<fs::path, file_state> next;
    std::size_t changed = 0;
    {
        std::lock_guard lock(mutex_);
        for (const auto& f : files)
            if (auto it = files_.find(f); it != files_.end())
                next[f] = it->second;
        changed = files_.size() - next.size();  // removed files
    }
    for (const auto& f : files) {
        std::error_code ec;
        const auto mtime = fs::last_write_time(f, ec);
        const auto size = fs::file_size(f, ec);
        if (ec)
            continue;
        auto it = next.find(f);
        if (it != next.end() && it->second.mtime == mtime && it->second.size == size)
            continue;
        file_state state{mtime, size, nullptr, {}};
        try {
            state.definition =
                std::make_shared<const lua::playbook_definition>(lua::load_playbook(f, options_));
            spdlog::info("playbook '{}' {} loaded from {}", state.definition->name,
                         state.definition->version, f.string());
        } catch (const std::exception& e) {
            state.error = e.what();
            spdlog::error("playbook skipped: {}", state.error);
        }
        next[f] = std::move(state);
        ++changed;
    }
    std::lock_guard lock(mutex_);
    files_ = std::move(next);
    return changed;
}

definition_ptr catalog::find(std::string_view name) const {
    std::lock_guard lock(mutex_);
    // Path order decides between two files declaring the same name: the first wins.
    for (const auto& [_, s] : files_)
        if (s.definition && s.definition->name == name)
            return s.definition;
    return nullptr;
}

std::vector<definition_ptr> catalog::all() const {
    std::lock_guard lock(mutex_);
    std::vector<definition_ptr> out;
    std::set<std::string, std::less<>> seen;
    for (const auto& [_, s] : files_)
        if (s.definition && seen.insert(s.definition->name).second)
            out.push_back(s.definition);
    return out;
}

std::vector<definition_ptr> catalog::with_trigger(lua::trigger_kind kind) const {
    std::vector<definition_ptr> out;
    for (auto& d : all())
        for (const auto& t : d->triggers)
            if (t.kind == kind) {
                out.push_back(d);
                break;
            }
    return out;
}

std::vector<load_problem> catalog::problems() const {
    std::lock_guard lock(mutex_);
    std::vector<load_problem> out;
    for (const auto& [f, s] : files_)
        if (!s.definition)
            out.push_back({f, s.error});
    return out;
}

}  // namespace tocsin::runner
