#pragma once
// How an action call finds the playbook test case it belongs to. The registry a test runs the
// playbook with is the real one with every handler wrapped: the wrapper looks the calling run up
// (action_call::actor.id is the run id) and, when the case answers that action, hands the call
// to the case (a stub) instead of the plugin. Everything before the handler, input schema
// validation and reserved fields included, is the engine's ordinary action path.
//
// Thread-safety: playbook_test_sessions may be used from any thread.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "engine/plugin/registry.hpp"

namespace tocsin::runner {

class playbook_test_session;

// Live cases by run id: both the driver's run and the playbook run under test point at the case.
class playbook_test_sessions {
  public:
    void add(std::string run_id, std::weak_ptr<playbook_test_session> session);
    void remove(std::string_view run_id);
    std::shared_ptr<playbook_test_session> find(std::string_view run_id) const;

  private:
    mutable std::mutex mutex_;
    std::map<std::string, std::weak_ptr<playbook_test_session>, std::less<>>
        sessions_;  // guarded by mutex_
};

// Wraps every handler of `plugins` as described above. A call from a run that is no test case's
// fails with errc::internal (it cannot happen: only test runs use this registry). Start-up only.
void route_actions_to_tests(plugin::registry& plugins,
                            std::shared_ptr<const playbook_test_sessions> sessions);

}  // namespace tocsin::runner
