#pragma once
// Live runs by id, so that natives (which see only a run id) find the run's scope. Natives are
// shared by every run (one lua::native_registry), hence the indirection.
// Thread-safety: all members may be called from any thread.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runner/run_scope.hpp"

namespace tocsin::runner {

class run_directory {
  public:
    void add(std::shared_ptr<run_scope> scope);
    void remove(std::string_view run_id);
    std::shared_ptr<run_scope> find(std::string_view run_id) const;
    std::size_t size() const;

  private:
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<run_scope>, std::less<>> runs_;  // guarded by mutex_
};

}  // namespace tocsin::runner
