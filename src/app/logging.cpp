#include "app/logging.h"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace trolyso::app {

void SetUpLogging(const std::string& level) {
  // Blocking when the queue is full: a log line is never dropped silently.
  spdlog::init_thread_pool(16384, 1);
  auto logger = spdlog::create_async<spdlog::sinks::stderr_sink_mt>("trolyso");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace trolyso::app
