#pragma once
// How the store conformance suite gets a store. Each implementation (SQLite here, PostgreSQL
// later) provides one factory and instantiates the suites with it (see sqlite_factory.cpp); the
// tests themselves only see store::store.

#include <memory>
#include <string>

#include "engine/core/event_bus.hpp"
#include "engine/core/time.hpp"
#include "engine/store/store.hpp"

namespace tocsin::test {

class store_factory {
  public:
    virtual ~store_factory() = default;

    // Short name for test names ("sqlite").
    virtual std::string name() const = 0;
    // Opens the database `database` (a fresh name per test), creating it when absent. Opening
    // the same name again after the previous store was destroyed gives the same data.
    virtual std::unique_ptr<store::store> open(const std::string& database, event_bus& bus,
                                               const tocsin::clock& clock) = 0;
    // Removes the database; called when a test ends.
    virtual void drop(const std::string& database) = 0;
};

}  // namespace tocsin::test
