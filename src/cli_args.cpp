#include "src/cli_args.hpp"

#include <algorithm>

namespace tocsin::cli {

args::args(std::string command, std::vector<option_spec> specs, int argc, char** argv, int first) {
    auto find = [&](const std::string& name) -> const option_spec* {
        for (const auto& s : specs)
            if (s.name == name)
                return &s;
        return nullptr;
    };
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--") {
            for (++i; i < argc; ++i)
                positionals_.emplace_back(argv[i]);
            break;
        }
        if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
            positionals_.push_back(std::move(arg));
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inline_value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name.resize(eq);
        }
        const option_spec* spec = find(name);
        if (!spec)
            throw usage_error("unknown option --" + name + " for '" + command + "'");
        if (!spec->repeatable && values_.count(name))
            throw usage_error("option --" + name + " given twice");
        if (!spec->takes_value) {
            if (inline_value)
                throw usage_error("option --" + name + " takes no value");
            values_[name].push_back("true");
            continue;
        }
        if (!inline_value) {
            if (i + 1 >= argc)
                throw usage_error("option --" + name + " needs a value");
            inline_value = argv[++i];
        }
        values_[name].push_back(*inline_value);
    }
}

std::optional<std::string> args::get(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end())
        return std::nullopt;
    return it->second.back();
}

std::vector<std::string> args::all(const std::string& name) const {
    const auto it = values_.find(name);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string args::describe(const std::vector<option_spec>& specs) {
    std::vector<std::string> left;
    std::size_t width = 0;
    for (const auto& s : specs) {
        left.push_back("--" + s.name + (s.takes_value ? " " + s.value_name : ""));
        width = std::max(width, left.back().size());
    }
    std::string out;
    for (std::size_t i = 0; i < specs.size(); ++i)
        out += "  " + left[i] + std::string(width - left[i].size() + 3, ' ') + specs[i].help + "\n";
    return out;
}

}  // namespace tocsin::cli
