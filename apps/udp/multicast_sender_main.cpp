// proactor-udp-multicast-sender: sends datagrams to a multicast group.
//
//   proactor-udp-multicast-sender --port 7002 --group 239.255.0.1 --ttl 1 --loopback on
//
// --interface picks the interface the datagrams leave by (IPv4: one of its addresses; IPv6:
// its name or index). The default, 127.0.0.1, keeps them on this host; 0.0.0.0 lets the
// system choose by its routes. --loopback on also delivers them to members on this host.
// Prints `sent N to options.to:PORT`; exits 0 when every datagram went out, 1 when the system
// refused one, 2 on a bad command line.
#include "common/flag_parser.hpp"
#include "udp/udp_flags.hpp"
#include "udp/udp_sender.hpp"

#include <iostream>
#include <optional>
#include <string>

namespace {

constexpr std::size_t kMaxCount = 1'000'000;

}  // namespace

int main(int argc, char* argv[])
{
  proactor::udp::SenderOptions options;
  options.program = "proactor-udp-multicast-sender";
  options.to = "239.255.0.1";
  std::size_t ttl = 1;
  bool loopback = true;
  std::string interface = "127.0.0.1";
  proactor::apps::FlagParser flags{options.program,
                                   "Sends --count datagrams of --message to a multicast group."};
  flags.add_string("group", options.to, "options.to", "multicast group to send to");
  flags.add_port("port", options.port, "receivers' port", 1);
  flags.add_count("ttl", ttl, "routers a datagram may cross (0: this host only)", 0, 255);
  proactor::udp::add_on_off(flags, "loopback", loopback, "deliver to members on this host too");
  flags.add_string("interface", interface, "IF", "interface to send by; 0.0.0.0: the system's");
  flags.add_count("count", options.count, "datagrams to send", 1, kMaxCount);
  flags.add_duration("interval", options.interval, "pause between two datagrams");
  flags.add_string("message", options.message, "TEXT", "the text of every datagram");
  proactor::udp::add_buffer_flags(flags, options.config.socket);
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return *exit_code;
  if (const auto problem = proactor::udp::check_group(options.to))
    return flags.fail(*problem, std::cerr);
  if (!flags.seen("port")) return flags.fail("missing required flag '--port'", std::cerr);

  options.config.socket.multicast_ttl = static_cast<int>(ttl);
  options.config.socket.multicast_loopback = loopback;
  if (interface != "0.0.0.0") options.config.socket.multicast_interface = interface;
  return proactor::udp::UdpSender{options}.run();
}
