#include "engine/api/openapi_markdown.hpp"

#include <array>
#include <map>
#include <sstream>
#include <string_view>
#include <vector>

namespace tocsin::api {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> method_order = {"get", "put", "post", "patch", "delete"};

// The prefix of every Sentinel-compatible path, shown as <workspace> so paths fit on a line.
constexpr std::string_view arm_prefix =
    "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/"
    "Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/"
    "Microsoft.SecurityInsights";

std::string short_path(std::string_view path) {
    if (path.starts_with(arm_prefix))
        return "<workspace>" + std::string(path.substr(arm_prefix.size()));
    return std::string(path);
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return out;
}

// A GitHub-style heading anchor: lower case, spaces to '-', punctuation dropped.
std::string anchor(std::string_view heading) {
    std::string out;
    for (const char c : heading) {
        if (c >= 'A' && c <= 'Z')
            out += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
            out += c;
        else if (c == ' ')
            out += '-';
    }
    return out;
}

// Table cells stay on one line and never end the cell early.
std::string cell(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n')
            out += "<br>";
        else if (c == '|')
            out += "\\|";
        else
            out += c;
    }
    return out;
}

std::string text_of(const json& value, std::string_view key) {
    const auto it = value.find(key);
    return it != value.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string ref_name(const std::string& ref) {
    return ref.substr(ref.rfind('/') + 1);
}

const json& resolve(const json& document, const json& value) {
    const auto ref = text_of(value, "$ref");
    if (ref.empty() || !ref.starts_with("#/"))
        return value;
    const auto& target = document.at(json::json_pointer(ref.substr(1)));
    return target;
}

std::string schema_link(const std::string& name) {
    return "[`" + name + "`](#" + anchor("schema " + name) + ")";
}

// "string", "integer (int32)", "`Incident`", "`IncidentLabel`[]", "string: a \| b".
std::string type_of(const json& schema) {
    if (const auto ref = text_of(schema, "$ref"); !ref.empty())
        return schema_link(ref_name(ref));
    if (const auto all = schema.find("allOf"); all != schema.end() && all->size() == 1)
        return type_of(all->front());
    const auto type = text_of(schema, "type");
    if (type == "array")
        return type_of(schema.value("items", json::object())) + "[]";
    std::string out = type.empty() ? "any" : type;
    if (const auto format = text_of(schema, "format"); !format.empty())
        out += " (" + format + ")";
    if (const auto values = schema.find("enum"); values != schema.end() && values->is_array()) {
        out += ":";
        bool first = true;
        for (const auto& v : *values) {
            out += (first ? " " : " \\| ") + (v.is_string() ? v.get<std::string>() : v.dump());
            first = false;
        }
    }
    if (type == "object" && schema.contains("additionalProperties") &&
        schema["additionalProperties"].is_object())
        out = "map of " + type_of(schema["additionalProperties"]);
    return out;
}

std::string body_of(const json& content) {
    std::vector<std::string> kinds;
    for (const auto& [media, entry] : content.items()) {
        std::string kind = "`" + media + "`";
        if (const auto schema = entry.find("schema"); schema != entry.end())
            kind += " " + type_of(*schema);
        kinds.push_back(kind);
    }
    std::string out;
    for (const auto& k : kinds)
        out += (out.empty() ? "" : ", ") + k;
    return out;
}

void render_parameters(std::ostream& out, const json& document, const json& path_item,
                       const json& op) {
    std::vector<json> parameters;
    for (const auto* list : {&path_item, &op})
        if (const auto it = list->find("parameters"); it != list->end())
            for (const auto& p : *it)
                parameters.push_back(resolve(document, p));
    if (parameters.empty())
        return;
    out << "\n| parameter | in | required | type | description |\n| --- | --- | --- | --- | --- "
           "|\n";
    for (const auto& p : parameters)
        out << "| `" << text_of(p, "name") << "` | " << text_of(p, "in") << " | "
            << (p.value("required", false) ? "yes" : "no") << " | "
            << type_of(p.value("schema", json::object())) << " | "
            << cell(text_of(p, "description")) << " |\n";
}

void render_operation(std::ostream& out, const json& document, const std::string& path,
                      const std::string& method, const json& path_item, const json& op) {
    out << "\n### `" << upper(method) << " " << short_path(path) << "`\n\n";
    out << "`" << text_of(op, "operationId") << "`: " << text_of(op, "summary") << ".";
    if (const auto description = text_of(op, "description"); !description.empty())
        out << " " << description;
    out << "\n\n";
    const auto permission = text_of(op, "x-tocsin-permission");
    if (op.value("security", json::array()).empty()) {
        out << "No token needed";
    } else {
        out << "Permission `" << permission << "`";
        std::string roles;
        for (const auto& r : op.value("x-tocsin-roles", json::array()))
            roles += (roles.empty() ? "" : ", ") + r.get<std::string>();
        if (!roles.empty())
            out << " (" << roles << ")";
    }
    out << ".\n";
    render_parameters(out, document, path_item, op);
    if (const auto body = op.find("requestBody"); body != op.end()) {
        const auto& resolved = resolve(document, *body);
        out << "\nRequest body" << (resolved.value("required", false) ? "" : " (optional)") << ": "
            << body_of(resolved.value("content", json::object())) << ".";
        if (const auto d = text_of(resolved, "description"); !d.empty())
            out << " " << d;
        out << "\n";
    }
    out << "\n| status | meaning | body |\n| --- | --- | --- |\n";
    const auto responses = op.value("responses", json::object());
    for (const auto& [status, response] : responses.items()) {
        const auto& resolved = resolve(document, response);
        out << "| " << status << " | " << cell(text_of(resolved, "description")) << " | "
            << body_of(resolved.value("content", json::object())) << " |\n";
    }
}

struct operation_ref {
    std::string path;
    std::string method;
};

void render_schemas(std::ostream& out, const json& schemas) {
    out << "\n## Schemas\n";
    for (const auto& [name, schema] : schemas.items()) {
        out << "\n### Schema " << name << "\n\n";
        if (const auto d = text_of(schema, "description"); !d.empty())
            out << d << "\n\n";
        const auto properties = schema.find("properties");
        if (properties == schema.end() || properties->empty()) {
            out << "Type: " << type_of(schema) << ".\n";
            continue;
        }
        std::map<std::string, bool> required;
        for (const auto& r : schema.value("required", json::array()))
            required[r.get<std::string>()] = true;
        out << "| property | type | required | read-only | description |\n"
               "| --- | --- | --- | --- | --- |\n";
        for (const auto& [property, spec] : properties->items())
            out << "| `" << property << "` | " << type_of(spec) << " | "
                << (required.contains(property) ? "yes" : "") << " | "
                << (spec.value("readOnly", false) ? "yes" : "") << " | "
                << cell(text_of(spec, "description")) << " |\n";
    }
}

}  // namespace

std::string openapi_markdown(const json& document) {
    const auto& info = document.value("info", json::object());
    const auto& paths = document.value("paths", json::object());
    // Operations by their first tag, in the document's tag order; untagged ones last.
    std::map<std::string, std::vector<operation_ref>> by_tag;
    for (const auto& [path, item] : paths.items())
        for (const auto method : method_order)
            if (const auto op = item.find(std::string(method)); op != item.end()) {
                const auto tags = op->value("tags", json::array());
                const auto tag = tags.empty() ? std::string("Other") : tags[0].get<std::string>();
                by_tag[tag].push_back({path, std::string(method)});
            }
    const auto declared_tags = document.value("tags", json::array());
    std::vector<json> tags(declared_tags.begin(), declared_tags.end());
    if (by_tag.contains("Other"))
        tags.push_back({{"name", "Other"}});

    std::ostringstream out;
    out << "# " << text_of(info, "title") << " reference\n\n"
        << "<!-- Generated by `tocsin api docs` from GET /openapi.json; do not edit. The test "
           "suite fails when this file and the server's document differ. -->\n\n"
        << "Version " << text_of(info, "version") << ", OpenAPI " << text_of(document, "openapi")
        << ". " << text_of(info, "description") << "\n\n"
        << "`<workspace>` in a path stands for `" << arm_prefix
        << "`. How to fetch and render the document itself: [api.md](api.md).\n\n"
        << "| area | operations |\n| --- | --- |\n";
    for (const auto& tag : tags) {
        const auto name = text_of(tag, "name");
        if (const auto it = by_tag.find(name); it != by_tag.end())
            out << "| [" << name << "](#" << anchor(name) << ") | " << it->second.size() << " |\n";
    }
    for (const auto& tag : tags) {
        const auto name = text_of(tag, "name");
        const auto it = by_tag.find(name);
        if (it == by_tag.end())
            continue;
        out << "\n## " << name << "\n\n";
        if (const auto d = text_of(tag, "description"); !d.empty())
            out << d;
        if (const auto docs = tag.find("externalDocs"); docs != tag.end())
            out << " [" << text_of(*docs, "description") << "](" << text_of(*docs, "url") << ")";
        out << "\n\n| method | path | operation |\n| --- | --- | --- |\n";
        for (const auto& o : it->second) {
            const auto heading = upper(o.method) + " " + short_path(o.path);
            out << "| " << upper(o.method) << " | [`" << short_path(o.path) << "`](#"
                << anchor(heading) << ") | `"
                << text_of(paths.at(o.path).at(o.method), "operationId") << "` |\n";
        }
        for (const auto& o : it->second)
            render_operation(out, document, o.path, o.method, paths.at(o.path),
                             paths.at(o.path).at(o.method));
    }
    render_schemas(out,
                   document.value("components", json::object()).value("schemas", json::object()));
    return out.str();
}

}  // namespace tocsin::api
