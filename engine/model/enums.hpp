#pragma once
// The closed vocabularies of the Sentinel incident model. Text forms are exactly the API's
// ("High", "TruePositive", ...); parsing is case-insensitive because clients vary.

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tocsin::model {

enum class severity { high, medium, low, informational };
enum class incident_status { new_, active, closed };
enum class classification { undetermined, true_positive, benign_positive, false_positive };
enum class classification_reason {
    suspicious_activity,
    suspicious_but_expected,
    incorrect_alert_logic,
    inaccurate_data
};
enum class label_type { user, auto_assigned };
enum class owner_type { unknown, user, group };
enum class task_status { new_, completed };
enum class alert_status { unknown, new_, resolved, dismissed, in_progress };
enum class entity_kind {
    account,
    host,
    file,
    azure_resource,
    cloud_application,
    dns,
    file_hash,
    ip,
    malware,
    process,
    registry_key,
    registry_value,
    security_group,
    url,
    iot_device,
    security_alert,
    mailbox,
    mail_cluster,
    mail_message,
    submission_mail,
    nic,
};

// Text names, in enumerator order.
template <typename E>
struct enum_names;

template <>
struct enum_names<severity> {
    static constexpr std::array<std::string_view, 4> values{"High", "Medium", "Low",
                                                            "Informational"};
};
template <>
struct enum_names<incident_status> {
    static constexpr std::array<std::string_view, 3> values{"New", "Active", "Closed"};
};
template <>
struct enum_names<classification> {
    static constexpr std::array<std::string_view, 4> values{"Undetermined", "TruePositive",
                                                            "BenignPositive", "FalsePositive"};
};
template <>
struct enum_names<classification_reason> {
    static constexpr std::array<std::string_view, 4> values{
        "SuspiciousActivity", "SuspiciousButExpected", "IncorrectAlertLogic", "InaccurateData"};
};
template <>
struct enum_names<label_type> {
    static constexpr std::array<std::string_view, 2> values{"User", "AutoAssigned"};
};
template <>
struct enum_names<owner_type> {
    static constexpr std::array<std::string_view, 3> values{"Unknown", "User", "Group"};
};
template <>
struct enum_names<task_status> {
    static constexpr std::array<std::string_view, 2> values{"New", "Completed"};
};
template <>
struct enum_names<alert_status> {
    static constexpr std::array<std::string_view, 5> values{"Unknown", "New", "Resolved",
                                                            "Dismissed", "InProgress"};
};
// The Sentinel "kind" discriminator of entities.
template <>
struct enum_names<entity_kind> {
    static constexpr std::array<std::string_view, 21> values{"Account",
                                                             "Host",
                                                             "File",
                                                             "AzureResource",
                                                             "CloudApplication",
                                                             "DnsResolution",
                                                             "FileHash",
                                                             "Ip",
                                                             "Malware",
                                                             "Process",
                                                             "RegistryKey",
                                                             "RegistryValue",
                                                             "SecurityGroup",
                                                             "Url",
                                                             "IoTDevice",
                                                             "SecurityAlert",
                                                             "Mailbox",
                                                             "MailCluster",
                                                             "MailMessage",
                                                             "SubmissionMail",
                                                             "Nic"};
};

template <typename E>
constexpr std::string_view to_string(E value) {
    return enum_names<E>::values[static_cast<std::size_t>(value)];
}

bool iequals(std::string_view a, std::string_view b);

template <typename E>
std::optional<E> parse_enum(std::string_view text) {
    const auto& names = enum_names<E>::values;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (iequals(names[i], text))
            return static_cast<E>(i);
    }
    return std::nullopt;
}

// Lists the accepted names, e.g. "High, Medium, Low, Informational", for error messages.
template <typename E>
std::string accepted_names() {
    std::string out;
    for (auto name : enum_names<E>::values) {
        if (!out.empty())
            out += ", ";
        out += name;
    }
    return out;
}

// The reasons a classification admits; empty for Undetermined (which takes none).
std::span<const classification_reason> reasons_for(classification c);

// Higher is more severe: High 3 … Informational 0. For ordering and "at least" filters.
int severity_rank(severity s);

}  // namespace tocsin::model
