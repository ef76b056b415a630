// proactor-udp-broadcast-receiver: prints the datagrams sent to its port, broadcasts included.
//
//   proactor-udp-broadcast-receiver --port 7001 --count 3 --timeout 10s
//
// Binds the wildcard address (broadcasts are not delivered to a socket bound to one host
// address) and prints `listening on HOST:PORT`, then one line per datagram: `FROM TEXT`.
// Exits 0 after --count datagrams or on SIGINT/SIGTERM; 1 when --count datagrams did not come
// within --timeout, or the port is in use; 2 on a bad command line.
#include "common/flag_parser.hpp"
#include "common/messages.hpp"
#include "udp/udp_flags.hpp"
#include "udp/udp_receiver.hpp"

#include <boost/system/system_error.hpp>

#include <iostream>
#include <memory>

int main(int argc, char* argv[])
{
  proactor::udp::ReceiverOptions options;
  options.program = "proactor-udp-broadcast-receiver";
  proactor::apps::FlagParser flags{options.program,
                                   "Prints every datagram sent to its port, broadcasts included."};
  flags.add_string("host", options.host, "HOST", "address to bind");
  flags.add_port("port", options.port, "port to bind; 0 picks a free one");
  flags.add_count("count", options.count, "exit 0 after this many datagrams; 0: no limit");
  flags.add_duration("timeout", options.timeout, "give up after this long; 0: never");
  proactor::udp::add_buffer_flags(flags, options.config.socket);
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return *exit_code;

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
  std::cout << "listening on " << receiver->endpoint().local_address() << std::endl;
  return receiver->run();
}
