#pragma once
// Shared by the micro-benchmarks: a scratch directory on the same disk as the build (never a
// tmpfs, so fsync costs what it costs in production) and sample alerts, entities and incidents
// shaped like what an EDR sends.

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "engine/model/alert.hpp"
#include "engine/model/entity.hpp"
#include "engine/model/incident.hpp"
#include "engine/model/workspace.hpp"

namespace tocsin::bench {

// A fresh directory under $TOCSIN_BENCH_DIR (default: ./bench-scratch), removed on destruction.
class scratch_dir {
  public:
    scratch_dir() {
        const char* base = std::getenv("TOCSIN_BENCH_DIR");
        std::filesystem::path root = base ? base : "bench-scratch";
        std::filesystem::create_directories(root);
        std::string pattern = (std::filesystem::absolute(root) / "run-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
        path_ = pattern;
    }
    ~scratch_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

inline model::workspace_ref bench_workspace() {
    return {"11111111-2222-3333-4444-555555555555", "soc", "bench"};
}

inline model::entity host_entity(const std::string& name) {
    model::entity e;
    e.kind = model::entity_kind::host;
    e.properties = {{"hostName", name}};
    return e;
}

inline model::entity ip_entity(const std::string& address) {
    model::entity e;
    e.kind = model::entity_kind::ip;
    e.properties = {{"address", address}};
    return e;
}

inline model::entity account_entity(const std::string& name) {
    model::entity e;
    e.kind = model::entity_kind::account;
    e.properties = {{"accountName", name}, {"ntDomain", "CONTOSO"}};
    return e;
}

// An alert naming three entities (host, IP, account) derived from `n`, so alerts with different
// `n` share nothing and correlation finds exactly what a benchmark arranges.
inline model::alert sample_alert(const std::string& id, std::size_t n) {
    model::alert a;
    a.system_alert_id = id;
    a.display_name = "Suspicious PowerShell command line";
    a.description = "A process ran an encoded PowerShell command downloading a payload.";
    a.product_name = "Contoso EDR";
    a.severity = model::severity::high;
    a.time_generated =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    a.entities = {host_entity("ws-" + std::to_string(n)),
                  ip_entity("10." + std::to_string((n >> 16) & 255) + "." +
                            std::to_string((n >> 8) & 255) + "." + std::to_string(n & 255)),
                  account_entity("user" + std::to_string(n))};
    return a;
}

inline model::incident sample_incident(const std::string& title) {
    model::incident i;
    i.title = title;
    i.description = "Created by the benchmark.";
    i.severity = model::severity::high;
    i.labels.push_back(model::label{"bench", model::label_type::user});
    return i;
}

}  // namespace tocsin::bench
