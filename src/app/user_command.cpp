#include "app/user_command.h"

#include <charconv>
#include <cstdio>

#include "app/args.h"
#include "app/gateway.h"
#include "app/logging.h"

namespace trolyso::app {
namespace {

constexpr const char* kUsage =
    "usage: trolyso user add --name USERNAME --role volunteer|admin --area AREA [--area AREA...]\n"
    "                        [--display-name \"Nguyễn Văn A\"] [--capacity N] [--config FILE]\n";

int Fail(const std::string& message) {
  std::fprintf(stderr, "trolyso user: %s\n", message.c_str());
  return 2;
}

}  // namespace

int RunUserCommand(const std::vector<std::string>& raw_args) {
  if (raw_args.empty() || raw_args[0] != "add") {
    std::fputs(kUsage, stderr);
    return 2;
  }
  Args args(std::vector<std::string>(raw_args.begin() + 1, raw_args.end()));
  std::string config_path = args.Take("--config").value_or("config/trolyso.json");
  accounts::NewUser user;
  user.username = args.Take("--name").value_or("");
  std::string role = args.Take("--role").value_or("");
  user.display_name = args.Take("--display-name").value_or("");
  while (std::optional<std::string> area = args.Take("--area")) user.areas.push_back(*area);
  if (std::optional<std::string> capacity = args.Take("--capacity")) {
    auto [end, ec] = std::from_chars(capacity->data(), capacity->data() + capacity->size(),
                                     user.capacity);
    if (ec != std::errc() || end != capacity->data() + capacity->size() || user.capacity <= 0) {
      return Fail("--capacity must be a positive number");
    }
  }
  if (!args.error().empty()) return Fail(args.error());
  if (auto flag = args.UnknownFlag()) return Fail("unknown flag " + *flag + "\n" + kUsage);
  if (user.username.empty() || role.empty()) return Fail(std::string("--name and --role are required\n") + kUsage);
  std::optional<store::Role> parsed_role = store::ParseRole(role);
  if (!parsed_role) return Fail("--role must be volunteer or admin");
  user.role = *parsed_role;

  Result<Config> config = LoadConfig(config_path);
  if (!config.ok()) return Fail(config.status().message());
  SetUpLogging("warn");
  Result<std::unique_ptr<Gateway>> gateway = Gateway::Open(std::move(*config), /*apply_rule_files=*/false);
  if (!gateway.ok()) return Fail(gateway.status().message());
  Result<accounts::CreatedUser> created = (*gateway)->accounts().CreateUser(user, "cli");
  if (!created.ok()) return Fail(created.status().message());
  const store::UserRow& u = created->user;
  std::string areas;
  for (const std::string& area : u.areas) areas += (areas.empty() ? "" : ", ") + area;
  std::printf("created %s \"%s\" (%s), areas: %s\n", std::string(store::RoleName(u.role)).c_str(),
              u.username.c_str(), u.display_name.c_str(), areas.empty() ? "-" : areas.c_str());
  std::printf("Hand this one-time password to the user; it is not shown again.\n");
  std::printf("password: %s\n", created->password.c_str());
  return 0;
}

}  // namespace trolyso::app
