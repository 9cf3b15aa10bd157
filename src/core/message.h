// The platform-neutral messages that flow through the gateway.
//
// Channel adapters turn platform payloads into Inbound values and render
// OutboundMessage values into platform requests; nothing below the adapters
// sees platform JSON. All types are plain values. Intentionally copyable.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/channel.h"

namespace trolyso {

enum class InboundKind {
  kText,       // the citizen typed text (or a caption)
  kButton,     // the citizen pressed a button; text holds its payload
  kNonText,    // photo, sticker, voice, contact, location...: media_kind says which
  kEdited,     // an edit of an earlier message: stored, not answered
  kBlocked,    // the citizen blocked the bot: stop sending
  kUnblocked,  // the citizen allowed the bot again
  kFollow,     // the citizen followed the page (Zalo): welcome them
  kInteraction,  // an interaction without a message (Zalo "chat now"): recorded, no reply
};

struct Inbound {
  Channel channel = Channel::kWebchat;
  std::string page_id;
  // Platform event id, unique per (channel, page): the dedupe key.
  std::string event_id;
  // Who wrote, and where to answer. Platform ids kept as decimal strings so
  // 52-bit Telegram ids and Zalo's 19-digit ids never pass through a double.
  std::string user_id;
  std::string chat_id;
  std::string display_name;
  InboundKind kind = InboundKind::kText;
  std::string text;        // text, caption, or button payload
  std::string media_kind;  // for kNonText: "photo", "sticker", "voice", ...
  int64_t platform_time = 0;  // Unix seconds as the platform stamped it
};

struct Button {
  std::string label;    // Vietnamese, shown to the citizen
  std::string payload;  // ASCII, e.g. "intent:vneid.activate" (Telegram allows 64 bytes)
};

struct OutboundMessage {
  std::string text;
  std::vector<Button> buttons;  // one per row
};

}  // namespace trolyso
