// The cache of verified tokens: what it answers, for how long, and how a revocation announced
// through the change file (by this process or another) empties it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "engine/auth/token_cache.hpp"
#include "engine/auth/token_issue.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::auth {
namespace {

using std::chrono::seconds;

class TokenCache : public ::testing::Test {
  protected:
    issued_token make(std::optional<std::string> expires = {}) {
        token_request request;
        request.name = "bot";
        request.roles = {"Reader"};
        request.expires = std::move(expires);
        return prepare_token(request, now_);
    }
    static token_parts parts_of(const issued_token& token) {
        auto parts = parse_token_text(token.text);
        EXPECT_TRUE(parts);
        return parts.value_or(token_parts{});
    }
    token_cache cache(seconds ttl, std::size_t capacity = 10000) {
        return token_cache(ttl, change_file_, capacity);
    }
    // Stores `token` as verified now, under the change file as it is now.
    static void remember(token_cache& c, const issued_token& token, time_point at) {
        c.remember(token.record, c.current_generation(), at);
    }

    test::temp_dir dir_;
    std::filesystem::path change_file_ = dir_ / "tocsin.db.tokens-changed";
    time_point now_ = default_clock().now();
};

TEST_F(TokenCache, AnswersARememberedTokenWithItsCaller) {
    auto c = cache(seconds(10));
    const auto token = make();
    EXPECT_FALSE(c.find(parts_of(token), now_)) << "nothing verified yet";
    remember(c, token, now_);
    const auto who = c.find(parts_of(token), now_ + seconds(9));
    ASSERT_TRUE(who);
    EXPECT_EQ(who->token_id, token.record.id);
    EXPECT_EQ(who->principal.name, "bot");
    ASSERT_EQ(who->roles.size(), 1u);
    EXPECT_EQ(who->roles[0], role::reader);
}

TEST_F(TokenCache, AWrongSecretIsAMissAndKeepsTheEntry) {
    auto c = cache(seconds(10));
    const auto token = make();
    remember(c, token, now_);
    auto forged = parts_of(token);
    forged.secret.back() = forged.secret.back() == '0' ? '1' : '0';
    EXPECT_FALSE(c.find(forged, now_));
    EXPECT_EQ(c.size(), 1u);
    EXPECT_TRUE(c.find(parts_of(token), now_));
}

TEST_F(TokenCache, EntriesLastTheTtlAndNoLongerThanTheToken) {
    auto c = cache(seconds(10));
    const auto lasting = make();
    const auto short_lived = make("1h");
    remember(c, lasting, now_);
    remember(c, short_lived, now_ + seconds(3600) - seconds(5));
    EXPECT_FALSE(c.find(parts_of(short_lived), now_ + seconds(3600)))
        << "an expired token must go to the store, which says it expired";
    EXPECT_TRUE(c.find(parts_of(lasting), now_ + seconds(9)));
    EXPECT_FALSE(c.find(parts_of(lasting), now_ + seconds(10)));
    EXPECT_EQ(c.size(), 0u) << "misses for age drop the entry";
}

TEST_F(TokenCache, AZeroTtlCachesNothingAndRevokedTokensAreNeverCached) {
    auto off = cache(seconds(0));
    const auto token = make();
    remember(off, token, now_);
    EXPECT_FALSE(off.enabled());
    EXPECT_EQ(off.size(), 0u);
    EXPECT_FALSE(off.find(parts_of(token), now_));

    auto c = cache(seconds(10));
    auto revoked = make();
    revoked.record.revoked = now_;
    remember(c, revoked, now_);
    EXPECT_EQ(c.size(), 0u);
}

TEST_F(TokenCache, AnAnnouncedChangeEmptiesIt) {
    auto c = cache(seconds(60));
    const auto token = make();
    remember(c, token, now_);
    ASSERT_TRUE(c.find(parts_of(token), now_));

    announce_token_change(change_file_);
    EXPECT_TRUE(std::filesystem::exists(change_file_));
    EXPECT_FALSE(c.find(parts_of(token), now_));
    EXPECT_EQ(c.size(), 0u);

    remember(c, token, now_);
    EXPECT_TRUE(c.find(parts_of(token), now_)) << "filled again under the new file";
    // Every announcement counts, however close together: the file grows by a line each time.
    const auto size = std::filesystem::file_size(change_file_);
    announce_token_change(change_file_);
    EXPECT_GT(std::filesystem::file_size(change_file_), size);
    EXPECT_FALSE(c.find(parts_of(token), now_));
}

TEST_F(TokenCache, AVerificationThatStartedBeforeAnAnnouncementDoesNotSurviveIt) {
    auto c = cache(seconds(60));
    const auto token = make();
    // The guard reads the generation, then the store; a revocation lands in between.
    const auto before = c.current_generation();
    announce_token_change(change_file_);
    c.remember(token.record, before, now_);
    EXPECT_FALSE(c.find(parts_of(token), now_));
    EXPECT_EQ(c.size(), 0u);
}

TEST_F(TokenCache, AFullCacheDropsExpiredEntriesFirstThenEverything) {
    auto c = cache(seconds(10), 2);
    const auto a = make();
    const auto b = make();
    const auto d = make();
    remember(c, a, now_);
    remember(c, b, now_ + seconds(8));
    remember(c, d, now_ + seconds(11));  // a is past its ttl: it makes room
    EXPECT_EQ(c.size(), 2u);
    EXPECT_TRUE(c.find(parts_of(b), now_ + seconds(12)));
    EXPECT_TRUE(c.find(parts_of(d), now_ + seconds(12)));

    const auto e = make();
    remember(c, e, now_ + seconds(12));  // nothing expired: start over
    EXPECT_EQ(c.size(), 1u);
    EXPECT_TRUE(c.find(parts_of(e), now_ + seconds(12)));
}

TEST_F(TokenCache, AnAnnouncementThatCannotBeWrittenIsLoggedNotThrown) {
    const auto missing_dir = dir_ / "no-such-dir" / "tocsin.db.tokens-changed";
    EXPECT_NO_THROW(announce_token_change(missing_dir));
    EXPECT_FALSE(std::filesystem::exists(missing_dir));
    EXPECT_NO_THROW(announce_token_change({}));
}

}  // namespace
}  // namespace tocsin::auth
