#pragma once
// The words of Sentinel's automation rules (AutomationRules.json, 2025-09-01): what a rule's
// PUT is validated against (arm_automation_rules.cpp) and what the OpenAPI document lists, from
// one place so that the two cannot disagree. Older api-versions accept subsets (api_version.hpp).

#include <string_view>

namespace tocsin::api::automation_vocabulary {

inline constexpr std::string_view triggers_on[] = {"Incidents", "Alerts"};
inline constexpr std::string_view triggers_when[] = {"Created", "Updated"};
inline constexpr std::string_view condition_types[] = {
    "Property", "PropertyArray", "PropertyChanged", "PropertyArrayChanged", "Boolean"};
inline constexpr std::string_view operators[] = {"Equals",      "NotEquals",  "Contains",
                                                 "NotContains", "StartsWith", "NotStartsWith",
                                                 "EndsWith",    "NotEndsWith"};
inline constexpr std::string_view properties_2025[] = {"IncidentTitle",
                                                       "IncidentDescription",
                                                       "IncidentSeverity",
                                                       "IncidentStatus",
                                                       "IncidentRelatedAnalyticRuleIds",
                                                       "IncidentTactics",
                                                       "IncidentLabel",
                                                       "IncidentProviderName",
                                                       "IncidentUpdatedBySource",
                                                       "IncidentCustomDetailsKey",
                                                       "IncidentCustomDetailsValue",
                                                       "AccountAadTenantId",
                                                       "AccountAadUserId",
                                                       "AccountName",
                                                       "AccountNTDomain",
                                                       "AccountPUID",
                                                       "AccountSid",
                                                       "AccountObjectGuid",
                                                       "AccountUPNSuffix",
                                                       "AlertProductNames",
                                                       "AlertAnalyticRuleIds",
                                                       "AzureResourceResourceId",
                                                       "AzureResourceSubscriptionId",
                                                       "CloudApplicationAppId",
                                                       "CloudApplicationAppName",
                                                       "DNSDomainName",
                                                       "FileDirectory",
                                                       "FileName",
                                                       "FileHashValue",
                                                       "HostAzureID",
                                                       "HostName",
                                                       "HostNetBiosName",
                                                       "HostNTDomain",
                                                       "HostOSVersion",
                                                       "IoTDeviceId",
                                                       "IoTDeviceName",
                                                       "IoTDeviceType",
                                                       "IoTDeviceVendor",
                                                       "IoTDeviceModel",
                                                       "IoTDeviceOperatingSystem",
                                                       "IPAddress",
                                                       "MailboxDisplayName",
                                                       "MailboxPrimaryAddress",
                                                       "MailboxUPN",
                                                       "MailMessageDeliveryAction",
                                                       "MailMessageDeliveryLocation",
                                                       "MailMessageRecipient",
                                                       "MailMessageSenderIP",
                                                       "MailMessageSubject",
                                                       "MailMessageP1Sender",
                                                       "MailMessageP2Sender",
                                                       "MalwareCategory",
                                                       "MalwareName",
                                                       "ProcessCommandLine",
                                                       "ProcessId",
                                                       "RegistryKey",
                                                       "RegistryValueData",
                                                       "Url"};
inline constexpr std::string_view changed_properties[] = {"IncidentSeverity", "IncidentStatus",
                                                          "IncidentOwner"};
inline constexpr std::string_view changed_types[] = {"ChangedFrom", "ChangedTo"};
inline constexpr std::string_view changed_array_types[] = {"Alerts", "Labels", "Tactics",
                                                           "Comments"};
inline constexpr std::string_view array_change_types[] = {"Added"};
inline constexpr std::string_view array_types[] = {"CustomDetails", "CustomDetailValues"};
inline constexpr std::string_view array_condition_types[] = {"AnyItem", "AllItems"};
inline constexpr std::string_view boolean_operators[] = {"And", "Or"};
inline constexpr std::string_view action_types[] = {"ModifyProperties", "RunPlaybook",
                                                    "AddIncidentTask"};

}  // namespace tocsin::api::automation_vocabulary
