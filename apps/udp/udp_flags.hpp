#pragma once

#include "common/flag_parser.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/net/udp_options.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace proactor::udp {

/// The largest payload one IPv4 UDP datagram can carry (65535 - 20 IP - 8 UDP header bytes).
inline constexpr std::size_t kMaxIpv4Payload = 65'507;

/// Registers `--name on|off` writing `target`. Not thread safe (the parser's owner).
void add_on_off(apps::FlagParser& flags, std::string name, bool& target, std::string help);

/// Registers `--rcvbuf BYTES` and `--sndbuf BYTES` writing into `options`.
void add_buffer_flags(apps::FlagParser& flags, UdpOptions& options);

/// Why `group` cannot be a multicast group ("'10.0.0.1' is not a multicast group"), or nullopt
/// when it can. Numeric addresses only: nothing is looked up. Any thread.
std::optional<std::string> check_group(std::string_view group);

/// `bytes` as one line of text: printable ASCII as is, anything else (and '\') as `\xNN`, so
/// that a datagram can never break the one-line-per-datagram output. Any thread.
std::string printable(ConstBytes bytes);

}  // namespace proactor::udp
