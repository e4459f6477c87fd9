#include "engine/auth/token_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <spdlog/spdlog.h>

namespace tocsin::auth {

std::filesystem::path token_change_file(const config& cfg) {
    if (cfg.store.backend != "sqlite" || cfg.store.sqlite_file.empty())
        return {};
    auto out = cfg.store.sqlite_file;
    out += ".tokens-changed";
    return out;
}

void announce_token_change(const std::filesystem::path& file) {
    if (file.empty())
        return;
    // One appended line per revocation: the file only ever grows, so its size is a counter that
    // cannot come back to a value a cache has seen (a rename could reuse an inode number).
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    const auto line = "revoked " + format_time(default_clock().now()) + "\n";
    bool written =
        fd >= 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    if (fd >= 0)
        written = ::close(fd) == 0 && written;
    if (!written)
        spdlog::warn(
            "auth: cannot append to {} to announce a token revocation ({}); engines "
            "sharing the store see it once their cached tokens expire",
            file.string(), std::strerror(errno));
}

token_cache::token_cache(std::chrono::milliseconds ttl, std::filesystem::path change_file,
                         std::size_t capacity)
    : ttl_(ttl), change_file_(std::move(change_file)), capacity_(capacity) {}

token_cache::generation token_cache::current_generation() const {
    generation out;
    struct stat st {};
    if (!enabled() || change_file_.empty() || ::stat(change_file_.c_str(), &st) != 0)
        return out;
    out.exists = true;
    out.inode = static_cast<std::uint64_t>(st.st_ino);
    out.size = static_cast<std::uint64_t>(st.st_size);
    return out;
}

void token_cache::follow_changes_locked(const generation& now_seen) {
    if (now_seen == filled_under_)
        return;
    entries_.clear();
    filled_under_ = now_seen;
}

std::optional<caller> token_cache::find(const token_parts& presented, time_point now) {
    if (!enabled())
        return std::nullopt;
    const auto seen = current_generation();
    std::string stored_sha256;
    caller who;
    {
        std::lock_guard lock(mutex_);
        follow_changes_locked(seen);
        const auto it = entries_.find(presented.id);
        if (it == entries_.end())
            return std::nullopt;
        const auto& e = it->second;
        if (now - e.verified >= ttl_ || now < e.verified || (e.expires && *e.expires <= now)) {
            entries_.erase(it);
            return std::nullopt;
        }
        stored_sha256 = e.secret_sha256;
        who = e.who;
    }
    if (!secret_matches(presented.secret, stored_sha256))
        return std::nullopt;
    return who;
}

void token_cache::remember(const store::api_token& token, const generation& seen, time_point now) {
    if (!enabled() || token.revoked)
        return;
    std::lock_guard lock(mutex_);
    follow_changes_locked(seen);
    if (entries_.size() >= capacity_ && !entries_.contains(token.id)) {
        std::erase_if(entries_, [&](const auto& item) {
            const auto& e = item.second;
            return now - e.verified >= ttl_ || (e.expires && *e.expires <= now);
        });
        if (entries_.size() >= capacity_)
            entries_.clear();
    }
    entries_.insert_or_assign(token.id,
                              entry{caller_of(token), token.secret_sha256, token.expires, now});
}

std::size_t token_cache::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace tocsin::auth
