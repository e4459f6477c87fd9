#include "engine/plugin/redaction.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "engine/store/run_record.hpp"

namespace tocsin::plugin {
namespace {

struct secret_values {
    std::shared_mutex mutex;
    // Longest first, so that a secret containing another is masked whole.
    std::vector<std::string> values;  // guarded by mutex
    std::atomic<bool> any{false};
};

secret_values& values() {
    static secret_values v;
    return v;
}

}  // namespace

void register_secret_value(std::string_view value) {
    if (value.size() < min_redacted_length)
        return;
    auto& v = values();
    std::unique_lock lock(v.mutex);
    if (std::find(v.values.begin(), v.values.end(), value) != v.values.end())
        return;
    v.values.emplace_back(value);
    std::stable_sort(v.values.begin(), v.values.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
    v.any.store(true);
}

bool has_secret_values() {
    return values().any.load();
}

std::string redact_text(std::string_view text) {
    std::string out(text);
    if (!has_secret_values())
        return out;
    auto& v = values();
    std::shared_lock lock(v.mutex);
    for (const auto& secret : v.values) {
        for (auto pos = out.find(secret); pos != std::string::npos;
             pos = out.find(secret, pos + redacted_text.size()))
            out.replace(pos, secret.size(), redacted_text);
    }
    return out;
}

nlohmann::json redact_json(nlohmann::json value) {
    if (!has_secret_values())
        return value;
    if (value.is_string())
        return redact_text(value.get_ref<const std::string&>());
    if (value.is_array()) {
        for (auto& item : value)
            item = redact_json(std::move(item));
        return value;
    }
    if (value.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (auto& [key, member] : value.items())
            out[redact_text(key)] = redact_json(std::move(member));
        return out;
    }
    return value;
}

void redact_record(store::run_record& record) {
    if (!has_secret_values())
        return;
    record.trigger = redact_json(std::move(record.trigger));
    record.params = redact_json(std::move(record.params));
    record.error = redact_text(record.error);
    record.traceback = redact_text(record.traceback);
    record.result = redact_json(std::move(record.result));
    record.logs = redact_json(std::move(record.logs));
    record.actions = redact_json(std::move(record.actions));
}

}  // namespace tocsin::plugin
