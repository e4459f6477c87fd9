#pragma once
// Compiles a store::incident_query (predicate tree, ordering, page size, skip token) into one
// SELECT with bound parameters. SQL text comes only from the whitelist of column expressions in
// query_compiler.cpp and fixed operators; every value is a parameter.
//
// Paging is keyset-based: rows are ordered by the requested keys plus the incident's row id as
// a unique tiebreaker, and the skip token carries the last row's key values, so pages stay
// stable while incidents are added (an offset would repeat or skip rows). A token is bound to
// the filter and ordering it was issued for (a fingerprint checks that).

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine/store/query.hpp"
#include "engine/store/sqlite/statement.hpp"

namespace tocsin::store::sqlite {

using sql_value = std::variant<std::nullptr_t, std::int64_t, std::string>;

struct compiled_query {
    std::string sql;
    std::vector<sql_value> params;  // for ?1..?n in order
    int first_key_column = 0;       // result column of the first order key
    std::size_t key_count = 0;
    std::uint64_t fingerprint = 0;
    std::size_t top = 0;  // the page size; the query asks for top + 1 rows to see if more follow
};

// Throws tocsin::error(invalid_argument) naming "$filter", "$orderby", "$top" or "$skipToken".
compiled_query compile_incident_query(std::int64_t workspace_id, const incident_query& query);

void bind_params(statement& st, const std::vector<sql_value>& params);

// The skip token that continues after `row`, the last row of the current page.
std::string page_token_after(const compiled_query& query, const statement& row);

}  // namespace tocsin::store::sqlite
