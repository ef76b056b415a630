#include "common/server_flags.hpp"

#include <proactor/net/socket_options.hpp>

#include <boost/system/system_error.hpp>

#include <charconv>
#include <chrono>
#include <exception>
#include <iostream>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace proactor::apps {
namespace {

constexpr std::size_t kMaxThreads = 1024;
constexpr std::size_t kMaxKeepAliveSeconds = 32'767;
constexpr std::size_t kMaxSocketBuffer = std::size_t{1} << 30;  // 1GiB, well within an int

// Why `e` happened, as a person reads it: the error code's own message when there is one
// ("Address already in use"), not the library's context around it.
std::string cause(const std::exception& e)
{
  if (const auto* system = dynamic_cast<const boost::system::system_error*>(&e))
    return system->code().message();
  return e.what();
}

// --no-delay, --keepalive, --rcvbuf, --sndbuf, --reuse-port, writing into `socket`.
void add_socket_flags(FlagParser& flags, SocketOptions& socket)
{
  flags.add_option("no-delay", "on|off", "TCP_NODELAY on each connection",
                   socket.no_delay ? "on" : "off",
                   [&socket](std::string_view text) -> std::optional<std::string> {
                     if (text != "on" && text != "off") return "expected on or off";
                     socket.no_delay = text == "on";
                     return std::nullopt;
                   });
  flags.add_option(
      "keepalive", "SECONDS", "TCP keep-alive idle time; 0 disables", "0",
      [&socket](std::string_view text) -> std::optional<std::string> {
        // Linux takes 1..32767 for TCP_KEEPIDLE.
        std::size_t seconds = 0;
        const auto* end = text.data() + text.size();
        const auto [last, status] = std::from_chars(text.data(), end, seconds);
        if (text.empty() || status != std::errc{} || last != end || seconds > kMaxKeepAliveSeconds)
          return "expected seconds from 0 to " + std::to_string(kMaxKeepAliveSeconds);
        socket.keep_alive = seconds > 0;
        socket.keep_alive_idle.reset();
        if (socket.keep_alive) socket.keep_alive_idle = std::chrono::seconds(seconds);
        return std::nullopt;
      });
  const auto add_buffer_flag = [&](std::string name, std::optional<std::size_t>& target,
                                   std::string help) {
    flags.add_option(std::move(name), "BYTES", std::move(help), "",
                     [&target](std::string_view text) -> std::optional<std::string> {
                       const auto bytes = parse_bytes(text);
                       if (!bytes || *bytes == 0 || *bytes > kMaxSocketBuffer)
                         return "expected a byte size from 1 to " + format_bytes(kMaxSocketBuffer);
                       target = *bytes;
                       return std::nullopt;
                     });
  };
  add_buffer_flag("rcvbuf", socket.receive_buffer, "SO_RCVBUF of each connection");
  add_buffer_flag("sndbuf", socket.send_buffer, "SO_SNDBUF of each connection");
  flags.add_flag("reuse-port", socket.reuse_port,
                 "SO_REUSEPORT: let other listeners share the port");
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
  add_socket_flags(flags, config.socket_options);
  add_server_tls_flags(flags, options.tls);
}

std::optional<int> apply_server_flags(ServerOptions& options)
{
  options.config.session.codec = make_codec(options.framing, options.max_frame);
  try {
    options.config.transport = make_server_transport(options.tls, options.program);
  } catch (const std::exception& e) {
    std::cerr << options.program << ": " << e.what() << std::endl;
    return 1;
  }
  return std::nullopt;
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
  if (const auto exit_code = apply_server_flags(options))
    return ParseResult<ServerOptions>::exit(*exit_code);
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
