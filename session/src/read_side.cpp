#include <proactor/session/read_side.hpp>

#include <utility>

namespace proactor::detail {

bool ReadSide::resume() noexcept
{
  if (!paused_) return false;
  paused_ = false;
  maybe_readable_ = true;
  return true;
}

void ReadSide::on_ready_read(clock::time_point now, std::size_t n, std::size_t asked) noexcept
{
  maybe_readable_ = n == asked;
  // A lone message after a long silence stays on waits; one soon after the last does not.
  if (last_data_ != clock::time_point{} && now - last_data_ < idle_read_release_) waiting_ = false;
}

bool ReadSide::end_release(bool aborted) noexcept
{
  const bool ours = std::exchange(releasing_, false);
  if (!aborted || !ours) return false;
  waiting_ = true;
  maybe_readable_ = true;
  return true;
}

}  // namespace proactor::detail
