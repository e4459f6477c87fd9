#include "src/cli_config.hpp"

namespace tocsin::cli {

config load_cli_config(const args& a) {
    config_sources sources;
    if (auto f = a.get("config"))
        sources.file = *f;
    sources.environment = process_environment();
    if (auto v = a.get("data-dir"))
        sources.overrides.emplace_back("data_dir", *v);
    for (const auto& kv : a.all("set")) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            throw usage_error("--set expects KEY=VALUE, got '" + kv + "'");
        sources.overrides.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    return load_config(sources);
}

}  // namespace tocsin::cli
