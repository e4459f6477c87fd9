#include "engine/http/fields.hpp"

#include <algorithm>

namespace tocsin::http {
namespace {

char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

void fields::add(std::string name, std::string value) {
    items_.emplace_back(std::move(name), std::move(value));
}

void fields::set(std::string_view name, std::string value) {
    erase(name);
    items_.emplace_back(std::string(name), std::move(value));
}

void fields::erase(std::string_view name) {
    std::erase_if(items_, [&](const value_type& f) { return iequals(f.first, name); });
}

std::optional<std::string_view> fields::find(std::string_view name) const {
    for (const auto& [n, v] : items_) {
        if (iequals(n, name))
            return std::string_view(v);
    }
    return std::nullopt;
}

std::string_view fields::get(std::string_view name, std::string_view fallback) const {
    return find(name).value_or(fallback);
}

std::size_t fields::count(std::string_view name) const {
    return static_cast<std::size_t>(std::count_if(
        items_.begin(), items_.end(), [&](const value_type& f) { return iequals(f.first, name); }));
}

std::vector<std::string_view> fields::all(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& [n, v] : items_) {
        if (iequals(n, name))
            out.emplace_back(v);
    }
    return out;
}

}  // namespace tocsin::http
