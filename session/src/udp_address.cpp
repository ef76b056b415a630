#include <proactor/session/endpoint.hpp>
#include <proactor/session/udp_address.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/system/system_error.hpp>

#include <ostream>

namespace proactor {

UdpAddress UdpAddress::resolve(std::string_view host, std::uint16_t port)
{
  std::string name(host);
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']')
    name = name.substr(1, name.size() - 2);
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(name, ec);
  if (!ec) return to_udp_address({address, port});
  // Not numeric: a name such as "localhost". Take the first address it resolves to.
  boost::asio::io_context io;
  boost::asio::ip::udp::resolver resolver(io);
  const auto results = resolver.resolve(name, std::to_string(port), ec);
  if (!ec && results.empty()) ec = boost::asio::error::host_not_found;
  if (ec) throw boost::system::system_error(ec, "cannot resolve '" + name + "'");
  return to_udp_address(results.begin()->endpoint());
}

UdpAddress UdpAddress::v4(const std::array<std::uint8_t, 4>& bytes, std::uint16_t port) noexcept
{
  UdpAddress address;
  for (std::size_t i = 0; i < bytes.size(); ++i) address.bytes_[i] = bytes[i];
  address.port_ = port;
  return address;
}

UdpAddress UdpAddress::v6(const std::array<std::uint8_t, 16>& bytes, std::uint16_t port,
                          std::uint32_t scope_id) noexcept
{
  UdpAddress address;
  address.bytes_ = bytes;
  address.scope_id_ = scope_id;
  address.port_ = port;
  address.v6_ = true;
  return address;
}

std::string UdpAddress::host() const
{
  return to_udp_endpoint(*this).address().to_string();
}

std::string UdpAddress::to_string() const
{
  return proactor::to_string(to_udp_endpoint(*this));
}

std::ostream& operator<<(std::ostream& out, const UdpAddress& address)
{
  return out << address.to_string();
}

}  // namespace proactor
