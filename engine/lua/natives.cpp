#include "engine/lua/natives.hpp"

#include <vector>

namespace tocsin::lua {
namespace {

bool valid_segment(std::string_view s) noexcept {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9'))
        return false;
    for (const char ch : s) {
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return false;
    }
    return true;
}

}  // namespace

completion native_call::suspend() {
    if (suspended_)
        throw error(errc::internal, "suspend() called twice for one call");
    if (suspender_ == nullptr) {
        throw error(errc::unsupported,
                    "cannot suspend here: call it directly from run(ctx), not inside a coroutine, "
                    "a table.sort comparator, a string.gsub callback or a module's top level");
    }
    suspended_ = true;
    return suspender_->open_suspension();
}

void native_registry::add(std::string name, native_fn fn) {
    if (!fn)
        throw error(errc::invalid_argument, "native '" + name + "' has no function", "name");
    std::string_view rest(name);
    if (rest.substr(0, 7) != "tocsin.") {
        throw error(errc::invalid_argument, "native name '" + name + "' must start with 'tocsin.'",
                    "name");
    }
    std::vector<std::string> prefixes;
    for (std::size_t dot = 0; (dot = name.find('.', dot + 1)) != std::string::npos;) {
        prefixes.push_back(name.substr(0, dot));
    }
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = name.find('.', start);
        if (!valid_segment(std::string_view(name).substr(start, dot - start))) {
            throw error(
                errc::invalid_argument,
                "native name '" + name + "' must be dot-separated [a-z_][a-z0-9_]* segments",
                "name");
        }
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    if (functions_.contains(name)) {
        throw error(errc::already_exists, "native '" + name + "' is already registered", "name");
    }
    if (namespaces_.contains(name)) {
        throw error(errc::conflict, "native '" + name + "' is already a namespace", "name");
    }
    for (const auto& prefix : prefixes) {
        if (functions_.contains(prefix)) {
            throw error(errc::conflict,
                        "native '" + name + "' lies below function '" + prefix + "'", "name");
        }
    }
    namespaces_.insert(prefixes.begin(), prefixes.end());
    auto e = std::make_unique<entry>(entry{name, std::move(fn)});
    functions_.emplace(std::move(name), std::move(e));
}

const native_registry::entry* native_registry::find(std::string_view name) const {
    const auto it = functions_.find(name);
    return it == functions_.end() ? nullptr : it->second.get();
}

bool native_registry::is_namespace(std::string_view name) const {
    return namespaces_.find(name) != namespaces_.end();
}

}  // namespace tocsin::lua
