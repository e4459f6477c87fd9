#pragma once
// Helpers shared by the integration tests of engine/http: a real server on 127.0.0.1:0 and the
// real-socket client from tests/support.

#include "engine/error.hpp"
#include "engine/http/server.hpp"
#include "tests/support/http_client.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace tocsin::test {

using namespace std::chrono_literals;

// Short deadlines so that failure paths stay fast; generous enough for a loaded CI machine.
inline http::server_config test_config() {
    http::server_config config;
    config.address = "127.0.0.1";
    config.port = 0;
    config.read_timeout = 3s;
    config.write_timeout = 3s;
    config.shutdown_grace = 3s;
    return config;
}

inline http_client client_for(const http::server& server, http_client_options options = {}) {
    return http_client("127.0.0.1", server.local_endpoint().port, std::move(options));
}

// Observers run after the response is written, so a test may see the reply first.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds within = 3s) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

// {"error":{"code":...,"message":...}} -> code, or "" when the body is not an ARM error.
inline std::string arm_code(const http_reply& reply) {
    const auto body = nlohmann::json::parse(reply.body, nullptr, false);
    if (!body.is_object() || !body.contains("error") || !body["error"].contains("code"))
        return {};
    return body["error"]["code"].get<std::string>();
}

inline std::string arm_message(const http_reply& reply) {
    const auto body = nlohmann::json::parse(reply.body, nullptr, false);
    if (!body.is_object() || !body.contains("error") || !body["error"].contains("message"))
        return {};
    return body["error"]["message"].get<std::string>();
}

}  // namespace tocsin::test
