#include "engine/store/store_metrics.hpp"

#include "engine/metrics/registry.hpp"

namespace tocsin::store {

void record_transaction(transaction_kind kind, std::chrono::nanoseconds elapsed) {
    static auto& family = metrics::default_registry().histograms(
        "tocsin_store_transaction_duration_seconds",
        "Time a store transaction took from begin to commit or rollback, by kind.", {"kind"});
    static auto& reads = family.with({"read"});
    static auto& writes = family.with({"write"});
    (kind == transaction_kind::read ? reads : writes).observe(elapsed);
}

void record_writer_wait(std::chrono::nanoseconds waited) {
    static auto& wait = metrics::default_registry()
                            .histograms("tocsin_store_writer_wait_seconds",
                                        "Time a write waited for the store's single writer.")
                            .with({});
    wait.observe(waited);
}

void record_group_commit(std::size_t writes) {
    static auto& size = metrics::default_registry()
                            .histograms("tocsin_store_writes_per_commit",
                                        "Writes one store transaction committed together (group "
                                        "commit: several requests, one fsync).",
                                        {}, {1, 2, 4, 8, 16, 32, 64, 128, 256})
                            .with({});
    size.observe(static_cast<double>(writes));
}

}  // namespace tocsin::store
