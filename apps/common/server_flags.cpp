#include "common/server_flags.hpp"

#include <boost/system/system_error.hpp>

#include <exception>
#include <iostream>
#include <limits>
#include <stdexcept>

namespace proactor::apps {
namespace {

constexpr std::size_t kMaxThreads = 1024;

// Why `e` happened, as a person reads it: the error code's own message when there is one
// ("Address already in use"), not the library's context around it.
std::string cause(const std::exception& e)
{
  if (const auto* system = dynamic_cast<const boost::system::system_error*>(&e))
    return system->code().message();
  return e.what();
}

}  // namespace

void add_framing_flag(FlagParser& flags, std::string& spec)
{
  flags.add_option("framing", "SPEC", "how frames are cut: u32, u16, line, crlf or fixed:N", spec,
                   [&spec](std::string_view text) -> std::optional<std::string> {
                     // The bound only matters once the real one is known (make_codec).
                     if (!parse_codec(text, LengthPrefixCodec::kDefaultMaxFrame))
                       return "expected u32, u16, line, crlf or fixed:N";
                     spec = text;
                     return std::nullopt;
                   });
}

Codec make_codec(std::string_view spec, std::size_t max_frame)
{
  if (auto codec = parse_codec(spec, max_frame)) return *std::move(codec);
  throw std::invalid_argument("unknown framing '" + std::string(spec) + "'");
}

void add_server_flags(FlagParser& flags, ServerOptions& options)
{
  ServerConfig& config = options.config;
  flags.add_string("host", options.host, "HOST", "address to listen on");
  flags.add_port("port", options.port, "port to listen on; 0 picks a free one");
  flags.add_count("threads", config.io_threads, "I/O threads; 0 means one per CPU", 0, kMaxThreads);
  flags.add_count("logic-threads", config.logic_threads,
                  "threads running the handler; 0 runs it on the I/O threads", 0, kMaxThreads);
  flags.add_bytes("max-frame", options.max_frame, "largest frame payload accepted", 1,
                  std::numeric_limits<std::uint32_t>::max());
  flags.add_duration("idle-timeout", config.session.idle_timeout,
                     "close connections silent this long; 0 disables");
  flags.add_count("max-connections", config.max_connections,
                  "connections beyond this many are refused", 1);
  add_framing_flag(flags, options.framing);
}

void apply_server_flags(ServerOptions& options)
{
  options.config.session.codec = make_codec(options.framing, options.max_frame);
}

ParseResult<ServerOptions> parse_server_flags(int argc, char** argv, std::string_view program,
                                              std::string_view summary)
{
  ServerOptions options;
  options.program = program;
  FlagParser flags{options.program, std::string(summary)};
  add_server_flags(flags, options);
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return ParseResult<ServerOptions>::exit(*exit_code);
  apply_server_flags(options);
  return options;
}

int run_server(Server& server, const ServerOptions& options)
{
  bool listening = false;
  try {
    server.listen(options.host, options.port);
    listening = true;
    // Before the announcement: a script may signal the moment it reads the line.
    server.catch_signals();
    std::cout << "listening on " << server.local_endpoint() << std::endl;
    server.run_until_signal();
  } catch (const std::exception& e) {
    std::cerr << options.program << ": ";
    if (listening)
      std::cerr << e.what();
    else
      std::cerr << "cannot listen on " << ListenEndpoint{options.host, options.port} << ": "
                << cause(e);
    std::cerr << std::endl;
    return 1;
  }
  std::cerr << options.program << ": stopped: " << server.metrics() << std::endl;
  return 0;
}

}  // namespace proactor::apps
