#pragma once
// Command-line arguments of one subcommand: --name VALUE, --name=VALUE, boolean --name, and
// positionals. Options are declared up front so a misspelt one is an error, not ignored.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tocsin::cli {

struct option_spec {
    std::string name;  // without dashes
    bool takes_value = true;
    bool repeatable = false;
    std::string value_name;  // for help: FILE, HOST:PORT
    std::string help;
};

class args {
  public:
    args(std::string command, std::vector<option_spec> specs, int argc, char** argv, int first);

    bool has(const std::string& name) const { return values_.count(name) != 0; }
    std::optional<std::string> get(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;
    const std::vector<std::string>& positionals() const { return positionals_; }

    // "  --listen HOST:PORT   where the API listens" lines, for --help.
    static std::string describe(const std::vector<option_spec>& specs);

  private:
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> positionals_;
};

// Thrown for bad usage; main prints "tocsin: <message>" and exits 2.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace tocsin::cli
