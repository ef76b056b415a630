#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace proactor {

/// An IPv4 or IPv6 address and a port: where a datagram came from or goes to, and where a UDP
/// endpoint is bound. A small value without Asio types, so that UDP handlers compile without
/// Asio; `to_udp_endpoint` / `to_udp_address` (proactor/session/endpoint.hpp) convert.
/// Immutable; copies may be used from any thread.
class UdpAddress
{
 public:
  /// The unspecified IPv4 address, port 0.
  UdpAddress() = default;

  /// The address of `host` (numeric IPv4/IPv6, brackets around IPv6 allowed, or a name, which
  /// is resolved: blocking, first address wins) and `port`. Throws
  /// `boost::system::system_error` with a readable message when it cannot. Any thread.
  static UdpAddress resolve(std::string_view host, std::uint16_t port);

  /// An IPv4 address from its four bytes in network order. Any thread.
  static UdpAddress v4(const std::array<std::uint8_t, 4>& bytes, std::uint16_t port) noexcept;
  /// An IPv6 address from its sixteen bytes in network order. Any thread.
  static UdpAddress v6(const std::array<std::uint8_t, 16>& bytes, std::uint16_t port,
                       std::uint32_t scope_id = 0) noexcept;

  /// True for IPv6. Any thread.
  bool is_v6() const noexcept { return v6_; }
  /// The port. Any thread.
  std::uint16_t port() const noexcept { return port_; }
  /// The address bytes in network order: 4 for IPv4 (the rest zero), 16 for IPv6.
  const std::array<std::uint8_t, 16>& bytes() const noexcept { return bytes_; }
  /// The IPv6 scope (interface index of a link-local address); 0 otherwise.
  std::uint32_t scope_id() const noexcept { return scope_id_; }

  /// The address without the port: "127.0.0.1", "::1". Any thread.
  std::string host() const;
  /// "host:port", or "[v6]:port" for IPv6: the form the programs print. Any thread.
  std::string to_string() const;

  friend bool operator==(const UdpAddress&, const UdpAddress&) = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
  std::uint32_t scope_id_ = 0;
  std::uint16_t port_ = 0;
  bool v6_ = false;
};

/// Writes `address.to_string()`.
std::ostream& operator<<(std::ostream& out, const UdpAddress& address);

}  // namespace proactor
