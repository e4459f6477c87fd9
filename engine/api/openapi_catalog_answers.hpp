#pragma once
// The answers and notes the catalog's resource operations share (openapi_catalog_*.cpp): a GET
// of one resource, a PUT's create/replace pair, a DELETE's 200/204, the etag header they carry.

#include <string>
#include <string_view>
#include <vector>

#include "engine/api/openapi_catalog.hpp"

namespace tocsin::api::openapi {

// ETag on the answers that return one resource.
const std::vector<std::pair<std::string, std::string>>& etag_header();

response_doc ok(std::string_view component, std::string description);

// 200 "The <noun>." with the resource and its etag.
std::vector<response_doc> get_answer(std::string_view component, std::string_view noun);

// A PUT's two answers, both with the resource and its etag: 200 "<Noun> <changed>." and 201
// "<Noun> created.".
std::vector<response_doc> put_answers(std::string_view component, std::string_view noun,
                                      std::string_view changed = "updated");

// 200 "<Noun> deleted.", 204 "<Noun> did not exist." (ARM deletes are idempotent).
std::vector<response_doc> delete_answers(std::string_view noun);

inline const std::string conditional_delete =
    "An If-Match header makes the delete conditional (409 when the resource changed).";

}  // namespace tocsin::api::openapi
