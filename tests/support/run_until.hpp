#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>

namespace proactor::test {

/// Runs `io` on the calling thread until `done()` holds or `timeout` passes; returns `done()`.
/// The deadline is a timer on `io`, not io_context::run_for: Asio 1.81's io_uring backend
/// leaves a timed wait's kernel timeout pointing into a dead stack frame, and a later
/// completion then crashes the run. A timer is an ordinary operation on every backend.
template <class Predicate>
bool run_until(boost::asio::io_context& io, Predicate&& done, std::chrono::milliseconds timeout)
{
  bool expired = false;
  bool timer_ran = false;
  boost::asio::steady_timer timer(io, timeout);
  timer.async_wait([&](boost::system::error_code ec) {
    expired = !ec;
    timer_ran = true;
  });
  io.restart();
  while (!done() && !expired)
    if (io.run_one() == 0) io.restart();  // stopped by someone: the timer still bounds us
  timer.cancel();
  // The timer's handler refers to this frame: let it run before returning.
  while (!timer_ran)
    if (io.run_one() == 0) io.restart();
  return done();
}

}  // namespace proactor::test
