#include "file/progress.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace proactor::file {
namespace {

using namespace std::chrono_literals;

constexpr auto kBarInterval = 200ms;
constexpr auto kLineInterval = 5s;
constexpr std::size_t kBarWidth = 24;
constexpr std::size_t kLabelWidth = 24;
// ANSI "erase to the end of the line": a redraw shorter than the last leaves no tail.
constexpr char kEraseToEnd[] = "\x1b[K";

// "m:ss", or "h:mm:ss" from an hour up.
std::string format_eta(double seconds)
{
  const auto total = static_cast<unsigned long>(seconds + 0.5);
  char text[32];
  if (total >= 3600)
    std::snprintf(text, sizeof text, "%lu:%02lu:%02lu", total / 3600, total / 60 % 60, total % 60);
  else
    std::snprintf(text, sizeof text, "%lu:%02lu", total / 60, total % 60);
  return text;
}

std::string fit(std::string label)
{
  if (label.size() <= kLabelWidth) return label + std::string(kLabelWidth - label.size(), ' ');
  return "..." + label.substr(label.size() - (kLabelWidth - 3));
}

}  // namespace

std::string format_size(std::uint64_t bytes)
{
  constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

std::string format_rate(double bytes_per_second)
{
  return format_size(static_cast<std::uint64_t>(std::max(0.0, bytes_per_second))) + "/s";
}

std::string format_transfer(std::uint64_t size, std::uint64_t moved,
                            std::chrono::duration<double> elapsed)
{
  const double seconds = elapsed.count();
  char time[32];
  std::snprintf(time, sizeof time, "%.2f s", seconds);
  return std::to_string(size) + " bytes in " + time + " (" +
         format_rate(seconds > 0 ? static_cast<double>(moved) / seconds : 0) + ")";
}

ProgressMeter::ProgressMeter(ProgressStyle style, std::string label, std::uint64_t total,
                             std::uint64_t start, clock::time_point now)
    : style_(style),
      label_(std::move(label)),
      total_(total),
      start_(start),
      started_(now),
      last_shown_(now),
      last_tenth_(percent(start) / 10)
{}

std::string ProgressMeter::update(std::uint64_t done, clock::time_point now)
{
  switch (style_) {
    case ProgressStyle::bar:
      if (shown_ && now - last_shown_ < kBarInterval) return "";
      shown_ = true;
      last_shown_ = now;
      return "\r" + bar(done, now) + kEraseToEnd;
    case ProgressStyle::lines: {
      const unsigned tenth = percent(done) / 10;
      if (tenth == last_tenth_ && (now - last_shown_ < kLineInterval || done == start_)) return "";
      last_tenth_ = tenth;
      last_shown_ = now;
      shown_done_ = done == total_;
      return line(done, now) + "\n";
    }
    case ProgressStyle::none:
      break;
  }
  return "";
}

std::string ProgressMeter::finish(std::uint64_t done, clock::time_point now)
{
  switch (style_) {
    case ProgressStyle::bar:
      return "\r" + bar(done, now) + kEraseToEnd + "\n";
    case ProgressStyle::lines:
      if (shown_done_) return "";
      shown_done_ = true;
      return line(done, now) + "\n";
    case ProgressStyle::none:
      break;
  }
  return "";
}

std::string ProgressMeter::bar(std::uint64_t done, clock::time_point now) const
{
  const unsigned pct = percent(done);
  const std::size_t filled = kBarWidth * pct / 100;
  std::string meter(filled, '=');
  if (filled < kBarWidth) meter += '>' + std::string(kBarWidth - filled - 1, ' ');
  const double speed = rate(done, now);
  std::string eta = "--:--";
  if (speed > 0 && done < total_) eta = format_eta(static_cast<double>(total_ - done) / speed);
  char percent_text[8];
  std::snprintf(percent_text, sizeof percent_text, "%3u%%", pct);
  return fit(label_) + " [" + meter + "] " + percent_text + "  " + format_size(done) + " / " +
         format_size(total_) + "  " + format_rate(speed) + "  ETA " + eta;
}

std::string ProgressMeter::line(std::uint64_t done, clock::time_point now) const
{
  return label_ + ": " + std::to_string(percent(done)) + "% (" + format_size(done) + " of " +
         format_size(total_) + ") at " + format_rate(rate(done, now));
}

double ProgressMeter::rate(std::uint64_t done, clock::time_point now) const
{
  const double seconds = std::chrono::duration<double>(now - started_).count();
  if (seconds <= 0 || done <= start_) return 0;
  return static_cast<double>(done - start_) / seconds;
}

unsigned ProgressMeter::percent(std::uint64_t done) const
{
  if (total_ == 0) return 100;
  // In floating point: done * 100 may not fit 64 bits; done == total still gives 100.
  const double fraction = static_cast<double>(std::min(done, total_)) / static_cast<double>(total_);
  return static_cast<unsigned>(fraction * 100);
}

}  // namespace proactor::file
