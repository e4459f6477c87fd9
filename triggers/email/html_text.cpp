#include "triggers/email/html_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "triggers/email/text_charset.hpp"

namespace tocsin::triggers {

namespace {

// HTML 4's Latin-1 entities name U+00A0-U+00FF in order.
constexpr std::array<std::string_view, 96> latin1_entities{
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

constexpr std::array<std::pair<std::string_view, char32_t>, 55> other_entities{{
    {"quot", 34},     {"amp", 38},      {"apos", 39},     {"lt", 60},       {"gt", 62},
    {"OElig", 338},   {"oelig", 339},   {"Scaron", 352},  {"scaron", 353},  {"Yuml", 376},
    {"fnof", 402},    {"circ", 710},    {"tilde", 732},   {"ensp", 8194},   {"emsp", 8195},
    {"thinsp", 8201}, {"zwnj", 8204},   {"zwj", 8205},    {"lrm", 8206},    {"rlm", 8207},
    {"ndash", 8211},  {"mdash", 8212},  {"lsquo", 8216},  {"rsquo", 8217},  {"sbquo", 8218},
    {"ldquo", 8220},  {"rdquo", 8221},  {"bdquo", 8222},  {"dagger", 8224}, {"Dagger", 8225},
    {"bull", 8226},   {"hellip", 8230}, {"permil", 8240}, {"prime", 8242},  {"Prime", 8243},
    {"lsaquo", 8249}, {"rsaquo", 8250}, {"oline", 8254},  {"euro", 8364},   {"trade", 8482},
    {"larr", 8592},   {"uarr", 8593},   {"rarr", 8594},   {"darr", 8595},   {"harr", 8596},
    {"minus", 8722},  {"infin", 8734},  {"ne", 8800},     {"le", 8804},     {"ge", 8805},
    {"loz", 9674},    {"spades", 9824}, {"clubs", 9827},  {"hearts", 9829}, {"diams", 9830},
}};

// Written without the semicolon by old generators; browsers accept these few.
constexpr std::array<std::string_view, 7> legacy_entities{"amp",  "lt",   "gt", "quot",
                                                          "nbsp", "copy", "reg"};

constexpr char32_t no_character = 0xFFFFFFFF;

char32_t named_entity(std::string_view name) {
    for (std::size_t i = 0; i < latin1_entities.size(); ++i)
        if (latin1_entities[i] == name)
            return static_cast<char32_t>(0xA0 + i);
    for (const auto& [entity, c] : other_entities)
        if (entity == name)
            return c;
    return no_character;
}

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_ci(std::string_view text, std::size_t at, std::string_view prefix) {
    if (text.size() - at < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (lower(text[at + i]) != prefix[i])
            return false;
    return true;
}

std::size_t find_ci(std::string_view text, std::size_t from, std::string_view needle) {
    for (std::size_t i = from; i + needle.size() <= text.size(); ++i)
        if (starts_with_ci(text, i, needle))
            return i;
    return std::string_view::npos;
}

bool invisible(char32_t c) {
    return c == 0xAD || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF;
}

// The character a reference at text[at] ('&') stands for, and how many bytes it takes; nullopt
// (length 0) when it is not a reference and the '&' is literal.
std::pair<char32_t, std::size_t> reference_at(std::string_view text, std::size_t at) {
    std::size_t i = at + 1;
    if (i < text.size() && text[i] == '#') {
        ++i;
        const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
        if (hex)
            ++i;
        std::uint32_t value = 0;
        std::size_t digits = 0;
        for (; i < text.size(); ++i, ++digits) {
            const char c = lower(text[i]);
            int d = -1;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (hex && c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            if (d < 0)
                break;
            if (value <= 0x10FFFF)
                value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
        }
        if (digits == 0)
            return {no_character, 0};
        if (i < text.size() && text[i] == ';')
            ++i;
        char32_t c = value;
        if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            c = 0xFFFD;
        return {c, i - at};  // 0x80-0x9F are mapped to Windows-1252 by clean_text at the end
    }
    const std::size_t name_start = i;
    while (i < text.size() && is_alnum(text[i]) && i - name_start < 10)
        ++i;
    const auto name = text.substr(name_start, i - name_start);
    if (name.empty())
        return {no_character, 0};
    if (i < text.size() && text[i] == ';') {
        const auto c = named_entity(name);
        return c == no_character ? std::pair{no_character, std::size_t{0}}
                                 : std::pair{c, i + 1 - at};
    }
    for (const auto legacy : legacy_entities)
        if (legacy == name)
            return {named_entity(name), i - at};
    return {no_character, 0};
}

// Accumulates text with HTML's white-space rules and the line structure of blocks.
class text_writer {
  public:
    // Visible characters (no white space among them, except U+00A0 written as a space).
    void word(std::string_view text) {
        if (text.empty())
            return;
        if (!out_.empty()) {
            if (newlines_ > 0)
                out_.append(static_cast<std::size_t>(std::min(newlines_, 2)), '\n');
            else if (space_)
                out_ += ' ';
        }
        newlines_ = 0;
        space_ = false;
        out_ += text;
    }
    void space() { space_ = true; }
    // Ends the line (1) or the paragraph (2), unless already ended.
    void block(int newlines) { newlines_ = std::max(newlines_, newlines); }
    void line_break() { newlines_ = std::min(newlines_ + 1, 2); }
    // Inside <pre>: white space as written.
    void literal(char c) {
        if (c == '\n') {
            line_break();
        } else if (c != '\r') {
            if (newlines_ > 0 && !out_.empty())
                out_.append(static_cast<std::size_t>(std::min(newlines_, 2)), '\n');
            newlines_ = 0;
            space_ = false;
            out_ += c == '\t' ? '\t' : ' ';
        }
    }
    std::size_t size() const { return out_.size(); }
    std::string_view since(std::size_t mark) const {
        return std::string_view(out_).substr(std::min(mark, out_.size()));
    }
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
    int newlines_ = 0;
    bool space_ = false;
};

struct tag {
    std::string name;  // lower-case, without the '/'
    bool closing = false;
    std::string href;     // of <a>, raw
    std::size_t end = 0;  // index just past '>'
};

// Parses the tag whose '<' is at text[at]; end == npos when the document ends inside it.
tag parse_tag(std::string_view text, std::size_t at) {
    tag t;
    std::size_t i = at + 1;
    if (i < text.size() && text[i] == '/') {
        t.closing = true;
        ++i;
    }
    while (i < text.size() && (is_alnum(text[i]) || text[i] == '-' || text[i] == ':'))
        t.name += lower(text[i++]);
    // Attributes, with quoted values that may contain '>'.
    while (i < text.size() && text[i] != '>') {
        if (is_space(text[i]) || text[i] == '/') {
            ++i;
            continue;
        }
        std::string attribute;
        while (i < text.size() && !is_space(text[i]) && text[i] != '=' && text[i] != '>')
            attribute += lower(text[i++]);
        std::string value;
        if (i < text.size() && text[i] == '=') {
            ++i;
            if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
                const char quote = text[i++];
                const auto close = text.find(quote, i);
                const auto stop = close == std::string_view::npos ? text.size() : close;
                value = std::string(text.substr(i, stop - i));
                i = close == std::string_view::npos ? text.size() : close + 1;
            } else {
                while (i < text.size() && !is_space(text[i]) && text[i] != '>')
                    value += text[i++];
            }
        }
        if (attribute == "href")
            t.href = std::move(value);
    }
    t.end = i < text.size() ? i + 1 : std::string_view::npos;
    return t;
}

// Character references decoded; invisible characters dropped.
std::string decode_references(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '&') {
            const auto [c, length] = reference_at(text, i);
            if (length > 0) {
                if (!invisible(c))
                    append_utf8(out, c);
                i += length;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

void write_text(text_writer& writer, std::string_view raw, bool preformatted) {
    const auto text = decode_references(raw);
    std::string word;
    auto flush = [&] {
        writer.word(word);
        word.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_space(c)) {
            flush();
            if (preformatted)
                writer.literal(c);
            else
                writer.space();
        } else if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
            word += ' ';  // no-break space: a space that does not collapse
            ++i;
        } else {
            word += c;
        }
    }
    flush();
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool shows_link(std::string_view href) {
    return starts_with_ci(href, 0, "http://") || starts_with_ci(href, 0, "https://") ||
           starts_with_ci(href, 0, "mailto:");
}

// What an element does to the text around it.
void apply_tag(text_writer& writer, const tag& t, int& preformatted,
               std::vector<std::pair<std::string, std::size_t>>& links) {
    const auto& n = t.name;
    if (n == "br") {
        writer.line_break();
    } else if (is_one_of(n, {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol",
                             "dl", "table", "hr"})) {
        writer.block(2);
    } else if (n == "pre") {
        writer.block(2);
        preformatted += t.closing ? (preformatted > 0 ? -1 : 0) : 1;
    } else if (n == "li") {
        writer.block(1);
        if (!t.closing) {
            writer.word("-");
            writer.space();
        }
    } else if (is_one_of(n, {"div",     "tr",     "dt",     "dd",         "section", "article",
                             "header",  "footer", "nav",    "aside",      "form",    "fieldset",
                             "address", "center", "figure", "figcaption", "main",    "caption",
                             "tbody",   "thead",  "tfoot"})) {
        writer.block(1);
    } else if (n == "td" || n == "th") {
        writer.space();
    } else if (n == "a") {
        if (!t.closing) {
            if (links.size() < 64)
                links.emplace_back(decode_references(t.href), writer.size());
        } else if (!links.empty()) {
            const auto [href, mark] = std::move(links.back());
            links.pop_back();
            const auto shown = writer.since(mark);
            if (shows_link(href) && shown.find(href) == std::string_view::npos &&
                std::string_view(href).substr(href.find(':') + 1) != shown) {
                writer.space();
                writer.word("<" + href + ">");
            }
        }
    }
}

// No spaces at line ends, no more than one blank line in a row, none at either end: lines that
// held only no-break spaces would otherwise survive the writer's rules.
std::string tidy_lines(std::string_view text) {
    std::string out;
    std::size_t blank_run = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        auto line = text.substr(start, end - start);
        while (!line.empty() && line.back() == ' ')
            line.remove_suffix(1);
        if (line.empty()) {
            ++blank_run;
        } else {
            if (!out.empty())
                out.append(blank_run > 0 ? "\n\n" : "\n");
            out += line;
            blank_run = 0;
        }
        start = end + 1;
    }
    return out;
}

}  // namespace

std::string html_to_text(std::string_view html) {
    text_writer writer;
    int preformatted = 0;
    std::vector<std::pair<std::string, std::size_t>> links;
    std::size_t i = 0;
    while (i < html.size()) {
        const auto lt = html.find('<', i);
        write_text(writer, html.substr(i, (lt == std::string_view::npos ? html.size() : lt) - i),
                   preformatted > 0);
        if (lt == std::string_view::npos)
            break;
        i = lt;
        const char next = i + 1 < html.size() ? html[i + 1] : '\0';
        if (starts_with_ci(html, i, "<!--")) {
            const auto close = html.find("-->", i + 4);
            i = close == std::string_view::npos ? html.size() : close + 3;
            continue;
        }
        if (next == '!' || next == '?') {
            const auto close = html.find('>', i);
            i = close == std::string_view::npos ? html.size() : close + 1;
            continue;
        }
        const bool letter = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z');
        if (!letter && next != '/') {
            writer.word("<");  // a literal '<', as in "a < b"
            ++i;
            continue;
        }
        const auto t = parse_tag(html, i);
        if (t.end == std::string_view::npos)
            break;
        i = t.end;
        if (!t.closing && is_one_of(t.name, {"script", "style", "title", "template", "xml"})) {
            // Raw text up to the matching end tag, never shown.
            const auto close = find_ci(html, i, "</" + t.name);
            const auto gt = close == std::string_view::npos ? close : html.find('>', close);
            i = gt == std::string_view::npos ? html.size() : gt + 1;
            continue;
        }
        apply_tag(writer, t, preformatted, links);
    }
    return tidy_lines(clean_text(writer.take()));
}

std::string html_declared_charset(std::string_view html) {
    const auto head = html.substr(0, 2048);
    const auto at = find_ci(head, 0, "charset=");
    if (at == std::string_view::npos)
        return {};
    std::size_t i = at + 8;
    while (i < head.size() && (head[i] == '"' || head[i] == '\'' || is_space(head[i])))
        ++i;
    std::string name;
    while (i < head.size() && (is_alnum(head[i]) || head[i] == '-' || head[i] == '_' ||
                               head[i] == '.' || head[i] == ':'))
        name += lower(head[i++]);
    return name;
}

}  // namespace tocsin::triggers
