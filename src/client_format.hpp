#pragma once
// Reading the API's JSON for people: fields that may be absent or null, owners, labels, times.
// Pure functions; every one returns "" rather than throwing for a missing or mistyped field,
// since what a server of another version sends is not the CLI's to reject.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tocsin::cli {

// value[key] as text: strings as they are, numbers and booleans printed, anything else "".
std::string text_at(const nlohmann::json& value, std::string_view key);
// value/a/b… (a JSON pointer such as "/properties/title") as text_at does.
std::string text_at_pointer(const nlohmann::json& value, const std::string& pointer);

// The owner's email, else assignedTo, else userPrincipalName, else "".
std::string owner_text(const nlohmann::json& owner);
// "a, b" of an incident's labels ([{labelName}] or bare names).
std::string labels_text(const nlohmann::json& labels);
// "2024-05-01T10:00:00.123Z" → "2024-05-01 10:00:00"; other text unchanged.
std::string short_time(std::string_view iso);
// "'it''s'": an OData string literal.
std::string odata_string(std::string_view text);

}  // namespace tocsin::cli
