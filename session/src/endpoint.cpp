#include <proactor/session/endpoint.hpp>

#include <boost/asio/ip/address.hpp>
#include <boost/system/system_error.hpp>

namespace proactor {
namespace {

template <class Endpoint>
std::string format(const Endpoint& endpoint)
{
  const auto address = endpoint.address();
  std::string text = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return text + ":" + std::to_string(endpoint.port());
}

}  // namespace

std::string to_string(const boost::asio::ip::tcp::endpoint& endpoint)
{
  return format(endpoint);
}

std::string to_string(const boost::asio::ip::udp::endpoint& endpoint)
{
  return format(endpoint);
}

boost::asio::ip::tcp::endpoint make_tcp_endpoint(std::string_view host, std::uint16_t port)
{
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(host), ec);
  if (ec) throw boost::system::system_error(ec, "invalid address '" + std::string(host) + "'");
  return {address, port};
}

boost::asio::ip::udp::endpoint to_udp_endpoint(const UdpAddress& address)
{
  namespace ip = boost::asio::ip;
  const auto& bytes = address.bytes();
  if (!address.is_v6())
    return {ip::address_v4(ip::address_v4::bytes_type{bytes[0], bytes[1], bytes[2], bytes[3]}),
            address.port()};
  return {ip::address_v6(bytes, address.scope_id()), address.port()};
}

UdpAddress to_udp_address(const boost::asio::ip::udp::endpoint& endpoint)
{
  const auto address = endpoint.address();
  if (address.is_v4()) return UdpAddress::v4(address.to_v4().to_bytes(), endpoint.port());
  const auto v6 = address.to_v6();
  return UdpAddress::v6(v6.to_bytes(), endpoint.port(), static_cast<std::uint32_t>(v6.scope_id()));
}

}  // namespace proactor
