#include "engine/core/uuid.hpp"

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <cctype>
#include <chrono>
#include <cstdint>

namespace tocsin {

namespace {

boost::uuids::uuid random_uuid() {
    // One generator per thread: boost's generator is not thread-safe and seeding is costly.
    thread_local boost::uuids::random_generator generator;
    return generator();
}

}  // namespace

std::string new_uuid() {
    return boost::uuids::to_string(random_uuid());
}

std::string new_time_ordered_uuid() {
    // The random UUID already carries the RFC variant bits; the timestamp replaces its first six
    // bytes and the version nibble becomes 7.
    auto id = random_uuid();
    const auto ms =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
    for (int i = 0; i < 6; ++i)
        id.data[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
    id.data[6] = static_cast<std::uint8_t>(0x70 | (id.data[6] & 0x0f));
    return boost::uuids::to_string(id);
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
