#include "admin/change_set.h"

#include <doctest/doctest.h>

#include "admin/rule_snapshot.h"
#include "support/files.h"

namespace trolyso::admin {
namespace {

using nlohmann::json;

json Intent(const std::string& id, const std::string& answer) {
  return {{"id", id},        {"description", "mô tả"}, {"patterns", {"\\b" + id.substr(id.find('.') + 1) + "\\b"}},
          {"examples", {"x"}}, {"answer", answer}};
}

intents::RuleDocuments Base() {
  intents::RuleDocuments docs;
  docs.lexicon = R"({"entries": {"ko": "khong"}})";
  docs.files.push_back({"general.json", json{{"topic", "general"},
                                             {"intents", {Intent("general.a", "A"), Intent("general.b", "B")}}}
                                            .dump(2)});
  docs.files.push_back({"vneid.json", json{{"topic", "vneid"}, {"intents", {Intent("vneid.c", "C")}}}.dump(2)});
  return docs;
}

std::vector<std::string> Ids(const RuleContent& content) {
  std::vector<std::string> ids;
  for (const DraftIntent& d : content.intents) ids.push_back(d.intent["id"]);
  return ids;
}

TEST_CASE("changes apply in place, new intents join their topic's file, untouched files stay byte for byte") {
  const intents::RuleDocuments base = Base();
  ChangeSet changes;
  changes.intents["general.a"] = Intent("general.a", "A2");
  changes.intents["general.b"] = std::nullopt;
  changes.intents["general.d"] = Intent("general.d", "D");
  changes.intents["payment.e"] = Intent("payment.e", "E");
  changes.lexicon["zl"] = "zalo";
  changes.lexicon["ko"] = std::nullopt;
  RuleContent content;
  const intents::RuleDocuments out = ApplyChanges(base, changes, &content);

  CHECK(Ids(content) == std::vector<std::string>{"general.a", "general.d", "payment.e", "vneid.c"});
  CHECK(content.intents[0].intent["answer"] == "A2");
  CHECK(content.intents[0].status == IntentStatus::kEdited);
  CHECK(content.intents[1].status == IntentStatus::kCreated);
  CHECK(content.intents[3].status == IntentStatus::kUnchanged);
  CHECK(content.intents[2].file == "payment.json");
  CHECK(content.lexicon == std::map<std::string, std::string>{{"zl", "zalo"}});
  REQUIRE(out.files.size() == 3);
  CHECK(out.files[2].name == "vneid.json");
  CHECK(out.files[2].text == base.files[1].text);
  CHECK(json::parse(out.files[1].text)["topic"] == "payment");
}

TEST_CASE("Diff finds exactly what changed, and applying it gives the same content") {
  const intents::RuleDocuments base = Base();
  ChangeSet changes;
  changes.intents["vneid.c"] = Intent("vneid.c", "C2");
  changes.intents["general.b"] = std::nullopt;
  changes.lexicon["mk"] = "mat khau";
  const intents::RuleDocuments edited = ApplyChanges(base, changes);
  const ChangeSet diff = Diff(base, edited);
  CHECK(diff.ToJson() == changes.ToJson());
  CHECK(Diff(base, base).empty());
  CHECK(ChangedBetween(base, edited) == std::set<std::string>{"general.b", "lexicon:mk", "vneid.c"});

  // A change set survives its JSON form, deletions included.
  auto back = ChangeSet::FromJson(changes.ToJson());
  REQUIRE(back.ok());
  CHECK(back->ToJson() == changes.ToJson());
  CHECK_FALSE(ChangeSet::FromJson("[1]").ok());
}

TEST_CASE("a snapshot round-trips the documents exactly and refuses a damaged row") {
  const intents::RuleDocuments base = Base();
  auto back = SnapshotFromJson(SnapshotToJson(base));
  REQUIRE(back.ok());
  CHECK(*back == base);
  CHECK_FALSE(SnapshotFromJson("{\"files\": [{\"name\": 1}]}").ok());
  CHECK_FALSE(SnapshotFromJson("not json").ok());
}

}  // namespace
}  // namespace trolyso::admin
