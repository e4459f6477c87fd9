#pragma once
// Reading ARM requests: the JSON body and its "properties", the optimistic-concurrency
// precondition, who is asking, and where the request came in. Pure apart from the store calls
// made by put_honouring_etag (which therefore runs on the blocking pool).

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "engine/http/request.hpp"
#include "engine/model/principal.hpp"
#include "engine/store/store.hpp"

namespace tocsin::api {

// The body as a JSON object: 415 for a non-JSON media type, 400 when it is empty, malformed or
// not an object.
nlohmann::json read_body_object(const http::request& req);
// body["properties"] as an object: 400 missing_field / invalid_argument naming "properties".
const nlohmann::json& properties_of(const nlohmann::json& body);
// properties[name] as a string; "" when absent or null, 400 naming "properties.<name>" when it
// is not a string.
std::string string_property(const nlohmann::json& properties, std::string_view name);

// Where the etag of a write came from. The SDKs send the etag they read inside the body (never
// If-Match); raw HTTP clients use If-Match (quotes and W/ stripped), which wins when both come.
struct precondition {
    std::optional<std::string> if_match;  // unquoted; "*" kept
    bool from_body = false;
};
precondition precondition_of(const http::request& req, const nlohmann::json* body);

// The principal the store records as the actor: the authenticated token, from the attributes
// "principal.kind" ("user" or "token"), "principal.id" and "principal.name" that the access
// guard (engine/auth/access_guard.hpp) sets. Without them (auth.enabled false) API calls are
// recorded as the user "api".
model::principal actor_of(const http::request& req);

// The page size of Tocsin's own list routes: query "top" (or "$top"), 1..1000, `fallback` when
// absent; 400 naming "top" otherwise.
std::size_t page_size_of(const http::request& req, std::size_t fallback = 50);

// "http(s)://<Host>" of the request, for absolute URLs in responses.
std::string origin_of(const http::request& req);

// Runs put(ctx) with the precondition. A body etag for a resource that does not exist is not a
// conflict: Sentinel creates the resource (its own CreateIncident example sends one), so the
// put is retried unconditionally when the store reports a conflict and exists() says the
// resource is absent. An If-Match header stays strict. Blocking: call on the blocking pool.
template <typename Put, typename Exists>
auto put_honouring_etag(const precondition& pre, model::principal actor, Put put, Exists exists) {
    store::write_context ctx{std::move(actor), pre.if_match};
    if (pre.from_body && ctx.if_match) {
        try {
            return put(ctx);
        } catch (const tocsin::error& e) {
            if (e.code() != errc::conflict || exists())
                throw;
        }
        ctx.if_match.reset();
    }
    return put(ctx);
}

}  // namespace tocsin::api
