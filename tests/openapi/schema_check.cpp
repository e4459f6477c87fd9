#include "tests/openapi/schema_check.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <stdexcept>

namespace tocsin::test {

namespace {

using nlohmann::json;

bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    while (!path.empty() && path.front() == '/')
        path.remove_prefix(1);
    while (!path.empty()) {
        const auto slash = path.find('/');
        out.emplace_back(path.substr(0, slash));
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    }
    return out;
}

bool is_capture(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool type_matches(const std::string& type, const json& value) {
    if (type == "object")
        return value.is_object();
    if (type == "array")
        return value.is_array();
    if (type == "string")
        return value.is_string();
    if (type == "integer")
        return value.is_number_integer();
    if (type == "number")
        return value.is_number();
    if (type == "boolean")
        return value.is_boolean();
    return false;
}

class checker {
  public:
    // `request`: the value is a request body, so readOnly properties are never required.
    checker(const json& document, bool request) : document_(document), request_(request) {}

    void check(const json& schema, const json& value, const std::string& path) {
        const json& s = resolved(schema);
        if (s.contains("allOf"))
            for (const auto& part : s["allOf"])
                check(part, value, path);
        if (s.contains("oneOf"))
            check_one_of(s, value, path);
        if (s.contains("anyOf") && count_matches(s["anyOf"], value, path) == 0)
            problem(path, "matches none of anyOf");
        if (value.is_null()) {
            if (s.contains("type") && !s.value("nullable", false))
                problem(path, "is null but not nullable");
            return;
        }
        if (s.contains("type") && !type_matches(s["type"].get<std::string>(), value))
            problem(path, value.dump() + " is not of type " + s["type"].get<std::string>());
        if (s.contains("enum") &&
            std::find(s["enum"].begin(), s["enum"].end(), value) == s["enum"].end())
            problem(path, value.dump() + " is not one of " + s["enum"].dump());
        if (value.is_object())
            check_object(s, value, path);
        if (value.is_array() && s.contains("items"))
            for (std::size_t i = 0; i < value.size(); ++i)
                check(s["items"], value[i], path + "[" + std::to_string(i) + "]");
    }

    std::vector<std::string> problems;

  private:
    const json& resolved(const json& schema) const {
        const json* s = &schema;
        for (int hops = 0; s->is_object() && s->contains("$ref"); ++hops) {
            if (hops > 20)
                throw std::runtime_error("$ref loop at " + (*s)["$ref"].dump());
            s = &resolve_ref(document_, (*s)["$ref"].get<std::string>());
        }
        return *s;
    }

    bool read_only(const json& s, const std::string& name) const {
        if (!s.contains("properties") || !s["properties"].contains(name))
            return false;
        const auto& property = s["properties"][name];
        return property.value("readOnly", false) || resolved(property).value("readOnly", false);
    }

    void check_object(const json& s, const json& value, const std::string& path) {
        if (s.contains("required"))
            for (const auto& name : s["required"])
                if (!value.contains(name.get<std::string>()) &&
                    !(request_ && read_only(s, name.get<std::string>())))
                    problem(path, "lacks required property '" + name.get<std::string>() + "'");
        if (!s.contains("properties"))
            return;
        const auto& props = s["properties"];
        const bool open = s.contains("additionalProperties") && s["additionalProperties"] != false;
        for (const auto& [name, item] : value.items()) {
            if (props.contains(name))
                check(props[name], item, path + "." + name);
            else if (!open)
                problem(path, "has property '" + name + "' that the schema does not describe");
        }
    }

    std::size_t count_matches(const json& alternatives, const json& value,
                              const std::string& path) {
        std::size_t matches = 0;
        for (const auto& alt : alternatives) {
            checker sub(document_, request_);
            sub.check(alt, value, path);
            if (sub.problems.empty())
                ++matches;
        }
        return matches;
    }

    void check_one_of(const json& s, const json& value, const std::string& path) {
        if (s.contains("discriminator") && value.is_object()) {
            const auto property = s["discriminator"]["propertyName"].get<std::string>();
            const auto& mapping = s["discriminator"]["mapping"];
            const auto it = value.find(property);
            if (it == value.end() || !it->is_string() ||
                !mapping.contains(it->get<std::string>())) {
                problem(path, "has no known discriminator '" + property + "'");
                return;
            }
            check(json{{"$ref", mapping[it->get<std::string>()]}}, value, path);
            return;
        }
        const auto matches = count_matches(s["oneOf"], value, path);
        if (matches != 1)
            problem(path, "matches " + std::to_string(matches) + " of oneOf, not exactly one");
    }

    void problem(const std::string& path, const std::string& what) {
        problems.push_back(path + ": " + what);
    }

    const json& document_;
    bool request_;
};

// Every "$ref" string anywhere under `node`, with where it was found.
void collect_refs(const json& node, const std::string& at,
                  std::vector<std::pair<std::string, std::string>>& out) {
    if (node.is_object()) {
        for (const auto& [key, child] : node.items()) {
            if (key == "$ref" && child.is_string())
                out.emplace_back(child.get<std::string>(), at);
            else
                collect_refs(child, at + "/" + key, out);
        }
    } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            collect_refs(node[i], at + "/" + std::to_string(i), out);
    }
}

const std::set<std::string> schema_types = {"object",  "array",  "string",
                                            "integer", "number", "boolean"};

// The shape of a schema object: subschemas are objects, types and keywords well-formed.
void schema_shape(const json& schema, const std::string& at, std::vector<std::string>& out) {
    if (!schema.is_object()) {
        out.push_back(at + ": a schema must be an object, not " + schema.dump());
        return;
    }
    if (schema.contains("$ref")) {
        if (!schema["$ref"].is_string())
            out.push_back(at + ": $ref must be a string");
        return;
    }
    if (schema.contains("type") &&
        (!schema["type"].is_string() || !schema_types.contains(schema["type"].get<std::string>())))
        out.push_back(at + ": unknown type " + schema["type"].dump());
    if (schema.contains("enum") && (!schema["enum"].is_array() || schema["enum"].empty()))
        out.push_back(at + ": enum must be a non-empty array");
    if (schema.contains("required")) {
        const auto& required = schema["required"];
        if (!required.is_array() || std::any_of(required.begin(), required.end(),
                                                [](const json& r) { return !r.is_string(); }))
            out.push_back(at + ": required must be an array of names");
        else if (schema.contains("properties"))
            for (const auto& name : required)
                if (!schema["properties"].contains(name.get<std::string>()))
                    out.push_back(at + ": requires '" + name.get<std::string>() +
                                  "', which it does not describe");
    }
    if (schema.contains("properties")) {
        for (const auto& [name, child] : schema["properties"].items())
            schema_shape(child, at + "/properties/" + name, out);
    }
    if (schema.contains("items"))
        schema_shape(schema["items"], at + "/items", out);
    if (schema.contains("additionalProperties") && !schema["additionalProperties"].is_boolean())
        schema_shape(schema["additionalProperties"], at + "/additionalProperties", out);
    for (const char* key : {"allOf", "oneOf", "anyOf"}) {
        if (!schema.contains(key))
            continue;
        if (!schema[key].is_array() || schema[key].empty()) {
            out.push_back(at + ": " + key + " must be a non-empty array");
            continue;
        }
        for (std::size_t i = 0; i < schema[key].size(); ++i)
            schema_shape(schema[key][i], at + "/" + key + "/" + std::to_string(i), out);
    }
    if (schema.contains("discriminator")) {
        const json mapping = schema["discriminator"].value("mapping", json::object());
        for (const auto& [value, target] : mapping.items())
            if (!target.is_string())
                out.push_back(at + ": discriminator mapping of " + value + " is not a $ref");
    }
}

const std::set<std::string> http_methods = {"get",     "put",  "post",  "delete",
                                            "options", "head", "patch", "trace"};

}  // namespace

const json& resolve_ref(const json& document, std::string_view ref) {
    if (!ref.starts_with("#/"))
        throw std::out_of_range("not a local $ref: " + std::string(ref));
    return document.at(json::json_pointer(std::string(ref.substr(1))));
}

std::vector<std::string> schema_problems(const json& document, const json& schema,
                                         const json& value) {
    checker c(document, false);
    c.check(schema, value, "$");
    return std::move(c.problems);
}

std::vector<std::string> request_problems(const json& document, std::string_view method,
                                          std::string_view target, const json& body) {
    const auto where = std::string(method) + " " + std::string(target) + " request";
    const auto tmpl = match_path(document, target.substr(0, target.find('?')));
    std::string verb(method);
    std::transform(verb.begin(), verb.end(), verb.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (tmpl.empty() || !document["paths"][tmpl].contains(verb))
        return {where + ": no operation matches"};
    const auto& op = document["paths"][tmpl][verb];
    if (!op.contains("requestBody"))
        return {where + ": the operation takes no body, but one was sent"};
    const auto& content = op["requestBody"]["content"];
    if (content.contains("*/*"))
        return {};
    if (!content.contains("application/json"))
        return {where + ": the operation takes no JSON body"};
    checker c(document, true);
    c.check(content["application/json"]["schema"], body, "$");
    for (auto& p : c.problems)
        p = where + ": " + p;
    return std::move(c.problems);
}

std::vector<std::string> document_problems(const json& doc) {
    std::vector<std::string> out;
    auto need = [&](bool ok, const std::string& what) {
        if (!ok)
            out.push_back(what);
    };
    need(doc.value("openapi", "").starts_with("3.0."), "openapi is not 3.0.x");
    need(doc.contains("info") && doc["info"].contains("title") && doc["info"].contains("version"),
         "info lacks title or version");
    need(doc.contains("paths") && doc["paths"].is_object() && !doc["paths"].empty(),
         "paths is missing or empty");
    if (!out.empty())
        return out;

    std::vector<std::pair<std::string, std::string>> refs;
    collect_refs(doc, "#", refs);
    for (const auto& [ref, at] : refs) {
        try {
            resolve_ref(doc, ref);
        } catch (const std::exception&) {
            out.push_back(at + ": $ref " + ref + " does not resolve");
        }
    }

    const json schemas = doc.value("components", json::object()).value("schemas", json::object());
    for (const auto& [name, schema] : schemas.items())
        schema_shape(schema, "#/components/schemas/" + name, out);

    std::set<std::string> declared_tags;
    for (const auto& t : doc.value("tags", json::array()))
        declared_tags.insert(t.value("name", ""));
    const auto& schemes = doc["components"].value("securitySchemes", json::object());
    std::set<std::string> operation_ids;
    for (const auto& [path, item] : doc["paths"].items()) {
        std::set<std::string> path_level;
        for (const auto& p : item.value("parameters", json::array()))
            if (p.value("in", "") == "path")
                path_level.insert(p.value("name", ""));
        for (const auto& [method, op] : item.items()) {
            if (method == "parameters")
                continue;
            const auto where = method + " " + path;
            need(http_methods.contains(method), where + ": not an HTTP method");
            std::set<std::string> names = path_level;
            for (const auto& p : op.value("parameters", json::array())) {
                const json& param =
                    p.contains("$ref") ? resolve_ref(doc, p["$ref"].get<std::string>()) : p;
                need(param.contains("name") && param.contains("in"),
                     where + ": a parameter lacks name or in");
                if (param.value("in", "") == "path") {
                    names.insert(param.value("name", ""));
                    need(param.value("required", false), where + ": path parameter not required");
                }
            }
            for (const auto& segment : split_path(path)) {
                if (is_capture(segment))
                    need(names.contains(segment.substr(1, segment.size() - 2)),
                         where + ": path parameter " + segment + " is not declared");
            }
            for (const auto& name : names)
                need(path.find("{" + name + "}") != std::string::npos,
                     where + ": declares path parameter '" + name + "' the path lacks");
            const auto id = op.value("operationId", "");
            need(!id.empty(), where + ": no operationId");
            need(operation_ids.insert(id).second, where + ": operationId " + id + " is not unique");
            need(op.contains("responses") && !op["responses"].empty(), where + ": no responses");
            const json responses = op.value("responses", json::object());
            for (const auto& [status, response] : responses.items()) {
                const json& r = response.contains("$ref")
                                    ? resolve_ref(doc, response["$ref"].get<std::string>())
                                    : response;
                need(r.contains("description"), where + " " + status + ": no description");
            }
            // Inline schemas of parameters, the request body and the answers.
            for (const auto& p : op.value("parameters", json::array()))
                if (p.contains("schema"))
                    schema_shape(p["schema"], where + " parameter", out);
            const json body_content =
                op.value("requestBody", json::object()).value("content", json::object());
            for (const auto& [media, entry] : body_content.items())
                schema_shape(entry.value("schema", json::object()), where + " body " + media, out);
            for (const auto& [status, response] : responses.items())
                if (response.contains("content"))
                    for (const auto& [media, entry] : response["content"].items())
                        schema_shape(entry.value("schema", json::object()),
                                     where + " " + status + " " + media, out);
            need(op.contains("security") && op["security"].is_array(), where + ": no security");
            for (const auto& requirement : op.value("security", json::array()))
                for (const auto& [scheme, scopes] : requirement.items())
                    need(schemes.contains(scheme), where + ": unknown security scheme " + scheme);
            need(op.contains("x-tocsin-permission"), where + ": no x-tocsin-permission");
            for (const auto& t : op.value("tags", json::array()))
                need(declared_tags.contains(t.get<std::string>()),
                     where + ": tag " + t.dump() + " is not declared");
        }
    }
    return out;
}

std::string match_path(const json& document, std::string_view path) {
    const auto segments = split_path(path);
    std::string best;
    std::vector<std::string> best_segments;
    for (const auto& [candidate, item] : document["paths"].items()) {
        const auto parts = split_path(candidate);
        if (parts.size() != segments.size())
            continue;
        bool ok = true;
        for (std::size_t i = 0; i < parts.size() && ok; ++i)
            ok = is_capture(parts[i]) ? !segments[i].empty() : iequal(parts[i], segments[i]);
        if (!ok)
            continue;
        bool better = best.empty();
        for (std::size_t i = 0; i < parts.size() && !better; ++i) {
            if (is_capture(parts[i]) != is_capture(best_segments[i])) {
                better = !is_capture(parts[i]);
                break;
            }
        }
        if (better) {
            best = candidate;
            best_segments = parts;
        }
    }
    return best;
}

std::vector<std::string> exchange_problems(const json& document, std::string_view method,
                                           std::string_view target, int status,
                                           std::string_view content_type, std::string_view body) {
    const auto where =
        std::string(method) + " " + std::string(target) + " → " + std::to_string(status);
    const auto path = target.substr(0, target.find('?'));
    const auto tmpl = match_path(document, path);
    if (tmpl.empty())
        return {where + ": no path of the document matches"};
    std::string verb(method);
    std::transform(verb.begin(), verb.end(), verb.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto& item = document["paths"][tmpl];
    if (!item.contains(verb))
        return {where + ": " + tmpl + " has no " + verb + " operation"};
    const auto& responses = item[verb]["responses"];
    const auto key = std::to_string(status);
    if (!responses.contains(key))
        return {where + ": status not documented for " + tmpl};
    const json& response = responses[key].contains("$ref")
                               ? resolve_ref(document, responses[key]["$ref"].get<std::string>())
                               : responses[key];
    if (!response.contains("content")) {
        if (!body.empty())
            return {where + ": documented without a body, but one came: " + std::string(body)};
        return {};
    }
    const auto& content = response["content"];
    if (content.contains("*/*"))
        return {};
    if (!content.contains("application/json")) {
        for (const auto& [media, _] : content.items())
            if (content_type.starts_with(media))
                return {};
        return {where + ": Content-Type " + std::string(content_type) + " not documented"};
    }
    if (!content_type.starts_with("application/json"))
        return {where + ": Content-Type " + std::string(content_type) + ", documented JSON"};
    json value;
    try {
        value = json::parse(body);
    } catch (const std::exception& e) {
        return {where + ": body is not JSON: " + e.what()};
    }
    auto problems = schema_problems(document, content["application/json"]["schema"], value);
    for (auto& p : problems)
        p = where + ": " + p;
    return problems;
}

}  // namespace tocsin::test
