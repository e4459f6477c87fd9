#pragma once
// The REST API reference for people (docs/rest-api.md): the OpenAPI document that GET
// /openapi.json serves, rendered as Markdown. Operations are grouped by the document's tags in
// its order, then by path and method; component schemas follow, each with its properties.
// Deterministic: the same document gives the same text, so CI can compare a committed copy with
// what the live server describes.

#include <string>

#include <nlohmann/json.hpp>

namespace tocsin::api {

std::string openapi_markdown(const nlohmann::json& document);

}  // namespace tocsin::api
