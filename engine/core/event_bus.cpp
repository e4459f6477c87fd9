#include "engine/core/event_bus.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>

namespace tocsin {

std::string_view to_string(event_type type) {
    switch (type) {
        case event_type::incident_created:
            return "incident.created";
        case event_type::incident_updated:
            return "incident.updated";
        case event_type::incident_closed:
            return "incident.closed";
        case event_type::incident_deleted:
            return "incident.deleted";
        case event_type::alert_created:
            return "alert.created";
        case event_type::alert_related:
            return "alert.related";
        case event_type::alert_unrelated:
            return "alert.unrelated";
        case event_type::comment_added:
            return "comment.added";
        case event_type::task_added:
            return "task.added";
    }
    return "unknown";
}

event_bus::subscription_id event_bus::subscribe(
    std::vector<event_type> types, handler fn,
    std::optional<boost::asio::any_io_executor> executor) {
    std::lock_guard lock(mutex_);
    const auto id = next_id_++;
    subscribers_.push_back(
        {id, std::move(types), std::make_shared<handler>(std::move(fn)), std::move(executor)});
    return id;
}

void event_bus::unsubscribe(subscription_id id) {
    std::lock_guard lock(mutex_);
    std::erase_if(subscribers_, [id](const subscriber& s) { return s.id == id; });
}

void event_bus::publish(domain_event event) {
    publish(std::make_shared<const domain_event>(std::move(event)));
}

void event_bus::publish(std::shared_ptr<const domain_event> event) {
    // Copy the matching subscribers under the lock, call them outside it, so a handler may
    // subscribe or publish without deadlocking.
    std::vector<subscriber> targets;
    {
        std::lock_guard lock(mutex_);
        for (const auto& s : subscribers_) {
            if (s.types.empty() ||
                std::find(s.types.begin(), s.types.end(), event->type) != s.types.end())
                targets.push_back(s);
        }
    }
    ++published_;
    for (auto& s : targets) {
        if (s.executor) {
            boost::asio::post(*s.executor, [fn = s.fn, event] { (*fn)(event); });
        } else {
            (*s.fn)(event);
        }
    }
}

}  // namespace tocsin
