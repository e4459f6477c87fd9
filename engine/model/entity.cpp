#include "engine/model/entity.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/string_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

#include "engine/error.hpp"

namespace tocsin::model {
namespace {

// Each identity is the first alternative whose fields are all present. Fields marked `folded`
// compare case-insensitively (host names, accounts, addresses, hashes).
struct identity_field {
    std::string_view name;
    bool folded = true;
};
using alternative = std::vector<identity_field>;

const std::vector<alternative>& alternatives_for(entity_kind kind) {
    static const std::vector<alternative> none;
    static const std::vector<alternative> account{{{"aadUserId"}},
                                                  {{"sid"}},
                                                  {{"objectGuid"}},
                                                  {{"accountName"}, {"upnSuffix"}},
                                                  {{"accountName"}, {"ntDomain"}},
                                                  {{"accountName"}, {"dnsDomain"}},
                                                  {{"accountName"}}};
    static const std::vector<alternative> host{{{"azureID"}},
                                               {{"omsAgentID"}},
                                               {{"hostName"}, {"dnsDomain"}},
                                               {{"netBiosName"}, {"ntDomain"}},
                                               {{"hostName"}},
                                               {{"netBiosName"}}};
    static const std::vector<alternative> ip{{{"address"}}};
    static const std::vector<alternative> url{{{"url", false}}};
    static const std::vector<alternative> file_hash{{{"algorithm"}, {"hashValue"}}};
    static const std::vector<alternative> file{{{"directory", false}, {"fileName", false}},
                                               {{"fileName", false}}};
    static const std::vector<alternative> process{
        {{"hostEntityId"}, {"processId"}, {"creationTimeUtc"}},
        {{"processId"}, {"commandLine", false}},
        {{"commandLine", false}},
        {{"processId"}}};
    static const std::vector<alternative> mailbox{
        {{"mailboxPrimaryAddress"}}, {{"upn"}}, {{"externalDirectoryObjectId"}}};
    static const std::vector<alternative> mail_message{
        {{"networkMessageId"}, {"recipient"}}, {{"networkMessageId"}}, {{"internetMessageId"}}};
    static const std::vector<alternative> dns{{{"domainName"}}};
    static const std::vector<alternative> registry_key{{{"hive"}, {"key"}}};
    static const std::vector<alternative> registry_value{{{"keyEntityId"}, {"valueName"}},
                                                         {{"valueName"}}};
    static const std::vector<alternative> cloud_application{{{"appId"}}, {{"appName"}}};
    static const std::vector<alternative> azure_resource{{{"resourceId"}}};
    static const std::vector<alternative> malware{{{"malwareName"}}};
    static const std::vector<alternative> security_group{
        {{"objectGuid"}}, {{"sid"}}, {{"distinguishedName"}}};
    static const std::vector<alternative> iot_device{{{"deviceId"}}, {{"macAddress"}}};
    static const std::vector<alternative> submission_mail{{{"submissionId"}},
                                                          {{"networkMessageId"}}};
    static const std::vector<alternative> nic{{{"macAddress"}}};
    static const std::vector<alternative> security_alert{{{"systemAlertId"}}};
    switch (kind) {
        case entity_kind::account:
            return account;
        case entity_kind::host:
            return host;
        case entity_kind::ip:
            return ip;
        case entity_kind::url:
            return url;
        case entity_kind::file_hash:
            return file_hash;
        case entity_kind::file:
            return file;
        case entity_kind::process:
            return process;
        case entity_kind::mailbox:
            return mailbox;
        case entity_kind::mail_message:
            return mail_message;
        case entity_kind::dns:
            return dns;
        case entity_kind::registry_key:
            return registry_key;
        case entity_kind::registry_value:
            return registry_value;
        case entity_kind::cloud_application:
            return cloud_application;
        case entity_kind::azure_resource:
            return azure_resource;
        case entity_kind::malware:
            return malware;
        case entity_kind::security_group:
            return security_group;
        case entity_kind::iot_device:
            return iot_device;
        case entity_kind::submission_mail:
            return submission_mail;
        case entity_kind::nic:
            return nic;
        case entity_kind::security_alert:
            return security_alert;
        case entity_kind::mail_cluster:
            return none;
    }
    return none;
}

std::string fold(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

// A property's identifying text, or empty when absent. Numbers count (process ids).
std::string field_text(const nlohmann::json& properties, std::string_view name) {
    const auto it = properties.find(name);
    if (it == properties.end())
        return {};
    if (it->is_string())
        return trimmed(it->get_ref<const std::string&>());
    if (it->is_number_integer())
        return std::to_string(it->get<long long>());
    return {};
}

// URLs: scheme and host fold, path and query keep their case.
std::string normalise_url(std::string url) {
    const auto scheme_end = url.find("://");
    const auto host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
    const auto host_end = url.find_first_of("/?#", host_start);
    const auto stop = host_end == std::string::npos ? url.size() : host_end;
    for (std::size_t i = 0; i < stop; ++i)
        url[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(url[i])));
    return url;
}

std::string friendly_default(entity_kind kind, const nlohmann::json& p) {
    for (const char* candidate :
         {"friendlyName", "displayName", "hostName", "accountName", "address", "url", "fileName",
          "domainName", "mailboxPrimaryAddress", "appName", "hashValue", "subject", "valueName",
          "key", "commandLine", "malwareName", "resourceId"}) {
        auto text = field_text(p, candidate);
        if (!text.empty())
            return text;
    }
    return std::string(to_string(kind));
}

}  // namespace

std::string identity_key_of(entity_kind kind, const nlohmann::json& properties) {
    if (!properties.is_object())
        throw error(errc::invalid_argument, "entity properties must be an object", "properties");
    std::string key = fold(std::string(to_string(kind)));
    const auto& alternatives = alternatives_for(kind);
    if (alternatives.empty()) {
        // Kinds without defined identifying fields are identified by all their properties.
        if (properties.empty())
            throw error(errc::missing_field,
                        "entity of kind " + std::string(to_string(kind)) + " has no properties",
                        "properties");
        return key + "|" + properties.dump();
    }
    for (const auto& alt : alternatives) {
        std::string candidate = key;
        bool complete = true;
        for (const auto& f : alt) {
            auto text = field_text(properties, f.name);
            if (text.empty()) {
                complete = false;
                break;
            }
            if (kind == entity_kind::url)
                text = normalise_url(std::move(text));
            candidate += "|";
            candidate += std::string(f.name) + "=" + (f.folded ? fold(std::move(text)) : text);
        }
        if (complete)
            return candidate;
    }
    std::string wanted;
    for (const auto& alt : alternatives) {
        if (!wanted.empty())
            wanted += " or ";
        for (std::size_t i = 0; i < alt.size(); ++i)
            wanted += (i ? "+" : "") + std::string(alt[i].name);
    }
    throw error(errc::missing_field,
                "entity of kind " + std::string(to_string(kind)) + " needs " + wanted,
                "properties." + std::string(alternatives.front().front().name));
}

void assign_identity(entity& e) {
    e.identity_key = identity_key_of(e.kind, e.properties);
    // A name-based (SHA-1, version 5) UUID: the same key yields the same id in every process.
    static const boost::uuids::uuid tocsin_namespace =
        boost::uuids::string_generator()("6f1c1d1e-7a4b-5d2e-9a0c-3b6e1f2d4c5a");
    boost::uuids::name_generator_sha1 generator(tocsin_namespace);
    e.id = boost::uuids::to_string(generator(e.identity_key));
    if (e.friendly_name.empty())
        e.friendly_name = friendly_default(e.kind, e.properties);
}

bool is_strong_kind(entity_kind kind) {
    switch (kind) {
        case entity_kind::host:
        case entity_kind::account:
        case entity_kind::ip:
        case entity_kind::file_hash:
        case entity_kind::mailbox:
        case entity_kind::url:
        case entity_kind::cloud_application:
            return true;
        default:
            return false;
    }
}

}  // namespace tocsin::model
