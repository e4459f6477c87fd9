// `tocsin api docs [--output FILE | --check FILE]`: the REST API reference (docs/rest-api.md),
// rendered from the OpenAPI document a running engine serves at GET /openapi.json. The route
// table lives in the server, so the reference is taken from a server rather than built here.
#include <iostream>

#include "engine/api/openapi_markdown.hpp"
#include "src/client_command.hpp"
#include "src/commands.hpp"
#include "src/generated_file.hpp"

namespace tocsin::cli {
namespace {

int api_docs(const args& a, const std::vector<std::string>&, api_client& api) {
    const auto text = api::openapi_markdown(api.call("GET", "/openapi.json"));
    if (const auto file = a.get("check")) {
        const auto problem = compare_generated(
            *file, text, "tocsin api docs --output " + *file + " (against a running engine)");
        if (problem.empty())
            return 0;
        std::cerr << "tocsin: " << problem << "\n";
        return 1;
    }
    if (const auto file = a.get("output"))
        write_generated(*file, text);
    else
        std::cout << text;
    return 0;
}

const std::vector<client_subcommand>& subcommands() {
    static const std::vector<client_subcommand> subs{
        {"docs",
         "[--output FILE | --check FILE]",
         "the REST API reference (docs/rest-api.md) as Markdown",
         "Fetches GET /openapi.json from the engine of --server and renders every operation "
         "(parameters,\nbodies, responses, permission) and schema. --check exits 1 when FILE "
         "differs from it.",
         {{"output", true, false, "FILE", "write the reference to FILE instead of stdout"},
          {"check", true, false, "FILE", "exit 1 when FILE differs from the rendered reference"}},
         0,
         0,
         api_docs},
    };
    return subs;
}

}  // namespace

int run_api(int argc, char** argv, int first) {
    return run_client_group("api", "The REST API of a running engine.", subcommands(), argc, argv,
                            first);
}

}  // namespace tocsin::cli
