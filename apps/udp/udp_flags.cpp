#include "udp/udp_flags.hpp"

#include <boost/asio/ip/address.hpp>

#include <optional>
#include <utility>

namespace proactor::udp {
namespace {

constexpr std::size_t kMaxSocketBuffer = std::size_t{1} << 30;  // 1GiB, well within an int

}  // namespace

void add_on_off(apps::FlagParser& flags, std::string name, bool& target, std::string help)
{
  flags.add_option(std::move(name), "on|off", std::move(help), target ? "on" : "off",
                   [&target](std::string_view text) -> std::optional<std::string> {
                     if (text != "on" && text != "off") return "expected on or off";
                     target = text == "on";
                     return std::nullopt;
                   });
}

void add_buffer_flags(apps::FlagParser& flags, UdpOptions& options)
{
  const auto add = [&](std::string name, std::optional<std::size_t>& target, std::string help) {
    flags.add_option(std::move(name), "BYTES", std::move(help), "",
                     [&target](std::string_view text) -> std::optional<std::string> {
                       const auto bytes = apps::parse_bytes(text);
                       if (!bytes || *bytes == 0 || *bytes > kMaxSocketBuffer)
                         return "expected a byte size from 1 to " +
                                apps::format_bytes(kMaxSocketBuffer);
                       target = *bytes;
                       return std::nullopt;
                     });
  };
  add("rcvbuf", options.receive_buffer, "SO_RCVBUF: datagrams the kernel holds for us");
  add("sndbuf", options.send_buffer, "SO_SNDBUF of the socket");
}

std::optional<std::string> check_group(std::string_view group)
{
  // Numeric only: a group is always given by its number, and nothing is looked up.
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(group), ec);
  if (!ec && address.is_multicast()) return std::nullopt;
  return "'" + std::string(group) + "' is not a multicast group address";
}

std::string printable(ConstBytes bytes)
{
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(bytes.size());
  for (const std::byte b : bytes) {
    const auto c = static_cast<unsigned char>(b);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      text += static_cast<char>(c);
    } else {
      text += "\\x";
      text += kHex[c >> 4];
      text += kHex[c & 0xf];
    }
  }
  return text;
}

}  // namespace proactor::udp
