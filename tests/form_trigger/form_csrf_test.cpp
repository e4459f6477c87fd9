// CSRF tokens of forms: issued and verified for one form, refused when tampered with, taken from
// another form, expired, or not matching the cookie; and a key that survives restarts.

#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "tests/form_trigger/form_support.hpp"
#include "tests/support/temp_dir.hpp"
#include "triggers/form/form_csrf.hpp"

namespace tocsin::test {
namespace {

using triggers::csrf_verdict;

const std::string key(64, 'k');

class FormCsrf : public ::testing::Test {
  protected:
    manual_clock time{time_point(std::chrono::seconds(1'700'000'000))};
    triggers::csrf_tokens tokens{key, std::chrono::hours(1), time};

    csrf_verdict verify(const std::string& form, const std::string& token) {
        return tokens.verify(form, token, token);
    }
};

TEST_F(FormCsrf, IssuedTokenIsValidForItsFormWhateverTheCase) {
    const auto token = tokens.issue("report");
    EXPECT_EQ(verify("report", token), csrf_verdict::valid);
    EXPECT_EQ(verify("REPORT", token), csrf_verdict::valid);
    EXPECT_NE(tokens.issue("report"), token);  // a fresh nonce each time
}

TEST_F(FormCsrf, TokenOfAnotherFormIsForged) {
    EXPECT_EQ(verify("other", tokens.issue("report")), csrf_verdict::forged);
}

TEST_F(FormCsrf, TamperedTokenIsForged) {
    auto token = tokens.issue("report");
    token[0] = token[0] == 'a' ? 'b' : 'a';
    EXPECT_EQ(verify("report", token), csrf_verdict::forged);
    // A later issue time (to outlive the lifetime) breaks the signature too.
    auto later = tokens.issue("report");
    const auto dot = later.find('.');
    later[dot + 1] = later[dot + 1] == '9' ? '8' : '9';
    EXPECT_EQ(verify("report", later), csrf_verdict::forged);
}

TEST_F(FormCsrf, TokenOfAnotherKeyIsForged) {
    const triggers::csrf_tokens other(std::string(64, 'o'), std::chrono::hours(1), time);
    EXPECT_EQ(verify("report", other.issue("report")), csrf_verdict::forged);
}

TEST_F(FormCsrf, TokenExpiresAfterItsLifetime) {
    const auto token = tokens.issue("report");
    time.advance(std::chrono::minutes(59));
    EXPECT_EQ(verify("report", token), csrf_verdict::valid);
    time.advance(std::chrono::minutes(2));
    EXPECT_EQ(verify("report", token), csrf_verdict::expired);
}

TEST_F(FormCsrf, TokenFromTheFarFutureIsExpired) {
    manual_clock ahead{time.now() + std::chrono::hours(2)};
    const triggers::csrf_tokens early(key, std::chrono::hours(1), ahead);
    EXPECT_EQ(verify("report", early.issue("report")), csrf_verdict::expired);
}

TEST_F(FormCsrf, CookieAndFieldMustBothBeThereAndEqual) {
    const auto token = tokens.issue("report");
    EXPECT_EQ(tokens.verify("report", std::nullopt, token), csrf_verdict::missing);
    EXPECT_EQ(tokens.verify("report", token, std::nullopt), csrf_verdict::missing);
    EXPECT_EQ(tokens.verify("report", "", ""), csrf_verdict::missing);
    EXPECT_EQ(tokens.verify("report", tokens.issue("report"), token), csrf_verdict::mismatch);
}

TEST_F(FormCsrf, GarbageIsMalformed) {
    EXPECT_EQ(verify("report", "nonsense"), csrf_verdict::malformed);
    EXPECT_EQ(verify("report", "a.b.c"), csrf_verdict::malformed);
    auto token = tokens.issue("report");
    EXPECT_EQ(verify("report", token + "0"), csrf_verdict::malformed);
}

TEST(FormCsrfKey, IsCreatedPrivateAndReadBackUnchanged) {
    temp_dir dir;
    const auto file = dir / "forms.key";
    const auto created = triggers::load_or_create_csrf_key(file);
    EXPECT_EQ(created.size(), 64u);
    struct stat info {};
    ASSERT_EQ(::stat(file.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600);
    EXPECT_EQ(triggers::load_or_create_csrf_key(file), created);
}

TEST(FormCsrfKey, ShortKeyIsAConfigError) {
    temp_dir dir;
    const auto file = dir / "forms.key";
    std::ofstream(file) << "short\n";
    try {
        triggers::load_or_create_csrf_key(file);
        ADD_FAILURE() << "a short key was accepted";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::config);
        EXPECT_NE(std::string(e.what()).find("forms.csrf_key_file"), std::string::npos);
    }
}

TEST(FormCsrfCookie, IsStrictHttpOnlyUnderFormsAndReadBack) {
    const auto cookie = triggers::csrf_set_cookie("Report", "abc", std::chrono::seconds(60), true);
    EXPECT_EQ(cookie,
              "tocsin_form_report=abc; Path=/forms; Max-Age=60; HttpOnly; SameSite=Strict; Secure");
    EXPECT_EQ(triggers::csrf_set_cookie("r", "x", std::chrono::seconds(5), false),
              "tocsin_form_r=x; Path=/forms; Max-Age=5; HttpOnly; SameSite=Strict");
    http::request req(http::verb::post, "/forms/report");
    req.headers().add("Cookie", "a=1; tocsin_form_report=abc ; b=2");
    EXPECT_EQ(triggers::cookie_value(req, "tocsin_form_report"), "abc");
    EXPECT_EQ(triggers::cookie_value(req, "b"), "2");
    EXPECT_EQ(triggers::cookie_value(req, "tocsin_form_other"), std::nullopt);
}

}  // namespace
}  // namespace tocsin::test
