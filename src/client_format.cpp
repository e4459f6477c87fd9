#include "src/client_format.hpp"

namespace tocsin::cli {

using nlohmann::json;

std::string text_at(const json& value, std::string_view key) {
    if (!value.is_object())
        return {};
    const auto it = value.find(key);
    if (it == value.end())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number() || it->is_boolean())
        return it->dump();
    return {};
}

std::string text_at_pointer(const json& value, const std::string& pointer) {
    const json::json_pointer ptr(pointer);
    if (!value.contains(ptr))
        return {};
    const auto& item = value.at(ptr);
    if (item.is_string())
        return item.get<std::string>();
    if (item.is_number() || item.is_boolean())
        return item.dump();
    return {};
}

std::string owner_text(const json& owner) {
    for (const auto* key : {"email", "assignedTo", "userPrincipalName"}) {
        auto text = text_at(owner, key);
        if (!text.empty())
            return text;
    }
    return {};
}

std::string labels_text(const json& labels) {
    std::string out;
    if (!labels.is_array())
        return out;
    for (const auto& l : labels) {
        const auto name = l.is_string() ? l.get<std::string>() : text_at(l, "labelName");
        if (!name.empty())
            out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

std::string short_time(std::string_view iso) {
    // yyyy-mm-ddThh:mm:ss…
    if (iso.size() < 19 || iso[10] != 'T')
        return std::string(iso);
    std::string out(iso.substr(0, 19));
    out[10] = ' ';
    return out;
}

std::string odata_string(std::string_view text) {
    std::string out = "'";
    for (const char c : text) {
        out += c;
        if (c == '\'')
            out += '\'';
    }
    return out + "'";
}

}  // namespace tocsin::cli
