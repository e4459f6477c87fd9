#include "tests/store/conformance.hpp"

#include <random>

#include "engine/model/validation.hpp"

namespace tocsin::test {

void store_conformance::SetUp() {
    std::random_device rd;
    database_ = "conformance_" + std::to_string(rd()) + "_" + std::to_string(rd());
    store_ = factory().open(database_, bus_, clock_);
    subscription_ = bus_.subscribe({}, [this](const std::shared_ptr<const domain_event>& e) {
        std::lock_guard lock(events_mutex_);
        events_.push_back(e);
    });
}

void store_conformance::TearDown() {
    bus_.unsubscribe(subscription_);
    store_.reset();
    factory().drop(database_);
}

void store_conformance::reopen() {
    store_.reset();
    store_ = factory().open(database_, bus_, clock_);
}

store::write_context store_conformance::as_user(std::string name) {
    store::write_context ctx;
    ctx.actor = {model::principal::kind::user, "user-" + name, std::move(name)};
    return ctx;
}

store::write_context store_conformance::if_match(std::string etag) {
    auto ctx = as_user();
    ctx.if_match = std::move(etag);
    return ctx;
}

model::incident store_conformance::new_incident(std::string title, std::string name) {
    model::incident i;
    i.name = std::move(name);
    i.title = std::move(title);
    i.severity = model::severity::medium;
    return i;
}

model::alert store_conformance::new_alert(std::string id, std::string product) {
    model::alert a;
    a.system_alert_id = std::move(id);
    a.display_name = "Suspicious sign-in";
    a.product_name = std::move(product);
    a.severity = model::severity::high;
    a.time_generated = time_point{std::chrono::milliseconds{1735689600000}};
    return a;
}

model::entity store_conformance::host(std::string host_name) {
    model::entity e;
    e.kind = model::entity_kind::host;
    e.properties = {{"hostName", std::move(host_name)}};
    return e;
}

model::entity store_conformance::ip(std::string address) {
    model::entity e;
    e.kind = model::entity_kind::ip;
    e.properties = {{"address", std::move(address)}};
    return e;
}

model::incident store_conformance::create(std::string title, std::string name) {
    return s().put_incident(ws(), new_incident(std::move(title), std::move(name)), as_user()).value;
}

model::alert store_conformance::create_alert(std::string id, std::string product) {
    return s().create_alert(ws(), new_alert(std::move(id), std::move(product)), as_user()).value;
}

model::incident store_conformance::close_incident(const std::string& name) {
    return s().update_incident(
        ws(), name,
        [](model::incident& i) {
            i.status = model::incident_status::closed;
            i.classification = model::classification::benign_positive;
            i.reason = model::classification_reason::suspicious_but_expected;
        },
        as_user());
}

std::vector<std::shared_ptr<const domain_event>> store_conformance::events() const {
    std::lock_guard lock(events_mutex_);
    return events_;
}

std::vector<event_type> store_conformance::event_types() const {
    std::vector<event_type> out;
    for (const auto& e : events())
        out.push_back(e->type);
    return out;
}

void store_conformance::clear_events() {
    std::lock_guard lock(events_mutex_);
    events_.clear();
}

void expect_error(const std::function<void()>& fn, errc code, const std::string& message) {
    try {
        fn();
        ADD_FAILURE() << "expected " << to_string(code) << ": " << message;
    } catch (const error& e) {
        EXPECT_EQ(to_string(e.code()), std::string(to_string(code))) << e.what();
        EXPECT_EQ(std::string(e.what()), message);
    }
}

void expect_field_error(const std::function<void()>& fn, errc code, const std::string& field) {
    try {
        fn();
        ADD_FAILURE() << "expected " << to_string(code) << " on " << field;
    } catch (const error& e) {
        EXPECT_EQ(to_string(e.code()), std::string(to_string(code))) << e.what();
        EXPECT_EQ(e.field(), field) << e.what();
        EXPECT_FALSE(std::string(e.what()).empty());
    }
}

}  // namespace tocsin::test
