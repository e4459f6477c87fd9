#include "engine/core/time.hpp"

#include <charconv>
#include <cstdio>

namespace tocsin {

std::string format_time(time_point t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    char buffer[40];
    const long long ms = hms.subseconds().count();
    int n = std::snprintf(
        buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lld", static_cast<int>(ymd.year()),
        static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
        static_cast<long long>(hms.hours().count()), static_cast<long long>(hms.minutes().count()),
        static_cast<long long>(hms.seconds().count()));
    if (ms != 0)
        n += std::snprintf(buffer + n, sizeof buffer - n, ".%03lld", ms);
    std::snprintf(buffer + n, sizeof buffer - n, "Z");
    return buffer;
}

namespace {

bool read_int(std::string_view text, std::size_t& pos, std::size_t digits, int& out) {
    if (pos + digits > text.size())
        return false;
    const char* first = text.data() + pos;
    auto [ptr, ec] = std::from_chars(first, first + digits, out);
    if (ec != std::errc{} || ptr != first + digits)
        return false;
    pos += digits;
    return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
    if (pos >= text.size() || text[pos] != c)
        return false;
    ++pos;
    return true;
}

}  // namespace

std::optional<time_point> parse_time(std::string_view text) {
    using namespace std::chrono;
    std::size_t pos = 0;
    int y, mo, d, h = 0, mi = 0, s = 0;
    if (!read_int(text, pos, 4, y) || !expect(text, pos, '-') || !read_int(text, pos, 2, mo) ||
        !expect(text, pos, '-') || !read_int(text, pos, 2, d))
        return std::nullopt;
    if (pos < text.size()) {
        if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')
            return std::nullopt;
        ++pos;
        if (!read_int(text, pos, 2, h) || !expect(text, pos, ':') || !read_int(text, pos, 2, mi))
            return std::nullopt;
        if (pos < text.size() && text[pos] == ':') {
            ++pos;
            if (!read_int(text, pos, 2, s))
                return std::nullopt;
        }
    }
    int millis = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int scale = 100, digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            millis += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
            ++digits;
        }
        if (digits == 0)
            return std::nullopt;
    }
    minutes offset{0};
    if (pos < text.size()) {
        const char z = text[pos];
        if (z == 'Z' || z == 'z') {
            ++pos;
        } else if (z == '+' || z == '-') {
            ++pos;
            int oh, om = 0;
            if (!read_int(text, pos, 2, oh))
                return std::nullopt;
            if (pos < text.size() && text[pos] == ':')
                ++pos;
            if (pos < text.size() && !read_int(text, pos, 2, om))
                return std::nullopt;
            offset = hours{oh} + minutes{om};
            if (z == '-')
                offset = -offset;
        } else {
            return std::nullopt;
        }
    }
    if (pos != text.size())
        return std::nullopt;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 60)
        return std::nullopt;
    return time_point{sys_days{ymd}.time_since_epoch() + hours{h} + minutes{mi} + seconds{s} +
                      milliseconds{millis} - offset};
}

time_point system_clock::now() const {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
}

const clock& default_clock() {
    static const system_clock instance;
    return instance;
}

}  // namespace tocsin
