// proactor-udp-multicast-receiver: joins a multicast group and prints what is sent to it.
//
//   proactor-udp-multicast-receiver --port 7002 --group 239.255.0.1 --count 3 --timeout 10s
//
// Binds the wildcard address with SO_REUSEADDR (several receivers may share the port), joins
// --group on --interface (default 127.0.0.1: this host's loopback; 0.0.0.0: the system's
// choice) and prints `joined group on HOST:PORT`, then one line per datagram: `FROM TEXT`. At
// the end it leaves the group and prints `left group`. Exits 0 after --count datagrams or on
// SIGINT/SIGTERM; 1 when --count datagrams did not come within --timeout, or the port or the
// group cannot be used; 2 on a bad command line.
#include "common/flag_parser.hpp"
#include "common/messages.hpp"
#include "udp/udp_flags.hpp"
#include "udp/udp_receiver.hpp"

#include <boost/system/system_error.hpp>

#include <iostream>
#include <memory>
#include <string>

int main(int argc, char* argv[])
{
  proactor::udp::ReceiverOptions options;
  options.program = "proactor-udp-multicast-receiver";
  options.config.socket.reuse_address = true;
  std::string group = "239.255.0.1";
  std::string interface = "127.0.0.1";
  proactor::apps::FlagParser flags{options.program,
                                   "Joins a multicast group and prints every datagram sent to it."};
  flags.add_string("group", group, "group", "multicast group to join");
  flags.add_string("interface", interface, "IF", "interface to join on; 0.0.0.0: the system's");
  flags.add_string("host", options.host, "HOST", "address to bind");
  flags.add_port("port", options.port, "port to bind; 0 picks a free one");
  flags.add_count("count", options.count, "exit 0 after this many datagrams; 0: no limit");
  flags.add_duration("timeout", options.timeout, "give up after this long; 0: never");
  proactor::udp::add_buffer_flags(flags, options.config.socket);
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return *exit_code;
  if (const auto problem = proactor::udp::check_group(group))
    return flags.fail(*problem, std::cerr);
  if (interface == "0.0.0.0") interface.clear();

  std::unique_ptr<proactor::udp::UdpReceiver> receiver;
  try {
    receiver = std::make_unique<proactor::udp::UdpReceiver>(options);
  } catch (const boost::system::system_error& e) {
    proactor::apps::print_error(
        options.program, "cannot listen on " +
                             proactor::apps::format_address(options.host, options.port) + ": " +
                             e.code().message());
    return 1;
  }
  auto& endpoint = receiver->endpoint();
  if (const auto ec = endpoint.join_group(group, interface)) {
    proactor::apps::print_error(options.program, "cannot join " + group + ": " + ec.message());
    return 1;
  }
  std::cout << "joined " << group << " on " << endpoint.local_address() << std::endl;
  return receiver->run([&] {
    if (const auto ec = endpoint.leave_group(group, interface))
      proactor::apps::print_error(options.program, "cannot leave " + group + ": " + ec.message());
    else
      std::cout << "left " << group << std::endl;
  });
}
