#include "loadgen/loadgen_options.hpp"

#include <arpa/inet.h>
#include <array>
#include <cstring>
#include <iostream>
#include <optional>
#include <unistd.h>
#include <vector>

namespace proactor::loadgen {
namespace {

constexpr std::array kModes{Mode::pingpong, Mode::pipeline, Mode::idle, Mode::chat};

std::optional<Mode> parse_mode(std::string_view text)
{
  for (const Mode mode : kModes)
    if (text == to_string(mode)) return mode;
  return std::nullopt;
}

}  // namespace

const char* to_string(Mode mode) noexcept
{
  switch (mode) {
    case Mode::pingpong:
      return "pingpong";
    case Mode::pipeline:
      return "pipeline";
    case Mode::idle:
      return "idle";
    case Mode::chat:
      return "chat";
  }
  return "?";
}

bool is_loopback_host(const std::string& host)
{
  if (host == "localhost") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    static constexpr std::array<unsigned char, 16> loopback{0, 0, 0, 0, 0, 0, 0, 0,
                                                            0, 0, 0, 0, 0, 0, 0, 1};
    return std::memcmp(&v6, loopback.data(), loopback.size()) == 0;
  }
  return false;
}

apps::ParseResult<LoadgenOptions> parse_loadgen_flags(int argc, char** argv)
{
  using Result = apps::ParseResult<LoadgenOptions>;
  LoadgenOptions options;
  options.progress = ::isatty(STDERR_FILENO) == 1;
  std::vector<std::string> mode;
  apps::FlagParser flags{
      options.program,
      "Loads a proactor echo (or chat) server over loopback, verifies every byte that comes\n"
      "back and reports throughput and latency percentiles.\n"
      "MODE: pingpong (1 frame in flight per connection), pipeline (--window in flight),\n"
      "idle (hold --conns connections for --hold), chat (room fan-out on a chat server)."};
  flags.add_positional("MODE", mode, "pingpong | pipeline | idle | chat", 1, 1);
  flags.add_string("host", options.host, "HOST", "server address (loopback only)");
  flags.add_port("port", options.port, "server port", 1);
  flags.add_count("connections", options.connections, "connections to open", 1, 100'000);
  flags.add_count("conns", options.connections, "the same as --connections", 1, 100'000);
  flags.add_bytes("size", options.size, "payload bytes per frame or chat message", 0,
                  64 * 1024 * 1024);
  flags.add_count("window", options.window, "frames in flight per connection (pipeline, chat)", 1,
                  65'536);
  flags.add_duration("duration", options.duration, "measured phase");
  flags.add_duration("warmup", options.warmup, "traffic before the measured phase");
  flags.add_duration("hold", options.hold, "how long idle mode holds the connections");
  flags.add_duration("timeout", options.timeout, "limit for connecting and for a late reply");
  flags.add_count("threads", options.threads, "client threads", 1, 64);
  flags.add_option("rate", "MSGS", "open loop: frames per second over all connections", "0",
                   [&options](std::string_view text) -> std::optional<std::string> {
                     try {
                       std::size_t used = 0;
                       const double value = std::stod(std::string(text), &used);
                       if (used != text.size() || !(value >= 0) || value > 1e9)
                         return "expected a rate between 0 and 1e9";
                       options.rate = value;
                       return std::nullopt;
                     } catch (const std::exception&) {
                       return "expected a number";
                     }
                   });
  flags.add_count("senders", options.senders, "chat: connections that send", 1, 100'000);
  flags.add_string("room", options.room, "NAME", "chat: the room to join");
  flags.add_flag("tls", options.tls, "speak TLS (no certificate check: loopback only)");
  flags.add_flag("json", options.json, "print one JSON object instead of the text report");
  bool no_progress = false;
  flags.add_flag("no-progress", no_progress, "no live progress line on a terminal");
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return Result::exit(*exit_code);
  const auto fail = [&](std::string_view message) {
    return Result::exit(flags.fail(message, std::cerr));
  };

  const auto parsed = parse_mode(mode.front());
  if (!parsed) return fail("unknown mode '" + mode.front() + "'");
  options.mode = *parsed;
  if (!flags.seen("port")) return fail("missing required flag '--port'");
  if (!is_loopback_host(options.host))
    return fail("'--host " + options.host + "' is not a loopback address (127.0.0.0/8, ::1)");
  if (options.duration.count() == 0 && options.mode != Mode::idle)
    return fail("'--duration' must be longer than 0");
  if (options.timeout.count() == 0) return fail("'--timeout' must be longer than 0");
  if (options.threads > options.connections)
    return fail("'--threads' must not exceed '--connections'");
  if (flags.seen("window") && options.mode != Mode::pipeline && options.mode != Mode::chat)
    return fail("'--window' applies to pipeline and chat modes");
  if (options.rate > 0 && (options.mode == Mode::idle || options.mode == Mode::chat))
    return fail("'--rate' applies to pingpong and pipeline modes");
  if (options.senders > options.connections)
    return fail("'--senders' must not exceed '--connections'");
  if (options.mode == Mode::chat && (options.size == 0 || options.size > 4096))
    return fail("chat messages need '--size' between 1 and 4096");
  options.progress = options.progress && !no_progress && !options.json;
  return options;
}

tls::TlsContext insecure_tls_context()
{
  tls::TlsConfig config;
  config.verify_peer = false;
  return tls::TlsContext::client(config);
}

}  // namespace proactor::loadgen
