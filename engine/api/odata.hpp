#pragma once
// The OData subset the Sentinel incidents list accepts, compiled into the store's query types.
// Pure functions, no I/O; safe from any thread.
//
// $filter grammar (keywords and function names are case-insensitive, property paths too):
//   expr       := and_expr ("or" and_expr)*
//   and_expr   := unary ("and" unary)*
//   unary      := "not" unary | "(" expr ")" | call | any | comparison
//   comparison := path op literal            op: eq ne gt ge lt le
//   call       := ("contains" | "startswith" | "endswith") "(" path "," string ")"
//                 [("eq" | "ne") ("true" | "false")]
//   any        := "properties/labels/any(" var ":" lambda ")"
//   lambda     := label_test ("or" label_test)*     (a single label name makes "and"/"not"
//   label_test := var "/labelName" ("eq") string     ambiguous, so only "or" is accepted)
//               | ("contains" | "startswith" | "endswith") "(" var "/labelName" "," string ")"
//   literal    := 'text' ('' escapes a quote) | integer | null | true | false
//               | 2024-05-01T10:00:00Z | 2024-05-01 | datetime'2024-05-01T10:00:00Z'
//   path       := properties/status | properties/severity | properties/title | name | ...
//                 (every store::incident_field, with or without the "properties/" prefix)
//
// Values are checked against the field: times need a datetime (or null), incidentNumber an
// integer, severity/status/classification/classificationReason a known name. Errors are
// tocsin::error(errc::invalid_argument, field "$filter"/"$orderby") with the message
// "Invalid $filter: <what> at position <N>." where N is the 0-based character offset, as the
// OData libraries of ARM report it.
//
// $orderby := path ["asc" | "desc"] ("," path ["asc" | "desc"])*   (labels cannot be ordered)

#include <string_view>
#include <vector>

#include "engine/store/query.hpp"

namespace tocsin::api::odata {

store::predicate parse_filter(std::string_view text);
std::vector<store::order_term> parse_orderby(std::string_view text);

}  // namespace tocsin::api::odata
