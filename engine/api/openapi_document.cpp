#include "engine/api/openapi_document.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "engine/api/api_version.hpp"
#include "engine/api/arm_paths.hpp"
#include "engine/api/openapi_catalog.hpp"
#include "engine/api/openapi_schemas.hpp"
#include "engine/auth/roles.hpp"
#include "engine/error.hpp"
#include "tocsin/version.hpp"

namespace tocsin::api::openapi {

namespace {

using nlohmann::json;

constexpr std::string_view bearer_scheme = "bearerAuth";
constexpr std::string_view api_version_parameter = "ApiVersion";

struct error_doc {
    int status;
    std::string_view component;  // name under components.responses
    std::string_view description;
    std::string_view header = {};  // a header the answer carries, if any
    std::string_view header_description = {};
};

// The statuses an operation may list among its errors; every one answers a CloudError.
constexpr error_doc error_docs[] = {
    {400, "BadRequest",
     "The request is invalid: a malformed body, field or query option, a missing or unknown "
     "api-version (MissingApiVersionParameter, InvalidApiVersionParameter), or a change the "
     "resource's state forbids. The message says what; target names the field."},
    {401, "Unauthorized",
     "No bearer token (AuthenticationFailed), or an unknown, expired or revoked one "
     "(InvalidAuthenticationToken).",
     "WWW-Authenticate", "Bearer"},
    {403, "Forbidden",
     "The token's roles lack the permission the route needs, or the token is limited to other "
     "workspaces (AuthorizationFailed)."},
    {404, "NotFound", "The resource does not exist (NotFound)."},
    {409, "Conflict",
     "The etag sent (in the body or as If-Match) no longer matches: the resource changed since "
     "it was read; or the operation conflicts with the resource's state."},
    {413, "PayloadTooLarge",
     "The body exceeds http.max_body_bytes, or a batch holds too many items "
     "(RequestEntityTooLarge)."},
    {415, "UnsupportedMediaType", "The body is not JSON (UnsupportedMediaType)."},
    {429, "TooManyRequests",
     "The token's rate limit (auth.rate_limit_per_second) is exhausted (TooManyRequests).",
     "Retry-After", "Seconds to wait before retrying."},
    {500, "InternalServerError",
     "An unexpected failure; the body carries a generic message and the log the detail."},
    {503, "ServiceUnavailable",
     "The engine is shutting down, or the store could not record the work; retry later."},
};

const error_doc& error_doc_for(int status) {
    for (const auto& e : error_docs) {
        if (e.status == status)
            return e;
    }
    throw error(errc::internal, "OpenAPI catalog: no error response is defined for status " +
                                    std::to_string(status) + ".");
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The names of the template's {name} segments, in order.
std::vector<std::string> captures(std::string_view path_template) {
    std::vector<std::string> out;
    std::size_t open = 0;
    while ((open = path_template.find('{', open)) != std::string_view::npos) {
        const auto close = path_template.find('}', open);
        if (close == std::string_view::npos)
            break;
        out.emplace_back(path_template.substr(open + 1, close - open - 1));
        open = close + 1;
    }
    return out;
}

bool is_arm(std::string_view path_template) {
    static const std::string prefix = arm_template("");
    return path_template.starts_with(prefix);
}

bool is_public(const route_summary& r) {
    return r.permission == http::public_access;
}

std::vector<std::string> accepted_api_versions() {
    std::vector<std::string> out;
    const std::string all = supported_api_versions();
    std::string_view rest = all;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        auto item = rest.substr(0, comma);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        if (!item.empty())
            out.emplace_back(item);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return out;
}

json path_parameters(std::string_view path_template) {
    json out = json::array();
    for (const auto& name : captures(path_template)) {
        auto description = path_parameter_description(name);
        out.push_back({{"name", name},
                       {"in", "path"},
                       {"required", true},
                       {"description", description.empty() ? "A path segment." : description},
                       {"schema", {{"type", "string"}}}});
    }
    return out;
}

json parameters_of(const route_summary& r, const operation_doc* doc) {
    json out = json::array();
    if (is_arm(r.path_template))
        out.push_back({{"$ref", "#/components/parameters/" + std::string(api_version_parameter)}});
    if (doc) {
        for (const auto& q : doc->query) {
            json p = {{"name", q.name}, {"in", "query"}, {"schema", q.schema}};
            if (!q.description.empty())
                p["description"] = q.description;
            if (q.required)
                p["required"] = true;
            out.push_back(std::move(p));
        }
    }
    return out;
}

json content(std::string_view media_type, const json& schema) {
    return {{std::string(media_type), {{"schema", schema}}}};
}

std::optional<json> request_body_of(const route_summary& r, const operation_doc* doc) {
    if (doc && doc->body) {
        const auto& b = *doc->body;
        json out = {{"required", b.required}, {"content", content(b.media_type, b.schema)}};
        if (!b.description.empty())
            out["description"] = b.description;
        return out;
    }
    if (r.require_json)
        return json{{"required", true},
                    {"content", content("application/json", {{"type", "object"}})}};
    return std::nullopt;
}

// The errors the HTTP edge answers before or around the handler, whatever the handler does.
std::set<int> implied_errors(const route_summary& r, bool has_body) {
    std::set<int> out = {500};
    if (!is_public(r))
        out.insert({401, 403, 429});
    if (is_arm(r.path_template))
        out.insert(400);
    if (r.require_json)
        out.insert({400, 415});
    if (has_body)
        out.insert(413);
    return out;
}

json responses_of(const route_summary& r, const operation_doc* doc, bool has_body) {
    json out = json::object();
    if (doc) {
        for (const auto& resp : doc->responses) {
            json item = {{"description", resp.description}};
            if (!resp.schema.is_null())
                item["content"] = content(resp.media_type, resp.schema);
            for (const auto& [name, description] : resp.headers)
                item["headers"][name] = {{"description", description},
                                         {"schema", {{"type", "string"}}}};
            out[std::to_string(resp.status)] = std::move(item);
        }
    }
    if (out.empty())
        out["200"] = {{"description", "Success (undocumented)."}};
    auto errors = implied_errors(r, has_body);
    if (doc)
        errors.insert(doc->errors.begin(), doc->errors.end());
    for (const int status : errors) {
        const auto key = std::to_string(status);
        if (!out.contains(key))
            out[key] = {
                {"$ref", "#/components/responses/" + std::string(error_doc_for(status).component)}};
    }
    return out;
}

std::string permission_label(const route_summary& r) {
    return r.permission.empty() ? std::string("admin") : r.permission;
}

json roles_granting(const route_summary& r) {
    json out = json::array();
    if (is_public(r))
        return out;
    for (const auto role : auth::all_roles()) {
        if (auth::grants(role, r.permission))
            out.push_back(auth::to_string(role));
    }
    return out;
}

// For a route the catalog does not know: unique, and recognisably generated.
std::string fallback_operation_id(const route_summary& r) {
    std::string out = "Undocumented_" + std::string(http::to_string(r.method));
    for (const char c : r.path_template)
        out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return out;
}

json operation_of(const route_summary& r, const operation_doc* doc) {
    json op = json::object();
    if (doc) {
        op["operationId"] = doc->operation_id;
        op["summary"] = doc->summary;
        if (!doc->description.empty())
            op["description"] = doc->description;
        op["tags"] = json::array({doc->tag});
    } else {
        op["operationId"] = fallback_operation_id(r);
        op["summary"] = "Undocumented route";
        op["description"] =
            "This route has no entry in engine/api/openapi_catalog_*.cpp yet; only what its "
            "registration says is known.";
        op["x-tocsin-undocumented"] = true;
    }
    if (auto params = parameters_of(r, doc); !params.empty())
        op["parameters"] = std::move(params);
    const auto body = request_body_of(r, doc);
    if (body)
        op["requestBody"] = *body;
    op["responses"] = responses_of(r, doc, body.has_value());
    json security = json::array();
    if (!is_public(r)) {
        json requirement = json::object();
        requirement[std::string(bearer_scheme)] = json::array();
        security.push_back(std::move(requirement));
    }
    op["security"] = std::move(security);
    op["x-tocsin-permission"] = permission_label(r);
    op["x-tocsin-roles"] = roles_granting(r);
    return op;
}

json error_responses() {
    json out = json::object();
    for (const auto& e : error_docs) {
        json item = {{"description", e.description},
                     {"content",
                      content("application/json", {{"$ref", "#/components/schemas/CloudError"}})}};
        if (!e.header.empty())
            item["headers"][std::string(e.header)] = {{"description", e.header_description},
                                                      {"schema", {{"type", "string"}}}};
        out[std::string(e.component)] = std::move(item);
    }
    return out;
}

json components() {
    const auto versions = accepted_api_versions();
    json version_parameter = {
        {"name", "api-version"},
        {"in", "query"},
        {"required", true},
        {"description",
         "The Sentinel api-version. Missing: 400 MissingApiVersionParameter; unknown: 400 "
         "InvalidApiVersionParameter. Incident tasks exist in 2025-09-01 only."},
        {"schema", {{"type", "string"}, {"enum", versions}}}};
    if (!versions.empty())
        version_parameter["example"] = versions.back();
    return {
        {"schemas", component_schemas()},
        {"responses", error_responses()},
        {"parameters", {{std::string(api_version_parameter), std::move(version_parameter)}}},
        {"securitySchemes",
         {{std::string(bearer_scheme),
           {{"type", "http"},
            {"scheme", "bearer"},
            {"bearerFormat", "tcn_<id>_<secret>"},
            {"description",
             "A Tocsin API token (tocsin token create, or POST /api/v1/tokens). Its roles "
             "decide which routes it may call (x-tocsin-permission, x-tocsin-roles)."}}}}},
    };
}

json info() {
    return {
        {"title", "Tocsin REST API"},
        {"version", version_string},
        {"description",
         "Tocsin's REST API: the Microsoft Sentinel-compatible incident store (routes under "
         "/subscriptions/…/providers/Microsoft.SecurityInsights, with ?api-version=) and "
         "Tocsin's own /api/v1 routes for alerts, playbooks, runs, webhooks and tokens.\n\n"
         "Every route but the probes, this document and webhooks needs "
         "`Authorization: Bearer tcn_<id>_<secret>`; x-tocsin-permission names the permission "
         "each operation needs and x-tocsin-roles the roles that grant it. Errors are ARM "
         "error bodies: {\"error\": {\"code\", \"message\", \"target\"}}.\n\n"
         "Accepted api-versions: " +
             supported_api_versions() + "."},
    };
}

json tags_used(const json& paths) {
    std::set<std::string> used;
    for (const auto& [path, item] : paths.items()) {
        for (const auto& [method, op] : item.items()) {
            if (op.is_object() && op.contains("tags"))
                for (const auto& t : op["tags"])
                    used.insert(t.get<std::string>());
        }
    }
    json out = json::array();
    for (const auto& t : tags()) {
        if (!used.erase(t.name))
            continue;
        json item = {{"name", t.name}, {"description", t.description}};
        if (!t.external_docs.empty())
            item["externalDocs"] = {{"description", "Microsoft's reference"},
                                    {"url", t.external_docs}};
        out.push_back(std::move(item));
    }
    for (const auto& rest : used)
        out.push_back({{"name", rest}});
    return out;
}

}  // namespace

std::vector<route_summary> summarize(const http::router& routes) {
    std::vector<route_summary> out;
    for (const auto* r : routes.table())
        out.push_back(
            {r->method, r->path_template, r->options.permission, r->options.require_json});
    return out;
}

json build_document(const std::vector<route_summary>& routes) {
    json paths = json::object();
    std::set<std::string> operation_ids;
    for (const auto& r : routes) {
        auto& item = paths[r.path_template];
        if (!item.contains("parameters")) {
            if (auto params = path_parameters(r.path_template); !params.empty())
                item["parameters"] = std::move(params);
        }
        auto op = operation_of(r, find_operation(r.method, r.path_template));
        const auto id = op["operationId"].get<std::string>();
        if (!operation_ids.insert(id).second)
            throw error(errc::internal, "OpenAPI catalog: operationId '" + id +
                                            "' is used by two routes, the second being " +
                                            std::string(http::to_string(r.method)) + " " +
                                            r.path_template + ".");
        item[lower(http::to_string(r.method))] = std::move(op);
    }
    json doc = {{"openapi", "3.0.3"}, {"info", info()}};
    // Relative: the server that serves the document is the one it describes.
    doc["servers"] = json::array({json{{"url", "/"}}});
    doc["tags"] = tags_used(paths);
    doc["paths"] = std::move(paths);
    doc["components"] = components();
    return doc;
}

}  // namespace tocsin::api::openapi
