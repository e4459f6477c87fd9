// Runs the store conformance suites against sqlite_store: one database file per test in a
// temporary directory.

#include <filesystem>

#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/store/conformance.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {

namespace {

class sqlite_factory final : public store_factory {
  public:
    std::string name() const override { return "sqlite"; }

    std::unique_ptr<store::store> open(const std::string& database, event_bus& bus,
                                       const tocsin::clock& clock) override {
        store::sqlite_options options;
        options.clock = &clock;
        return std::make_unique<store::sqlite_store>(path_of(database), bus, options);
    }

    void drop(const std::string& database) override {
        std::error_code ignored;
        std::filesystem::remove_all(dir_.path() / database, ignored);
    }

  private:
    std::filesystem::path path_of(const std::string& database) const {
        return dir_.path() / database / "tocsin.db";
    }

    temp_dir dir_;
};

store_factory* sqlite() {
    static sqlite_factory factory;
    return &factory;
}

std::string param_name(const ::testing::TestParamInfo<store_factory*>& info) {
    return info.param->name();
}

}  // namespace

#define TOCSIN_INSTANTIATE_FOR_SQLITE(suite) \
    INSTANTIATE_TEST_SUITE_P(sqlite, suite, ::testing::Values(sqlite()), param_name);
TOCSIN_STORE_CONFORMANCE_SUITES(TOCSIN_INSTANTIATE_FOR_SQLITE)
#undef TOCSIN_INSTANTIATE_FOR_SQLITE

}  // namespace tocsin::test
