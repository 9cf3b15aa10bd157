// Channel: the messaging platforms the gateway speaks.
#pragma once

#include <optional>
#include <string_view>

namespace trolyso {

enum class Channel { kTelegram, kZalo, kWebchat };

constexpr std::string_view ChannelName(Channel c) {
  switch (c) {
    case Channel::kTelegram: return "telegram";
    case Channel::kZalo: return "zalo";
    case Channel::kWebchat: return "webchat";
  }
  return "unknown";
}

inline std::optional<Channel> ParseChannel(std::string_view name) {
  if (name == "telegram") return Channel::kTelegram;
  if (name == "zalo") return Channel::kZalo;
  if (name == "webchat") return Channel::kWebchat;
  return std::nullopt;
}

}  // namespace trolyso
