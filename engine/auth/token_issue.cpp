#include "engine/auth/token_issue.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>

#include "engine/auth/roles.hpp"
#include "engine/auth/token_cache.hpp"
#include "engine/auth/token_secret.hpp"
#include "engine/error.hpp"

namespace tocsin::auth {
namespace {

using nlohmann::json;

[[noreturn]] void bad(std::string_view field, std::string message) {
    throw error(errc::invalid_argument, std::move(message), std::string(field));
}

std::string workspace_text(const model::workspace_ref& ws) {
    return ws.subscription + "/" + ws.resource_group + "/" + ws.name;
}

void write_private_file(const std::filesystem::path& file, const std::string& text) {
    if (file.has_parent_path())
        std::filesystem::create_directories(file.parent_path());
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        throw error(errc::storage, "cannot write " + file.string());
    // A file left by an earlier run may have wider permissions; the token must not.
    const bool ok = ::fchmod(fd, 0600) == 0 &&
                    ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                    ::write(fd, "\n", 1) == 1;
    ::close(fd);
    if (!ok)
        throw error(errc::storage, "cannot write " + file.string());
}

}  // namespace

time_point parse_expiry(std::string_view text, time_point now) {
    time_point at{};
    if (const auto parsed = parse_time(text)) {
        at = *parsed;
    } else {
        std::int64_t count = 0;
        const auto* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, count);
        using namespace std::chrono;
        const std::string_view unit(ptr, static_cast<std::size_t>(end - ptr));
        milliseconds each{0};
        if (unit == "m")
            each = minutes(1);
        else if (unit == "h")
            each = hours(1);
        else if (unit == "d")
            each = hours(24);
        else if (unit == "w")
            each = hours(24 * 7);
        if (ec != std::errc{} || ptr == text.data() || each.count() == 0 || count <= 0 ||
            count > 100 * 365 * 24 * 60)
            bad("expires",
                "'expires' must be a duration such as 30d, 12h, 45m or 2w, or an ISO "
                "8601 time; got '" +
                    std::string(text) + "'.");
        at = now + each * count;
    }
    if (at <= now)
        bad("expires", "'expires' lies in the past: " + format_time(at) + ".");
    return at;
}

model::workspace_ref parse_workspace(std::string_view text) {
    auto ws = model::parse_workspace_path(text);
    if (!ws)
        bad("workspaces", "A workspace is SUBSCRIPTION/RESOURCE_GROUP/WORKSPACE; got '" +
                              std::string(text) + "'.");
    return std::move(*ws);
}

issued_token prepare_token(const token_request& request, time_point now) {
    if (request.name.size() > 200)
        bad("name", "A token name has at most 200 characters.");
    if (request.kind != "app" && request.kind != "user")
        bad("kind", "'kind' must be 'app' or 'user'; got '" + request.kind + "'.");
    if (request.roles.empty())
        throw error(errc::missing_field,
                    "A token needs at least one role: Reader, Responder, Contributor, "
                    "PlaybookOperator or Admin.",
                    "roles");

    issued_token out;
    auto& t = out.record;
    for (const auto& text : request.roles) {
        const auto r = parse_role(text);
        if (!r)
            bad("roles", "Unknown role '" + text +
                             "'; roles are Reader, Responder, Contributor, PlaybookOperator and "
                             "Admin.");
        const std::string name(to_string(*r));
        if (std::find(t.roles.begin(), t.roles.end(), name) == t.roles.end())
            t.roles.push_back(name);
    }
    for (const auto& text : request.workspaces) {
        auto ws = parse_workspace(text);
        if (std::find(t.workspaces.begin(), t.workspaces.end(), ws) == t.workspaces.end())
            t.workspaces.push_back(std::move(ws));
    }
    if (request.expires)
        t.expires = parse_expiry(*request.expires, now);

    const auto parts = new_token_parts();
    t.id = parts.id;
    // An unnamed token is still told apart in lists and activity logs.
    t.name = request.name.empty() ? "token-" + parts.id.substr(0, 8) : request.name;
    t.kind = request.kind;
    t.secret_sha256 = hash_secret(parts.secret);
    t.created = now;
    t.created_by = request.created_by;
    out.text = token_text(parts);
    return out;
}

issued_token issue_token(store::store& tokens, const token_request& request, time_point now) {
    auto out = prepare_token(request, now);
    tokens.create_token(out.record);
    return out;
}

bool revoke_token(store::store& tokens, const std::string& id, time_point now,
                  const std::filesystem::path& change_file) {
    if (!tokens.revoke_token(id, now))
        return false;
    announce_token_change(change_file);
    return true;
}

json token_json(const store::api_token& t, time_point now) {
    json workspaces = json::array();
    for (const auto& ws : t.workspaces)
        workspaces.push_back(workspace_text(ws));
    const char* status = t.revoked && *t.revoked <= now   ? "revoked"
                         : t.expires && *t.expires <= now ? "expired"
                                                          : "active";
    return {{"id", t.id},
            {"name", t.name},
            {"kind", t.kind},
            {"roles", t.roles},
            {"workspaces", std::move(workspaces)},
            {"created", format_time(t.created)},
            {"createdBy", t.created_by},
            {"expires", t.expires ? json(format_time(*t.expires)) : json(nullptr)},
            {"revoked", t.revoked ? json(format_time(*t.revoked)) : json(nullptr)},
            {"status", status}};
}

std::optional<issued_token> bootstrap_admin_token(store::store& tokens,
                                                  const auth_settings& settings,
                                                  const std::filesystem::path& file,
                                                  time_point now) {
    token_request request;
    request.name = "bootstrap";
    request.roles = {std::string(to_string(role::admin))};
    request.created_by = "bootstrap";
    issued_token out = prepare_token(request, now);
    if (!settings.bootstrap_token.empty()) {
        // auth_settings_of checked the form.
        const auto parts = parse_token_text(settings.bootstrap_token);
        out.record.id = parts->id;
        out.record.secret_sha256 = hash_secret(parts->secret);
        out.text = settings.bootstrap_token;
    }
    if (!tokens.create_first_token(out.record))
        return std::nullopt;
    write_private_file(file, out.text);
    return out;
}

}  // namespace tocsin::auth
