#include "pipeline/replies.h"

namespace trolyso::pipeline {
namespace {

// Buttons only for intents the live rule set has, so a trimmed rule set never
// offers a button that leads nowhere.
void AddButtonIfPresent(const intents::RuleSet& rules, const char* intent_id, const char* label,
                        OutboundMessage& message) {
  if (rules.Find(intent_id) != nullptr) {
    message.buttons.push_back({label, std::string("intent:") + intent_id});
  }
}

}  // namespace

OutboundMessage NotUnderstoodReply(const intents::RuleSet& rules) {
  OutboundMessage m;
  m.text =
      "Xin lỗi, mình chưa hiểu rõ câu hỏi. Bạn có thể hỏi ngắn gọn hơn không, ví dụ: "
      "\"quên mật khẩu VNeID\" hoặc \"nộp hồ sơ trực tuyến\"? Nếu cần, mình sẽ chuyển bạn "
      "tới tình nguyện viên.";
  AddButtonIfPresent(rules, kCapabilitiesIntent, "Mình có thể hỏi gì?", m);
  AddButtonIfPresent(rules, kHumanRequestIntent, "Gặp tình nguyện viên", m);
  return m;
}

OutboundMessage AskForTextReply(const intents::RuleSet& rules) {
  OutboundMessage m;
  m.text =
      "Hiện mình chỉ đọc được tin nhắn chữ. Bạn vui lòng gõ câu hỏi, ví dụ: "
      "\"cách kích hoạt VNeID\". Nếu cần, mình sẽ chuyển bạn tới tình nguyện viên.";
  AddButtonIfPresent(rules, kHumanRequestIntent, "Gặp tình nguyện viên", m);
  return m;
}

OutboundMessage HoldingReply(const Page& page, bool urgent) {
  OutboundMessage m;
  m.text = !page.holding_message.empty()
               ? page.holding_message
               : "Mình đã chuyển câu hỏi của bạn tới tình nguyện viên của " + page.name +
                     ". Bạn vui lòng chờ một chút, tình nguyện viên sẽ trả lời ngay tại đây.";
  if (urgent) {
    m.text +=
        " Nếu bạn vừa bị lừa chuyển tiền, hãy gọi ngay tổng đài ngân hàng của bạn để yêu cầu "
        "phong tỏa giao dịch và báo cho cơ quan công an gần nhất.";
  }
  return m;
}

OutboundMessage WelcomeReply(const Page& page, const intents::RuleSet& rules) {
  OutboundMessage m;
  m.text = !page.welcome_message.empty()
               ? page.welcome_message
               : "Chào mừng bạn đến với trang của " + page.name +
                     ". Mình là trợ lý số, giúp bạn về VNeID, thanh toán điện tử và nộp hồ sơ "
                     "trực tuyến. Bạn chọn một chủ đề bên dưới hoặc gõ câu hỏi nhé.";
  AddButtonIfPresent(rules, "vneid.activate", "Kích hoạt VNeID", m);
  AddButtonIfPresent(rules, "vneid.forgot_password", "Quên mật khẩu VNeID", m);
  AddButtonIfPresent(rules, "payment.open_account_ekyc", "Mở tài khoản ngân hàng", m);
  AddButtonIfPresent(rules, "dossier.submit_online", "Nộp hồ sơ trực tuyến", m);
  AddButtonIfPresent(rules, kHumanRequestIntent, "Gặp tình nguyện viên", m);
  return m;
}

OutboundMessage ThanksForRatingReply() {
  OutboundMessage m;
  m.text = "Cảm ơn bạn đã đánh giá! Ý kiến của bạn giúp đội hỗ trợ làm tốt hơn.";
  return m;
}

}  // namespace trolyso::pipeline
