#include "engine/store/etag.hpp"

#include "engine/store/errors.hpp"

namespace tocsin::store {

void check_if_match(const std::optional<std::string>& if_match, const std::string* current_etag,
                    std::string_view resource_name) {
    if (!if_match)
        return;
    if (current_etag != nullptr && (*if_match == "*" || *if_match == *current_etag))
        return;
    throw errors::etag_mismatch(resource_name);
}

}  // namespace tocsin::store
