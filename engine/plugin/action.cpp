#include "engine/plugin/action.hpp"

#include <boost/asio/bind_executor.hpp>

namespace tocsin::plugin {

handler blocking_handler(std::function<nlohmann::json(const services&, const action_call&)> body) {
    return [body = std::move(body)](const services& svc, action_call call, completion done) {
        svc.blocking.async_run(
            [body, &svc, call = std::move(call)] { return body(svc, call); },
            boost::asio::bind_executor(
                svc.io, [done = std::move(done)](result<nlohmann::json> outcome) mutable {
                    done(std::move(outcome));
                }));
    };
}

}  // namespace tocsin::plugin
