#pragma once
// Runs the real `tocsin` binary as a child process, for integration tests: `tocsin serve` on an
// ephemeral loopback port with a temporary data directory. The child's stdout and stderr go to a
// log file in the data directory (printed on failure); the bound address is read from the line
// "tocsin: listening on http://HOST:PORT" that serve prints once the API accepts connections.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

namespace tocsin::test {

// The Admin token every server_process starts with: it is passed as TOCSIN_BOOTSTRAP_TOKEN
// unless options.env sets that variable itself, so the first start of a fresh data directory
// creates it (see "Authentication" in README.md). Send it with
// http_client_options{.bearer_token = std::string(test_admin_token)}.
inline constexpr std::string_view test_admin_token =
    "tcn_7e57ad31-0000-4000-8000-000000000001_"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

class server_process {
  public:
    struct options {
        // {} initializers: a brace list may stop after any member without a warning.
        std::filesystem::path data_dir{};       // required; reused across restarts
        std::vector<std::string> extra_args{};  // appended to `tocsin serve …`
        std::vector<std::pair<std::string, std::string>> env{};
        std::chrono::milliseconds ready_timeout{20000};
        // Alert routing (correlation, creation rules) makes incidents of ingested alerts on its
        // own schedule; suites that do not test it keep alerts standalone, so what they count
        // is what they made.
        bool route_alerts = false;
    };

    explicit server_process(options opts);
    ~server_process();  // SIGKILLs a child that is still running
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    // Starts the child and waits for the listening line; throws std::runtime_error (with the
    // log) when it exits or times out first.
    void start();
    // Sends `signal` and waits for the exit; returns the exit status (128+N for a signal death).
    int stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(20));
    bool running() const { return pid_ > 0; }

    std::uint16_t port() const { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::string log() const;  // everything the child printed so far

  private:
    options opts_;
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    std::filesystem::path log_file_;
};

// Runs `tocsin ARGS…` to completion; returns exit status and combined output.
struct command_result {
    int status = -1;
    std::string output;
};
command_result run_tocsin(const std::vector<std::string>& args,
                          const std::vector<std::pair<std::string, std::string>>& env = {});

}  // namespace tocsin::test
