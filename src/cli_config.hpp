#pragma once
// The configuration of the commands that work on a data directory without a server (token,
// playbook, plugins): --config FILE, --data-dir DIR and --set KEY=VALUE over the environment
// and the defaults, in the same order of precedence as `tocsin serve`.

#include "engine/core/config.hpp"
#include "src/cli_args.hpp"

namespace tocsin::cli {

// Flags the command does not declare are simply absent. Throws usage_error for a malformed
// --set, tocsin::error(errc::config) for a bad value (as load_config does).
config load_cli_config(const args& a);

}  // namespace tocsin::cli
