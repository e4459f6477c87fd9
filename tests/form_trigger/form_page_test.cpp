// The form page's HTML: one labelled control per parameter, escaping, and errors shown again with
// the entered values.

#include <gtest/gtest.h>

#include "tests/form_trigger/form_support.hpp"
#include "triggers/form/form_page.hpp"

namespace tocsin::test {
namespace {

using triggers::form_view;

bool has(const std::string& html, const std::string& part) {
    return html.find(part) != std::string::npos;
}

class FormPage : public ::testing::Test {
  protected:
    triggers::form_binding form = form_of(every_control_playbook);
    form_view view{.action = "/forms/report-suspicious-activity",
                   .csrf_token = "tok\"en",
                   .values = triggers::default_values(form),
                   .errors = {}};
    std::string html() const { return triggers::render_form_page(form, view); }
};

TEST(HtmlEscape, EscapesMarkupAndQuotesAndRepairsUtf8) {
    EXPECT_EQ(triggers::html_escape("<a href=\"x\">&'</a>"),
              "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
    EXPECT_EQ(triggers::html_escape("caf\xC3\xA9 \xE2\x82\xAC"), "caf\xC3\xA9 \xE2\x82\xAC");
    EXPECT_EQ(triggers::html_escape("bad \xC3 end"), "bad \xEF\xBF\xBD end");
    EXPECT_EQ(triggers::html_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_F(FormPage, IsOneSelfContainedUtf8DocumentThatPostsToTheForm) {
    const auto page = html();
    EXPECT_TRUE(page.starts_with("<!DOCTYPE html>"));
    EXPECT_TRUE(has(page, "<meta charset=\"utf-8\">"));
    EXPECT_TRUE(has(page, "<html lang=\"en\">"));
    EXPECT_TRUE(has(page, "<form method=\"post\" action=\"/forms/report-suspicious-activity\""));
    EXPECT_TRUE(has(page, "<input type=\"hidden\" name=\"_csrf\" value=\"tok&quot;en\">"));
    EXPECT_TRUE(has(page, "<style>"));
    EXPECT_FALSE(has(page, "<script"));
    EXPECT_FALSE(has(page, "<link"));
    EXPECT_FALSE(has(page, "src="));
    EXPECT_FALSE(has(page, "http://"));
    EXPECT_FALSE(has(page, "https://"));
}

TEST_F(FormPage, TitleAndDescriptionAreEscaped) {
    const auto page = html();
    EXPECT_TRUE(has(page, "<title>Report &lt;suspicious&gt; activity</title>"));
    EXPECT_TRUE(has(page, "<h1>Report &lt;suspicious&gt; activity</h1>"));
    EXPECT_TRUE(has(page, "<p>Tell us &amp; we act.</p>"));
    EXPECT_FALSE(has(page, "<suspicious>"));
}

TEST_F(FormPage, DeclaredFieldsComeFirstAndTablesHaveNoControl) {
    const auto page = html();
    const auto summary = page.find("id=\"f-summary\"");
    const auto details = page.find("id=\"f-details\"");
    const auto channel = page.find("id=\"f-channel\"");
    ASSERT_NE(summary, std::string::npos);
    EXPECT_LT(summary, details);
    EXPECT_LT(details, channel);
    EXPECT_FALSE(has(page, "name=\"extra\""));
}

TEST_F(FormPage, TextFieldHasLabelRequiredMarkerAndHelp) {
    const auto page = html();
    EXPECT_TRUE(has(page,
                    "<label for=\"f-summary\">Summary<span class=\"req\" "
                    "aria-hidden=\"true\"> *</span></label>"));
    EXPECT_TRUE(has(page, "<p class=\"help\" id=\"f-summary-help\">One line: what happened?</p>"));
    EXPECT_TRUE(has(page,
                    "<input type=\"text\" id=\"f-summary\" name=\"summary\" value=\"\" required "
                    "aria-required=\"true\" aria-describedby=\"f-summary-help\">"));
}

TEST_F(FormPage, EachParameterTypeGetsItsControl) {
    const auto page = html();
    EXPECT_TRUE(has(page, "<textarea id=\"f-details\" name=\"details\" rows=\"6\"></textarea>"));
    EXPECT_TRUE(has(page, "<input type=\"email\" id=\"f-reporter\" name=\"reporter\""));
    EXPECT_TRUE(has(page,
                    "<input type=\"number\" id=\"f-count\" name=\"count\" value=\"\" "
                    "step=\"1\""));
    EXPECT_TRUE(has(page,
                    "<input type=\"number\" id=\"f-score\" name=\"score\" value=\"\" "
                    "step=\"any\""));
    // Without a description the label is the humanised name.
    EXPECT_TRUE(has(page, "<label for=\"f-score\">Score</label>"));
    // A boolean is a checkbox, ticked by its default.
    EXPECT_TRUE(has(page,
                    "<input type=\"checkbox\" id=\"f-urgent\" name=\"urgent\" "
                    "value=\"true\" checked>"));
    EXPECT_TRUE(has(page,
                    "<input type=\"checkbox\" id=\"f-consent\" name=\"consent\" "
                    "value=\"true\" required"));
}

TEST_F(FormPage, FewChoicesAreRadioButtonsMoreASelect) {
    const auto page = html();
    EXPECT_TRUE(has(page, "<fieldset id=\"f-channel\">\n<legend>Channel</legend>"));
    EXPECT_TRUE(has(page,
                    "<input type=\"radio\" id=\"f-channel-0\" name=\"channel\" value=\"email\" "
                    "checked><label for=\"f-channel-0\">email</label>"));
    EXPECT_TRUE(has(page,
                    "<input type=\"radio\" id=\"f-channel-2\" name=\"channel\" "
                    "value=\"chat\"><label"));
    EXPECT_TRUE(has(page, "<select id=\"f-department\" name=\"department\" required"));
    EXPECT_TRUE(has(page, "<option value=\"\">Choose…</option>"));
    EXPECT_TRUE(has(page, "<option value=\"Legal\">Legal</option>"));
}

TEST_F(FormPage, ErrorsAreShownByTheirFieldsWithTheEnteredValuesKept) {
    view.values = {
        {"summary", "<b>phish</b>"}, {"count", "many"}, {"department", "HR"}, {"channel", "phone"}};
    view.errors = {{"count", "Enter a whole number."},
                   {"consent", "Tick this box to continue."},
                   {"", "The SOC is <busy>."}};
    const auto page = html();
    EXPECT_TRUE(has(page, "value=\"&lt;b&gt;phish&lt;/b&gt;\""));
    EXPECT_TRUE(has(page, "<div class=\"field invalid\">"));
    EXPECT_TRUE(has(page, "<p class=\"error\" id=\"f-count-error\">"));
    EXPECT_TRUE(has(page, "Enter a whole number.</p>"));
    EXPECT_TRUE(has(page,
                    "name=\"count\" value=\"many\" step=\"1\" inputmode=\"numeric\" "
                    "aria-invalid=\"true\" aria-describedby=\"f-count-error\">"));
    EXPECT_TRUE(has(page, "<option value=\"HR\" selected>HR</option>"));
    EXPECT_TRUE(has(page, "value=\"phone\" checked>"));
    // Unticked when the submission did not tick it, whatever the default.
    EXPECT_TRUE(has(page, "name=\"urgent\" value=\"true\">"));
    // The summary links to each field, and shows the playbook's own message too.
    EXPECT_TRUE(has(page, "role=\"alert\""));
    EXPECT_TRUE(has(page, "<a href=\"#f-count\">How many messages: Enter a whole number.</a>"));
    EXPECT_TRUE(has(page, "<li>The SOC is &lt;busy&gt;.</li>"));
}

TEST_F(FormPage, ErrorOnARadioGroupLinksToItsFirstButton) {
    view.errors = {{"channel", "Choose an option."}};
    const auto page = html();
    EXPECT_TRUE(has(page, "<a href=\"#f-channel-0\">"));
    EXPECT_TRUE(has(page, "<fieldset id=\"f-channel\" aria-describedby=\"f-channel-error\">"));
    EXPECT_TRUE(has(page, "value=\"chat\" aria-invalid=\"true\">"));
}

TEST(FormMessagePage, EscapesEverything) {
    const auto page = triggers::render_message_page({.title = "T<",
                                                     .heading = "Incident #3 created",
                                                     .paragraphs = {"“<img src=x>”"},
                                                     .link_href = "/forms/a\"b",
                                                     .link_text = "again"});
    EXPECT_TRUE(has(page, "<h1>Incident #3 created</h1>"));
    EXPECT_TRUE(has(page, "<p>“&lt;img src=x&gt;”</p>"));
    EXPECT_TRUE(has(page, "<a href=\"/forms/a&quot;b\">again</a>"));
    EXPECT_FALSE(has(page, "<img"));
}

}  // namespace
}  // namespace tocsin::test
