#include "engine/runner/playbook_test_routing.hpp"

#include "engine/runner/playbook_test_session.hpp"

namespace tocsin::runner {

void playbook_test_sessions::add(std::string run_id, std::weak_ptr<playbook_test_session> session) {
    std::lock_guard lock(mutex_);
    sessions_[std::move(run_id)] = std::move(session);
}

void playbook_test_sessions::remove(std::string_view run_id) {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(run_id); it != sessions_.end())
        sessions_.erase(it);
}

std::shared_ptr<playbook_test_session> playbook_test_sessions::find(std::string_view run_id) const {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(run_id);
    return it == sessions_.end() ? nullptr : it->second.lock();
}

void route_actions_to_tests(plugin::registry& plugins,
                            std::shared_ptr<const playbook_test_sessions> sessions) {
    plugins.wrap_handlers([sessions](const plugin::action_descriptor& action) -> plugin::handler {
        return [sessions, original = action.run, name = action.name](
                   const plugin::services& svc, plugin::action_call call, plugin::completion done) {
            auto session = sessions->find(call.actor.id);
            if (!session)
                return done(error_info{
                    errc::internal, name + ": run " + call.actor.id + " is not a test case", {}});
            // The name the run records and a stub may be keyed by: notify:oncall.post.
            const auto dot = name.find('.');
            const auto qualified = call.instance.empty() ? name
                                                         : name.substr(0, dot) + ":" +
                                                               call.instance + name.substr(dot);
            if (!session->answers(qualified, name))
                return original(svc, std::move(call), std::move(done));
            session->forward(qualified, name, std::move(call.input), std::move(done));
        };
    });
}

}  // namespace tocsin::runner
