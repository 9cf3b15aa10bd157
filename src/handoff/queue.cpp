#include "handoff/queue.h"

#include <algorithm>
#include <future>
#include <limits>
#include <map>

#include <spdlog/spdlog.h>

#include "handoff/notices.h"
#include "store/repository.h"

namespace trolyso::handoff {
namespace {

using store::HandoffRecord;
using store::HandoffState;

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
constexpr int kTickBatch = 100;

bool IsAdmin(const store::UserRow& user) { return user.role == store::Role::kAdmin; }

Status NotFound() {
  return Status::NotFound("not_found", "Không tìm thấy yêu cầu hỗ trợ này.");
}
Status ResolvedAlready() {
  return Status::Conflict("resolved", "Yêu cầu này đã được hoàn tất.");
}
Status NotHolder() {
  return Status::PermissionDenied(
      "not_holder", "Bạn cần nhận xử lý cuộc trò chuyện này trước khi thực hiện thao tác.");
}

// Trims ASCII and Unicode-common whitespace at both ends; counts code points.
std::string Trim(const std::string& s) {
  size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  size_t end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Result<std::string> CheckedText(const std::string& raw, size_t max_chars, std::string_view what) {
  std::string text = Trim(raw);
  if (text.empty()) {
    return Status::InvalidArgument("invalid_text", std::string(what) + " không được để trống.");
  }
  if (CodePoints(text) > max_chars) {
    return Status::InvalidArgument("invalid_text", std::string(what) + " quá dài: tối đa " +
                                                       std::to_string(max_chars) + " ký tự.");
  }
  return text;
}

Event HandoffEvent(std::string type, const HandoffRecord& h,
                   std::vector<std::string> extra_areas = {}) {
  Event e;
  e.kind = Event::Kind::kHandoff;
  e.type = std::move(type);
  e.handoff_id = h.id;
  e.conversation_id = h.conversation_id;
  e.state = std::string(store::HandoffStateName(h.state));
  e.areas = h.offered_areas;
  e.areas.insert(e.areas.end(), extra_areas.begin(), extra_areas.end());
  return e;
}

Event MessageEvent(const HandoffRecord& h, int64_t message_id, store::Author author) {
  Event e;
  e.kind = Event::Kind::kMessage;
  e.handoff_id = h.id;
  e.conversation_id = h.conversation_id;
  e.message_id = message_id;
  e.author = std::string(store::AuthorName(author));
  e.areas = h.offered_areas;
  return e;
}

// Re-reads a handoff inside the job, after a change, for the answer and events.
Result<HandoffRecord> Reload(store::Database& db, int64_t id) {
  Result<std::optional<HandoffRecord>> h = store::FindHandoff(db, id);
  if (!h.ok()) return h.status();
  if (!h->has_value()) return NotFound();
  return std::move(**h);
}

}  // namespace

struct HandoffQueue::Effects {
  std::vector<store::OutboxItem> outbox;
  std::vector<Event> events;
};

namespace {

// The conversation follows its handoff: waiting -> queued, claimed ->
// with_volunteer (the bot stays silent in both), resolved -> bot.
Status MoveConversation(store::Database& db, const HandoffRecord& h,
                        store::ConversationState state, int64_t now) {
  return store::UpdateConversation(db, h.conversation_id, state, 0, now);
}

}  // namespace

// Back to waiting with a fresh SLA; its place in line (created_at) is kept.
Status HandoffQueue::ReturnToQueue(store::Database& db, const HandoffRecord& h,
                                   int64_t now) const {
  Result<bool> back = store::ReturnHandoffToQueue(db, h.id, now + SlaFor(h.area));
  if (!back.ok()) return back.status();
  return MoveConversation(db, h, store::ConversationState::kQueued, now);
}

Status HandoffQueue::Announce(store::Database& db, int64_t handoff_id, std::string type,
                              Effects& effects, HandoffView* out,
                              std::vector<std::string> also_tell) const {
  Result<HandoffRecord> after = Reload(db, handoff_id);
  if (!after.ok()) return after.status();
  effects.events.push_back(HandoffEvent(std::move(type), *after, std::move(also_tell)));
  if (out == nullptr) return Status::Ok();
  Result<HandoffView> view = View(db, std::move(*after), false);
  if (!view.ok()) return view.status();
  *out = std::move(*view);
  return Status::Ok();
}

std::string ReasonLabel(std::string_view reason) {
  static const std::map<std::string, std::string, std::less<>> kMedia = {
      {"photo", "ảnh"},          {"video", "video"},         {"document", "tệp"},
      {"audio", "tệp âm thanh"}, {"voice", "tin nhắn thoại"}, {"animation", "ảnh động"},
      {"video_note", "video"},   {"sticker", "nhãn dán"},     {"contact", "danh bạ"},
      {"location", "vị trí"},    {"venue", "địa điểm"},       {"poll", "bình chọn"},
      {"dice", "xúc xắc"},       {"link", "liên kết"}};
  if (reason == "human_request") return "Người dân muốn gặp tình nguyện viên";
  if (reason == "not_understood_twice") return "Trợ lý số không hiểu câu hỏi hai lần liên tiếp";
  if (reason.starts_with("urgent:")) {
    std::string_view intent = reason.substr(7);
    if (intent == "payment.scam_warning") return "Khẩn cấp: có thể vừa bị lừa đảo chuyển tiền";
    return "Khẩn cấp: " + std::string(intent);
  }
  if (reason.starts_with("non_text:")) {
    auto it = kMedia.find(reason.substr(9));
    std::string what = it == kMedia.end() ? "nội dung" : it->second;
    return "Người dân gửi " + what + " mà trợ lý số không đọc được";
  }
  return std::string(reason);
}

HandoffQueue::HandoffQueue(store::Writer& writer, const store::ReadConnections& reads,
                           const AreaDirectory& areas, EventHub& events, PageLookup pages,
                           Clock clock, OutboxListener on_outbox, Masker mask,
                           QueueOptions options)
    : writer_(writer),
      reads_(reads),
      areas_(areas),
      events_(events),
      pages_(std::move(pages)),
      clock_(std::move(clock)),
      on_outbox_(std::move(on_outbox)),
      mask_(std::move(mask)),
      options_(options) {}

HandoffQueue::~HandoffQueue() { StopTimer(); }

int64_t HandoffQueue::SlaFor(std::string_view area) const {
  const Area* a = areas_.Find(area);
  return a != nullptr && a->sla_ms > 0 ? a->sla_ms : options_.default_sla_ms;
}

Status HandoffQueue::RunJob(const std::function<Status(store::Database&, Effects&)>& job) {
  Effects effects;
  std::promise<Status> committed;
  std::future<Status> done = committed.get_future();
  writer_.Post(
      [&](store::Database& db) {
        effects = Effects{};
        return job(db, effects);
      },
      [&](const Status& s) {
        // On the writer thread, right after the commit: delivery hears of the
        // rows before any later transaction (see Pipeline), and consoles hear
        // of changes in commit order.
        if (s.ok()) {
          if (!effects.outbox.empty() && on_outbox_) on_outbox_(std::move(effects.outbox));
          int64_t now = clock_();
          for (Event& e : effects.events) {
            e.published_at_ms = now;
            events_.Publish(e);
          }
        }
        committed.set_value(s);
      });
  return done.get();
}

Result<HandoffRecord> HandoffQueue::LoadForActor(store::Database& db, const store::UserRow& actor,
                                                 int64_t handoff_id) const {
  Result<HandoffRecord> h = Reload(db, handoff_id);
  if (!h.ok() || IsAdmin(actor)) return h;
  Result<bool> offered = store::IsOfferedToUser(db, handoff_id, actor.id);
  if (!offered.ok()) return offered.status();
  if (!*offered) {
    return Status::PermissionDenied("forbidden",
                                    "Yêu cầu này thuộc khu vực khác, bạn không có quyền xem.");
  }
  return h;
}

Result<HandoffView> HandoffQueue::View(store::Database& db, HandoffRecord record,
                                       bool with_notes) const {
  HandoffView view;
  if (record.state == HandoffState::kWaiting) {
    Result<int> position = store::QueuePosition(db, record);
    if (!position.ok()) return position.status();
    view.position = *position;
  }
  auto last = store::LastCitizenMessage(db, record.conversation_id);
  if (!last.ok()) return last.status();
  view.last_message = std::move(*last);
  if (view.last_message && mask_) view.last_message->first = mask_(view.last_message->first);
  if (with_notes) {
    auto notes = store::ListNotes(db, record.id);
    if (!notes.ok()) return notes.status();
    view.notes = std::move(*notes);
  }
  view.record = std::move(record);
  return view;
}

Result<int64_t> HandoffQueue::SendToCitizen(store::Database& db, const HandoffRecord& h,
                                            store::Author author, const OutboundMessage& message,
                                            int64_t user_id, int64_t now,
                                            Effects& effects) const {
  store::MessageRow row;
  row.conversation_id = h.conversation_id;
  row.outbound = true;
  row.author = author;
  row.kind = "text";
  row.text = message.text;
  row.buttons = message.buttons;
  row.user_id = user_id;
  row.created_at = now;
  Result<int64_t> id = store::InsertMessage(db, row);
  if (!id.ok()) return id;
  std::shared_ptr<const Page> page = pages_(h.page_id);
  // Zalo refuses consultation messages 7 days after the citizen's last
  // message: such a notice is kept in the transcript, not queued.
  bool refused = page && page->channel == Channel::kZalo &&
                 h.last_inbound_at + options_.zalo_hard_window_ms < now;
  if (refused) {
    store::NoteRow note;
    note.handoff_id = h.id;
    note.text = "Không gửi tin tự động cho người dân: đã quá 7 ngày kể từ tin nhắn cuối, Zalo "
                "không cho gửi nữa.";
    note.created_at = now;
    if (Result<int64_t> n = store::InsertNote(db, note); !n.ok()) return n.status();
  }
  // The web chat reads the transcript itself; a page removed from the
  // config has nowhere to deliver.
  if (page && page->channel != Channel::kWebchat && !refused) {
    Result<store::OutboxItem> item =
        store::EnqueueOutbox(db, *id, h.conversation_id, h.page_id, h.chat_id, message, now);
    if (!item.ok()) return item.status();
    effects.outbox.push_back(std::move(*item));
  }
  effects.events.push_back(MessageEvent(h, *id, author));
  return id;
}

Result<std::vector<HandoffView>> HandoffQueue::List(const store::UserRow& actor,
                                                    const ListQuery& query) const {
  Result<store::Database*> db = reads_.ForThisThread();
  if (!db.ok()) return db.status();
  store::HandoffFilter filter;
  if (query.state) {
    filter.waiting = *query.state == HandoffState::kWaiting;
    filter.claimed = *query.state == HandoffState::kClaimed;
    filter.resolved = *query.state == HandoffState::kResolved;
  }
  filter.area = query.area;
  filter.visible_to = IsAdmin(actor) ? 0 : actor.id;
  auto records = store::ListHandoffs(**db, filter);
  if (!records.ok()) return records.status();
  std::vector<HandoffView> views;
  views.reserve(records->size());
  for (HandoffRecord& record : *records) {
    Result<HandoffView> view = View(**db, std::move(record), false);
    if (!view.ok()) return view.status();
    views.push_back(std::move(*view));
  }
  return views;
}

Result<HandoffView> HandoffQueue::Get(const store::UserRow& actor, int64_t handoff_id) const {
  Result<store::Database*> db = reads_.ForThisThread();
  if (!db.ok()) return db.status();
  Result<HandoffRecord> h = LoadForActor(**db, actor, handoff_id);
  if (!h.ok()) return h.status();
  return View(**db, std::move(*h), true);
}

Result<std::vector<store::TranscriptRow>> HandoffQueue::Transcript(const store::UserRow& actor,
                                                                   int64_t handoff_id,
                                                                   int64_t after_id,
                                                                   int limit) const {
  Result<store::Database*> db = reads_.ForThisThread();
  if (!db.ok()) return db.status();
  Result<HandoffRecord> h = LoadForActor(**db, actor, handoff_id);
  if (!h.ok()) return h.status();
  auto rows = store::ListTranscript(**db, h->conversation_id, after_id, limit);
  if (!rows.ok()) return rows.status();
  if (mask_) {
    for (store::TranscriptRow& row : *rows) row.message.text = mask_(row.message.text);
  }
  return rows;
}

Result<int> HandoffQueue::OpenChats(const store::UserRow& actor) const {
  Result<store::Database*> db = reads_.ForThisThread();
  if (!db.ok()) return db.status();
  return store::CountHeldBy(**db, actor.id);
}

Result<HandoffView> HandoffQueue::Claim(const store::UserRow& actor, int64_t handoff_id) {
  HandoffView out;
  Status s = RunJob([&](store::Database& db, Effects& effects) -> Status {
    Result<HandoffRecord> h = LoadForActor(db, actor, handoff_id);
    if (!h.ok()) return h.status();
    if (h->state == HandoffState::kResolved) return ResolvedAlready();
    if (h->state == HandoffState::kClaimed) {
      if (h->claimed_by == actor.id) {  // a repeated tap: already yours
        Result<HandoffView> view = View(db, std::move(*h), false);
        if (!view.ok()) return view.status();
        out = std::move(*view);
        return Status::Ok();
      }
      return Status::Conflict("already_claimed",
                              h->claimed_by_name + " đã nhận xử lý yêu cầu này trước bạn.");
    }
    Result<int> held = store::CountHeldBy(db, actor.id);
    if (!held.ok()) return held.status();
    if (*held >= actor.capacity) {
      return Status::Conflict("capacity_reached",
                              "Bạn đang xử lý " + std::to_string(*held) +
                                  " cuộc trò chuyện (tối đa " + std::to_string(actor.capacity) +
                                  "). Hãy hoàn tất bớt trước khi nhận thêm.");
    }
    int64_t now = clock_();
    Result<bool> claimed = store::ClaimHandoff(db, handoff_id, actor.id, now);
    if (!claimed.ok()) return claimed.status();
    if (Status u = MoveConversation(db, *h, store::ConversationState::kWithVolunteer, now); !u.ok()) {
      return u;
    }
    Result<int64_t> notice = SendToCitizen(db, *h, store::Author::kSystem,
                                           {ClaimedNotice(actor.display_name), {}}, 0, now,
                                           effects);
    if (!notice.ok()) return notice.status();
    return Announce(db, handoff_id, "claimed", effects, &out);
  });
  if (!s.ok()) return s;
  return out;
}

Result<HandoffView> HandoffQueue::Release(const store::UserRow& actor, int64_t handoff_id) {
  HandoffView out;
  Status s = RunJob([&](store::Database& db, Effects& effects) -> Status {
    Result<HandoffRecord> h = LoadForActor(db, actor, handoff_id);
    if (!h.ok()) return h.status();
    if (h->state == HandoffState::kResolved) return ResolvedAlready();
    if (h->state != HandoffState::kClaimed) {
      return Status::Conflict("not_claimed", "Yêu cầu này đang chờ, chưa có ai nhận xử lý.");
    }
    if (h->claimed_by != actor.id && !IsAdmin(actor)) return NotHolder();
    int64_t now = clock_();
    if (Status back = ReturnToQueue(db, *h, now); !back.ok()) return back;
    return Announce(db, handoff_id, "released", effects, &out);
  });
  if (!s.ok()) return s;
  return out;
}

Result<HandoffView> HandoffQueue::Resolve(const store::UserRow& actor, int64_t handoff_id) {
  HandoffView out;
  Status s = RunJob([&](store::Database& db, Effects& effects) -> Status {
    Result<HandoffRecord> h = LoadForActor(db, actor, handoff_id);
    if (!h.ok()) return h.status();
    if (h->state == HandoffState::kResolved) return ResolvedAlready();
    bool holds = h->state == HandoffState::kClaimed && h->claimed_by == actor.id;
    if (!holds && !IsAdmin(actor)) return NotHolder();
    int64_t now = clock_();
    Result<bool> resolved = store::ResolveHandoff(db, handoff_id, actor.id, now);
    if (!resolved.ok()) return resolved.status();
    if (Status u = MoveConversation(db, *h, store::ConversationState::kBot, now); !u.ok()) {
      return u;
    }
    std::shared_ptr<const Page> page = pages_(h->page_id);
    Result<int64_t> closing =
        SendToCitizen(db, *h, store::Author::kSystem,
                      ClosingMessage(page ? page->name : "chúng tôi", handoff_id), 0, now, effects);
    if (!closing.ok()) return closing.status();
    return Announce(db, handoff_id, "resolved", effects, &out);
  });
  if (!s.ok()) return s;
  return out;
}

Result<HandoffView> HandoffQueue::Transfer(const store::UserRow& actor, int64_t handoff_id,
                                           const std::string& area) {
  const Area* target = areas_.Find(area);
  if (target == nullptr) {
    return Status::InvalidArgument("unknown_area", "Không có khu vực \"" + area + "\".");
  }
  HandoffView out;
  Status s = RunJob([&](store::Database& db, Effects& effects) -> Status {
    Result<HandoffRecord> h = LoadForActor(db, actor, handoff_id);
    if (!h.ok()) return h.status();
    if (h->state == HandoffState::kResolved) return ResolvedAlready();
    // Anyone who sees a waiting handoff may pass it on; a held one only its holder.
    if (h->state == HandoffState::kClaimed && h->claimed_by != actor.id && !IsAdmin(actor)) {
      return NotHolder();
    }
    int64_t now = clock_();
    Result<bool> moved = store::TransferHandoff(db, handoff_id, target->id, now + SlaFor(area));
    if (!moved.ok()) return moved.status();
    if (Status u = MoveConversation(db, *h, store::ConversationState::kQueued, now); !u.ok()) {
      return u;
    }
    const Area* from = areas_.Find(h->area);
    store::NoteRow note;
    note.handoff_id = handoff_id;
    note.user_id = actor.id;
    note.text = "Đã chuyển từ " + (from ? from->name : h->area) + " sang " + target->name + ".";
    note.created_at = now;
    if (Result<int64_t> n = store::InsertNote(db, note); !n.ok()) return n.status();
    return Announce(db, handoff_id, "transferred", effects, &out, h->offered_areas);
  });
  if (!s.ok()) return s;
  return out;
}

Result<store::NoteRow> HandoffQueue::AddNote(const store::UserRow& actor, int64_t handoff_id,
                                             const std::string& raw) {
  Result<std::string> text = CheckedText(raw, options_.max_note_chars, "Ghi chú");
  store::NoteRow note;
  Status s = RunJob([&](store::Database& db, Effects& effects) -> Status {
    Result<HandoffRecord> h = LoadForActor(db, actor, handoff_id);
    if (!h.ok()) return h.status();
    if (!text.ok()) return text.status();
    note.handoff_id = handoff_id;
    note.user_id = actor.id;
    note.author_name = actor.display_name;
    note.text = *text;
    note.created_at = clock_();
    Result<int64_t> id = store::InsertNote(db, note);
    if (!id.ok()) return id.status();
    note.id = *id;
    if (h->state == HandoffState::kClaimed && h->claimed_by == actor.id) {
      if (Status t = store::TouchHandoff(db, handoff_id, note.created_at); !t.ok()) return t;
    }
    effects.events.push_back(HandoffEvent("noted", *h));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return note;
}

Result<store::TranscriptRow> HandoffQueue::Reply(const store::UserRow& actor, int64_t handoff_id,
                                                 const std::string& raw) {
  Result<std::string> text = CheckedText(raw, options_.max_reply_chars, "Tin nhắn trả lời");
  store::TranscriptRow out;
  Status s = RunJob([&](store::Database& db, Effects& effects) -> Status {
    Result<HandoffRecord> h = LoadForActor(db, actor, handoff_id);
    if (!h.ok()) return h.status();
    if (h->state == HandoffState::kResolved) return ResolvedAlready();
    if (h->state != HandoffState::kClaimed || h->claimed_by != actor.id) return NotHolder();
    if (!text.ok()) return text.status();
    int64_t now = clock_();
    // Never queue what the platform will refuse: tell the volunteer instead.
    if (OnZalo(*h) && h->last_inbound_at + options_.zalo_hard_window_ms < now) {
      return Status::Conflict("outside_window",
                              "Người dân đã không nhắn gì quá 7 ngày nên Zalo không cho trang "
                              "gửi tin tư vấn nữa. Tin sẽ gửi được khi người dân nhắn lại.");
    }
    Result<int64_t> id = SendToCitizen(db, *h, store::Author::kVolunteer, {*text, {}}, actor.id,
                                       now, effects);
    if (!id.ok()) return id.status();
    if (Status t = store::TouchHandoff(db, handoff_id, now); !t.ok()) return t;
    out = store::TranscriptRow{};
    out.message.id = *id;
    out.message.conversation_id = h->conversation_id;
    out.message.outbound = true;
    out.message.author = store::Author::kVolunteer;
    out.message.kind = "text";
    out.message.text = *text;
    out.message.user_id = actor.id;
    out.message.created_at = now;
    out.author_name = actor.display_name;
    out.delivery = pages_(h->page_id) && pages_(h->page_id)->channel != Channel::kWebchat
                       ? "pending"
                       : "";
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Status HandoffQueue::OfferOverdue(store::Database& db, int64_t handoff_id, int64_t now,
                                  Effects& effects) {
  Result<HandoffRecord> h = Reload(db, handoff_id);
  if (!h.ok()) return h.status();
  if (h->state != HandoffState::kWaiting || h->deadline_at > now) return Status::Ok();
  Result<int> position = store::QueuePosition(db, *h);
  if (!position.ok()) return position.status();
  const Area* next = areas_.Ancestor(h->area, h->escalation_level + 1);
  if (next != nullptr) {
    Status s = store::OfferHandoff(db, handoff_id, next->id, h->escalation_level + 1,
                                   now + SlaFor(next->id));
    if (!s.ok()) return s;
    if (options_.team_notifier != nullptr) {
      auto notice = options_.team_notifier->Notify(db, handoff_id, next->id, h->reason,
                                                   h->priority > 0, now);
      if (!notice.ok()) return notice.status();
      if (*notice) effects.outbox.push_back(std::move(**notice));
    }
  } else if (Status s = store::SetHandoffDeadline(db, handoff_id, kNever); !s.ok()) {
    return s;  // nobody further up: the citizen is told once more, then waits
  }
  Result<int64_t> notice =
      SendToCitizen(db, *h, store::Author::kSystem,
                    {StillWaitingNotice(*position, next ? next->name : ""), {}}, 0, now, effects);
  if (!notice.ok()) return notice.status();
  return Announce(db, handoff_id, "offered", effects, nullptr);
}

Status HandoffQueue::ReleaseIdle(store::Database& db, int64_t handoff_id, int64_t now,
                                 Effects& effects) {
  Result<HandoffRecord> h = Reload(db, handoff_id);
  if (!h.ok()) return h.status();
  if (h->state != HandoffState::kClaimed ||
      h->last_activity_at > now - options_.idle_release_ms) {
    return Status::Ok();
  }
  if (Status s = ReturnToQueue(db, *h, now); !s.ok()) return s;
  store::NoteRow note;
  note.handoff_id = handoff_id;
  note.text = "Tự động trả lại hàng chờ: " + h->claimed_by_name + " không hoạt động quá " +
              std::to_string(options_.idle_release_ms / 60000) + " phút.";
  note.created_at = now;
  if (Result<int64_t> n = store::InsertNote(db, note); !n.ok()) return n.status();
  return Announce(db, handoff_id, "released", effects, nullptr);
}

bool HandoffQueue::OnZalo(const HandoffRecord& h) const {
  std::shared_ptr<const Page> page = pages_(h.page_id);
  return page && page->channel == Channel::kZalo;
}

Status HandoffQueue::WarnClosingWindow(store::Database& db, int64_t handoff_id, int64_t now,
                                       Effects& effects) {
  Result<HandoffRecord> h = Reload(db, handoff_id);
  if (!h.ok()) return h.status();
  if (h->state == HandoffState::kResolved || h->window_warned) return Status::Ok();
  if (Status s = store::RaiseForClosingWindow(db, handoff_id, options_.window_priority); !s.ok()) {
    return s;
  }
  int64_t free_left_min =
      std::max<int64_t>(0, (h->last_inbound_at + options_.zalo_free_window_ms - now) / 60000);
  store::NoteRow note;
  note.handoff_id = handoff_id;
  note.text = "Còn khoảng " + std::to_string(free_left_min / 60) + " giờ " +
              std::to_string(free_left_min % 60) +
              " phút trong 48 giờ Zalo cho trả lời miễn phí kể từ tin nhắn cuối của người dân; "
              "sau 7 ngày Zalo không cho gửi nữa. Đã đưa lên ưu tiên.";
  note.created_at = now;
  if (Result<int64_t> n = store::InsertNote(db, note); !n.ok()) return n.status();
  return Announce(db, handoff_id, "raised", effects, nullptr);
}

Status HandoffQueue::Tick() {
  int64_t now = clock_();
  // Looked up on a read connection first: an idle queue costs no write
  // transaction (and no fsync) per tick.
  Result<store::Database*> rdb = reads_.ForThisThread();
  if (!rdb.ok()) return rdb.status();
  auto overdue = store::OverdueWaitingHandoffs(**rdb, now, kTickBatch);
  if (!overdue.ok()) return overdue.status();
  auto idle = store::IdleClaimedHandoffs(**rdb, now - options_.idle_release_ms, kTickBatch);
  if (!idle.ok()) return idle.status();
  auto closing = store::HandoffsWithClosingWindow(
      **rdb, now - (options_.zalo_free_window_ms - options_.window_warning_ms), kTickBatch);
  if (!closing.ok()) return closing.status();
  if (overdue->empty() && idle->empty() && closing->empty()) return Status::Ok();
  return RunJob([&](store::Database& db, Effects& effects) -> Status {
    for (int64_t id : *overdue) {
      if (Status s = OfferOverdue(db, id, now, effects); !s.ok()) return s;
    }
    for (int64_t id : *idle) {
      if (Status s = ReleaseIdle(db, id, now, effects); !s.ok()) return s;
    }
    for (int64_t id : *closing) {
      if (Status s = WarnClosingWindow(db, id, now, effects); !s.ok()) return s;
    }
    return Status::Ok();
  });
}

void HandoffQueue::StartTimer() {
  timer_ = std::thread([this] {
    std::unique_lock lock(timer_mu_);
    while (!timer_wake_.wait_for(lock, std::chrono::milliseconds(options_.tick_interval_ms),
                                 [this] { return timer_stopping_; })) {
      lock.unlock();
      if (Status s = Tick(); !s.ok()) spdlog::error("handoff timer: {}", s.message());
      lock.lock();
    }
  });
}

void HandoffQueue::StopTimer() {
  {
    std::lock_guard lock(timer_mu_);
    timer_stopping_ = true;
  }
  timer_wake_.notify_all();
  if (timer_.joinable()) timer_.join();
}

}  // namespace trolyso::handoff
