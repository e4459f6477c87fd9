#include "engine/store/sqlite/query_compiler.hpp"

#include <sqlite3.h>

#include "engine/error.hpp"
#include "engine/model/enums.hpp"
#include "engine/store/errors.hpp"
#include "engine/store/page_token.hpp"
#include "engine/store/sqlite/sql.hpp"

namespace tocsin::store::sqlite {

namespace {

using nlohmann::json;
using op = predicate::op;

// Guards against filters that would make SQLite's parser or the parameter limit the judge.
constexpr int max_filter_depth = 32;
constexpr int max_filter_nodes = 500;
constexpr std::size_t max_order_terms = 8;

enum class value_kind { text, integer, time, severity, labels };

struct field_sql {
    std::string_view expr;  // a column or a fixed expression over incidents i
    value_kind kind;
    // A NOT NULL column orders as it is, so its index serves ORDER BY (a COALESCE would not).
    bool nullable = true;
};

// The whitelist: the only SQL fragments a query can contribute besides fixed operators.
field_sql field_info(incident_field field) {
    switch (field) {
        case incident_field::name:
            return {"i.name", value_kind::text};
        case incident_field::incident_number:
            return {"i.number", value_kind::integer};
        case incident_field::title:
            return {"i.title", value_kind::text};
        case incident_field::description:
            return {"i.description", value_kind::text};
        case incident_field::severity:
            return {"i.severity_rank", value_kind::severity};
        case incident_field::status:
            return {"i.status", value_kind::text};
        case incident_field::classification:
            return {"i.classification", value_kind::text};
        case incident_field::classification_reason:
            return {"i.classification_reason", value_kind::text};
        case incident_field::owner_assigned_to:
            return {"i.owner_assigned_to", value_kind::text};
        case incident_field::owner_email:
            return {"i.owner_email", value_kind::text};
        case incident_field::owner_object_id:
            return {"i.owner_object_id", value_kind::text};
        case incident_field::owner_user_principal_name:
            return {"i.owner_user_principal_name", value_kind::text};
        case incident_field::labels:
            return {"", value_kind::labels};
        case incident_field::provider_name:
            return {"i.provider_name", value_kind::text};
        case incident_field::provider_incident_id:
            return {"i.provider_incident_id", value_kind::text};
        case incident_field::created_time:
            return {"i.created_ms", value_kind::time, false};
        case incident_field::last_modified_time:
            return {"i.last_modified_ms", value_kind::time, false};
        // Activity times are derived from the related alerts when there are any, as on reads.
        case incident_field::first_activity_time:
            return {
                "COALESCE((SELECT MIN(COALESCE(a.start_ms, a.time_generated_ms)) "
                "FROM relations r JOIN alerts a ON a.id = r.alert_id "
                "WHERE r.incident_id = i.id), i.first_activity_ms)",
                value_kind::time};
        case incident_field::last_activity_time:
            return {
                "COALESCE((SELECT MAX(COALESCE(a.end_ms, a.time_generated_ms)) "
                "FROM relations r JOIN alerts a ON a.id = r.alert_id "
                "WHERE r.incident_id = i.id), i.last_activity_ms)",
                value_kind::time};
    }
    throw error(errc::invalid_argument, "Unknown incident field.", "$filter");
}

// The ordering expression: never NULL (so keyset comparisons need no NULL cases), text folded
// the way the API compares names (ASCII case-insensitive).
std::string sort_expr(incident_field field) {
    const auto info = field_info(field);
    switch (info.kind) {
        case value_kind::text:
            return "(COALESCE(" + std::string(info.expr) + ", '') COLLATE NOCASE)";
        case value_kind::integer:
        case value_kind::severity:
            return std::string(info.expr);
        case value_kind::time:
            if (!info.nullable)
                return std::string(info.expr);
            return "COALESCE(" + std::string(info.expr) + ", -9223372036854775807)";
        case value_kind::labels:
            break;
    }
    throw error(errc::invalid_argument,
                "Incidents cannot be ordered by " + std::string(to_string(field)) + ".",
                "$orderby");
}

bool is_like(op kind) {
    return kind == op::contains || kind == op::startswith || kind == op::endswith;
}

std::string_view comparison(op kind) {
    switch (kind) {
        case op::eq:
            return "=";
        case op::ne:
            return "<>";
        case op::gt:
            return ">";
        case op::ge:
            return ">=";
        case op::lt:
            return "<";
        case op::le:
            return "<=";
        default:
            return "=";
    }
}

std::string_view op_name(op kind) {
    switch (kind) {
        case op::eq:
            return "eq";
        case op::ne:
            return "ne";
        case op::gt:
            return "gt";
        case op::ge:
            return "ge";
        case op::lt:
            return "lt";
        case op::le:
            return "le";
        case op::contains:
            return "contains";
        case op::startswith:
            return "startswith";
        case op::endswith:
            return "endswith";
        case op::and_:
            return "and";
        case op::or_:
            return "or";
        case op::not_:
            return "not";
    }
    return "?";
}

// A LIKE pattern matching `text` literally, with '\' as the escape character.
std::string like_pattern(op kind, const std::string& text) {
    std::string escaped;
    for (char c : text) {
        if (c == '\\' || c == '%' || c == '_')
            escaped += '\\';
        escaped += c;
    }
    switch (kind) {
        case op::contains:
            return "%" + escaped + "%";
        case op::startswith:
            return escaped + "%";
        default:
            return "%" + escaped;
    }
}

[[noreturn]] void bad_filter(std::string message) {
    throw error(errc::invalid_argument, std::move(message), "$filter");
}

class filter_compiler {
  public:
    std::string sql;
    std::vector<sql_value> params;

    void compile(const predicate& p, int depth) {
        if (depth > max_filter_depth)
            bad_filter("The $filter is nested too deeply (at most " +
                       std::to_string(max_filter_depth) + " levels).");
        if (++nodes_ > max_filter_nodes)
            bad_filter("The $filter is too complex (at most " + std::to_string(max_filter_nodes) +
                       " terms).");
        switch (p.kind) {
            case op::and_:
            case op::or_: {
                if (p.children.empty())
                    bad_filter("An 'and'/'or' in $filter needs operands.");
                sql += "(";
                for (std::size_t i = 0; i < p.children.size(); ++i) {
                    if (i > 0)
                        sql += p.kind == op::and_ ? " AND " : " OR ";
                    compile(p.children[i], depth + 1);
                }
                sql += ")";
                return;
            }
            case op::not_:
                if (p.children.size() != 1)
                    bad_filter("A 'not' in $filter takes one operand.");
                sql += "(NOT ";
                compile(p.children.front(), depth + 1);
                sql += ")";
                return;
            default:
                comparison_of(p);
        }
    }

  private:
    int nodes_ = 0;

    [[noreturn]] void unsupported(const predicate& p, std::string_view why) {
        bad_filter("The $filter cannot apply '" + std::string(op_name(p.kind)) + "' to " +
                   std::string(to_string(p.field)) + ": " + std::string(why));
    }

    void text_comparison(const predicate& p, std::string_view expr) {
        const std::string column = "COALESCE(" + std::string(expr) + ", '')";
        if (p.value.is_null()) {
            if (p.kind != op::eq && p.kind != op::ne)
                unsupported(p, "null only compares with eq/ne.");
            sql += column + (p.kind == op::eq ? " = ''" : " <> ''");
            return;
        }
        if (!p.value.is_string())
            unsupported(p, "the value must be a string.");
        const auto text = p.value.get<std::string>();
        if (is_like(p.kind)) {
            sql += column + " LIKE ? ESCAPE '\\'";
            params.emplace_back(like_pattern(p.kind, text));
        } else {
            sql += column + " " + std::string(comparison(p.kind)) + " ? COLLATE NOCASE";
            params.emplace_back(text);
        }
    }

    void comparison_of(const predicate& p) {
        const auto info = field_info(p.field);
        const std::string expr(info.expr);
        switch (info.kind) {
            case value_kind::text:
                text_comparison(p, expr);
                return;
            case value_kind::severity: {
                if (is_like(p.kind)) {
                    text_comparison(p, "i.severity");
                    return;
                }
                if (!p.value.is_string())
                    unsupported(p, "the value must be a severity name.");
                const auto s = model::parse_enum<model::severity>(p.value.get<std::string>());
                if (!s)
                    bad_filter("Unknown severity '" + p.value.get<std::string>() +
                               "' in $filter; use " + model::accepted_names<model::severity>() +
                               ".");
                // Ranks order High above Low, so "severity gt Low" means more severe than Low.
                sql += expr + " " + std::string(comparison(p.kind)) + " ?";
                params.emplace_back(static_cast<std::int64_t>(model::severity_rank(*s)));
                return;
            }
            case value_kind::integer: {
                if (is_like(p.kind))
                    unsupported(p, "it is a number.");
                if (!p.value.is_number_integer())
                    unsupported(p, "the value must be an integer.");
                sql += expr + " " + std::string(comparison(p.kind)) + " ?";
                params.emplace_back(p.value.get<std::int64_t>());
                return;
            }
            case value_kind::time: {
                if (is_like(p.kind))
                    unsupported(p, "it is a time.");
                if (p.value.is_null()) {
                    if (p.kind != op::eq && p.kind != op::ne)
                        unsupported(p, "null only compares with eq/ne.");
                    sql += expr + (p.kind == op::eq ? " IS NULL" : " IS NOT NULL");
                    return;
                }
                std::optional<time_point> t;
                if (p.value.is_string())
                    t = parse_time(p.value.get<std::string>());
                if (!t)
                    unsupported(p, "the value must be an ISO 8601 time.");
                const std::int64_t ms = t->time_since_epoch().count();
                if (p.kind == op::ne) {
                    sql += "(" + expr + " IS NULL OR " + expr + " <> ?)";
                } else {
                    sql += expr + " " + std::string(comparison(p.kind)) + " ?";
                }
                params.emplace_back(ms);
                return;
            }
            case value_kind::labels: {
                constexpr std::string_view any_label =
                    "SELECT 1 FROM incident_labels l WHERE l.incident_id = i.id";
                if (p.value.is_null()) {
                    if (p.kind != op::eq && p.kind != op::ne)
                        unsupported(p, "null only compares with eq/ne.");
                    sql += std::string(p.kind == op::eq ? "NOT EXISTS (" : "EXISTS (") +
                           std::string(any_label) + ")";
                    return;
                }
                if (!p.value.is_string())
                    unsupported(p, "the value must be a label name.");
                const auto text = p.value.get<std::string>();
                if (is_like(p.kind)) {
                    sql += "EXISTS (" + std::string(any_label) + " AND l.name LIKE ? ESCAPE '\\')";
                    params.emplace_back(like_pattern(p.kind, text));
                } else if (p.kind == op::eq || p.kind == op::ne) {
                    // eq: some label has the name; ne: no label has it.
                    sql += std::string(p.kind == op::eq ? "EXISTS (" : "NOT EXISTS (") +
                           std::string(any_label) + " AND l.name = ? COLLATE NOCASE)";
                    params.emplace_back(text);
                } else {
                    unsupported(p, "labels only support eq, ne, contains, startswith, endswith.");
                }
                return;
            }
        }
    }
};

// A canonical text of the filter and ordering, fingerprinted into tokens.
void describe(const predicate& p, std::string& out) {
    out += op_name(p.kind);
    out += '(';
    if (p.kind == op::and_ || p.kind == op::or_ || p.kind == op::not_) {
        for (const auto& c : p.children) {
            describe(c, out);
            out += ',';
        }
    } else {
        out += to_string(p.field);
        out += ',';
        out += p.value.dump(-1, ' ', false, json::error_handler_t::replace);
    }
    out += ')';
}

}  // namespace

compiled_query compile_incident_query(std::int64_t workspace_id, const incident_query& query) {
    check_top(query.top);
    compiled_query out;
    out.top = query.top;

    std::vector<order_term> terms = query.order_by;
    if (terms.empty())
        terms.push_back({incident_field::created_time, /*descending=*/true});
    if (terms.size() > max_order_terms)
        throw error(
            errc::invalid_argument,
            "The $orderby names too many fields (at most " + std::to_string(max_order_terms) + ").",
            "$orderby");
    std::vector<std::string> keys;
    for (const auto& t : terms)
        keys.push_back(sort_expr(t.field));
    const bool id_descending = terms.back().descending;

    std::string text;
    if (query.where)
        describe(*query.where, text);
    text += '|';
    for (const auto& t : terms) {
        text += to_string(t.field);
        text += t.descending ? " desc," : " asc,";
    }
    out.fingerprint = fingerprint(text);

    out.sql = "SELECT " + std::string(sql::incident_columns);
    for (const auto& k : keys)
        out.sql += ", " + k;
    out.sql += " FROM incidents i WHERE i.workspace_id = ?";
    out.params.emplace_back(workspace_id);
    out.first_key_column = sql::incident_column_count;
    out.key_count = keys.size();

    if (query.where) {
        filter_compiler filter;
        filter.compile(*query.where, 0);
        out.sql += " AND " + filter.sql;
        for (auto& p : filter.params)
            out.params.push_back(std::move(p));
    }

    if (!query.skip_token.empty()) {
        const auto state = decode_page_token(query.skip_token);
        const auto f = state.find("f");
        const auto k = state.find("k");
        const auto i = state.find("i");
        if (f == state.end() || !f->is_number_unsigned() ||
            f->get<std::uint64_t>() != out.fingerprint || k == state.end() || !k->is_array() ||
            k->size() != keys.size() || i == state.end() || !i->is_number_integer())
            throw errors::bad_skip_token();
        // (k1 op ?) OR (k1 = ? AND ((k2 op ?) OR (k2 = ? AND (... i.id op ?))))
        std::string cond;
        std::vector<sql_value> cond_params;
        std::string closing;
        for (std::size_t j = 0; j < keys.size(); ++j) {
            const auto& value = (*k)[j];
            sql_value bound;
            if (value.is_string()) {
                bound = value.get<std::string>();
            } else if (value.is_number_integer()) {
                bound = value.get<std::int64_t>();
            } else {
                throw errors::bad_skip_token();
            }
            cond += "(" + keys[j] + (terms[j].descending ? " < ?" : " > ?") + " OR (" + keys[j] +
                    " = ? AND ";
            cond_params.push_back(bound);
            cond_params.push_back(bound);
            closing += "))";
        }
        cond += std::string("i.id ") + (id_descending ? "< ?" : "> ?") + closing;
        cond_params.emplace_back(i->get<std::int64_t>());
        out.sql += " AND " + cond;
        for (auto& p : cond_params)
            out.params.push_back(std::move(p));
    }

    out.sql += " ORDER BY ";
    for (std::size_t j = 0; j < keys.size(); ++j)
        out.sql += keys[j] + (terms[j].descending ? " DESC, " : " ASC, ");
    out.sql += std::string("i.id ") + (id_descending ? "DESC" : "ASC") + " LIMIT ?";
    out.params.emplace_back(static_cast<std::int64_t>(query.top + 1));
    return out;
}

void bind_params(statement& st, const std::vector<sql_value>& params) {
    int index = 0;
    for (const auto& p : params) {
        ++index;
        std::visit([&](const auto& v) { st.bind(index, v); }, p);
    }
}

std::string page_token_after(const compiled_query& query, const statement& row) {
    json keys = json::array();
    for (std::size_t j = 0; j < query.key_count; ++j) {
        const int column = query.first_key_column + static_cast<int>(j);
        if (row.column_type(column) == SQLITE_INTEGER) {
            keys.push_back(row.int64(column));
        } else {
            keys.push_back(row.text(column));
        }
    }
    return encode_page_token({{"f", query.fingerprint}, {"k", keys}, {"i", row.int64(0)}});
}

}  // namespace tocsin::store::sqlite
