#include "app/chat_command.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <random>

#include "app/args.h"
#include "app/gateway.h"
#include "app/logging.h"

namespace trolyso::app {
namespace {

std::shared_ptr<const Page> PickPage(const Gateway& gateway, const std::optional<std::string>& id) {
  if (id) return gateway.FindPage(*id);
  for (const auto& page : gateway.config().pages) {
    if (page->channel == Channel::kWebchat) return page;
  }
  return nullptr;
}

void Print(const std::vector<store::MessageRow>& replies, std::vector<Button>& last_buttons) {
  last_buttons.clear();
  for (const store::MessageRow& reply : replies) {
    std::printf("bot> %s\n", reply.text.c_str());
    for (const Button& b : reply.buttons) {
      last_buttons.push_back(b);
      std::printf("     [%zu] %s\n", last_buttons.size(), b.label.c_str());
    }
  }
}

}  // namespace

int RunChatCommand(const std::vector<std::string>& raw_args) {
  Args args(raw_args);
  std::string config_path = args.Take("--config").value_or("config/trolyso.json");
  std::optional<std::string> page_id = args.Take("--page");
  if (!args.error().empty() || args.UnknownFlag() || !args.rest().empty()) {
    std::fprintf(stderr, "usage: trolyso chat [--config FILE] [--page WEBCHAT-PAGE-ID]\n");
    return 2;
  }
  Result<Config> config = LoadConfig(config_path);
  if (!config.ok()) {
    std::fprintf(stderr, "config error: %s\n", config.status().message().c_str());
    return 1;
  }
  SetUpLogging("warn");  // the conversation is the output
  Result<std::unique_ptr<Gateway>> gateway = Gateway::Open(std::move(config).value());
  if (!gateway.ok()) {
    std::fprintf(stderr, "start-up failed: %s\n", gateway.status().message().c_str());
    return 1;
  }
  std::shared_ptr<const Page> page = PickPage(**gateway, page_id);
  if (!page || page->channel != Channel::kWebchat) {
    std::fprintf(stderr, "no web chat page%s in the config\n",
                 page_id ? (" \"" + *page_id + "\"").c_str() : "");
    return 1;
  }
  // A fresh session each run, shaped like the web page's ids.
  std::mt19937_64 random{std::random_device{}()};
  std::string session = "terminal-" + std::to_string(getpid()) + "-" + std::to_string(random());
  std::printf("Trò chuyện với %s (gõ /quit để thoát, số để bấm nút)\n", page->name.c_str());
  std::vector<Button> last_buttons;
  std::string line;
  for (int turn = 1; std::printf("bạn> "), std::fflush(stdout), std::getline(std::cin, line);
       ++turn) {
    if (line == "/quit") break;
    if (line.empty()) continue;
    Inbound in;
    in.channel = Channel::kWebchat;
    in.page_id = page->id;
    in.chat_id = in.user_id = session;
    in.event_id = session + ":" + std::to_string(turn);
    in.kind = InboundKind::kText;
    in.text = line;
    char* end = nullptr;
    unsigned long choice = std::strtoul(line.c_str(), &end, 10);
    if (*end == '\0' && choice >= 1 && choice <= last_buttons.size()) {
      in.kind = InboundKind::kButton;
      in.text = last_buttons[choice - 1].payload;
    }
    Result<pipeline::Accepted> accepted = (*gateway)->pipeline().Accept(*page, in);
    if (!accepted.ok()) {
      std::fprintf(stderr, "error: %s\n", accepted.status().message().c_str());
      continue;
    }
    if (accepted->replies.empty()) {
      std::printf("     (%s: chờ tình nguyện viên trả lời)\n", store::StateName(accepted->state).data());
    }
    Print(accepted->replies, last_buttons);
  }
  return 0;
}

}  // namespace trolyso::app
