#pragma once
// An ordered list of name/value pairs with case-insensitive name lookup. One type serves request
// and response headers, decoded query parameters, captured path parameters and request
// attributes: names keep the case they were sent or registered with (ARM clients send both
// `api-version` and `$top`), lookups ignore ASCII case. Not thread-safe; a request or response is
// owned by one handler at a time.

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tocsin::http {

// ASCII case-insensitive equality (header names, ARM literal path segments, media types).
bool iequals(std::string_view a, std::string_view b) noexcept;

class fields {
  public:
    using value_type = std::pair<std::string, std::string>;
    using const_iterator = std::vector<value_type>::const_iterator;

    fields() = default;
    fields(std::initializer_list<value_type> items) : items_(items) {}

    // Appends; an existing field of the same name stays (repeated headers or query keys).
    void add(std::string name, std::string value);
    // Replaces every field of that name by one.
    void set(std::string_view name, std::string value);
    void erase(std::string_view name);

    // The first value of that name, ignoring case; the view lives as long as the field.
    std::optional<std::string_view> find(std::string_view name) const;
    std::string_view get(std::string_view name, std::string_view fallback = {}) const;
    bool contains(std::string_view name) const { return find(name).has_value(); }
    std::size_t count(std::string_view name) const;
    std::vector<std::string_view> all(std::string_view name) const;

    const_iterator begin() const { return items_.begin(); }
    const_iterator end() const { return items_.end(); }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }

  private:
    std::vector<value_type> items_;
};

}  // namespace tocsin::http
