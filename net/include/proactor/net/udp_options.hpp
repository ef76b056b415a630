#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace proactor {

/// The socket options of a UDP endpoint, as plain values: no Asio here.
/// `proactor::apply(UdpSocket&, const UdpOptions&)` (proactor/session/socket_options_apply.hpp)
/// sets them after the socket is opened and before it is bound. Unset optionals leave the
/// operating system's default alone. Joining a multicast group is not an option but an action
/// (`UdpEndpoint::join_group`), since it may happen and be undone at any time. A socket receives
/// only the groups it joined itself (on Linux `apply` turns IP_MULTICAST_ALL off for that).
struct UdpOptions
{
  /// SO_REUSEADDR: several sockets may bind the same port, e.g. several multicast receivers
  /// on one host. Off by default so that a second server on a busy port fails as with TCP.
  bool reuse_address = false;
  /// SO_REUSEPORT: like `reuse_address`, and the kernel spreads unicast datagrams over the
  /// sockets sharing the port.
  bool reuse_port = false;

  /// SO_BROADCAST: allow sending to a broadcast address (without it the kernel refuses
  /// with "Permission denied").
  bool broadcast = false;

  /// SO_RCVBUF in bytes: the kernel's queue of datagrams not yet read; when it is full, new
  /// datagrams are dropped. Linux doubles the value it is given, for bookkeeping.
  std::optional<std::size_t> receive_buffer;
  /// SO_SNDBUF in bytes. Linux doubles the value it is given, for bookkeeping.
  std::optional<std::size_t> send_buffer;

  /// IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS: how many routers a multicast datagram we send
  /// may cross (1: the local network only, 0: this host only).
  std::optional<int> multicast_ttl;
  /// IP_MULTICAST_LOOP / IPV6_MULTICAST_LOOP: whether multicast datagrams we send are also
  /// delivered to members of the group on this host.
  std::optional<bool> multicast_loopback;
  /// IP_MULTICAST_IF / IPV6_MULTICAST_IF: the interface multicast datagrams leave by. For
  /// IPv4 an interface's address ("127.0.0.1"); for IPv6 an interface name ("eth0") or
  /// index ("2"). Empty: the operating system chooses by its routes.
  std::string multicast_interface;
};

}  // namespace proactor
