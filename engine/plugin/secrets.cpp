#include "engine/plugin/secrets.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

#include "engine/plugin/redaction.hpp"

namespace tocsin::plugin {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& why) {
    throw error(errc::config, "secrets file " + file.string() + ": " + why);
}

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r");
    return std::string(s.substr(first, last - first + 1));
}

// KEY=VALUE lines; a value may be wrapped in one pair of matching quotes.
std::map<std::string, std::string, std::less<>> parse_lines(const std::string& text,
                                                            const std::filesystem::path& file) {
    std::map<std::string, std::string, std::less<>> out;
    std::istringstream in(text);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const auto content = trim(line);
        if (content.empty() || content.front() == '#')
            continue;
        const auto eq = content.find('=');
        const auto name = trim(std::string_view(content).substr(0, eq));
        if (eq == std::string::npos || !is_valid_secret_name(name))
            fail(file, "line " + std::to_string(number) +
                           ": expected NAME=VALUE with a NAME of letters, digits and '_'");
        auto value = trim(std::string_view(content).substr(eq + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        out[name] = std::move(value);
    }
    return out;
}

std::map<std::string, std::string, std::less<>> parse_json(const std::string& text,
                                                           const std::filesystem::path& file) {
    const auto doc = nlohmann::json::parse(text, nullptr, false, /*ignore_comments=*/true);
    if (doc.is_discarded() || !doc.is_object())
        fail(file, "not a JSON object of strings");
    std::map<std::string, std::string, std::less<>> out;
    for (const auto& [name, value] : doc.items()) {
        if (!is_valid_secret_name(name))
            fail(file, "'" + name + "' is not a secret name (letters, digits and '_')");
        if (!value.is_string())
            fail(file, "'" + name + "' must be a string");
        out[name] = value.get<std::string>();
    }
    return out;
}

}  // namespace

bool is_valid_secret_name(std::string_view name) noexcept {
    if (name.empty())
        return false;
    for (const char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
            return false;
    return true;
}

std::optional<secret_ref> as_secret_ref(const nlohmann::json& setting) {
    if (!setting.is_string())
        return std::nullopt;
    const auto& text = setting.get_ref<const std::string&>();
    if (text.rfind(secret_prefix, 0) != 0)
        return std::nullopt;
    return secret_ref(text.substr(secret_prefix.size()));
}

secret_store secret_store::load(const std::filesystem::path& file, env_lookup environment) {
    secret_store out;
    out.environment_ = std::move(environment);
    out.file_ = file;
    if (file.empty())
        return out;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0)
        fail(file, "cannot be read");
    if (!S_ISREG(st.st_mode))
        fail(file, "is not a regular file");
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        fail(
            file, "is readable or writable by group or others (mode " + [&] {
                std::ostringstream m;
                m << std::oct << (st.st_mode & 0777);
                return m.str();
            }() + "); restrict it with chmod 600");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        fail(file, "cannot be read");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const auto text = buffer.str();
    const auto first = text.find_first_not_of(" \t\r\n");
    out.file_values_ = first != std::string::npos && text[first] == '{' ? parse_json(text, file)
                                                                        : parse_lines(text, file);
    for (const auto& [_, value] : out.file_values_)
        register_secret_value(value);
    return out;
}

std::optional<std::string> secret_store::lookup(const std::string& name) const {
    if (!is_valid_secret_name(name))
        return std::nullopt;
    if (environment_)
        if (auto v = environment_(std::string(secret_env_prefix) + name))
            return v;
    if (const auto it = file_values_.find(name); it != file_values_.end())
        return it->second;
    return std::nullopt;
}

result<std::string> secret_store::value(const secret_ref& ref) const {
    auto v = lookup(ref.name());
    if (!v)
        return error_info{errc::not_found,
                          "secret '" + ref.name() + "' is not defined (set " +
                              std::string(secret_env_prefix) + ref.name() +
                              " or add it to the secrets file)",
                          {}};
    register_secret_value(*v);
    return std::move(*v);
}

bool secret_store::contains(const secret_ref& ref) const {
    return lookup(ref.name()).has_value();
}

std::vector<std::string> secret_store::file_names() const {
    std::vector<std::string> out;
    for (const auto& [name, _] : file_values_)
        out.push_back(name);
    return out;
}

result<std::string> resolve_setting(const secret_store* secrets, const nlohmann::json& setting,
                                    std::string_view what) {
    if (auto ref = as_secret_ref(setting)) {
        if (!secrets)
            return error_info{
                errc::unavailable, std::string(what) + ": secrets are not available here", {}};
        auto v = secrets->value(*ref);
        if (!v)
            return error_info{v.error().code, std::string(what) + ": " + v.error().message, {}};
        return v;
    }
    if (!setting.is_string())
        return error_info{errc::invalid_argument, std::string(what) + " must be a string", {}};
    return setting.get<std::string>();
}

}  // namespace tocsin::plugin
