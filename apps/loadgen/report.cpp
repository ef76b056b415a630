#include "loadgen/report.hpp"

#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>

namespace proactor::loadgen {
namespace {

double micros(std::chrono::nanoseconds value)
{
  return static_cast<double>(value.count()) / 1e3;
}

std::string json_string(const std::string& text)
{
  std::ostringstream out;
  out << '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out << '\\' << c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out << "\\u" << std::hex << std::setw(4) << std::setfill('0') << static_cast<int>(c)
          << std::dec;
    } else {
      out << c;
    }
  }
  out << '"';
  return out.str();
}

struct Figures
{
  double seconds;
  double msgs_per_sec;
  double mib_per_sec;
};

Figures figures_of(const RunResult& result, std::chrono::nanoseconds measured)
{
  const double seconds = static_cast<double>(measured.count()) / 1e9;
  if (seconds <= 0) return {0, 0, 0};
  return {seconds, static_cast<double>(result.messages) / seconds,
          static_cast<double>(result.bytes) / seconds / (1024.0 * 1024.0)};
}

}  // namespace

void print_report(std::ostream& out, const LoadgenOptions& options, const RunResult& result,
                  std::chrono::nanoseconds measured)
{
  const Figures f = figures_of(result, measured);
  const auto& h = result.latency;
  const auto old_flags = out.flags();
  out << std::fixed;
  if (options.json) {
    out << std::setprecision(3) << "{\"mode\":\"" << to_string(options.mode)
        << "\",\"connections\":" << options.connections << ",\"size\":" << options.size
        << ",\"window\":" << options.in_flight() << ",\"rate\":" << options.rate
        << ",\"threads\":" << options.threads << ",\"seconds\":" << f.seconds
        << ",\"connected\":" << result.connected << ",\"messages\":" << result.messages
        << ",\"msgs_per_sec\":" << f.msgs_per_sec << ",\"mib_per_sec\":" << f.mib_per_sec
        << ",\"latency_us\":{\"min\":" << micros(h.min()) << ",\"mean\":" << micros(h.mean())
        << ",\"p50\":" << micros(h.percentile(50)) << ",\"p90\":" << micros(h.percentile(90))
        << ",\"p99\":" << micros(h.percentile(99)) << ",\"p99_9\":" << micros(h.percentile(99.9))
        << ",\"max\":" << micros(h.max()) << "},\"errors\":" << result.errors
        << ",\"first_error\":" << json_string(result.first_error) << ",\"client_cpu_pct\":";
    if (result.client_cpu_percent)
      out << std::setprecision(1) << *result.client_cpu_percent;
    else
      out << "null";
    out << "}\n";
  } else {
    out << std::setprecision(1) << "mode=" << to_string(options.mode)
        << " connections=" << result.connected << " msgs_per_sec=" << f.msgs_per_sec
        << std::setprecision(2) << " mib_per_sec=" << f.mib_per_sec << std::setprecision(1)
        << " p50_us=" << micros(h.percentile(50)) << " p90_us=" << micros(h.percentile(90))
        << " p99_us=" << micros(h.percentile(99)) << " p99_9_us=" << micros(h.percentile(99.9))
        << " max_us=" << micros(h.max()) << " messages=" << result.messages
        << " errors=" << result.errors;
    if (result.client_cpu_percent) out << " client_cpu_pct=" << *result.client_cpu_percent;
    out << '\n';
  }
  out.flags(old_flags);
  out.flush();
}

void ProgressLine::update(const char* label, std::uint64_t replies)
{
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - last_time_).count();
  const double rate = seconds > 0 ? static_cast<double>(replies - last_replies_) / seconds : 0;
  std::fprintf(stderr, "\r%-10s %12.0f msgs/s  %14llu total  ", label, rate,
               static_cast<unsigned long long>(replies));
  std::fflush(stderr);
  last_time_ = now;
  last_replies_ = replies;
  shown_ = true;
}

void ProgressLine::clear()
{
  if (!shown_) return;
  std::fprintf(stderr, "\r%60s\r", "");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace proactor::loadgen
