#include "tests/support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace tocsin::test {
namespace {

std::string read_all(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// fork + exec with stdout/stderr sent to `log`; returns the child's pid.
pid_t spawn(const std::vector<std::string>& args,
            const std::vector<std::pair<std::string, std::string>>& env,
            const std::filesystem::path& log) {
    const pid_t pid = fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        const int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, STDIN_FILENO);
        for (const auto& [k, v] : env)
            setenv(k.c_str(), v.c_str(), 1);
        std::vector<char*> argv;
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

int decode_status(int status) {
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

server_process::server_process(options opts) : opts_(std::move(opts)) {
    std::filesystem::create_directories(opts_.data_dir);
    log_file_ = opts_.data_dir / "server.log";
}

server_process::~server_process() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
}

void server_process::start() {
    const auto offset =
        std::filesystem::exists(log_file_) ? std::filesystem::file_size(log_file_) : 0;
    std::vector<std::string> args{TOCSIN_EXECUTABLE, "serve",      "--listen",
                                  "127.0.0.1:0",     "--data-dir", opts_.data_dir.string()};
    if (!opts_.route_alerts)
        args.insert(args.end(), {"--set", "automation.route_alerts=false"});
    args.insert(args.end(), opts_.extra_args.begin(), opts_.extra_args.end());
    auto env = opts_.env;
    if (std::none_of(env.begin(), env.end(),
                     [](const auto& kv) { return kv.first == "TOCSIN_BOOTSTRAP_TOKEN"; }))
        env.emplace_back("TOCSIN_BOOTSTRAP_TOKEN", std::string(test_admin_token));
    pid_ = spawn(args, env, log_file_);
    const std::regex listening(R"(tocsin: listening on https?://[^:\s]+:(\d+))");
    const auto deadline = std::chrono::steady_clock::now() + opts_.ready_timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto text = read_all(log_file_).substr(offset);
        std::smatch m;
        if (std::regex_search(text, m, listening)) {
            port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
            return;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("tocsin serve exited with status " +
                                     std::to_string(decode_status(status)) + ":\n" + text);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("tocsin serve did not start listening in time:\n" + log());
}

int server_process::stop(int signal, std::chrono::milliseconds timeout) {
    if (pid_ <= 0)
        return -1;
    kill(pid_, signal);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            pid_ = -1;
            throw std::runtime_error("tocsin serve did not exit in time:\n" + log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
    return decode_status(status);
}

std::string server_process::log() const {
    return read_all(log_file_);
}

command_result run_tocsin(const std::vector<std::string>& args,
                          const std::vector<std::pair<std::string, std::string>>& env) {
    char pattern[] = "/tmp/tocsin-cmd-XXXXXX";
    const int fd = mkstemp(pattern);
    if (fd < 0)
        throw std::runtime_error("mkstemp failed");
    close(fd);
    std::vector<std::string> argv{TOCSIN_EXECUTABLE};
    argv.insert(argv.end(), args.begin(), args.end());
    const pid_t pid = spawn(argv, env, pattern);
    int status = 0;
    waitpid(pid, &status, 0);
    command_result out{decode_status(status), read_all(pattern)};
    std::filesystem::remove(pattern);
    return out;
}

}  // namespace tocsin::test
