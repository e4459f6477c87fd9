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

}  // namespace tocsin::store
