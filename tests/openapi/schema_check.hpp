#pragma once
// Checks JSON values against the schemas of an OpenAPI 3.0 document, and the document's own
// structure: just enough of JSON Schema for the shapes Tocsin describes ($ref, allOf, oneOf with
// or without a discriminator, anyOf, type, nullable, enum, required, properties, items,
// additionalProperties). Strict about unknown properties: an object schema that lists its
// properties and does not allow others flags every key it does not name, so that a response
// field missing from the document fails a test instead of going unnoticed.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tocsin::test {

// Every problem of `value` against `schema` (which may be a $ref into `document`), each naming
// the JSON path, e.g. "$.properties.severity: 'Urgent' is not one of High, Medium, …". Empty:
// the value conforms.
std::vector<std::string> schema_problems(const nlohmann::json& document,
                                         const nlohmann::json& schema, const nlohmann::json& value);

// Problems of a request body that the server accepted, against the operation's requestBody
// schema: readOnly properties are not required in requests (OpenAPI 3.0), everything else is
// checked as for answers.
std::vector<std::string> request_problems(const nlohmann::json& document, std::string_view method,
                                          std::string_view target, const nlohmann::json& body);

// Structural problems of an OpenAPI 3.0 document: required top-level fields, every $ref
// resolving inside the document, every {name} of a path declared as a path parameter, every
// operation with operationId (unique), responses and security, every tag declared, and every
// schema well-formed (subschemas are objects, known types, required names described).
std::vector<std::string> document_problems(const nlohmann::json& document);

// The JSON value a local $ref ("#/components/schemas/Incident") points at; throws
// std::out_of_range when it does not resolve.
const nlohmann::json& resolve_ref(const nlohmann::json& document, std::string_view ref);

// The path template of `document` that `path` (no query) matches, as the router matches:
// literal segments ignoring case, {name} segments any non-empty segment, literals preferred at
// the first position where candidates differ. "" when none matches.
std::string match_path(const nlohmann::json& document, std::string_view path);

// Problems of one real exchange against the document: the operation for method + path must
// exist, the status must be one of its responses, and a documented JSON body must conform to
// the response's schema (with the documented media type).
std::vector<std::string> exchange_problems(const nlohmann::json& document, std::string_view method,
                                           std::string_view target, int status,
                                           std::string_view content_type, std::string_view body);

}  // namespace tocsin::test
