#include "engine/automation/automation_rule_conditions.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "engine/automation/automation_rule_properties.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::automation {

namespace {

using nlohmann::json;

std::string fold(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool negated(comparison op) {
    return op == comparison::not_equals || op == comparison::not_contains ||
           op == comparison::not_starts_with || op == comparison::not_ends_with;
}

// Both sides already folded; `op` is a positive operator.
bool matches(comparison op, std::string_view actual, std::string_view expected) {
    switch (op) {
        case comparison::contains:
        case comparison::not_contains:
            return actual.find(expected) != std::string_view::npos;
        case comparison::starts_with:
        case comparison::not_starts_with:
            return actual.starts_with(expected);
        case comparison::ends_with:
        case comparison::not_ends_with:
            return actual.ends_with(expected);
        case comparison::equals:
        case comparison::not_equals:
            break;
    }
    return actual == expected;
}

std::string last_segment(std::string_view id) {
    while (id.ends_with('/'))
        id.remove_suffix(1);
    const auto slash = id.rfind('/');
    return std::string(slash == std::string_view::npos ? id : id.substr(slash + 1));
}

std::vector<std::string> last_segments(std::vector<std::string> ids) {
    for (auto& id : ids)
        id = last_segment(id);
    return ids;
}

// The identifiers an owner answers to; none for a null or blank owner.
std::vector<std::string> owner_identifiers(const json& owner) {
    std::vector<std::string> out;
    if (!owner.is_object())
        return out;
    for (const char* key : {"objectId", "email", "assignedTo", "userPrincipalName"})
        if (const auto it = owner.find(key);
            it != owner.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
            out.push_back(it->get<std::string>());
    return out;
}

const model::field_change* change_of(const rule_subject& subject, std::string_view field) {
    for (const auto& c : subject.changes)
        if (c.field == field)
            return &c;
    return nullptr;
}

std::vector<std::string> label_names(const json& labels) {
    std::vector<std::string> out;
    if (!labels.is_array())
        return out;
    for (const auto& l : labels) {
        if (l.is_string())
            out.push_back(l.get<std::string>());
        else if (l.is_object() && l.contains("labelName") && l["labelName"].is_string())
            out.push_back(l["labelName"].get<std::string>());
    }
    return out;
}

bool labels_added(const rule_subject& subject) {
    if (!subject.added_labels.empty())
        return true;
    const auto* change = change_of(subject, "labels");
    if (!change)
        return false;
    const auto before = label_names(change->before);
    for (const auto& name : label_names(change->after))
        if (std::none_of(before.begin(), before.end(),
                         [&name](const std::string& b) { return model::iequals(b, name); }))
            return true;
    return false;
}

// One evaluation of a rule: the subject, the PropertyArray item in scope, and the subject's
// custom details, gathered once on first use.
class evaluation {
  public:
    explicit evaluation(const rule_subject& subject) : subject_(subject) {}

    bool holds(const condition& c, const item_scope& scope) {
        return std::visit([&](const auto& test) { return holds(test, scope); }, c.test);
    }

    bool all_hold(const std::vector<condition>& conditions, const item_scope& scope) {
        return std::all_of(conditions.begin(), conditions.end(),
                           [&](const condition& c) { return holds(c, scope); });
    }

  private:
    bool holds(const property_condition& c, const item_scope& scope) {
        auto actual = property_values(c.property, subject_, scope);
        if (!compares_by_last_segment(c.property))
            return test_passes(c.test, actual);
        return test_passes({c.test.op, last_segments(c.test.values)},
                           last_segments(std::move(actual)));
    }

    bool holds(const property_changed_condition& c, const item_scope&) {
        using property = property_changed_condition::property;
        const std::string_view field = c.what == property::severity ? "severity"
                                       : c.what == property::status ? "status"
                                                                    : "owner";
        const auto* change = change_of(subject_, field);
        if (!change)
            return false;
        if (c.test.values.empty())
            return true;
        const json& value = c.changed_from ? change->before : change->after;
        if (c.what == property::owner)
            return test_passes(c.test, owner_identifiers(value));
        std::vector<std::string> actual;
        if (value.is_string())
            actual.push_back(value.get<std::string>());
        return test_passes(c.test, actual);
    }

    bool holds(const property_array_changed_condition& c, const item_scope&) {
        using array = property_array_changed_condition::array;
        switch (c.what) {
            case array::alerts:
                return !subject_.added_alert_ids.empty();
            case array::labels:
                return labels_added(subject_);
            case array::tactics:
                return !subject_.added_tactics.empty();
            case array::comments:
                return !subject_.added_comment_ids.empty();
        }
        return false;
    }

    bool holds(const property_array_condition& c, const item_scope& scope) {
        std::vector<item_scope> items;
        if (c.what == property_array_condition::array::custom_details) {
            for (const auto& d : custom_details())
                items.push_back({&d, nullptr});
        } else if (scope.detail) {
            for (const auto& v : scope.detail->values)
                items.push_back({scope.detail, &v});
        } else {
            for (const auto& d : custom_details())
                for (const auto& v : d.values)
                    items.push_back({&d, &v});
        }
        const auto passes = [&](const item_scope& item) {
            return all_hold(c.item_conditions, item);
        };
        if (c.all_items)
            return !items.empty() && std::all_of(items.begin(), items.end(), passes);
        return std::any_of(items.begin(), items.end(), passes);
    }

    bool holds(const boolean_condition& c, const item_scope& scope) {
        if (c.all)
            return all_hold(c.inner, scope);
        return std::any_of(c.inner.begin(), c.inner.end(),
                           [&](const condition& inner) { return holds(inner, scope); });
    }

    const std::vector<custom_detail>& custom_details() {
        if (!details_)
            details_ = custom_details_of(subject_);
        return *details_;
    }

    const rule_subject& subject_;
    std::optional<std::vector<custom_detail>> details_;
};

}  // namespace

bool test_passes(const value_test& test, const std::vector<std::string>& actual) {
    bool any = false;
    for (const auto& a : actual) {
        const auto folded = fold(a);
        any = std::any_of(test.values.begin(), test.values.end(),
                          [&](const std::string& v) { return matches(test.op, folded, fold(v)); });
        if (any)
            break;
    }
    return negated(test.op) ? !any : any;
}

bool conditions_hold(const compiled_rule& rule, const rule_subject& subject) {
    return evaluation(subject).all_hold(rule.conditions, {});
}

bool condition_holds(const condition& c, const rule_subject& subject) {
    return evaluation(subject).holds(c, {});
}

}  // namespace tocsin::automation
