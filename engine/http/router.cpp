#include "engine/http/router.hpp"

#include "engine/error.hpp"

#include <algorithm>

namespace tocsin::http {
namespace {

[[noreturn]] void bad_template(std::string_view path_template, std::string_view why) {
    throw tocsin::error(errc::config,
                        "route template '" + std::string(path_template) + "': " + std::string(why));
}

}  // namespace

router& router::add(verb method, std::string_view path_template, sync_handler handler,
                    route_options options) {
    if (!handler)
        bad_template(path_template, "empty handler");
    return add_route(route{method, std::string(path_template), options, std::move(handler)});
}

router& router::add(verb method, std::string_view path_template, async_handler handler,
                    route_options options) {
    if (!handler)
        bad_template(path_template, "empty handler");
    return add_route(route{method, std::string(path_template), options, std::move(handler)});
}

router& router::add_route(route value) {
    const std::string_view tmpl = value.path_template;
    if (value.method == verb::other)
        bad_template(tmpl, "verb::other cannot be routed");
    if (tmpl.empty() || tmpl.front() != '/')
        bad_template(tmpl, "must start with '/'");

    entry e;
    std::string_view rest = tmpl.substr(1);
    if (!rest.empty() && rest.back() == '/')
        rest.remove_suffix(1);
    while (!rest.empty()) {
        const auto slash = rest.find('/');
        const auto text = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
        if (text.empty())
            bad_template(tmpl, "empty segment");
        const bool capture = text.front() == '{' && text.back() == '}';
        const auto body = capture ? text.substr(1, text.size() - 2) : text;
        if (body.empty() || body.find_first_of("{}") != std::string_view::npos) {
            bad_template(tmpl, "a capture must be a whole segment '{name}'");
        }
        if (capture && std::any_of(e.segments.begin(), e.segments.end(),
                                   [&](const segment& s) { return s.capture && s.text == body; })) {
            bad_template(tmpl, "duplicate capture name");
        }
        e.segments.push_back({std::string(body), capture});
    }

    for (const auto& other : entries_) {
        const bool same_shape =
            other.value.method == value.method && other.segments.size() == e.segments.size() &&
            std::equal(e.segments.begin(), e.segments.end(), other.segments.begin(),
                       [](const segment& a, const segment& b) {
                           return a.capture == b.capture && (a.capture || iequals(a.text, b.text));
                       });
        if (same_shape)
            bad_template(tmpl, "duplicates route '" + other.value.path_template + "'");
    }
    e.value = std::move(value);
    entries_.push_back(std::move(e));
    return *this;
}

bool router::matches(const entry& e, const std::vector<std::string>& segments) {
    if (e.segments.size() != segments.size())
        return false;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const auto& s = e.segments[i];
        if (s.capture ? segments[i].empty() : !iequals(s.text, segments[i]))
            return false;
    }
    return true;
}

bool router::better(const entry& a, const entry& b) {
    for (std::size_t i = 0; i < a.segments.size(); ++i) {
        if (a.segments[i].capture != b.segments[i].capture)
            return !a.segments[i].capture;
    }
    return false;
}

route_match router::match(verb method, const std::vector<std::string>& segments) const {
    const entry* best = nullptr;
    const entry* best_get = nullptr;  // for HEAD without its own route
    std::vector<verb> allowed;
    for (const auto& e : entries_) {
        if (!matches(e, segments))
            continue;
        const verb m = e.value.method;
        if (std::find(allowed.begin(), allowed.end(), m) == allowed.end())
            allowed.push_back(m);
        if (m == method && (!best || better(e, *best)))
            best = &e;
        if (m == verb::get && (!best_get || better(e, *best_get)))
            best_get = &e;
    }
    if (!best && method == verb::head)
        best = best_get;

    route_match result;
    if (best) {
        result.outcome = route_match::kind::matched;
        result.found = &best->value;
        for (std::size_t i = 0; i < segments.size(); ++i) {
            if (best->segments[i].capture)
                result.params.add(best->segments[i].text, segments[i]);
        }
        return result;
    }
    if (allowed.empty())
        return result;
    if (std::find(allowed.begin(), allowed.end(), verb::get) != allowed.end() &&
        std::find(allowed.begin(), allowed.end(), verb::head) == allowed.end()) {
        allowed.push_back(verb::head);
    }
    std::sort(allowed.begin(), allowed.end());  // verb's order is the Allow order
    result.outcome = route_match::kind::method_not_allowed;
    result.allowed = std::move(allowed);
    return result;
}

std::vector<const route*> router::table() const {
    std::vector<const route*> out;
    out.reserve(entries_.size());
    for (const auto& e : entries_)
        out.push_back(&e.value);
    return out;
}

std::string router::allow_header(const std::vector<verb>& methods) {
    std::string out;
    for (const verb m : methods) {
        if (!out.empty())
            out += ", ";
        out += to_string(m);
    }
    return out;
}

}  // namespace tocsin::http
