#include "engine/plugin/abi_loader.hpp"

#include <algorithm>
#include <atomic>
#include <memory>

#include <dlfcn.h>

#include "tocsin/plugin_abi.h"

namespace tocsin::plugin {
namespace {

using nlohmann::json;

// The dlopen handle. Never closed: a plugin thread may still be running library code after it
// delivered its last completion, so unmapping the library is never known to be safe (as in most
// plugin hosts, libraries stay loaded until the process exits).
// A library that was refused before any of its code ran is closed again.
class library {
  public:
    explicit library(void* handle) : handle_(handle) {}
    ~library() {
        if (!kept_)
            ::dlclose(handle_);
    }
    library(const library&) = delete;
    library& operator=(const library&) = delete;
    void* symbol(const char* name) const { return ::dlsym(handle_, name); }
    void keep() { kept_ = true; }

  private:
    void* handle_;
    bool kept_ = false;
};

errc errc_of(int status) {
    switch (status) {
        case TOCSIN_ERR_INVALID_ARGUMENT:
            return errc::invalid_argument;
        case TOCSIN_ERR_NOT_FOUND:
            return errc::not_found;
        case TOCSIN_ERR_CONFLICT:
            return errc::conflict;
        case TOCSIN_ERR_LIMIT_EXCEEDED:
            return errc::limit_exceeded;
        case TOCSIN_ERR_UNAUTHENTICATED:
            return errc::unauthenticated;
        case TOCSIN_ERR_FORBIDDEN:
            return errc::forbidden;
        case TOCSIN_ERR_UNAVAILABLE:
            return errc::unavailable;
        case TOCSIN_ERR_TIMEOUT:
            return errc::timeout;
        default:
            return errc::internal;
    }
}

// One C call in flight: owned by the C side from invoke() until it calls complete().
struct pending_call {
    std::string action;
    completion done;
    std::shared_ptr<library> lib;  // the code being called stays mapped until it answers
};

extern "C" void complete_call(void* completion_ctx, int status, const char* text) {
    std::unique_ptr<pending_call> call(static_cast<pending_call*>(completion_ctx));
    if (!call)
        return;
    if (status != TOCSIN_OK) {
        std::string message = text ? text : "failed";
        call->done(error_info{errc_of(status), call->action + ": " + message, {}});
        return;
    }
    if (!text) {
        call->done(json(nullptr));
        return;
    }
    auto output = json::parse(text, nullptr, false);
    if (output.is_discarded())
        call->done(
            error_info{errc::internal, call->action + ": the plugin answered invalid JSON", {}});
    else
        call->done(std::move(output));
}

std::string text_or(const char* s, const char* fallback) {
    return s ? std::string(s) : std::string(fallback);
}

bool is_plugin_name(std::string_view name) {
    if (name.empty() || !std::islower(static_cast<unsigned char>(name.front())))
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
}

action_descriptor adapt(const tocsin_action_v1& c, const std::shared_ptr<library>& lib,
                        const std::string& where) {
    if (!c.name || !c.invoke)
        throw error(errc::invalid_argument, where + ": an action has no name or no invoke()");
    action_descriptor a;
    a.name = c.name;
    a.description = text_or(c.description, "");
    if (c.input_schema_json) {
        const auto doc = json::parse(c.input_schema_json, nullptr, false);
        if (doc.is_discarded())
            throw error(errc::invalid_argument,
                        where + ": action '" + a.name + "': input schema is not valid JSON");
        try {
            a.input = from_json_schema(doc);
        } catch (const error& e) {
            throw error(errc::invalid_argument, where + ": action '" + a.name + "': " + e.what());
        }
    }
    a.side_effects = (c.flags & TOCSIN_ACTION_SIDE_EFFECTS) != 0;
    a.idempotent = (c.flags & TOCSIN_ACTION_IDEMPOTENT) != 0;
    if (c.default_timeout_ms > 0)
        a.default_timeout = std::chrono::milliseconds(c.default_timeout_ms);
    a.errors = {errc::unavailable, errc::timeout};
    a.run = [invoke = c.invoke, ctx = c.ctx, lib, name = a.name](const services&, action_call call,
                                                                 completion done) {
        const std::string input = call.input.dump();
        auto pending = std::make_unique<pending_call>(pending_call{name, std::move(done), lib});
        auto* raw = pending.release();
        const int accepted = invoke(ctx, input.c_str(), complete_call, raw);
        if (accepted != 0) {
            // Refused: complete() will not be called, the call is still ours.
            std::unique_ptr<pending_call> back(raw);
            back->done(error_info{
                errc::internal,
                name + ": the plugin refused the call (code " + std::to_string(accepted) + ")",
                {}});
        }
    };
    return a;
}

}  // namespace

plugin_descriptor load_shared_plugin(const std::filesystem::path& file) {
    const std::string where = "plugin library " + file.string();
    ::dlerror();
    void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = ::dlerror();
        throw error(errc::not_found,
                    where + ": cannot be loaded: " + text_or(why, "dlopen failed"));
    }
    auto lib = std::make_shared<library>(handle);
    auto* entry = reinterpret_cast<tocsin_plugin_entry_fn>(lib->symbol(TOCSIN_PLUGIN_ENTRY_SYMBOL));
    if (!entry)
        throw error(errc::not_found,
                    where + ": has no '" TOCSIN_PLUGIN_ENTRY_SYMBOL "' entry point");
    const tocsin_plugin_v1* desc = entry(TOCSIN_PLUGIN_ABI_VERSION);
    if (!desc)
        throw error(errc::unsupported, where + ": declined plugin ABI version " +
                                           std::to_string(TOCSIN_PLUGIN_ABI_VERSION) +
                                           " of this engine");
    if (desc->abi_version != TOCSIN_PLUGIN_ABI_VERSION)
        throw error(errc::unsupported, where + ": built for plugin ABI version " +
                                           std::to_string(desc->abi_version) +
                                           "; this engine supports plugin ABI version " +
                                           std::to_string(TOCSIN_PLUGIN_ABI_VERSION));
    if (!desc->name || !is_plugin_name(desc->name))
        throw error(errc::invalid_argument,
                    where + ": plugin name must be lower-case letters, digits and '_'");
    if (desc->action_count > 0 && !desc->actions)
        throw error(errc::invalid_argument, where + ": action_count without actions");
    plugin_descriptor p;
    p.name = desc->name;
    p.version = text_or(desc->version, "0");
    p.description = text_or(desc->description, "");
    for (std::uint32_t i = 0; i < desc->action_count; ++i)
        p.actions.push_back(adapt(desc->actions[i], lib, where));
    lib->keep();
    return p;
}

directory_load load_plugin_directory(registry& plugins, const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw error(errc::config,
                    "config key 'plugins.dir': '" + dir.string() + "' is not a directory");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".so")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    directory_load out;
    for (const auto& file : files) {
        try {
            plugins.add(load_shared_plugin(file));
            out.loaded.push_back(file);
        } catch (const error& e) {
            auto info = e.info();
            if (e.code() == errc::already_exists)
                info.message = "plugin library " + file.string() + ": " + info.message;
            out.refused.push_back({file, std::move(info)});
        }
    }
    return out;
}

}  // namespace tocsin::plugin
