#pragma once

#include <proactor/net/bytes.hpp>
#include <proactor/session/handler.hpp>
#include <proactor/session/session.hpp>

namespace proactor::calc {

/// The calculator service: each request frame gets one reply frame (docs/protocol/calc.md).
/// A bad request gets an error status, never a close, so the session goes on. Stateless, so
/// it serves any number of I/O and logic threads without a lock.
class CalcHandler final : public Handler
{
 public:
  /// Answers `payload` on `session`. Called on the session's handler thread.
  void on_frame(const SessionPtr& session, ConstBytes payload) override;
};

}  // namespace proactor::calc
