#pragma once
// An HTML mail body as readable plain text, for playbooks that want words, not markup (a
// deliberately small converter, not a browser):
// - script, style, title, template and comments are dropped;
// - block elements (p, div, h1-h6, li, tr, table, blockquote, pre, hr, …) and <br> end lines; at
//   most one blank line in a row; runs of white space collapse to one space except inside <pre>;
// - list items start with "- ", table cells are separated by a space;
// - a link keeps its target when the text does not show it: "Sign in <https://evil.example/>",
//   because where a link really goes is what an analyst needs to see;
// - character references are decoded: the HTML 4 named set (Latin-1, typography, arrows), decimal
//   and hex; zero-width characters and soft hyphens from references are dropped (phishing uses
//   them to break up words), and &#128;-&#159; mean their Windows-1252 characters, as in browsers.
// Input is UTF-8 (decode_text first); output is valid UTF-8.
// Thread-safety: pure functions.

#include <string>
#include <string_view>

namespace tocsin::triggers {

std::string html_to_text(std::string_view html);

// The charset a document declares in its first 2 KiB (<meta charset=…> or http-equiv
// Content-Type), lower-case; "" when none. For HTML parts whose MIME header names no charset.
std::string html_declared_charset(std::string_view html);

}  // namespace tocsin::triggers
