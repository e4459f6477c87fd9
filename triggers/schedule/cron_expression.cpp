#include "triggers/schedule/cron_expression.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "engine/error.hpp"

namespace tocsin::triggers {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 12> month_names{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> weekday_names{"SUN", "MON", "TUE", "WED",
                                                        "THU", "FRI", "SAT"};

struct field_rules {
    const char* name;
    int min;
    int max;
    const std::string_view* names = nullptr;  // names[i] is value names_base + i
    std::size_t name_count = 0;
    int names_base = 0;
    int open_max = -1;  // where `*` and `a/n` stop, when not max (day-of-week: 6, 7 being 0)
};

constexpr field_rules minute_field{"minute", 0, 59};
constexpr field_rules hour_field{"hour", 0, 23};
constexpr field_rules day_field{"day-of-month", 1, 31};
constexpr field_rules month_field{"month", 1, 12, month_names.data(), month_names.size(), 1};
constexpr field_rules weekday_field{"day-of-week",        0, 7, weekday_names.data(),
                                    weekday_names.size(), 0, 6};

struct shorthand {
    std::string_view name;
    std::string_view expansion;
};
constexpr std::array shorthands{
    shorthand{"@yearly", "0 0 1 1 *"},  shorthand{"@annually", "0 0 1 1 *"},
    shorthand{"@monthly", "0 0 1 * *"}, shorthand{"@weekly", "0 0 * * 0"},
    shorthand{"@daily", "0 0 * * *"},   shorthand{"@midnight", "0 0 * * *"},
    shorthand{"@hourly", "0 * * * *"},
};

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char by) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        const auto at = s.find(by, start);
        out.push_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
        if (at == std::string_view::npos)
            return out;
        start = at + 1;
    }
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
        const auto start = i;
        while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
        if (i > start)
            out.push_back(s.substr(start, i - start));
    }
    return out;
}

class field_parser {
  public:
    field_parser(std::string_view expression, const field_rules& rules)
        : expression_(expression), rules_(rules) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw error(errc::invalid_argument, "\"" + std::string(expression_) + "\": " + what);
    }

    std::bitset<64> parse(std::string_view text) const {
        std::bitset<64> bits;
        for (const auto item : split(text, ',')) {
            if (item.empty())
                fail(std::string("empty item in the ") + rules_.name + " field '" +
                     std::string(text) + "'");
            add_item(item, bits);
        }
        return bits;
    }

  private:
    void add_item(std::string_view item, std::bitset<64>& bits) const {
        const auto slash = item.find('/');
        const auto base = item.substr(0, slash);
        int step = 1;
        if (slash != std::string_view::npos) {
            const auto step_text = item.substr(slash + 1);
            const auto parsed = number(step_text);
            if (!parsed || *parsed == 0)
                fail(std::string("the step '") + std::string(step_text) + "' in the " +
                     rules_.name + " field must be a whole number from 1");
            step = *parsed;
        }
        int low = rules_.min, high = rules_.open_max >= 0 ? rules_.open_max : rules_.max;
        if (base != "*") {
            const auto dash = base.find('-');
            low = value(base.substr(0, dash));
            if (dash != std::string_view::npos) {
                high = value(base.substr(dash + 1));
                if (high < low)
                    fail(std::string("the ") + rules_.name + " range '" + std::string(base) +
                         "' runs backwards (ranges do not wrap; write it as two ranges)");
            } else if (slash == std::string_view::npos) {
                high = low;
            }
        }
        for (int v = low; v <= high; v += step)
            bits.set(static_cast<std::size_t>(v));
    }

    static std::optional<int> number(std::string_view text) {
        if (text.empty() || text.size() > 4)
            return std::nullopt;
        int v = 0;
        for (const char c : text) {
            if (c < '0' || c > '9')
                return std::nullopt;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    int value(std::string_view token) const {
        if (const auto n = number(token)) {
            if (*n < rules_.min || *n > rules_.max)
                fail(std::string("the ") + rules_.name + " value " + std::to_string(*n) +
                     " is out of range " + std::to_string(rules_.min) + "-" +
                     std::to_string(rules_.max));
            return *n;
        }
        const auto name = upper(token);
        for (std::size_t i = 0; i < rules_.name_count; ++i)
            if (rules_.names[i] == name)
                return rules_.names_base + static_cast<int>(i);
        std::string expected = std::to_string(rules_.min) + "-" + std::to_string(rules_.max);
        if (rules_.name_count > 0)
            expected += " or " + std::string(rules_.names[0]) + "-" +
                        std::string(rules_.names[rules_.name_count - 1]);
        fail("'" + std::string(token) + "' is not a " + rules_.name + " value (expected " +
             expected + ")");
    }

    std::string_view expression_;
    const field_rules& rules_;
};

template <std::size_t N>
std::bitset<N> narrow(const std::bitset<64>& bits) {
    std::bitset<N> out;
    for (std::size_t i = 0; i < N; ++i)
        out[i] = bits[i];
    return out;
}

unsigned longest_month(unsigned m) {
    return m == 2 ? 29 : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

}  // namespace

cron_expression cron_expression::parse(std::string_view text) {
    const auto original = trimmed(text);
    std::string expanded(original);
    if (!original.empty() && original.front() == '@') {
        const auto name = upper(original);
        const auto it = std::find_if(shorthands.begin(), shorthands.end(),
                                     [&](const shorthand& s) { return upper(s.name) == name; });
        if (it == shorthands.end())
            throw error(errc::invalid_argument,
                        "\"" + std::string(original) +
                            "\": unknown shorthand (expected @yearly, @annually, @monthly, "
                            "@weekly, @daily, @midnight or @hourly)");
        expanded = std::string(it->expansion);
    }
    const auto fields = words(expanded);
    if (fields.size() != 5)
        throw error(errc::invalid_argument,
                    "\"" + std::string(original) + "\": expected 5 fields (minute hour " +
                        "day-of-month month day-of-week), found " + std::to_string(fields.size()));
    cron_expression out;
    out.text_ = std::string(original);
    out.minutes_ = narrow<60>(field_parser(original, minute_field).parse(fields[0]));
    out.hours_ = narrow<24>(field_parser(original, hour_field).parse(fields[1]));
    out.days_ = narrow<32>(field_parser(original, day_field).parse(fields[2]));
    out.months_ = narrow<13>(field_parser(original, month_field).parse(fields[3]));
    const auto weekdays = field_parser(original, weekday_field).parse(fields[4]);
    out.weekdays_ = narrow<7>(weekdays);
    if (weekdays[7])
        out.weekdays_.set(0);  // 7 is Sunday too
    out.minute_star_ = fields[0].front() == '*';
    out.hour_star_ = fields[1].front() == '*';
    out.day_star_ = fields[2].front() == '*';
    out.weekday_star_ = fields[4].front() == '*';

    // With the day of week unrestricted, the day of month alone must fall in a chosen month.
    if (!out.day_star_ && out.weekday_star_) {
        bool possible = false;
        for (unsigned m = 1; m <= 12 && !possible; ++m)
            for (unsigned d = 1; d <= longest_month(m) && !possible; ++d)
                possible = out.months_[m] && out.days_[d];
        if (!possible)
            throw error(errc::invalid_argument,
                        "\"" + std::string(original) +
                            "\": the day-of-month never occurs in the chosen months, so it "
                            "would never fire");
    }
    return out;
}

bool cron_expression::matches_day(year_month_day ymd) const {
    if (!months_[static_cast<unsigned>(ymd.month())])
        return false;
    const bool by_day = days_[static_cast<unsigned>(ymd.day())];
    const bool by_weekday = weekdays_[weekday{sys_days{ymd}}.c_encoding()];
    if (day_star_ || weekday_star_)
        return by_day && by_weekday;
    return by_day || by_weekday;
}

std::optional<local_minutes> cron_expression::next_match(local_minutes from,
                                                         local_minutes to) const {
    auto t = from;
    while (t < to) {
        const auto day = floor<days>(t);
        const year_month_day ymd{day};
        if (!months_[static_cast<unsigned>(ymd.month())]) {
            t = local_days{(ymd.year() / ymd.month() + months{1}) / 1};
            continue;
        }
        if (matches_day(ymd)) {
            const auto since_midnight = (t - day).count();
            auto m = static_cast<int>(since_midnight % 60);
            for (auto h = static_cast<int>(since_midnight / 60); h < 24; ++h, m = 0) {
                if (!hours_[static_cast<std::size_t>(h)])
                    continue;
                for (; m < 60; ++m) {
                    if (!minutes_[static_cast<std::size_t>(m)])
                        continue;
                    const local_minutes found = day + hours{h} + minutes{m};
                    if (found >= to)
                        return std::nullopt;
                    return found;
                }
            }
        }
        t = day + days{1};
    }
    return std::nullopt;
}

}  // namespace tocsin::triggers
