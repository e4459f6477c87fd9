#include "engine/core/uuid.hpp"

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <cctype>

namespace tocsin {

std::string new_uuid() {
    // One generator per thread: boost's generator is not thread-safe and seeding is costly.
    thread_local boost::uuids::random_generator generator;
    return boost::uuids::to_string(generator());
}

std::string name_uuid(std::string_view name) {
    // A fixed namespace of Tocsin's own (itself a random UUID), so our ids never collide with
    // name-based UUIDs of other namespaces.
    static const boost::uuids::uuid tocsin_namespace = {{0x6f, 0x0c, 0x3a, 0x52, 0x9d, 0x1e, 0x4b,
                                                         0x8a, 0xa4, 0x57, 0x2e, 0xc1, 0x90, 0x3b,
                                                         0x6d, 0x11}};
    boost::uuids::name_generator_sha1 generator(tocsin_namespace);
    return boost::uuids::to_string(generator(name.data(), name.size()));
}

bool is_uuid(std::string_view text) {
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

}  // namespace tocsin
