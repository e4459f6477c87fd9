#include "engine/api/openapi_catalog_answers.hpp"

#include "engine/api/openapi_schema_dsl.hpp"

namespace tocsin::api::openapi {

using dsl::schema_ref;

const std::vector<std::pair<std::string, std::string>>& etag_header() {
    static const std::vector<std::pair<std::string, std::string>> header = {
        {"ETag", "The resource's etag, quoted."}};
    return header;
}

response_doc ok(std::string_view component, std::string description) {
    return {.status = 200, .description = std::move(description), .schema = schema_ref(component)};
}

std::vector<response_doc> get_answer(std::string_view component, std::string_view noun) {
    return {{.status = 200,
             .description = "The " + std::string(noun) + ".",
             .schema = schema_ref(component),
             .headers = etag_header()}};
}

std::vector<response_doc> put_answers(std::string_view component, std::string_view noun,
                                      std::string_view changed) {
    return {{.status = 200,
             .description = std::string(noun) + " " + std::string(changed) + ".",
             .schema = schema_ref(component),
             .headers = etag_header()},
            {.status = 201,
             .description = std::string(noun) + " created.",
             .schema = schema_ref(component),
             .headers = etag_header()}};
}

std::vector<response_doc> delete_answers(std::string_view noun) {
    return {{.status = 200, .description = std::string(noun) + " deleted."},
            {.status = 204, .description = std::string(noun) + " did not exist."}};
}

}  // namespace tocsin::api::openapi
