#include "udp/udp_sender.hpp"

#include "common/messages.hpp"
#include <proactor/session/udp_endpoint.hpp>

#include <boost/asio/post.hpp>
#include <boost/system/system_error.hpp>

#include <iostream>
#include <utility>

namespace proactor::udp {

UdpSender::UdpSender(SenderOptions options) : options_(std::move(options))
{}

int UdpSender::run()
{
  try {
    target_ = UdpAddress::resolve(options_.to, options_.port);
    endpoint_ =
        UdpEndpoint::open(io_, target_.is_v6() ? "::" : "0.0.0.0", 0, *this, options_.config);
  } catch (const boost::system::system_error& e) {
    apps::print_error(options_.program, "cannot send to " +
                                            apps::format_address(options_.to, options_.port) +
                                            ": " + e.code().message());
    return 1;
  }
  boost::asio::post(io_, [this] { send_next(); });
  io_.run();  // returns once the endpoint has flushed its queue and closed
  if (error_) {
    apps::print_error(options_.program,
                      "cannot send to " + target_.to_string() + ": " + error_.message());
    return 1;
  }
  std::cout << "sent " << endpoint_->stats().datagrams_out << " to " << target_ << std::endl;
  return 0;
}

void UdpSender::on_error(const UdpEndpointPtr&, boost::system::error_code ec)
{
  if (!error_) error_ = ec;
  finish();
}

void UdpSender::send_next()
{
  if (finished_) return;
  endpoint_->send_to(target_, options_.message);
  if (++queued_ == options_.count) return finish();
  timer_.expires_after(options_.interval);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) send_next();
  });
}

void UdpSender::finish()
{
  if (finished_) return;
  finished_ = true;
  timer_.cancel();
  endpoint_->close();  // sends what is queued first
}

}  // namespace proactor::udp
