#include "engine/automation/automation_rule_properties.hpp"

#include <algorithm>
#include <unordered_map>

#include "engine/model/enums.hpp"

namespace tocsin::automation {

namespace {

using nlohmann::json;
using values = std::vector<std::string>;

// A JSON scalar as condition text: strings as they are, integers (process ids) in decimal,
// other scalars as JSON text; arrays contribute each item.
void append_text(const json& value, values& out) {
    if (value.is_string())
        out.push_back(value.get<std::string>());
    else if (value.is_number_integer())
        out.push_back(std::to_string(value.get<std::int64_t>()));
    else if (value.is_array())
        for (const auto& item : value)
            append_text(item, out);
    else if (!value.is_null() && !value.is_object())
        out.push_back(value.dump());
}

// A member by exact name, else by case-insensitive name (SecurityAlert writes "HostName").
const json* field(const json& object, std::string_view name) {
    if (!object.is_object())
        return nullptr;
    if (const auto it = object.find(name); it != object.end())
        return &*it;
    for (const auto& [key, value] : object.items())
        if (model::iequals(key, name))
            return &value;
    return nullptr;
}

// Sentinel's ExtendedProperties hold JSON as text; Tocsin's additional_data holds it as JSON.
json embedded(const json& value) {
    if (!value.is_string())
        return value;
    const auto& text = value.get_ref<const std::string&>();
    if (text.empty() || (text.front() != '[' && text.front() != '{'))
        return value;
    auto parsed = json::parse(text, nullptr, false);
    return parsed.is_discarded() ? value : parsed;
}

// Every alert the subject knows: its own alert, then the incident's.
template <typename Fn>
void for_each_alert(const rule_subject& subject, Fn&& fn) {
    if (subject.alert)
        fn(*subject.alert);
    for (const auto& a : subject.alerts)
        fn(a);
}

void append_rule_ids(const model::alert& alert, values& out) {
    for (const char* key : {"analyticRuleIds", "Analytic Rule Ids"})
        if (const json* ids = field(alert.additional_data, key))
            append_text(embedded(*ids), out);
}

// ---- entity fields ----

struct entity_field {
    model::entity_kind kind;
    std::string_view key;
};

const std::unordered_map<std::string_view, entity_field>& entity_fields() {
    using k = model::entity_kind;
    static const std::unordered_map<std::string_view, entity_field> table{
        {"AccountAadTenantId", {k::account, "aadTenantId"}},
        {"AccountAadUserId", {k::account, "aadUserId"}},
        {"AccountName", {k::account, "accountName"}},
        {"AccountNTDomain", {k::account, "ntDomain"}},
        {"AccountPUID", {k::account, "puid"}},
        {"AccountSid", {k::account, "sid"}},
        {"AccountObjectGuid", {k::account, "objectGuid"}},
        {"AccountUPNSuffix", {k::account, "upnSuffix"}},
        {"AzureResourceResourceId", {k::azure_resource, "resourceId"}},
        {"AzureResourceSubscriptionId", {k::azure_resource, "subscriptionId"}},
        {"CloudApplicationAppId", {k::cloud_application, "appId"}},
        {"CloudApplicationAppName", {k::cloud_application, "appName"}},
        {"DNSDomainName", {k::dns, "domainName"}},
        {"FileDirectory", {k::file, "directory"}},
        {"FileName", {k::file, "fileName"}},
        {"FileHashValue", {k::file_hash, "hashValue"}},
        {"HostAzureID", {k::host, "azureID"}},
        {"HostName", {k::host, "hostName"}},
        {"HostNetBiosName", {k::host, "netBiosName"}},
        {"HostNTDomain", {k::host, "ntDomain"}},
        {"HostOSVersion", {k::host, "osVersion"}},
        {"IoTDeviceId", {k::iot_device, "deviceId"}},
        {"IoTDeviceName", {k::iot_device, "deviceName"}},
        {"IoTDeviceType", {k::iot_device, "deviceType"}},
        {"IoTDeviceVendor", {k::iot_device, "vendor"}},
        {"IoTDeviceModel", {k::iot_device, "model"}},
        {"IoTDeviceOperatingSystem", {k::iot_device, "operatingSystem"}},
        {"IPAddress", {k::ip, "address"}},
        {"MailboxDisplayName", {k::mailbox, "displayName"}},
        {"MailboxPrimaryAddress", {k::mailbox, "mailboxPrimaryAddress"}},
        {"MailboxUPN", {k::mailbox, "upn"}},
        {"MailMessageDeliveryAction", {k::mail_message, "deliveryAction"}},
        {"MailMessageDeliveryLocation", {k::mail_message, "deliveryLocation"}},
        {"MailMessageRecipient", {k::mail_message, "recipient"}},
        {"MailMessageSenderIP", {k::mail_message, "senderIP"}},
        {"MailMessageSubject", {k::mail_message, "subject"}},
        {"MailMessageP1Sender", {k::mail_message, "p1Sender"}},
        {"MailMessageP2Sender", {k::mail_message, "p2Sender"}},
        {"MalwareCategory", {k::malware, "category"}},
        {"MalwareName", {k::malware, "malwareName"}},
        {"ProcessCommandLine", {k::process, "commandLine"}},
        {"ProcessId", {k::process, "processId"}},
        {"RegistryKey", {k::registry_key, "key"}},
        {"RegistryValueData", {k::registry_value, "valueData"}},
        {"Url", {k::url, "url"}},
    };
    return table;
}

values entity_values(const entity_field& wanted, const rule_subject& subject) {
    values out;
    const auto take = [&](const std::vector<model::entity>& entities) {
        for (const auto& e : entities)
            if (e.kind == wanted.kind)
                if (const json* v = field(e.properties, wanted.key))
                    append_text(*v, out);
    };
    take(subject.entities);
    for_each_alert(subject, [&](const model::alert& a) { take(a.entities); });
    return out;
}

// ---- incident and alert fields ----

values incident_property(std::string_view name, const model::incident& i,
                         const rule_subject& subject) {
    values out;
    if (name == "IncidentTitle") {
        out.push_back(i.title);
    } else if (name == "IncidentDescription") {
        out.push_back(i.description);
    } else if (name == "IncidentSeverity") {
        out.emplace_back(model::to_string(i.severity));
    } else if (name == "IncidentStatus") {
        out.emplace_back(model::to_string(i.status));
    } else if (name == "IncidentProviderName") {
        out.push_back(i.provider_name);
    } else if (name == "IncidentLabel") {
        for (const auto& l : i.labels)
            out.push_back(l.name);
    } else if (name == "IncidentTactics") {
        out = i.summary.tactics;
        for (const auto& a : subject.alerts)
            out.insert(out.end(), a.tactics.begin(), a.tactics.end());
    } else if (name == "IncidentRelatedAnalyticRuleIds") {
        out = i.related_analytic_rule_ids;
    } else if (name == "AlertAnalyticRuleIds") {
        out = i.related_analytic_rule_ids;
        for (const auto& a : subject.alerts)
            append_rule_ids(a, out);
    } else if (name == "AlertProductNames") {
        out = i.summary.alert_product_names;
        for (const auto& a : subject.alerts)
            if (!a.product_name.empty())
                out.push_back(a.product_name);
    } else if (name == "IncidentUpdatedBySource") {
        if (!subject.updated_by_source.empty())
            out.push_back(subject.updated_by_source);
    }
    return out;
}

values alert_property(std::string_view name, const model::alert& a) {
    values out;
    if (name == "IncidentTitle") {
        out.push_back(a.display_name);
    } else if (name == "IncidentDescription") {
        out.push_back(a.description);
    } else if (name == "IncidentSeverity") {
        out.emplace_back(model::to_string(a.severity));
    } else if (name == "IncidentTactics") {
        out = a.tactics;
    } else if (name == "IncidentRelatedAnalyticRuleIds" || name == "AlertAnalyticRuleIds") {
        append_rule_ids(a, out);
    } else if (name == "AlertProductNames") {
        if (!a.product_name.empty())
            out.push_back(a.product_name);
    }
    return out;
}

}  // namespace

std::vector<custom_detail> custom_details_of(const rule_subject& subject) {
    std::vector<custom_detail> out;
    const auto merge = [&out](const json& details) {
        if (!details.is_object())
            return;
        for (const auto& [key, value] : details.items()) {
            auto it = std::find_if(out.begin(), out.end(),
                                   [&key](const custom_detail& d) { return d.key == key; });
            if (it == out.end())
                it = out.insert(out.end(), custom_detail{key, {}});
            append_text(embedded(value), it->values);
        }
    };
    for_each_alert(subject, [&merge](const model::alert& a) {
        for (const char* key : {"customDetails", "Custom Details"})
            if (const json* details = field(a.additional_data, key))
                merge(embedded(*details));
    });
    return out;
}

std::vector<std::string> property_values(std::string_view property, const rule_subject& subject,
                                         const item_scope& scope) {
    if (property == "IncidentCustomDetailsKey") {
        if (scope.detail)
            return {scope.detail->key};
        values out;
        for (auto& d : custom_details_of(subject))
            out.push_back(std::move(d.key));
        return out;
    }
    if (property == "IncidentCustomDetailsValue") {
        if (scope.value)
            return {*scope.value};
        if (scope.detail)
            return scope.detail->values;
        values out;
        for (auto& d : custom_details_of(subject))
            out.insert(out.end(), d.values.begin(), d.values.end());
        return out;
    }
    const auto& entities = entity_fields();
    if (const auto it = entities.find(property); it != entities.end())
        return entity_values(it->second, subject);
    if (subject.incident)
        return incident_property(property, *subject.incident, subject);
    if (subject.alert)
        return alert_property(property, *subject.alert);
    return {};
}

bool compares_by_last_segment(std::string_view property) {
    return property == "IncidentRelatedAnalyticRuleIds" || property == "AlertAnalyticRuleIds";
}

}  // namespace tocsin::automation
