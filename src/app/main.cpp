// trolyso: the citizen digital-service help gateway. Sub-command dispatch.
#include <cstdio>
#include <string>
#include <vector>

#include "app/chat_command.h"
#include "app/intent_commands.h"
#include "app/serve_command.h"
#include "app/rules_command.h"
#include "app/user_command.h"

namespace {

constexpr const char* kUsage =
    "trolyso — trợ lý số: webhook gateway and FAQ bot for citizen digital-service help\n"
    "\n"
    "usage:\n"
    "  trolyso serve [--config FILE] [--port-file FILE]   run the server (default config/trolyso.json)\n"
    "  trolyso chat [--config FILE] [--page ID]            talk to the bot in the terminal\n"
    "  trolyso match [--intents DIR] [--json] \"text\"       show how one message is matched\n"
    "  trolyso check [--intents DIR]                       validate the rule files\n"
    "  trolyso user add --name NAME --role volunteer|admin --area AREA [--area ...]\n"
    "               [--display-name TEXT] [--capacity N] [--config FILE]\n"
    "                                                      create an account, print its password\n"
    "  trolyso export-intents DIR [--config FILE]          write the live rule version to files\n"
    "  trolyso import-intents DIR [--config FILE]          load rule files as a draft (publish in /admin)\n"
    "  trolyso --help | --version\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::printf("trolyso %s\n", TROLYSO_VERSION);
    return 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "serve") return trolyso::app::RunServeCommand(args);
  if (command == "chat") return trolyso::app::RunChatCommand(args);
  if (command == "match") return trolyso::app::RunMatchCommand(args);
  if (command == "check") return trolyso::app::RunCheckCommand(args);
  if (command == "user") return trolyso::app::RunUserCommand(args);
  if (command == "export-intents") return trolyso::app::RunExportIntentsCommand(args);
  if (command == "import-intents") return trolyso::app::RunImportIntentsCommand(args);
  std::fprintf(stderr, "unknown command \"%s\"\n\n%s", command.c_str(), kUsage);
  return 2;
}
