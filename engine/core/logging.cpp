#include "engine/core/logging.hpp"

#include <memory>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"

namespace tocsin {
namespace {

// One JSON object per line. A pattern cannot escape the message, so this formats it properly.
class json_formatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const auto at = std::chrono::time_point_cast<std::chrono::milliseconds>(msg.time);
        nlohmann::json line = {
            {"time", format_time(time_point{at.time_since_epoch()})},
            {"level", std::string(spdlog::level::to_string_view(msg.level).data(),
                                  spdlog::level::to_string_view(msg.level).size())},
            {"message", std::string(msg.payload.data(), msg.payload.size())},
            {"thread", msg.thread_id},
        };
        if (msg.logger_name.size() != 0)
            line["logger"] = std::string(msg.logger_name.data(), msg.logger_name.size());
        const auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        dest.append(text.data(), text.data() + text.size());
        dest.push_back('\n');
    }
    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<json_formatter>();
    }
};

}  // namespace

void configure_logging(std::string_view level, std::string_view format) {
    auto logger = std::make_shared<spdlog::logger>(
        "tocsin", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    if (format == "json") {
        logger->set_formatter(std::make_unique<json_formatter>());
    } else {
        logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v", spdlog::pattern_time_type::utc);
    }
    logger->set_level(spdlog::level::from_str(std::string(level)));
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(std::move(logger));
}

}  // namespace tocsin
