#include "engine/lua/clock_source.hpp"

#include <chrono>
#include <random>

namespace tocsin::lua {
namespace {

class system_clock_source final : public clock_source {
  public:
    explicit system_clock_source(const clock& wall)
        : wall_(wall), started_(std::chrono::steady_clock::now()) {}

    time_point now() override { return wall_.now(); }

    double cpu_seconds() override {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    }

    std::uint64_t random_seed() override {
        // One random_device read per thread, not per run: seeds only need to differ.
        thread_local std::mt19937_64 generator{
            (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}()};
        return generator();
    }

  private:
    const clock& wall_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace

std::shared_ptr<clock_source> make_system_clock_source(const clock& wall) {
    return std::make_shared<system_clock_source>(wall);
}

}  // namespace tocsin::lua
