#include "engine/model/watchlist.hpp"

#include <unordered_set>

#include "engine/error.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::model {

namespace {

using nlohmann::json;

const std::string* find_column(const watchlist& list, const std::string& name) {
    for (const auto& c : list.columns)
        if (c == name)
            return &c;
    return nullptr;
}

std::string text_of(const json& value, const std::string& field) {
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_null())
        return {};
    if (value.is_number() || value.is_boolean())
        return value.dump();
    throw error(errc::invalid_argument, "The value of " + field + " must be a string.", field);
}

}  // namespace

std::string watchlist_key(std::string_view value) {
    std::string out(value);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

void check_watchlist_columns(const watchlist& list) {
    if (list.columns.empty())
        throw error(errc::invalid_argument, "A watchlist needs at least one column.", "columns");
    if (list.columns.size() > max_watchlist_columns)
        throw error(errc::limit_exceeded,
                    "A watchlist has at most " + std::to_string(max_watchlist_columns) +
                        " columns; this one has " + std::to_string(list.columns.size()) + ".",
                    "columns");
    std::unordered_set<std::string> seen;
    for (const auto& c : list.columns) {
        if (trim(c).empty())
            throw error(errc::invalid_argument, "Column names must not be blank.", "columns");
        if (c.size() > max_watchlist_value_bytes)
            throw error(
                errc::invalid_argument,
                "Column names are at most " + std::to_string(max_watchlist_value_bytes) + " bytes.",
                "columns");
        if (!seen.insert(watchlist_key(c)).second)
            throw error(errc::invalid_argument, "The column " + c + " appears twice.", "columns");
    }
    if (list.items_search_key.empty())
        throw error(errc::missing_field, "itemsSearchKey is required.", "itemsSearchKey");
    if (find_column(list, list.items_search_key) == nullptr)
        throw error(errc::invalid_argument,
                    "itemsSearchKey " + list.items_search_key +
                        " is not a column of the watchlist's header.",
                    "itemsSearchKey");
}

nlohmann::json normalize_watchlist_values(const watchlist& list, const json& values) {
    if (!values.is_object())
        throw error(errc::invalid_argument, "itemsKeyValue must be an object.", "itemsKeyValue");
    for (const auto& [column, value] : values.items()) {
        if (find_column(list, column) == nullptr)
            throw error(errc::invalid_argument,
                        "itemsKeyValue names " + column + ", which is not a column of watchlist " +
                            list.alias + ".",
                        "itemsKeyValue." + column);
    }
    json out = json::object();
    for (const auto& column : list.columns) {
        const auto field = "itemsKeyValue." + column;
        const auto it = values.find(column);
        auto text = it == values.end() ? std::string() : text_of(*it, field);
        if (text.size() > max_watchlist_value_bytes)
            throw error(errc::invalid_argument,
                        "The value of " + column + " is longer than " +
                            std::to_string(max_watchlist_value_bytes) + " bytes.",
                        field);
        if (column == list.items_search_key && trim(text).empty())
            throw error(errc::invalid_argument, "The key column " + column + " must have a value.",
                        field);
        out[column] = std::move(text);
    }
    return out;
}

std::string watchlist_item_key(const watchlist& list, const json& values) {
    const auto it = values.find(list.items_search_key);
    return it != values.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace tocsin::model
