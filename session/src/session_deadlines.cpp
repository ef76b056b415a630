#include <proactor/session/session_deadlines.hpp>

#include <algorithm>

namespace proactor::detail {
namespace {

using std::chrono::milliseconds;

bool enabled(milliseconds timeout) noexcept
{
  return timeout > milliseconds::zero();
}

}  // namespace

void SessionDeadlines::on_decoded(bool partial) noexcept
{
  if (!partial)
    partial_since_.reset();
  else if (!partial_since_)
    partial_since_ = last_read_;
}

void SessionDeadlines::on_resume(time_point now) noexcept
{
  last_read_ = now;
  if (partial_since_) partial_since_ = now;
}

void SessionDeadlines::on_unwritable(time_point now) noexcept
{
  if (!stalled_since_) stalled_since_ = now;
}

void SessionDeadlines::on_write_progress(time_point now) noexcept
{
  if (stalled_since_) stalled_since_ = now;
}

std::optional<SessionDeadlines::time_point> SessionDeadlines::idle_at(bool gated) const noexcept
{
  if (gated || !enabled(config_.idle_timeout)) return std::nullopt;
  return last_read_ + config_.idle_timeout;
}

std::optional<SessionDeadlines::time_point> SessionDeadlines::frame_at(bool gated) const noexcept
{
  if (gated || !partial_since_ || !enabled(config_.frame_timeout)) return std::nullopt;
  return *partial_since_ + config_.frame_timeout;
}

std::optional<SessionDeadlines::time_point> SessionDeadlines::overflow_at() const noexcept
{
  if (!stalled_since_) return std::nullopt;
  return *stalled_since_ + config_.overflow_timeout;
}

std::optional<SessionDeadlines::time_point> SessionDeadlines::release_at(
    bool may_release) const noexcept
{
  if (!may_release || partial_since_ || config_.idle_read_release == milliseconds::max())
    return std::nullopt;
  return last_read_ + config_.idle_read_release;
}

std::optional<SessionDeadlines::time_point> SessionDeadlines::next(CloseState::Phase phase,
                                                                   bool gated,
                                                                   bool may_release) const noexcept
{
  using Phase = CloseState::Phase;
  switch (phase) {
    case Phase::open: {
      std::optional<time_point> next;
      for (const auto& at :
           {release_at(may_release), idle_at(gated), frame_at(gated), overflow_at()})
        if (at) next = next ? std::min(*next, *at) : *at;
      return next;
    }
    case Phase::draining:
      return drain_deadline_;
    case Phase::lingering:
      return linger_deadline_;
    case Phase::closed:
      break;
  }
  return std::nullopt;
}

SessionDeadlines::Due SessionDeadlines::due(time_point now, CloseState::Phase phase, bool gated,
                                            bool may_release) const noexcept
{
  using Phase = CloseState::Phase;
  const auto passed = [now](const std::optional<time_point>& at) { return at && now >= *at; };
  switch (phase) {
    case Phase::open:
      if (passed(overflow_at())) return Due::overflow;
      if (passed(frame_at(gated))) return Due::frame;
      if (passed(idle_at(gated))) return Due::idle;
      if (passed(release_at(may_release))) return Due::release_read;
      break;
    case Phase::draining:
      if (now >= drain_deadline_) return Due::drain;
      break;
    case Phase::lingering:
      if (now >= linger_deadline_) return Due::linger;
      break;
    case Phase::closed:
      break;
  }
  return Due::none;
}

}  // namespace proactor::detail
