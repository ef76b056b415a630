#pragma once

#include <chrono>
#include <cstdint>
#include <string>

// How the client shows a transfer's progress, as text; printing is the caller's business, so
// the tests check these with strings and made-up times.
namespace proactor::file {

/// A byte count for people: "512 B", "64.0 KiB", "300.0 MiB", "1.5 GiB". Any thread.
std::string format_size(std::uint64_t bytes);

/// A transfer rate for people: format_size per second ("250.3 MiB/s"). Any thread.
std::string format_rate(double bytes_per_second);

/// The end of a transfer's summary: "N bytes in 1.23 s (250.0 MiB/s)", the rate counting
/// the `moved` bytes of this run. Any thread.
std::string format_transfer(std::uint64_t size, std::uint64_t moved,
                            std::chrono::duration<double> elapsed);

/// How the meter shows itself.
enum class ProgressStyle : std::uint8_t
{
  /// One line redrawn in place ('\r'), for a terminal.
  bar,
  /// Whole lines now and then, for a log or a pipe.
  lines,
  /// Nothing.
  none,
};

/// Decides when a transfer's progress is shown, and renders it. A bar is redrawn at most
/// every 200 ms; lines come at each tenth of the transfer and otherwise at most every 5 s.
/// Rates count the bytes of this run only (not a resumed prefix). Not thread safe; one owner.
class ProgressMeter
{
 public:
  using clock = std::chrono::steady_clock;

  /// Meters `label`'s transfer of `total` bytes, of which `start` were there already.
  ProgressMeter(ProgressStyle style, std::string label, std::uint64_t total, std::uint64_t start,
                clock::time_point now);

  /// What to print now that `done` bytes are through: a redraw for a bar ('\r', the bar,
  /// then the ANSI erase-to-end-of-line, no newline), a whole line ("...\n"), or "" when
  /// nothing is due.
  std::string update(std::uint64_t done, clock::time_point now);

  /// What to print when the transfer has ended with `done` bytes through: the last state,
  /// ending the bar's line; "" when the last line already said it.
  std::string finish(std::uint64_t done, clock::time_point now);

  /// The bar's text for `done` bytes at `now`, without '\r'.
  std::string bar(std::uint64_t done, clock::time_point now) const;
  /// The line's text for `done` bytes at `now`, without '\n'.
  std::string line(std::uint64_t done, clock::time_point now) const;

 private:
  double rate(std::uint64_t done, clock::time_point now) const;
  unsigned percent(std::uint64_t done) const;

  ProgressStyle style_;
  std::string label_;
  std::uint64_t total_;
  std::uint64_t start_;
  clock::time_point started_;
  clock::time_point last_shown_;
  unsigned last_tenth_ = 0;
  bool shown_ = false;
  bool shown_done_ = false;
};

}  // namespace proactor::file
