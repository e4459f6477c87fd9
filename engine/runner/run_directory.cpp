#include "engine/runner/run_directory.hpp"

namespace tocsin::runner {

void run_directory::add(std::shared_ptr<run_scope> scope) {
    std::lock_guard lock(mutex_);
    runs_[scope->run_id] = std::move(scope);
}

void run_directory::remove(std::string_view run_id) {
    std::lock_guard lock(mutex_);
    if (auto it = runs_.find(run_id); it != runs_.end())
        runs_.erase(it);
}

std::shared_ptr<run_scope> run_directory::find(std::string_view run_id) const {
    std::lock_guard lock(mutex_);
    const auto it = runs_.find(run_id);
    return it == runs_.end() ? nullptr : it->second;
}

std::size_t run_directory::size() const {
    std::lock_guard lock(mutex_);
    return runs_.size();
}

}  // namespace tocsin::runner
