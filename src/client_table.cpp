#include "src/client_table.hpp"

#include <algorithm>

namespace tocsin::cli {
namespace {

bool continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

std::string one_line(std::string_view text) {
    std::string out(text);
    std::replace_if(
        out.begin(), out.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; }, ' ');
    return out;
}

}  // namespace

std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return !continuation(static_cast<unsigned char>(c));
    }));
}

std::string fit(std::string_view text, std::size_t width) {
    auto line = one_line(text);
    if (width == 0 || display_width(line) <= width)
        return line;
    // Keep width - 1 characters, then the ellipsis.
    std::size_t kept = 0;
    std::size_t i = 0;
    for (; i < line.size(); ++i) {
        if (!continuation(static_cast<unsigned char>(line[i])) && kept++ == width - 1)
            break;
    }
    line.resize(i);
    return line + "…";
}

text_table::text_table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void text_table::limit(std::size_t column, std::size_t width) {
    limits_[column] = width;
}

void text_table::add(std::vector<std::string> cells) {
    cells.resize(headers_.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const auto it = limits_.find(i);
        cells[i] = fit(cells[i], it == limits_.end() ? 0 : it->second);
    }
    rows_.push_back(std::move(cells));
}

void text_table::print(std::ostream& out, std::string_view indent) const {
    std::vector<std::size_t> widths(headers_.size());
    for (std::size_t i = 0; i < headers_.size(); ++i)
        widths[i] = display_width(headers_[i]);
    for (const auto& row : rows_)
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], display_width(row[i]));
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text(indent);
        for (std::size_t i = 0; i < cells.size(); ++i) {
            text += cells[i];
            if (i + 1 < cells.size())
                text += std::string(widths[i] - display_width(cells[i]) + 2, ' ');
        }
        while (text.ends_with(' '))
            text.pop_back();
        out << text << "\n";
    };
    line(headers_);
    for (const auto& row : rows_)
        line(row);
}

void print_field(std::ostream& out, std::string_view name, const std::string& value,
                 std::size_t width) {
    if (value.empty())
        return;
    out << "  " << name << std::string(width > name.size() ? width - name.size() : 1, ' ') << value
        << "\n";
}

}  // namespace tocsin::cli
