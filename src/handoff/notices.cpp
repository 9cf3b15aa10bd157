#include "handoff/notices.h"

namespace trolyso::handoff {

std::string ClaimedNotice(const std::string& volunteer_name) {
  return "Tình nguyện viên " + volunteer_name +
         " đã nhận cuộc trò chuyện và sẽ trả lời bạn ngay tại đây.";
}

std::string StillWaitingNotice(int position, const std::string& offered_to) {
  std::string text = "Bạn vẫn đang trong hàng chờ, hiện ở vị trí thứ " + std::to_string(position) +
                     ". Tình nguyện viên sẽ trả lời bạn sớm nhất có thể";
  if (!offered_to.empty()) text += "; chúng tôi đã báo thêm cho đội hỗ trợ " + offered_to;
  text += ". Bạn không cần gửi lại câu hỏi.";
  return text;
}

OutboundMessage ClosingMessage(const std::string& page_name, int64_t handoff_id) {
  OutboundMessage message;
  message.text = "Cảm ơn bạn đã liên hệ " + page_name +
                 ". Tình nguyện viên đã kết thúc cuộc trò chuyện; từ giờ trợ lý số sẽ tiếp tục "
                 "trả lời bạn. Bạn chấm sự hỗ trợ lần này mấy điểm (1 = chưa tốt, 5 = rất tốt)?";
  for (int rating = 1; rating <= 5; ++rating) {
    message.buttons.push_back({std::to_string(rating), RatingPayload(handoff_id, rating)});
  }
  return message;
}

std::string RatingPayload(int64_t handoff_id, int rating) {
  return "rating:" + std::to_string(handoff_id) + ":" + std::to_string(rating);
}

}  // namespace trolyso::handoff
