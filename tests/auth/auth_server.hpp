#pragma once
// Helpers of the authentication integration tests: a real `tocsin serve` on a fresh data
// directory, clients with and without tokens, and token issue through the REST API.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {

using nlohmann::json;

inline constexpr std::string_view auth_subscription = "5a7e0000-0000-4000-8000-00000000a001";
inline constexpr std::string_view auth_resource_group = "authRg";

// Starts a server on dir/data; `env` is added to the quiet defaults the API tests use.
std::unique_ptr<server_process> start_server(
    const temp_dir& dir, std::vector<std::pair<std::string, std::string>> env = {});

// A client sending `token` (none when empty).
http_client client_for(const server_process& server, std::string_view token = {});

// "/subscriptions/…/workspaces/<ws>/providers/Microsoft.SecurityInsights/<suffix>?api-version=…"
std::string arm_path(std::string_view workspace, std::string_view suffix);

// POST /api/v1/tokens with the Admin token; asserts 201 and returns the reply body (with the
// token text in "token").
json create_token(http_client& admin, const json& request);

std::string error_code(const http_reply& reply);
std::string error_message(const http_reply& reply);

}  // namespace tocsin::test
