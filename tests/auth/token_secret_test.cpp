#include <gtest/gtest.h>

#include "engine/auth/token_secret.hpp"
#include "engine/core/uuid.hpp"

namespace tocsin::auth {
namespace {

TEST(TokenSecret, NewTokenRoundTripsThroughItsText) {
    const auto parts = new_token_parts();
    EXPECT_TRUE(is_uuid(parts.id));
    EXPECT_EQ(parts.secret.size(), 64u);
    const auto text = token_text(parts);
    EXPECT_EQ(text.rfind("tcn_", 0), 0u);
    const auto parsed = parse_token_text(text);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->id, parts.id);
    EXPECT_EQ(parsed->secret, parts.secret);
}

TEST(TokenSecret, SecretsDiffer) {
    EXPECT_NE(new_token_parts().secret, new_token_parts().secret);
}

TEST(TokenSecret, MalformedTextsAreRejected) {
    const auto good = token_text(new_token_parts());
    EXPECT_FALSE(parse_token_text(""));
    EXPECT_FALSE(parse_token_text("tcn_"));
    EXPECT_FALSE(parse_token_text("xyz" + good.substr(3)));           // prefix
    EXPECT_FALSE(parse_token_text(good + "0"));                       // too long
    EXPECT_FALSE(parse_token_text(good.substr(0, good.size() - 1)));  // too short
    auto upper = good;
    upper.back() = 'F';
    EXPECT_FALSE(parse_token_text(upper));  // the secret is lower-case hex only
    auto bad_id = good;
    bad_id[4 + 8] = 'x';  // the id's first '-'
    EXPECT_FALSE(parse_token_text(bad_id));
}

TEST(TokenSecret, HashIsSha256Hex) {
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    EXPECT_EQ(hash_secret("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(TokenSecret, SecretMatchesOnlyItsOwnHash) {
    const auto parts = new_token_parts();
    const auto stored = hash_secret(parts.secret);
    EXPECT_TRUE(secret_matches(parts.secret, stored));
    EXPECT_FALSE(secret_matches(new_token_parts().secret, stored));
    EXPECT_FALSE(secret_matches(parts.secret, stored.substr(1)));
    EXPECT_FALSE(secret_matches(parts.secret, ""));
}

}  // namespace
}  // namespace tocsin::auth
