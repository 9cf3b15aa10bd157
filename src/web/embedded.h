// The static web pages (citizen chat, later the consoles), embedded into the
// binary at build time by scripts/embed_web.cmake from the files in src/web/.
#pragma once

#include <string_view>
#include <vector>

namespace trolyso::web {

struct EmbeddedFile {
  std::string_view path;     // "/chat/index.html", relative to src/web
  std::string_view content;  // the file's bytes
};

// Every embedded file, sorted by path. The vector lives for the program.
const std::vector<EmbeddedFile>& EmbeddedFiles();

}  // namespace trolyso::web
