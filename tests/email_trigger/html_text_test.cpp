// The HTML-to-text converter of the e-mail trigger.

#include <gtest/gtest.h>

#include "triggers/email/html_text.hpp"

namespace tocsin::test {
namespace {

using triggers::html_declared_charset;
using triggers::html_to_text;

TEST(HtmlText, BlocksAndBreaksMakeLines) {
    EXPECT_EQ(html_to_text("<p>One</p><p>Two<br>Three</p><div>Four</div>Five"),
              "One\n\nTwo\nThree\n\nFour\nFive");
    EXPECT_EQ(html_to_text("<h1>Title</h1>\n\n   <p>  lots   of\n space </p>"),
              "Title\n\nlots of space");
    EXPECT_EQ(html_to_text("a<br><br><br><br>b"), "a\n\nb");
}

TEST(HtmlText, ScriptStyleTitleAndCommentsAreDropped) {
    EXPECT_EQ(html_to_text("<html><head><title>t</title><style>p{color:red}</style>"
                           "<script>alert('<p>x</p>')</script></head>"
                           "<body><!-- hidden <p>no</p> -->Shown</body></html>"),
              "Shown");
    EXPECT_EQ(html_to_text("<STYLE type=text/css>x</STYLE>Text"), "Text");
    EXPECT_EQ(html_to_text("before<script>never closed"), "before");
}

TEST(HtmlText, EntitiesAreDecoded) {
    EXPECT_EQ(
        html_to_text("Gr&uuml;&szlig;e &amp; &lt;tags&gt; &euro;5 &#8364; &#x20AC; &quot;q&quot;"),
        "Grüße & <tags> €5 € € \"q\"");
    // A no-break space does not collapse with the space before it.
    EXPECT_EQ(html_to_text("&bdquo;Penner&ldquo; &hellip; &nbsp;x"), "„Penner“ …  x");
    EXPECT_EQ(html_to_text("AT&amp T &unknown; & alone"), "AT& T &unknown; & alone");
    EXPECT_EQ(html_to_text("&#150; &#0; &#xD800;"), "– \xEF\xBF\xBD \xEF\xBF\xBD");
    EXPECT_EQ(html_to_text("pay&shy;pal&#8203;.com"), "paypal.com");
}

TEST(HtmlText, LinksKeepTheirTargetWhenTheTextHidesIt) {
    EXPECT_EQ(html_to_text("<a href=\"https://evil.example/login\">Sign in</a> now"),
              "Sign in <https://evil.example/login> now");
    EXPECT_EQ(html_to_text("<a href='https://ok.example/'>https://ok.example/</a>"),
              "https://ok.example/");
    EXPECT_EQ(html_to_text("<a href=\"#top\">Top</a>"), "Top");
    EXPECT_EQ(html_to_text("<a href=\"mailto:soc@contoso.com\">soc@contoso.com</a>"),
              "soc@contoso.com");
}

TEST(HtmlText, ListsTablesAndPreformattedText) {
    EXPECT_EQ(html_to_text("<ul><li>one</li><li>two</li></ul>after"), "- one\n- two\n\nafter");
    EXPECT_EQ(html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"),
              "a b\nc");
    EXPECT_EQ(html_to_text("<pre>  x = 1\n  y = 2</pre>"), "  x = 1\n  y = 2");
}

TEST(HtmlText, BrokenMarkupDoesNotLoseText) {
    EXPECT_EQ(html_to_text("a < b and c > d"), "a < b and c > d");
    EXPECT_EQ(html_to_text("<p class=\"x>y\">quoted > in attribute</p>"), "quoted > in attribute");
    EXPECT_EQ(html_to_text("text <b unterminated"), "text");
    EXPECT_EQ(html_to_text(""), "");
}

TEST(HtmlText, DeclaredCharset) {
    EXPECT_EQ(html_declared_charset("<meta charset=\"ISO-8859-2\">"), "iso-8859-2");
    EXPECT_EQ(html_declared_charset(
                  "<META http-equiv=Content-Type content=\"text/html; charset=windows-1251\">"),
              "windows-1251");
    EXPECT_EQ(html_declared_charset("<p>no declaration</p>"), "");
}

}  // namespace
}  // namespace tocsin::test
