#pragma once
// The request a handler sees: no Beast types, so route code compiles against this header, fields
// and verb alone. The session builds it from the wire; tests of handlers build it by hand.
//
// Lifetime and threading: the session owns the request until the response is produced; an async
// handler may hold `request&` across co_await (the session keeps it alive until the handler's
// awaitable completes). A request is used by one handler at a time and is not thread-safe.

#include "engine/http/fields.hpp"
#include "engine/http/verb.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::http {

struct endpoint {
    std::string address;  // "127.0.0.1", "::1"
    std::uint16_t port = 0;
};

class request {
  public:
    request() = default;
    // Parses an origin-form target ("/path?query"); throws tocsin::error(errc::invalid_argument)
    // on a malformed one. The token form keeps methods the router does not know (verb::other).
    request(verb method, std::string_view target);
    request(std::string_view method_token, std::string_view target);

    verb method() const noexcept { return method_; }
    const std::string& method_name() const noexcept { return method_name_; }

    const std::string& target() const noexcept { return target_; }  // raw, as sent
    const std::string& path() const noexcept { return path_; }      // raw, without query
    const std::vector<std::string>& segments() const noexcept { return segments_; }  // decoded

    // Decoded query parameters in order; names keep their case, lookup ignores it, so
    // query_param("api-version") finds "API-Version".
    const fields& query() const noexcept { return query_; }
    std::optional<std::string_view> query_param(std::string_view name) const {
        return query_.find(name);
    }

    fields& headers() noexcept { return headers_; }
    const fields& headers() const noexcept { return headers_; }
    std::optional<std::string_view> header(std::string_view name) const {
        return headers_.find(name);
    }

    std::string& body() noexcept { return body_; }
    const std::string& body() const noexcept { return body_; }

    // The host the request came in on: the validated Host header, or for an HTTP/1.0 request
    // without one the local address it was accepted on. Used by absolute_url for nextLinks.
    std::string_view host() const;
    void set_host(std::string host) { host_ = std::move(host); }

    // True when the request arrived over TLS (scheme "https").
    bool secure() const noexcept { return secure_; }
    void set_secure(bool secure) noexcept { secure_ = secure; }

    const endpoint& remote() const noexcept { return remote_; }
    void set_remote(endpoint remote) { remote_ = std::move(remote); }

    // Set by the router before filters run: the matched template ("" when nothing matched) and
    // the captured path parameters, decoded, case kept.
    const std::string& route() const noexcept { return route_; }
    const fields& params() const noexcept { return params_; }
    // The captured parameter; throws tocsin::error(errc::internal) when the route has none of
    // that name (a bug in the route, hence 500).
    std::string param(std::string_view name) const;
    void set_route(std::string route_template, fields params);

    // Free-form values filters hand to handlers (e.g. the authenticated principal).
    fields& attributes() noexcept { return attributes_; }
    const fields& attributes() const noexcept { return attributes_; }

  private:
    verb method_ = verb::get;
    std::string method_name_ = "GET";
    std::string target_ = "/";
    std::string path_ = "/";
    std::vector<std::string> segments_;
    fields query_;
    fields headers_;
    std::string body_;
    std::string host_;
    bool secure_ = false;
    endpoint remote_;
    std::string route_;
    fields params_;
    fields attributes_;
};

}  // namespace tocsin::http
