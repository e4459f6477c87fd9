// Charset decoding: every declared charset to UTF-8, Windows-1252 for Latin-1 labels.

#include <gtest/gtest.h>

#include "triggers/email/text_charset.hpp"

namespace tocsin::test {
namespace {

using triggers::clean_text;
using triggers::decode_text;
using triggers::utf8_prefix;

TEST(TextCharset, Latin1LabelsReadAsWindows1252) {
    EXPECT_EQ(decode_text("caf\xe9", "iso-8859-1"), "café");
    EXPECT_EQ(decode_text("\x80 5 \x96 \x93ok\x94", "ISO-8859-1"), "€ 5 – “ok”");
    EXPECT_EQ(decode_text("\x80", "windows-1252"), "€");
    EXPECT_EQ(decode_text("\x80", "\"latin1\""), "€");
    EXPECT_EQ(decode_text("\x81", "windows-1252"), "\xEF\xBF\xBD");  // undefined in the code page
}

TEST(TextCharset, UnlabelledTextIsUtf8WhenValidElseWindows1252) {
    EXPECT_EQ(decode_text("Gr\xc3\xbc\xc3\x9f"
                          "e",
                          ""),
              "Grüße");
    EXPECT_EQ(decode_text("Gr\xfc\xdf"
                          "e",
                          ""),
              "Grüße");
    EXPECT_EQ(decode_text("Gr\xfc\xdf"
                          "e",
                          "us-ascii"),
              "Grüße");
    EXPECT_EQ(decode_text("Gr\xc3\xbc\xc3\x9f"
                          "e",
                          "us-ascii"),
              "Grüße");
    EXPECT_EQ(decode_text("Gr\xfc\xdf"
                          "e",
                          "x-no-such-charset"),
              "Grüße");
}

TEST(TextCharset, OtherCharsetsThroughIconv) {
    EXPECT_EQ(decode_text("\xbd\xba\xc6\xbc\xc7\xd8", "ks_c_5601-1987"), "스티해");
    EXPECT_EQ(decode_text("\xe6\xe8\xf9", "iso-8859-2"), "ćčů");
    EXPECT_EQ(decode_text("\xcf\xf0\xe8\xe2\xe5\xf2", "windows-1251"), "Привет");
    EXPECT_EQ(decode_text("\x1b$B$3$s$K$A$O\x1b(B", "iso-2022-jp"), "こんにちは");
    EXPECT_EQ(decode_text("\x82\xb1\x82\xf1", "shift_jis"), "こん");
}

TEST(TextCharset, BytesThatDoNotConvertBecomeReplacementCharacters) {
    EXPECT_EQ(decode_text("ok \xe6", "utf-8"), "ok \xEF\xBF\xBD");
    EXPECT_EQ(decode_text("a\xff"
                          "b",
                          "shift_jis"),
              "a\xEF\xBF\xBD"
              "b");
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    EXPECT_EQ(clean_text("\xc0\xaf"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(clean_text("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(clean_text("\xf4\x90\x80\x80").substr(0, 3), "\xEF\xBF\xBD");
}

TEST(TextCharset, C1ControlsFromLatin1DecodingBecomeWindows1252) {
    // What an RFC 2047 decoder makes of "=?iso-8859-1?Q?=93hi=94_=80?=".
    EXPECT_EQ(clean_text("\xc2\x93hi\xc2\x94 \xc2\x80"), "“hi” €");
    EXPECT_EQ(clean_text("plain ascii"), "plain ascii");
}

TEST(TextCharset, PrefixNeverSplitsACharacter) {
    EXPECT_EQ(utf8_prefix("aé", 2), "a");
    EXPECT_EQ(utf8_prefix("aé", 3), "aé");
    EXPECT_EQ(utf8_prefix("€€", 4), "€");
    EXPECT_EQ(utf8_prefix("abc", 10), "abc");
}

}  // namespace
}  // namespace tocsin::test
