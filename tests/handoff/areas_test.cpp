#include "handoff/areas.h"

#include <doctest/doctest.h>

namespace trolyso::handoff {
namespace {

Area Make(std::string id, std::string parent = "") {
  Area area;
  area.id = id;
  area.name = "Khu " + id;
  area.parent = std::move(parent);
  return area;
}

TEST_CASE("ancestors walk commune, district, province and stop at the top") {
  Result<AreaDirectory> dir =
      AreaDirectory::Build({Make("xa", "huyen"), Make("huyen", "tinh"), Make("tinh")});
  REQUIRE(dir.ok());
  CHECK(dir->Ancestor("xa", 0)->id == "xa");
  CHECK(dir->Ancestor("xa", 1)->id == "huyen");
  CHECK(dir->Ancestor("xa", 2)->id == "tinh");
  CHECK(dir->Ancestor("xa", 3) == nullptr);
  CHECK(dir->Ancestor("nowhere", 0) == nullptr);
  CHECK(dir->Contains("huyen"));
  CHECK_FALSE(dir->Contains("Huyen"));
}

TEST_CASE("duplicates, unknown parents and cycles are refused") {
  CHECK_FALSE(AreaDirectory::Build({Make("a"), Make("a")}).ok());
  CHECK_FALSE(AreaDirectory::Build({Make("a", "b")}).ok());
  CHECK_FALSE(AreaDirectory::Build({Make("a", "b"), Make("b", "c"), Make("c", "a")}).ok());
  CHECK_FALSE(AreaDirectory::Build({Make("a", "a")}).ok());
}

}  // namespace
}  // namespace trolyso::handoff
