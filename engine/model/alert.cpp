#include "engine/model/alert.hpp"

#include <array>
#include <cctype>

namespace tocsin::model {

bool is_known_tactic(std::string_view name) {
    static constexpr std::array<std::string_view, 17> tactics{"Reconnaissance",
                                                              "ResourceDevelopment",
                                                              "InitialAccess",
                                                              "Execution",
                                                              "Persistence",
                                                              "PrivilegeEscalation",
                                                              "DefenseEvasion",
                                                              "CredentialAccess",
                                                              "Discovery",
                                                              "LateralMovement",
                                                              "Collection",
                                                              "Exfiltration",
                                                              "CommandAndControl",
                                                              "Impact",
                                                              "PreAttack",
                                                              "ImpairProcessControl",
                                                              "InhibitResponseFunction"};
    for (auto t : tactics)
        if (iequals(t, name))
            return true;
    return false;
}

bool is_mitre_technique(std::string_view id) {
    auto digits = [&](std::size_t from, std::size_t count) {
        if (id.size() < from + count)
            return false;
        for (std::size_t i = from; i < from + count; ++i)
            if (!std::isdigit(static_cast<unsigned char>(id[i])))
                return false;
        return true;
    };
    if (id.size() != 5 && id.size() != 9)
        return false;
    if (id[0] != 'T' || !digits(1, 4))
        return false;
    return id.size() == 5 || (id[5] == '.' && digits(6, 3));
}

}  // namespace tocsin::model
