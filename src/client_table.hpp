#pragma once
// Aligned text tables for people (the --json output is for scripts): a header row, then one row
// per item, columns two spaces apart, widths in UTF-8 characters so that non-ASCII titles line
// up. Long cells of a limited column are cut with "…"; the last column is never padded.

#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::cli {

class text_table {
  public:
    explicit text_table(std::vector<std::string> headers);

    // Cells of that column longer than `width` characters are cut to it.
    void limit(std::size_t column, std::size_t width);
    // Missing cells are empty; extra cells are an error of the caller (ignored).
    void add(std::vector<std::string> cells);
    bool empty() const { return rows_.empty(); }
    std::size_t size() const { return rows_.size(); }

    void print(std::ostream& out, std::string_view indent = {}) const;

  private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
    std::map<std::size_t, std::size_t> limits_;
};

// The number of characters (code points) of UTF-8 text.
std::size_t display_width(std::string_view text);
// text cut to at most `width` characters, the last one "…" when it was cut; control characters
// (a newline in a title) become spaces so that one item stays on one line.
std::string fit(std::string_view text, std::size_t width);

// One "  name    value" line of a detail view (`show`), the value starting at column width + 2;
// nothing for an empty value, so absent fields leave no line.
void print_field(std::ostream& out, std::string_view name, const std::string& value,
                 std::size_t width = 16);

}  // namespace tocsin::cli
