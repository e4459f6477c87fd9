#include "engine/model/enums.hpp"

#include <cctype>

namespace tocsin::model {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

std::span<const classification_reason> reasons_for(classification c) {
    static constexpr classification_reason true_positive[] = {
        classification_reason::suspicious_activity};
    static constexpr classification_reason benign_positive[] = {
        classification_reason::suspicious_but_expected};
    static constexpr classification_reason false_positive[] = {
        classification_reason::incorrect_alert_logic, classification_reason::inaccurate_data};
    switch (c) {
        case classification::true_positive:
            return true_positive;
        case classification::benign_positive:
            return benign_positive;
        case classification::false_positive:
            return false_positive;
        case classification::undetermined:
            return {};
    }
    return {};
}

int severity_rank(severity s) {
    switch (s) {
        case severity::high:
            return 3;
        case severity::medium:
            return 2;
        case severity::low:
            return 1;
        case severity::informational:
            return 0;
    }
    return 0;
}

}  // namespace tocsin::model
