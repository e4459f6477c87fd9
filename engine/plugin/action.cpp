#include "engine/plugin/action.hpp"

#include <boost/asio/post.hpp>

namespace tocsin::plugin {

handler blocking_handler(std::function<nlohmann::json(const services&, const action_call&)> body) {
    return [body = std::move(body)](const services& svc, action_call call, completion done) {
        // A completion may be called from any thread, so it is called on the pool thread that
        // ran the body: passing the result through an I/O thread first cost a context switch
        // per store action and carried nothing.
        boost::asio::post(svc.blocking.executor(),
                          [body, &svc, call = std::move(call), done = std::move(done)]() mutable {
                              done(capture([&] { return body(svc, call); }));
                          });
    };
}

}  // namespace tocsin::plugin
