// Status: the outcome of an operation that can fail, as a value.
//
// Shaped like leveldb's Status: named constructors, ok(), and a message of the
// form "context: detail". The core never throws; code that calls throwing
// libraries catches at its own boundary and returns a Status instead.
// Intentionally copyable.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace trolyso {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // the caller sent something malformed
  kUnauthenticated,   // missing or wrong credentials
  kPermissionDenied,  // authenticated, but not allowed
  kNotFound,
  kConflict,          // state does not allow this now
  kTooLarge,          // payload over a configured limit
  kUnavailable,       // transient: retry later
  kInternal,          // our bug or an environment failure
};

class Status {
 public:
  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string_view context, std::string_view detail) {
    return Status(StatusCode::kInvalidArgument, context, detail);
  }
  static Status Unauthenticated(std::string_view context, std::string_view detail) {
    return Status(StatusCode::kUnauthenticated, context, detail);
  }
  static Status PermissionDenied(std::string_view context, std::string_view detail) {
    return Status(StatusCode::kPermissionDenied, context, detail);
  }
  static Status NotFound(std::string_view context, std::string_view detail) {
    return Status(StatusCode::kNotFound, context, detail);
  }
  static Status Conflict(std::string_view context, std::string_view detail) {
    return Status(StatusCode::kConflict, context, detail);
  }
  static Status TooLarge(std::string_view context, std::string_view detail) {
    return Status(StatusCode::kTooLarge, context, detail);
  }
  static Status Unavailable(std::string_view context, std::string_view detail) {
    return Status(StatusCode::kUnavailable, context, detail);
  }
  static Status Internal(std::string_view context, std::string_view detail) {
    return Status(StatusCode::kInternal, context, detail);
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // "context: detail"; empty when ok().
  const std::string& message() const { return message_; }

 private:
  Status(StatusCode code, std::string_view context, std::string_view detail)
      : code_(code), message_(std::string(context) + ": " + std::string(detail)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace trolyso
