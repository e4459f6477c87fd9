// Loading a playbook: compile, run the top level in a throwaway sandbox under load limits, read
// the returned table's metadata. `run` is never called.

#include "engine/lua/playbook.hpp"

#include <fstream>
#include <iterator>

#include <openssl/evp.h>
#include <lua.hpp>

#include "engine/lua/clock_source.hpp"
#include "engine/lua/convert.hpp"
#include "engine/lua/instance.hpp"
#include "engine/lua/playbook_meta.hpp"

namespace tocsin::lua {
namespace {

namespace fs = std::filesystem;
using detail::at_line;

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
        throw error(errc::internal, "SHA-256 failed");
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (unsigned int i = 0; i < size; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

// Lua shortens long chunk names to "...<tail>" in messages; put the whole path back.
std::string expand_chunk_name(const std::string& message, const std::string& path) {
    if (message.rfind("...", 0) != 0)
        return message;
    for (std::size_t colon = message.find(':', 3); colon != std::string::npos;
         colon = message.find(':', colon + 1)) {
        const std::string_view tail(message.data() + 3, colon - 3);
        if (path.size() >= tail.size() &&
            path.compare(path.size() - tail.size(), tail.size(), tail) == 0) {
            return path + message.substr(colon);
        }
    }
    return message;
}

int dump_writer(lua_State*, const void* data, std::size_t size, void* ud) noexcept {
    try {
        static_cast<std::string*>(ud)->append(static_cast<const char*>(data), size);
        return 0;
    } catch (...) {
        return 1;
    }
}

struct fields {
    nlohmann::json data = nlohmann::json::object();
    std::string run_type = "nil";
};

// Reads the returned table with raw, non-raising access only.
fields read_fields(lua_State* L, int index, const json_limits& limits,
                   const detail::source_lines& lines, const std::string& path) {
    fields out;
    index = lua_absindex(L, index);
    if (!lua_checkstack(L, 3))
        throw error(errc::limit_exceeded, path + ": Lua stack exhausted");
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            lua_pop(L, 2);
            throw error(errc::invalid_argument,
                        at_line(path, lines.last_return(),
                                "the playbook table must have only string keys"));
        }
        std::size_t size = 0;
        const char* data = lua_tolstring(L, -2, &size);
        const std::string key(data, size);
        if (key == "run") {
            out.run_type = lua_typename(L, lua_type(L, -1));
        } else {
            try {
                out.data[key] = detail::to_json(L, -1, limits);
            } catch (const error& e) {
                lua_pop(L, 2);
                const int line = lines.field({key});
                throw error(errc::invalid_argument,
                            at_line(path, line != 0 ? line : lines.last_return(),
                                    "'" + key + "' must be plain data: " + e.what()),
                            key);
            }
        }
        lua_pop(L, 1);
    }
    return out;
}

}  // namespace

playbook_definition load_playbook(const fs::path& file, const load_options& options) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec || !fs::is_regular_file(file, ec)) {
        throw error(errc::not_found, "playbook '" + file.string() + "' cannot be read");
    }
    if (size > options.max_source_bytes) {
        throw error(errc::invalid_argument, file.string() + ": playbook larger than " +
                                                std::to_string(options.max_source_bytes) +
                                                " bytes");
    }
    std::ifstream in(file, std::ios::binary);
    std::string source{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad())
        throw error(errc::not_found, "playbook '" + file.string() + "' cannot be read");
    return load_playbook_source(std::move(source), file.string(), options);
}

playbook_definition load_playbook_source(std::string source, std::string source_path,
                                         const load_options& options) {
    if (source.size() > options.max_source_bytes) {
        throw error(errc::invalid_argument, source_path + ": playbook larger than " +
                                                std::to_string(options.max_source_bytes) +
                                                " bytes");
    }
    const detail::source_lines lines(source);
    // Time read while loading is not journaled: loading has no run to replay.
    const auto clock = make_system_clock_source();
    detail::sandbox_host host;
    host.sandbox = &options.sandbox;
    host.clock = clock.get();
    host.phase = detail::run_phase::load;
    detail::sandbox_state sandbox(options.limits, std::move(host));
    lua_State* L = sandbox.get();
    detail::stack_guard guard(L);

    try {
        sandbox.load_chunk(source, "@" + source_path, "t");
    } catch (const error& e) {
        throw error(e.code(), expand_chunk_name(e.what(), source_path));
    }
    auto compiled = std::make_shared<compiled_chunk>();
    if (lua_dump(L, &dump_writer, &compiled->bytecode, 0) != 0)
        compiled.reset();

    sandbox.arm_deadline();
    const int status = lua_pcall(L, 0, 1, 0);
    if (status != LUA_OK) {
        detail::control& c = sandbox.ctl();
        if (status == LUA_ERRMEM)
            c.memory->exhausted = true;
        if (detail::must_stop(c)) {
            throw error(errc::limit_exceeded, source_path + ": " + sandbox.stop_message(c.stop) +
                                                  " while loading the playbook");
        }
        throw error(errc::invalid_argument,
                    expand_chunk_name(detail::sandbox_state::error_message(L, -1), source_path));
    }
    if (lua_type(L, -1) != LUA_TTABLE) {
        throw error(errc::invalid_argument,
                    at_line(source_path, lines.last_return(),
                            std::string("the playbook must return a table, not ") +
                                (lua_isnil(L, -1) ? "nothing" : lua_typename(L, lua_type(L, -1)))));
    }
    const fields f = read_fields(L, -1, options.limits.json, lines, source_path);

    playbook_definition def;
    detail::validate_metadata(def, f.data, f.run_type, lines, source_path);
    def.source_path = std::move(source_path);
    def.sha256 = sha256_hex(source);
    def.source = std::move(source);
    def.compiled = std::move(compiled);
    return def;
}

}  // namespace tocsin::lua
