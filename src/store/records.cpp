#include "store/records.h"

namespace trolyso::store {

Author ParseAuthor(std::string_view name) {
  if (name == "bot") return Author::kBot;
  if (name == "volunteer") return Author::kVolunteer;
  if (name == "system") return Author::kSystem;
  return Author::kCitizen;
}

std::string_view RoleName(Role role) {
  return role == Role::kAdmin ? "admin" : "volunteer";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "volunteer") return Role::kVolunteer;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

std::string_view HandoffStateName(HandoffState state) {
  switch (state) {
    case HandoffState::kWaiting: return "waiting";
    case HandoffState::kClaimed: return "claimed";
    case HandoffState::kResolved: return "resolved";
  }
  return "waiting";
}

std::optional<HandoffState> ParseHandoffState(std::string_view name) {
  if (name == "waiting") return HandoffState::kWaiting;
  if (name == "claimed") return HandoffState::kClaimed;
  if (name == "resolved") return HandoffState::kResolved;
  return std::nullopt;
}

}  // namespace trolyso::store
