// proactor-udp-echo-client: measures a UDP echo server: how many datagrams come back.
//
//   proactor-udp-echo-client --port 7000 --count 100000 --size 64 --window 64 --timeout 1s
//
// A datagram that finds a receive buffer full is dropped, here or at the server: a large
// --window needs --rcvbuf on both sides.
//
// Sends COUNT numbered datagrams, at most WINDOW unanswered at a time; a datagram not answered
// within TIMEOUT of its sending is lost. Prints two lines to stdout:
//
//   sent 100000 answered 100000 lost 0
//   late 0 duplicate 0 reordered 0 invalid 0 elapsed 1.234s rate 81037/s
//
// (`late`: answers that came after their datagram was counted lost; `rate`: answers per second.)
// Exits 0 only when every datagram was answered, 1 otherwise or when the server's address
// cannot be used, 2 on a bad command line.
#include "common/flag_parser.hpp"
#include "common/messages.hpp"
#include "udp/echo_client.hpp"
#include "udp/udp_flags.hpp"

#include <boost/system/system_error.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

namespace {

// One byte of state per datagram (EchoTracker): 10M datagrams are 10MB.
constexpr std::size_t kMaxCount = 10'000'000;
constexpr std::size_t kMaxWindow = 65'536;

std::string seconds(std::chrono::steady_clock::duration elapsed)
{
  char text[32];
  std::snprintf(text, sizeof text, "%.3fs", std::chrono::duration<double>(elapsed).count());
  return text;
}

}  // namespace

int main(int argc, char* argv[])
{
  using proactor::udp::EchoClient;
  proactor::udp::EchoClientOptions options;
  proactor::apps::FlagParser flags{
      options.program,
      "Sends numbered datagrams to a UDP echo server and counts the answers: sent,\n"
      "answered and lost (not answered within --timeout). Exits 0 only when every\n"
      "datagram was answered."};
  flags.add_string("host", options.host, "HOST", "server address or name");
  flags.add_port("port", options.port, "server port", 1);
  flags.add_count("count", options.count, "datagrams to send", 1, kMaxCount);
  flags.add_bytes("size", options.size, "bytes per datagram, 12-byte header included",
                  EchoClient::kHeaderSize, proactor::udp::kMaxIpv4Payload);
  flags.add_duration("timeout", options.timeout, "a datagram unanswered this long is lost");
  flags.add_count("window", options.window, "datagrams unanswered at once, at most", 1, kMaxWindow);
  proactor::udp::add_buffer_flags(flags, options.socket);
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return *exit_code;
  if (!flags.seen("port")) return flags.fail("missing required flag '--port'", std::cerr);
  if (options.timeout.count() == 0)
    return flags.fail("'--timeout' must be longer than 0", std::cerr);

  proactor::udp::EchoResult result;
  try {
    result = EchoClient{options}.run();
  } catch (const boost::system::system_error& e) {
    proactor::apps::print_error(
        options.program, "cannot send to " +
                             proactor::apps::format_address(options.host, options.port) + ": " +
                             e.code().message());
    return 1;
  }
  const double secs = std::chrono::duration<double>(result.elapsed).count();
  const auto rate =
      secs > 0 ? static_cast<unsigned long long>(static_cast<double>(result.answered) / secs)
               : 0ULL;
  std::cout << "sent " << result.sent << " answered " << result.answered << " lost " << result.lost
            << "\nlate " << result.late << " duplicate " << result.duplicate << " reordered "
            << result.reordered << " invalid " << result.invalid << " elapsed "
            << seconds(result.elapsed) << " rate " << rate << "/s" << std::endl;
  if (result.send_errors > 0)
    proactor::apps::print_error(options.program, std::to_string(result.send_errors) +
                                                     " sends failed: " + result.first_error);
  return result.answered == result.sent && result.sent == options.count ? 0 : 1;
}
