#include "echo/echo_client.hpp"

#include "common/server_flags.hpp"
#include <proactor/session/session_config.hpp>

#include <algorithm>
#include <iostream>
#include <limits>
#include <memory>
#include <utility>
#include <variant>

namespace proactor::apps {

ConnectOptions EchoClientOptions::connect_options() const
{
  auto config = std::make_shared<SessionConfig>(*ConnectOptions::default_client_config());
  config->codec = codec;
  // A person at the keyboard may pause for long; load mode has its own reply watchdog.
  config->idle_timeout = std::chrono::milliseconds::zero();
  return ConnectOptions{.host = host,
                        .port = port,
                        .timeout = timeout,
                        .config = std::move(config),
                        .transport = transport};
}

std::size_t EchoClientOptions::max_in_flight_bytes() const
{
  return SessionConfig{}.high_watermark / 2;
}

ParseResult<EchoClientOptions> parse_echo_client_flags(int argc, char** argv)
{
  EchoClientOptions options;
  FlagParser flags{options.program,
                   "Sends frames to an echo server and prints or checks the replies.\n"
                   "Without --count: sends each stdin line as a frame and prints each reply.\n"
                   "With --count: sends patterned frames, verifies every echoed byte and\n"
                   "prints one summary line."};
  flags.add_string("host", options.host, "HOST", "server address or name");
  flags.add_port("port", options.port, "server port", 1);
  add_framing_flag(flags, options.framing);
  flags.add_bytes("max-frame", options.max_frame, "largest reply accepted", 1,
                  std::numeric_limits<std::uint32_t>::max());
  add_client_tls_flags(flags, options.tls);
  flags.add_duration("timeout", options.timeout, "limit for connecting and for each reply");
  flags.add_count("count", options.count, "frames to send and verify; 0 echoes stdin lines");
  flags.add_bytes("size", options.size, "payload bytes per frame (load mode)");
  flags.add_count("connections", options.connections, "connections to spread frames over", 1,
                  10'000);
  flags.add_count("pipeline", options.pipeline, "frames in flight per connection", 1, 1'000'000);
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return ParseResult<EchoClientOptions>::exit(*exit_code);

  const auto fail = [&](std::string_view message) {
    return ParseResult<EchoClientOptions>::exit(flags.fail(message, std::cerr));
  };
  if (!flags.seen("port")) return fail("missing required flag '--port'");
  if (options.timeout.count() == 0) return fail("'--timeout' must be longer than 0");
  if (const auto exit_code =
          apply_client_tls_flags(options.program, options.tls, options.timeout, options.transport))
    return ParseResult<EchoClientOptions>::exit(*exit_code);
  const bool load_mode = options.count > 0;
  for (const char* name : {"size", "connections", "pipeline"}) {
    if (flags.seen(name) && !load_mode)
      return fail("'--" + std::string(name) + "' needs '--count'");
  }

  // A payload larger than the default bound raises it, unless the bound was given explicitly.
  if (!flags.seen("max-frame")) options.max_frame = std::max(options.max_frame, options.size);
  options.codec = make_codec(options.framing, options.max_frame);
  if (const auto* fixed = std::get_if<FixedLengthCodec>(&options.codec)) {
    if (!flags.seen("size")) options.size = fixed->record_size();
    if (options.size != fixed->record_size())
      return fail("'--size' must equal the record size with '--framing " + options.framing + "'");
  }
  if (options.size > max_frame_size(options.codec))
    return fail("'--size " + std::to_string(options.size) + "' exceeds the largest frame (" +
                describe(options.codec) + ")");
  return options;
}

}  // namespace proactor::apps
