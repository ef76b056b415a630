// proactor-udp-echo-server: sends every datagram back to its sender.
//
//   proactor-udp-echo-server --port 7000
//
// Prints `listening on HOST:PORT` once it receives; SIGINT or SIGTERM stops it (replies already
// queued still leave) and it exits 0, printing its counters to stderr. A bad command line exits
// 2, a port in use 1, each with one line on stderr.
#include "common/flag_parser.hpp"
#include "common/messages.hpp"
#include "udp/udp_echo_handler.hpp"
#include "udp/udp_flags.hpp"
#include <proactor/server/server.hpp>
#include <proactor/session/udp_endpoint.hpp>

#include <boost/system/system_error.hpp>

#include <iostream>
#include <string>

namespace {

constexpr std::size_t kMaxQueue = 1'000'000;

}  // namespace

int main(int argc, char* argv[])
{
  const std::string program = "proactor-udp-echo-server";
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  proactor::UdpConfig udp;
  udp.max_datagram = proactor::udp::kMaxIpv4Payload;
  proactor::apps::FlagParser flags{program, "Sends every UDP datagram back to its sender."};
  flags.add_string("host", host, "HOST", "address to receive on");
  flags.add_port("port", port, "port to receive on; 0 picks a free one");
  flags.add_bytes("max-datagram", udp.max_datagram,
                  "largest datagram echoed; larger ones are counted and dropped", 1, 65'535);
  flags.add_count("queue", udp.send_queue_capacity,
                  "replies waiting to be sent; beyond it they are dropped", 1, kMaxQueue);
  proactor::udp::add_buffer_flags(flags, udp.socket);
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return *exit_code;

  // One socket is served by one I/O thread; a UDP-only server needs no more.
  proactor::ServerConfig config;
  config.io_threads = 1;
  proactor::Server server{config};
  proactor::udp::UdpEchoHandler handler;
  proactor::UdpEndpointPtr endpoint;
  try {
    endpoint = server.open_udp(host, port, handler, udp);
  } catch (const boost::system::system_error& e) {
    proactor::apps::print_error(program, "cannot listen on " +
                                             proactor::apps::format_address(host, port) + ": " +
                                             e.code().message());
    return 1;
  }
  // Before the announcement: a script may signal the moment it reads the line.
  server.catch_signals();
  std::cout << "listening on " << endpoint->local_address() << std::endl;
  server.run_until_signal();
  std::cerr << program << ": stopped: " << endpoint->stats() << std::endl;
  return 0;
}
