#pragma once
// Tokens verified recently, so that a request whose token was checked a moment ago is
// authenticated on its I/O thread: no store read, and none of the hand-off to a pool thread and
// back that the read needs (about a sixth of the CPU of a GET of one incident).
//
// What keeps a cached token honest:
//  - the secret is still compared against the stored SHA-256, in constant time, on every hit;
//  - expiry is checked against the request's time; a revoked token is never cached;
//  - every revocation, through the API or by `tocsin token revoke` in another process, appends a
//    line to the change file (announce_token_change); the cache compares that file's inode and
//    size (one stat) with what it saw when it filled its entries and drops everything when they
//    differ, so a revocation counts from the next request in every engine on the store;
//  - an entry lives at most `ttl`, which bounds changes made behind Tocsin's back (an operator
//    editing the database by hand).
// A wrong secret for a cached id is a miss: the store then answers, with the usual 401.
//
// Thread-safety: every member may be called from any thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/auth/caller.hpp"
#include "engine/auth/token_secret.hpp"
#include "engine/core/config.hpp"
#include "engine/core/time.hpp"
#include "engine/store/api_token.hpp"

namespace tocsin::auth {

// The file every revocation appends to: next to the SQLite file, so every engine and `tocsin
// token` on that store agree on it. Empty for other stores (cached entries then live
// out their ttl).
std::filesystem::path token_change_file(const config& cfg);

// Appends a line to `file` (created when missing). Blocking. A failure is logged, not thrown:
// the revocation itself has been stored, and caches still let the entry go after their ttl.
void announce_token_change(const std::filesystem::path& file);

class token_cache {
  public:
    // `ttl` zero: nothing is cached. `capacity`: most tokens held (a full cache drops its
    // expired entries, then everything).
    token_cache(std::chrono::milliseconds ttl, std::filesystem::path change_file,
                std::size_t capacity = 10000);

    bool enabled() const noexcept { return ttl_.count() > 0; }

    // What a verification fills the cache with: the change file's identity read before the
    // store was, so a revocation that lands in between is never missed.
    struct generation {
        std::uint64_t inode = 0;
        std::uint64_t size = 0;
        bool exists = false;
        bool operator==(const generation&) const = default;
    };
    generation current_generation() const;

    // The caller of `presented` when its token was verified within the ttl, is unexpired at
    // `now` and the secret matches; nullopt otherwise.
    std::optional<caller> find(const token_parts& presented, time_point now);
    // Caches a token the store has just verified (not a revoked one).
    void remember(const store::api_token& token, const generation& seen, time_point now);
    std::size_t size() const;

  private:
    struct entry {
        caller who;
        std::string secret_sha256;
        std::optional<time_point> expires;
        time_point verified;
    };
    // mutex_ held: drops everything when the change file is not the one the entries were filled
    // under.
    void follow_changes_locked(const generation& now_seen);

    const std::chrono::milliseconds ttl_;
    const std::filesystem::path change_file_;
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, entry> entries_;  // by token id; guarded by mutex_
    generation filled_under_;                         // guarded by mutex_
};

}  // namespace tocsin::auth
