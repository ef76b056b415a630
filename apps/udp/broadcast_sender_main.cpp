// proactor-udp-broadcast-sender: sends datagrams to a broadcast address (SO_BROADCAST).
//
//   proactor-udp-broadcast-sender --port 7001 --count 3 --interval 500ms --message hello
//
// The default address, 127.255.255.255, is the loopback network's broadcast: every receiver on
// this host bound to the wildcard address gets it, and nothing leaves the host. Use e.g.
// --address 192.168.1.255 or 255.255.255.255 for a real network. Prints `sent N to ADDRESS`;
// exits 0 when every datagram went out, 1 when the system refused one, 2 on a bad command line.
#include "common/flag_parser.hpp"
#include "udp/udp_flags.hpp"
#include "udp/udp_sender.hpp"

#include <iostream>

namespace {

constexpr std::size_t kMaxCount = 1'000'000;

}  // namespace

int main(int argc, char* argv[])
{
  proactor::udp::SenderOptions options;
  options.program = "proactor-udp-broadcast-sender";
  options.to = "127.255.255.255";
  options.config.socket.broadcast = true;
  proactor::apps::FlagParser flags{options.program,
                                   "Sends --count datagrams of --message to a broadcast address."};
  flags.add_string("address", options.to, "ADDRESS", "broadcast address to send to");
  flags.add_port("port", options.port, "receivers' port", 1);
  flags.add_count("count", options.count, "datagrams to send", 1, kMaxCount);
  flags.add_duration("interval", options.interval, "pause between two datagrams");
  flags.add_string("message", options.message, "TEXT", "the text of every datagram");
  proactor::udp::add_buffer_flags(flags, options.config.socket);
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return *exit_code;
  if (!flags.seen("port")) return flags.fail("missing required flag '--port'", std::cerr);
  return proactor::udp::UdpSender{options}.run();
}
