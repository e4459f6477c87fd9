#pragma once
// What the route table cannot say about a route, for GET /openapi.json: operationId, summary,
// tag, request and response schemas, query options and the errors its handler can answer.
// Entries are keyed by method and path template exactly as the route modules register them;
// the document joins them with the live router table (openapi_document.hpp), and
// tests/openapi fails when a route has no entry or an entry has no route, so that the two
// cannot drift apart. What the route's options already say (permission, JSON body, ARM
// api-version, path parameters) is not repeated here.
//
// The catalog is built once, on first use, and read-only afterwards: thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/http/verb.hpp"

namespace tocsin::api::openapi {

// Schemas below are OpenAPI schema objects, usually dsl::ref("Incident"); null: no body.
struct body_doc {
    nlohmann::json schema;
    bool required = true;
    std::string description = {};
    std::string media_type = "application/json";
};

struct response_doc {
    int status = 200;
    std::string description;
    nlohmann::json schema = nullptr;
    std::string media_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers = {};  // name, description
};

struct query_doc {
    std::string name;
    std::string description;
    nlohmann::json schema = {{"type", "string"}};
    bool required = false;
};

struct operation_doc {
    http::verb method = http::verb::get;
    std::string path;  // the route template, as registered
    std::string operation_id;
    std::string tag;
    std::string summary;
    std::string description = {};
    std::optional<body_doc> body = {};
    std::vector<query_doc> query = {};
    std::vector<response_doc> responses = {};
    // Error statuses beyond those the route's options imply (see openapi_document.hpp).
    std::vector<int> errors = {};
};

struct tag_doc {
    std::string name;
    std::string description;
    std::string external_docs = {};  // URL, optional
};

// Every documented operation: the Sentinel-compatible ones, then Tocsin's own.
const std::vector<operation_doc>& operations();
// The entry for exactly this method and template; nullptr when there is none.
const operation_doc* find_operation(http::verb method, std::string_view path_template);
// The tags operations use, in the order a reader should meet them.
const std::vector<tag_doc>& tags();
// What a path parameter of that name is, e.g. "incidentId"; "" when the name is not known.
std::string_view path_parameter_description(std::string_view name);

// The two halves of operations(), one file each.
std::vector<operation_doc> arm_operations();  // openapi_catalog_arm.cpp
std::vector<operation_doc> own_operations();  // openapi_catalog_own.cpp
// Part of arm_operations().
std::vector<operation_doc> watchlist_operations();  // openapi_catalog_watchlists.cpp

}  // namespace tocsin::api::openapi
