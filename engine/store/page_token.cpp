#include "engine/store/page_token.hpp"

#include <array>

#include "engine/store/errors.hpp"
#include "engine/store/query.hpp"

namespace tocsin::store {

namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// A token is small; anything larger is not ours and is refused before decoding.
constexpr std::size_t max_token_length = 4096;

std::string base64url_encode(std::string_view data) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        const auto n = (static_cast<unsigned char>(data[i]) << 16) |
                       (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += alphabet[(n >> 6) & 63];
        out += alphabet[n & 63];
    }
    const auto rest = data.size() - i;
    if (rest > 0) {
        auto n = static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16;
        if (rest == 2)
            n |= static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8;
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        if (rest == 2)
            out += alphabet[(n >> 6) & 63];
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    std::array<int, 256> value{};
    value.fill(-1);
    for (std::size_t i = 0; i < alphabet.size(); ++i)
        value[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int v = value[static_cast<unsigned char>(c)];
        if (v < 0)
            return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

}  // namespace

std::string encode_page_token(const nlohmann::json& state) {
    return base64url_encode(state.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

nlohmann::json decode_page_token(std::string_view token) {
    if (token.empty() || token.size() > max_token_length)
        throw errors::bad_skip_token();
    auto text = base64url_decode(token);
    if (!text)
        throw errors::bad_skip_token();
    auto state = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (state.is_discarded() || !state.is_object())
        throw errors::bad_skip_token();
    return state;
}

void check_top(std::size_t top) {
    if (top < 1 || top > max_page_size)
        throw errors::bad_top(top);
}

std::uint64_t fingerprint(std::string_view text) {
    std::uint64_t hash = 14695981039346656037ull;
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

}  // namespace tocsin::store
