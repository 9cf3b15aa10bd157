#include "handoff/team_notifier.h"

#include "handoff/queue.h"
#include "store/repository.h"

namespace trolyso::handoff {

TeamNotifier::TeamNotifier(const AreaDirectory& areas, PageLookup pages, std::string console_url)
    : areas_(areas), pages_(std::move(pages)), console_url_(std::move(console_url)) {}

std::string TeamNotifier::NoticeText(int64_t handoff_id, const Area& area,
                                     const std::string& reason, bool urgent) const {
  std::string text = urgent ? "KHẨN — yêu cầu hỗ trợ #" : "Yêu cầu hỗ trợ mới #";
  text += std::to_string(handoff_id) + " cho " + area.name + ": " + ReasonLabel(reason) + ".";
  if (console_url_.empty()) {
    text += " Mở bàn trực trợ lý số để nhận xử lý.";
  } else {
    text += " Nhận xử lý tại: " + console_url_ + "#/h/" + std::to_string(handoff_id);
  }
  return text;
}

Result<std::optional<store::OutboxItem>> TeamNotifier::Notify(store::Database& db,
                                                              int64_t handoff_id,
                                                              const std::string& area_id,
                                                              const std::string& reason,
                                                              bool urgent, int64_t now) const {
  using Nothing = std::optional<store::OutboxItem>;
  const Area* area = areas_.Find(area_id);
  if (area == nullptr || area->notify_page.empty()) return Nothing();
  std::shared_ptr<const Page> page = pages_(area->notify_page);
  if (!page) return Nothing();  // the page was optional and is not configured now

  // The group is a conversation of its own, so its notices share the
  // outbox's ordering and retries; groups never write to the bot (group
  // updates are ignored), so it stays with the bot and holds only notices.
  Inbound group;
  group.channel = page->channel;
  group.page_id = page->id;
  group.chat_id = area->notify_chat_id;
  group.user_id = area->notify_chat_id;
  group.display_name = "Nhóm " + area->name;
  Result<store::ConversationRow> conversation = store::UpsertConversation(db, group, now);
  if (!conversation.ok()) return conversation.status();

  store::MessageRow row;
  row.conversation_id = conversation->id;
  row.outbound = true;
  row.author = store::Author::kSystem;
  row.kind = "text";
  row.text = NoticeText(handoff_id, *area, reason, urgent);
  row.created_at = now;
  Result<int64_t> id = store::InsertMessage(db, row);
  if (!id.ok()) return id.status();
  Result<store::OutboxItem> item = store::EnqueueOutbox(db, *id, conversation->id, page->id,
                                                        group.chat_id, {row.text, {}}, now);
  if (!item.ok()) return item.status();
  return Nothing(std::move(*item));
}

}  // namespace trolyso::handoff
