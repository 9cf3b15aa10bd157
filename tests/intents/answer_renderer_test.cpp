#include <doctest/doctest.h>

#include "intents/rule_set.h"
#include "support/intent_fixtures.h"

using trolyso::OutboundMessage;
using trolyso::Page;
using trolyso::intents::Intent;
using trolyso::intents::RenderAnswer;
using trolyso::intents::RenderClarify;
using trolyso::testing::FullPage;

namespace {

Intent OfficeIntent() {
  Intent intent;
  intent.id = "general.office_hours_location";
  intent.answers = {"Thông tin liên hệ {page.name}:\nĐịa chỉ: {page.office_address}\n"
                    "Điện thoại: {page.hotline}"};
  return intent;
}

}  // namespace

TEST_CASE("RenderAnswer fills page placeholders") {
  const OutboundMessage m = RenderAnswer(OfficeIntent(), FullPage(), {}, 0);
  CHECK(m.text ==
        "Thông tin liên hệ Đoàn xã Tân Phong:\nĐịa chỉ: Trụ sở UBND xã\nĐiện thoại: 0270 3800 000");
}

TEST_CASE("an unset page fact drops its line and points the citizen to the page instead") {
  Page page = FullPage();
  page.hotline.clear();
  const OutboundMessage m = RenderAnswer(OfficeIntent(), page, {}, 0);
  CHECK(m.text.find("Điện thoại") == std::string::npos);  // no "Điện thoại: " hole
  CHECK(m.text.find("{") == std::string::npos);
  CHECK(m.text.find("Địa chỉ: Trụ sở UBND xã") != std::string::npos);
  CHECK(m.text.find("Bạn vui lòng liên hệ trực tiếp Đoàn xã Tân Phong") != std::string::npos);
}

TEST_CASE("with every fact unset the answer is still a sentence, and the name falls back") {
  const OutboundMessage m = RenderAnswer(OfficeIntent(), Page{}, {}, 0);
  CHECK(m.text == "Thông tin liên hệ Đoàn xã:\nBạn vui lòng liên hệ trực tiếp Đoàn xã để được hỗ trợ thêm.");
}

TEST_CASE("a fully configured page gets no fallback sentence") {
  const OutboundMessage m = RenderAnswer(OfficeIntent(), FullPage(), {}, 0);
  CHECK(m.text.find("vui lòng liên hệ trực tiếp") == std::string::npos);
}

TEST_CASE("the variant is picked by seed modulo the number of variants") {
  Intent intent;
  intent.answers = {"Một", "Hai", "Ba"};
  CHECK(RenderAnswer(intent, FullPage(), {}, 0).text == "Một");
  CHECK(RenderAnswer(intent, FullPage(), {}, 4).text == "Hai");
  CHECK(RenderAnswer(intent, FullPage(), {}, 5).text == "Ba");
}

TEST_CASE("entities are filled, and ID and phone numbers are masked") {
  Intent intent;
  intent.answers = {"Mã hồ sơ: {entity.code}\nSố CCCD: {entity.id}"};
  const OutboundMessage m = RenderAnswer(
      intent, FullPage(), {{"code", "h12.38-240315-0001"}, {"id", "001099012345"}}, 0);
  CHECK(m.text == "Mã hồ sơ: h12.38-240315-0001\nSố CCCD: *********345");
}

TEST_CASE("an entity that was not captured drops its line") {
  Intent intent;
  intent.answers = {"Đã nhận câu hỏi.\nMã hồ sơ: {entity.code}"};
  const OutboundMessage m = RenderAnswer(intent, FullPage(), {}, 0);
  // Nothing the page's team could add is missing, so no fallback sentence.
  CHECK(m.text == "Đã nhận câu hỏi.");
}

TEST_CASE("an uncaptured entity drops its line silently: no fallback sentence") {
  Intent intent;
  intent.answers = {"Mã hồ sơ bạn gửi: {entity.code|upper}\nTra cứu trên dichvucong.gov.vn."};
  const OutboundMessage m = RenderAnswer(intent, FullPage(), {}, 0);
  CHECK(m.text == "Tra cứu trên dichvucong.gov.vn.");
}

TEST_CASE("|upper echoes a captured code in capitals") {
  Intent intent;
  intent.answers = {"Mã hồ sơ: {entity.code|upper}; như gõ: {entity.code}"};
  const OutboundMessage m =
      RenderAnswer(intent, FullPage(), {{"code", "h26.103.25.7-250908-0112"}}, 0);
  CHECK(m.text == "Mã hồ sơ: H26.103.25.7-250908-0112; như gõ: h26.103.25.7-250908-0112");
}

TEST_CASE("|upper upper-cases Vietnamese letters too") {
  Intent intent;
  intent.answers = {"{entity.x|upper}"};
  CHECK(RenderAnswer(intent, FullPage(), {{"x", "đường ưu"}}, 0).text == "ĐƯỜNG ƯU");
}

TEST_CASE("|upper does not bypass masking of ID and phone numbers") {
  Intent intent;
  intent.answers = {"{entity.code|upper}"};
  CHECK(RenderAnswer(intent, FullPage(), {{"code", "cccd 001099012345"}}, 0).text ==
        "CCCD *********345");
  CHECK(RenderAnswer(intent, FullPage(), {{"code", "0912.345.678"}}, 0).text == "****.***.678");
}

TEST_CASE("an intent's buttons become buttons with payload intent:<id>") {
  Intent intent;
  intent.answers = {"x"};
  intent.buttons = {{"Gặp người hỗ trợ", "general.human_request"}};
  const OutboundMessage m = RenderAnswer(intent, FullPage(), {}, 0);
  REQUIRE(m.buttons.size() == 1);
  CHECK(m.buttons[0].label == "Gặp người hỗ trợ");
  CHECK(m.buttons[0].payload == "intent:general.human_request");
}

TEST_CASE("RenderClarify asks in Vietnamese with one button per candidate") {
  Intent a, b;
  a.id = "vneid.login_error";
  a.title = "Lỗi đăng nhập VNeID";
  b.id = "dossier.portal_login";
  b.title = "Đăng nhập Cổng DVC";
  const OutboundMessage m = RenderClarify({&a, &b});
  CHECK(m.text == "Bạn muốn hỏi về nội dung nào dưới đây?");
  REQUIRE(m.buttons.size() == 2);
  CHECK(m.buttons[0].label == "Lỗi đăng nhập VNeID");
  CHECK(m.buttons[0].payload == "intent:vneid.login_error");
  CHECK(m.buttons[1].payload == "intent:dossier.portal_login");
}
