#include "engine/api/arm_incident_query.hpp"

#include <charconv>

#include "engine/api/odata.hpp"
#include "engine/error.hpp"
#include "engine/http/url.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::api {

namespace {

std::size_t top_of(std::string_view text) {
    std::size_t top = 0;
    const auto trimmed = model::trim(text);
    const auto* end = trimmed.data() + trimmed.size();
    const auto parsed = std::from_chars(trimmed.data(), end, top);
    if (trimmed.empty() || parsed.ec != std::errc{} || parsed.ptr != end || top < 1 ||
        top > store::max_page_size)
        throw error(errc::invalid_argument,
                    "The value of $top ('" + std::string(text) +
                        "') must be an integer between 1 and " +
                        std::to_string(store::max_page_size) + ".",
                    "$top");
    return top;
}

}  // namespace

store::incident_query incident_query_of(const http::request& req) {
    store::incident_query query;
    query.top = default_incident_page;
    if (const auto filter = req.query_param("$filter"); filter && !model::trim(*filter).empty())
        query.where = odata::parse_filter(*filter);
    if (const auto orderby = req.query_param("$orderby"); orderby && !model::trim(*orderby).empty())
        query.order_by = odata::parse_orderby(*orderby);
    if (const auto top = req.query_param("$top"))
        query.top = top_of(*top);
    if (const auto token = req.query_param("$skipToken"))
        query.skip_token = std::string(*token);
    return query;
}

std::string incidents_next_link(const http::request& req, const store::incident_query& query,
                                std::string_view next_token) {
    std::string target = req.path();
    target += "?api-version=" + http::encode_component(req.query_param("api-version").value_or(""));
    if (const auto filter = req.query_param("$filter"); filter && !filter->empty())
        target += "&$filter=" + http::encode_component(*filter);
    if (const auto orderby = req.query_param("$orderby"); orderby && !orderby->empty())
        target += "&$orderby=" + http::encode_component(*orderby);
    target += "&$top=" + std::to_string(query.top);
    target += "&$skipToken=" + http::encode_component(next_token);
    return http::absolute_url(req, target);
}

}  // namespace tocsin::api
