#include "engine/core/engine.hpp"
#include "engine/error.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace tocsin {

std::unique_ptr<store::store> open_store(const tocsin::config& cfg, event_bus& bus) {
    if (cfg.store.backend == "sqlite") {
        store::sqlite_options opts;
        opts.synchronous = cfg.store.sqlite_synchronous == "normal"
                               ? store::sqlite::synchronous_mode::normal
                               : store::sqlite::synchronous_mode::full;
        opts.group_commit_max = cfg.store.sqlite_group_commit_max;
        opts.coalesce_wal_writes = cfg.store.sqlite_coalesce_wal_writes;
        // Reads run on the read threads and the blocking threads (playbook actions read too):
        // one connection each, so none waits for a lease.
        opts.read_connections = cfg.engine.read_threads + cfg.engine.blocking_threads;
        return std::make_unique<store::sqlite_store>(cfg.store.sqlite_file, bus, opts);
    }
    throw error(errc::config, "store.backend '" + cfg.store.backend +
                                  "' is not available in this build (use sqlite)");
}

}  // namespace tocsin
