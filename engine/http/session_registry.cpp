#include "engine/http/session_registry.hpp"

namespace tocsin::http::detail {

void session_registry::add(const std::shared_ptr<session_handle>& session) {
    std::lock_guard lock(mutex_);
    sessions_.emplace(session.get(), session);
}

void session_registry::remove(const session_handle* session) {
    std::lock_guard lock(mutex_);
    sessions_.erase(session);
    if (sessions_.empty())
        emptied_.notify_all();
}

std::vector<std::shared_ptr<session_handle>> session_registry::snapshot() const {
    std::vector<std::shared_ptr<session_handle>> out;
    std::lock_guard lock(mutex_);
    out.reserve(sessions_.size());
    for (const auto& [key, weak] : sessions_) {
        if (auto session = weak.lock())
            out.push_back(std::move(session));
    }
    return out;
}

std::size_t session_registry::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

bool session_registry::wait_until_empty(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return emptied_.wait_for(lock, timeout, [this] { return sessions_.empty(); });
}

}  // namespace tocsin::http::detail
