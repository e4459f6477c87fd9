#include "engine/model/watchlist_csv.hpp"

#include <csv.h>

#include <memory>
#include <optional>
#include <unordered_map>

#include "engine/error.hpp"
#include "engine/model/validation.hpp"
#include "engine/model/watchlist.hpp"

namespace tocsin::model {

namespace {

using nlohmann::json;

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// What libcsv's callbacks build. The callbacks are C: they must not throw, so the first problem
// is kept here and everything after it ignored; the caller throws it once csv_parse returns.
struct csv_state {
    std::string key_column;
    std::vector<std::string> header;
    std::size_t key_index = 0;
    std::vector<std::string> fields;  // of the row being read
    std::size_t row = 0;              // rows completed, the header included
    std::unordered_map<std::string, std::size_t> row_of_key;
    std::vector<json> items;
    std::optional<error> failure;

    void fail(errc code, std::string message, std::string field = "rawContent") {
        if (!failure)
            failure.emplace(code, std::move(message), std::move(field));
    }
    std::string row_name() const { return "Row " + std::to_string(row + 1); }

    void take_header() {
        header = std::move(fields);
        watchlist shape;
        shape.columns = header;
        shape.items_search_key = key_column;
        try {
            check_watchlist_columns(shape);
        } catch (const error& e) {
            if (e.field() == "itemsSearchKey")
                fail(e.code(),
                     "itemsSearchKey " + key_column + " is not a column of the CSV header (" +
                         joined_header() + ").",
                     "itemsSearchKey");
            else
                fail(e.code(), "Row 1 (the header): " + std::string(e.what()));
            return;
        }
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == key_column)
                key_index = i;
    }

    std::string joined_header() const {
        std::string out;
        for (const auto& c : header)
            out += (out.empty() ? "" : ", ") + c;
        return out;
    }

    void take_item() {
        if (fields.size() != header.size()) {
            fail(errc::invalid_argument, row_name() + " has " + std::to_string(fields.size()) +
                                             " fields; the header has " +
                                             std::to_string(header.size()) + ".");
            return;
        }
        if (items.size() == max_watchlist_items) {
            fail(errc::limit_exceeded,
                 "A watchlist holds at most " + std::to_string(max_watchlist_items) + " items.");
            return;
        }
        const auto& key = fields[key_index];
        if (trim(key).empty()) {
            fail(errc::invalid_argument,
                 row_name() + " has no value in the key column " + key_column + ".");
            return;
        }
        const auto [it, fresh] = row_of_key.emplace(watchlist_key(key), row + 1);
        if (!fresh) {
            fail(errc::invalid_argument, row_name() + " repeats the " + key_column + " " + key +
                                             " of row " + std::to_string(it->second) +
                                             "; keys must be unique (ignoring case).");
            return;
        }
        json item = json::object();
        for (std::size_t i = 0; i < header.size(); ++i)
            item[header[i]] = std::move(fields[i]);
        items.push_back(std::move(item));
    }
};

void on_field(void* data, std::size_t size, void* out) {
    auto& state = *static_cast<csv_state*>(out);
    if (state.failure)
        return;
    if (size > max_watchlist_value_bytes) {
        state.fail(errc::invalid_argument, state.row_name() + " has a field longer than " +
                                               std::to_string(max_watchlist_value_bytes) +
                                               " bytes.");
        return;
    }
    if (state.fields.size() == max_watchlist_columns + 1) {
        state.fail(errc::limit_exceeded, state.row_name() + " has more than " +
                                             std::to_string(max_watchlist_columns) +
                                             " fields; a watchlist has at most that many columns.");
        return;
    }
    state.fields.emplace_back(data == nullptr ? "" : static_cast<const char*>(data), size);
}

void on_row(int, void* out) {
    auto& state = *static_cast<csv_state*>(out);
    if (state.failure)
        return;
    if (state.row == 0)
        state.take_header();
    else
        state.take_item();
    state.fields.clear();
    ++state.row;
}

// Drops the first `count` lines (through their '\n').
std::string_view skip_lines(std::string_view text, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        const auto nl = text.find('\n');
        if (nl == std::string_view::npos)
            throw error(errc::invalid_argument,
                        "numberOfLinesToSkip is " + std::to_string(count) +
                            ", but the content has only " + std::to_string(i) +
                            " complete lines before its header.",
                        "numberOfLinesToSkip");
        text.remove_prefix(nl + 1);
    }
    return text;
}

struct parser_deleter {
    void operator()(csv_parser* p) const {
        csv_free(p);
        delete p;
    }
};

}  // namespace

watchlist_csv parse_watchlist_csv(std::string_view raw, std::size_t lines_to_skip,
                                  const std::string& key_column) {
    if (raw.size() > max_watchlist_raw_content_bytes)
        throw error(errc::limit_exceeded,
                    "rawContent is " + std::to_string(raw.size()) +
                        " bytes; a watchlist's content is at most " +
                        std::to_string(max_watchlist_raw_content_bytes) + " bytes.",
                    "rawContent");
    if (lines_to_skip > max_watchlist_lines_to_skip)
        throw error(errc::invalid_argument,
                    "numberOfLinesToSkip must be between 0 and " +
                        std::to_string(max_watchlist_lines_to_skip) + ".",
                    "numberOfLinesToSkip");
    if (raw.starts_with(utf8_bom))
        raw.remove_prefix(utf8_bom.size());
    raw = skip_lines(raw, lines_to_skip);

    std::unique_ptr<csv_parser, parser_deleter> parser(new csv_parser{});
    if (csv_init(parser.get(), CSV_STRICT | CSV_STRICT_FINI) != 0)
        throw error(errc::internal, "libcsv could not be initialised.");
    csv_state state;
    state.key_column = key_column;
    const auto parsed = csv_parse(parser.get(), raw.data(), raw.size(), on_field, on_row, &state);
    if (parsed != raw.size() || csv_fini(parser.get(), on_field, on_row, &state) != 0) {
        const int code = csv_error(parser.get());
        if (code == CSV_ENOMEM || code == CSV_ETOOBIG)
            throw error(errc::limit_exceeded, "rawContent is too large to parse.", "rawContent");
        state.fail(errc::invalid_argument,
                   state.row_name() + " is not valid CSV (" + csv_strerror(code) +
                       "): quotes must enclose a whole field, and a quote inside one is "
                       "written twice.");
    }
    if (state.failure)
        throw *state.failure;
    if (state.row == 0)
        throw error(errc::invalid_argument, "rawContent has no header row.", "rawContent");
    return {std::move(state.header), std::move(state.items)};
}

}  // namespace tocsin::model
