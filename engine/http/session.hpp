#pragma once
// Internal to engine/http: one connection's HTTP/1.1 conversation (session.cpp holds the Beast
// code, plain and TLS from one template).

#include "engine/http/server_core.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace tocsin::http::detail {

// Takes over the socket (whose executor must be a strand of its own) and serves it until the
// peer leaves, a deadline passes or the server stops. Returns at once.
void start_session(std::shared_ptr<server_core> core, boost::asio::ip::tcp::socket socket);

}  // namespace tocsin::http::detail
