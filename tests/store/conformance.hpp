#pragma once
// The store conformance suite: fixtures and helpers shared by the *_test.cpp files of this
// folder. Every suite is value-parameterised over a store_factory, so an implementation joins by
// instantiating TOCSIN_STORE_CONFORMANCE_SUITES with its factory (sqlite_factory.cpp).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/core/event_bus.hpp"
#include "engine/error.hpp"
#include "engine/store/store.hpp"
#include "tests/store/store_factory.hpp"

namespace tocsin::test {

// A clock tests move by hand; starts at 2025-01-01T00:00:00Z. Thread-safe.
class manual_clock final : public tocsin::clock {
  public:
    time_point now() const override { return time_point{std::chrono::milliseconds{ms_.load()}}; }
    void advance(std::chrono::milliseconds by) { ms_ += by.count(); }
    void set(time_point t) { ms_ = t.time_since_epoch().count(); }

  private:
    std::atomic<std::int64_t> ms_{1735689600000};
};

class store_conformance : public ::testing::TestWithParam<store_factory*> {
  protected:
    void SetUp() override;
    void TearDown() override;

    store::store& s() { return *store_; }
    store_factory& factory() { return *GetParam(); }
    // Destroys the store and opens a new one over the same database.
    void reopen();

    // ---- fixtures ----
    static model::workspace_ref ws() { return {"sub-1", "rg-1", "ws-1"}; }
    static model::workspace_ref other_ws() { return {"sub-1", "rg-1", "ws-2"}; }
    static store::write_context as_user(std::string name = "Ada Analyst");
    static store::write_context if_match(std::string etag);
    static model::incident new_incident(std::string title, std::string name = {});
    static model::alert new_alert(std::string id, std::string product = "Contoso EDR");
    static model::entity host(std::string host_name);
    static model::entity ip(std::string address);

    // Creates and returns an incident in ws().
    model::incident create(std::string title, std::string name = {});
    model::alert create_alert(std::string id, std::string product = "Contoso EDR");
    model::incident close_incident(const std::string& name);

    // ---- events seen on the bus (inline subscriber) ----
    std::vector<std::shared_ptr<const domain_event>> events() const;
    std::vector<event_type> event_types() const;
    void clear_events();

    manual_clock clock_;
    event_bus bus_;

  private:
    std::string database_;
    std::unique_ptr<store::store> store_;
    event_bus::subscription_id subscription_ = 0;
    mutable std::mutex events_mutex_;
    std::vector<std::shared_ptr<const domain_event>> events_;
};

// One fixture per area, so test names read "sqlite/relation_conformance.cap_is_150/...".
class incident_conformance : public store_conformance {};
class validation_conformance : public store_conformance {};
class alert_conformance : public store_conformance {};
class relation_conformance : public store_conformance {};
class child_conformance : public store_conformance {};
class event_conformance : public store_conformance {};
class list_conformance : public store_conformance {
  protected:
    // Five incidents with varied fields, created one minute apart (inc-1..inc-5, numbers 1..5);
    // inc-3 closed afterwards.
    void seed();
    void add(std::string title, model::severity severity, std::vector<std::string> labels,
             std::string owner);
    // Numbers of the incidents the query returns, in order (one page of up to 1000).
    std::vector<std::int64_t> numbers(std::optional<store::predicate> where,
                                      std::vector<store::order_term> order = {});

    int count_ = 0;
};
class concurrency_conformance : public store_conformance {};
class correlation_conformance : public store_conformance {
  protected:
    // Helpers defined in correlation_test.cpp.
    // An alert of `in` generated at `at` (default: new_alert's time), naming `entities`.
    model::alert alert_with(std::string id, std::vector<model::entity> entities,
                            time_point at = time_point{std::chrono::milliseconds{1735689600000}},
                            const model::workspace_ref& in = ws());
    // An incident of `in` holding the given alerts.
    model::incident incident_with(std::string name, const std::vector<std::string>& alerts,
                                  const model::workspace_ref& in = ws());
    // The identity key the store gave the entity at `index` of that alert of ws().
    std::string key_of(const std::string& alert_id, std::size_t index = 0);
    // as_user("Correlator") with `detail` as the write's reasons.
    static store::write_context because(nlohmann::json detail);
};
class rule_conformance : public store_conformance {};
class watchlist_conformance : public store_conformance {};  // watchlist_test.cpp

#define TOCSIN_STORE_CONFORMANCE_SUITES(X) \
    X(incident_conformance)                \
    X(validation_conformance)              \
    X(alert_conformance)                   \
    X(relation_conformance)                \
    X(child_conformance)                   \
    X(event_conformance)                   \
    X(list_conformance)                    \
    X(concurrency_conformance)             \
    X(correlation_conformance)             \
    X(rule_conformance)                    \
    X(watchlist_conformance)

// Runs fn, expecting a tocsin::error with this code and exactly this message.
void expect_error(const std::function<void()>& fn, errc code, const std::string& message);
// Runs fn, expecting a tocsin::error with this code naming this field.
void expect_field_error(const std::function<void()>& fn, errc code, const std::string& field);

}  // namespace tocsin::test
