#include "engine/runner/run_journal.hpp"

#include <spdlog/spdlog.h>

namespace tocsin::runner {

run_journal::run_journal(std::string run_id, store::store& store,
                         std::shared_ptr<serial_writer> writer,
                         std::vector<store::journal_entry> recorded)
    : run_id_(std::move(run_id)),
      store_(store),
      writer_(std::move(writer)),
      recorded_(std::move(recorded)) {
    last_sequence_ = recorded_.empty() ? 0 : recorded_.back().sequence;
}

void run_journal::diverge(const std::string& what) {
    std::function<void(const std::string&)> handler;
    std::string message;
    {
        std::lock_guard lock(mutex_);
        if (diverged_.load())
            return;
        divergence_ = "non-deterministic playbook: " + what;
        diverged_.store(true);
        handler = diverge_handler_;
        message = divergence_;
    }
    spdlog::warn("run {}: {}", run_id_, message);
    if (handler)
        handler(message);
}

void run_journal::on_diverge(std::function<void(const std::string&)> handler) {
    std::string pending;
    {
        std::lock_guard lock(mutex_);
        diverge_handler_ = handler;
        if (diverged_.load())
            pending = divergence_;
    }
    if (!pending.empty() && handler)
        handler(pending);
}

void run_journal::append(std::string kind, nlohmann::json data, std::function<void(bool)> stored) {
    std::lock_guard lock(mutex_);
    store::journal_entry entry{run_id_, ++last_sequence_, std::move(kind), std::move(data)};
    // Sequence assignment and queueing happen under one lock: the writer keeps that order.
    const auto run_id = entry.run_id;
    const auto sequence = entry.sequence;
    writer_->post(
        [this_store = &store_, entry = std::move(entry)] { this_store->append_journal(entry); },
        [run_id, sequence, stored = std::move(stored)](const result<void>& written) {
            // A store without runs keeps no journal: nothing to report.
            const bool ok = written || written.error().code == errc::unsupported;
            if (!ok)
                spdlog::error("run {}: journal entry {} not stored: {}", run_id, sequence,
                              written.error().message);
            if (stored)
                stored(ok);
        });
}

std::string describe(const store::journal_entry& entry) {
    const auto& d = entry.data;
    if (entry.kind == "action" || entry.kind == "attempt") {
        const auto call = d.value(entry.kind == "action" ? "sequence" : "call", 0ULL);
        return entry.kind + " " + d.value("name", std::string("?")) + " (call " +
               std::to_string(call) + ")";
    }
    if (entry.kind == "clock")
        return "clock read '" + d.value("read", std::string("?")) + "'";
    return entry.kind;
}

}  // namespace tocsin::runner
