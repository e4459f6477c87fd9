#pragma once
// What `tocsin playbook test` reports: one result per case, and for a test file or playbook that
// cannot be loaded, one failed result with no case name.

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/store/run_record.hpp"

namespace tocsin::runner {

struct playbook_test_case_result {
    std::string file;      // the test file, as found
    std::string playbook;  // the playbook's name; its path when it did not load
    std::string name;      // the case; empty for a file that failed before its cases ran
    bool passed = false;
    // Why it failed, starting with file:line where the failing expectation or error was raised.
    std::string message;
    std::chrono::milliseconds duration{0};
    // The run of the playbook under test as the case saw it (run_view()); null when none began.
    nlohmann::json run;
    std::vector<std::string> output;  // what the test file printed (print, ctx-less log lines)
};

struct playbook_test_summary {
    std::size_t files = 0;
    std::size_t cases = 0;
    std::size_t passed = 0;
    std::size_t failed = 0;
    std::chrono::milliseconds duration{0};
};

playbook_test_summary summarize(const std::vector<playbook_test_case_result>& results,
                                std::size_t files, std::chrono::milliseconds duration);

// The run record as tests see it (`run` in expect): {id, status, error, traceback, result, logs:
// [{level, message}], calls: [{name, input, output | error, attempts}], trigger, params}. Keys
// whose value would be null or empty text are left out, so that they are nil in Lua.
nlohmann::json run_view(const store::run_record& record);

// {"passed": bool, "summary": {...}, "cases": [{file, playbook, name, status: "passed" |
// "failed", durationMs, message, run, output}]}: the --json output.
nlohmann::json to_json(const std::vector<playbook_test_case_result>& results,
                       const playbook_test_summary& summary);

}  // namespace tocsin::runner
