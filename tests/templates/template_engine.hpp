#pragma once
// An engine running shipped templates, as a user would set it up: a fresh playbook directory into
// which `tocsin templates enable` copies the templates under test (from the source tree's
// playbooks/templates, with the test's --param values), a configuration file (plugin instances
// pointing at the test's sinks), and `tocsin serve` on loopback. One per test: each test's
// playbooks, sinks and store are its own.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {

using nlohmann::json;

struct enabled_template {
    std::string name;
    std::vector<std::string> params{};  // NAME=VALUE, as given to --param
};

struct template_engine_options {
    std::vector<enabled_template> templates{};
    json config = json::object();  // the configuration file (plugins.instances, correlation, …)
    bool smtp = false;             // start the e-mail trigger's SMTP receiver
    bool route_alerts = false;     // alert routing: each ingested alert gets an incident
};

// The source tree's template catalog.
std::string templates_source_dir();

class template_engine {
  public:
    explicit template_engine(template_engine_options options);
    ~template_engine();

    http_client& api() { return *api_; }
    std::uint16_t port() const { return process_->port(); }
    std::uint16_t smtp_port() const { return smtp_port_; }
    std::string log() const { return process_->log(); }
    const std::filesystem::path& root() const { return dir_.path(); }

    // "/subscriptions/…/workspaces/default/providers/Microsoft.SecurityInsights/" + suffix +
    // "?api-version=…": the default workspace, where event-triggered runs act.
    static std::string arm(const std::string& suffix, const std::string& query = {},
                           const std::string& version = "2025-09-01");

    // The playbook's runs once `count` of them have ended (records with logs and result); fails
    // the test after 20 s.
    json ended_runs(const std::string& playbook, std::size_t count);
    // The body of GET arm(suffix) once `done(body)` holds (20 s at most); fails the test then.
    json wait_for(const std::string& suffix, const std::function<bool(const json&)>& done);

    // API shorthands on the default workspace; each asserts the expected status.
    json create_incident(const std::string& name, json properties);
    json incident(const std::string& name);
    json comments(const std::string& incident);
    void ingest(json alert);

  private:
    temp_dir dir_;
    std::unique_ptr<server_process> process_;
    std::unique_ptr<http_client> api_;
    std::uint16_t smtp_port_ = 0;
};

}  // namespace tocsin::test
