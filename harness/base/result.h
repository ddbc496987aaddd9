// The one error vocabulary of the harness: Status (success, or an error message) and
// Result<T> (a value, or the Status that says why there is none). Both are [[nodiscard]],
// so an error cannot be dropped by accident. Errors are plain text meant for a person (the
// CLI prints them); code that must tell errors apart carries its own enum beside the text
// (e.g. host::TrapId). Header-only; no layer below this one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace lh {

class [[nodiscard]] Status {
 public:
  // Success.
  Status() = default;
  // An error with `message` (which must not be empty).
  [[nodiscard]] static Status error(std::string message) {
    Status status;
    status.message_ = std::move(message);
    if (status.message_->empty()) status.message_ = "unknown error";
    return status;
  }

  [[nodiscard]] bool ok() const { return !message_.has_value(); }
  // The error's text; empty on success.
  [[nodiscard]] const std::string& message() const {
    static const std::string kNone;
    return message_ ? *message_ : kNone;
  }
  // A copy whose message is "`context`: <message>" (success stays success).
  [[nodiscard]] Status with_context(std::string_view context) const {
    if (ok()) return *this;
    return error(std::string(context) + ": " + *message_);
  }

  friend bool operator==(const Status&, const Status&) = default;

 private:
  std::optional<std::string> message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  // A value (implicit, so `return value;` works).
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  // An error (implicit, so `return Status::error(...)` works). `status` must not be ok.
  Result(Status status) : state_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(state_).ok()) state_ = Status::error("Result made from a success");
  }

  [[nodiscard]] bool ok() const { return std::holds_alternative<T>(state_); }
  // The error (success when ok()).
  [[nodiscard]] Status status() const { return ok() ? Status() : std::get<Status>(state_); }
  [[nodiscard]] const std::string& message() const {
    static const std::string kNone;
    return ok() ? kNone : std::get<Status>(state_).message();
  }
  // The value; only when ok().
  [[nodiscard]] T& value() & { return std::get<T>(state_); }
  [[nodiscard]] const T& value() const& { return std::get<T>(state_); }
  [[nodiscard]] T&& value() && { return std::get<T>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace lh

// Returns the Status of `expr` from the enclosing function when it is an error.
#define LH_RETURN_IF_ERROR(expr)                                               \
  do {                                                                         \
    if (::lh::Status lh_status_ = (expr); !lh_status_.ok()) return lh_status_; \
  } while (false)

#define LH_CONCAT_INNER_(a, b) a##b
#define LH_CONCAT_(a, b) LH_CONCAT_INNER_(a, b)
// `lhs = value of expr`, or returns its Status from the enclosing function.
#define LH_ASSIGN_OR_RETURN(lhs, expr) \
  LH_ASSIGN_OR_RETURN_IMPL_(LH_CONCAT_(lh_result_, __LINE__), lhs, expr)
#define LH_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
