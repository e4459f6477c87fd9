#pragma once
// Redaction of secret values. Every value a secret_store hands out (and every value of the
// secrets file) is registered here; redact_text() replaces each occurrence of a registered value by
// "***". Plugin outputs and error messages are redacted before they reach a run (instances.cpp),
// and the runner redacts run records (logs, error, result) before they are stored or served.
//
// Process-wide on purpose: a secret must be masked wherever it surfaces, whichever component
// loaded it, and a value once seen stays masked for the life of the process.
// Thread-safety: every function may be called from any thread (a shared mutex guards the set).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tocsin::store {
struct run_record;
}

namespace tocsin::plugin {

inline constexpr std::string_view redacted_text = "***";
// Shorter values are not masked: replacing every "ab" in a record would destroy it while hiding
// nothing worth hiding.
inline constexpr std::size_t min_redacted_length = 4;

void register_secret_value(std::string_view value);
bool has_secret_values();

std::string redact_text(std::string_view text);
// Redacts every string (keys included) inside `value`.
nlohmann::json redact_json(nlohmann::json value);
// Every free-text and JSON member of a run record.
void redact_record(store::run_record& record);

}  // namespace tocsin::plugin
