// Defaults of the "API tokens" section of store::store for backends that do not keep tokens.
#include "engine/store/store.hpp"

namespace tocsin::store {
namespace {
[[noreturn]] void no_tokens() {
    throw error(errc::unsupported, "this store does not keep API tokens");
}
}  // namespace

void store::create_token(const api_token&) {
    no_tokens();
}
bool store::create_first_token(const api_token&) {
    no_tokens();
}
std::optional<api_token> store::find_token(const std::string&) {
    no_tokens();
}
std::vector<api_token> store::list_tokens() {
    no_tokens();
}
bool store::revoke_token(const std::string&, time_point) {
    no_tokens();
}

}  // namespace tocsin::store
