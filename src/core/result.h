// Result<T>: a value or the Status that explains why there is none.
//
// Debian 12's toolchain has no usable std::expected, so this is the small
// stand-in. Accessing the value of a failed Result is a programming error.
// Copyable when T is.
#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "core/status.h"

namespace trolyso {

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "a Result built from a Status must carry an error");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace trolyso
