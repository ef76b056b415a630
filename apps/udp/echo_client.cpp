#include "udp/echo_client.hpp"

#include <proactor/net/packet_reader.hpp>
#include <proactor/net/packet_writer.hpp>
#include <proactor/session/udp_endpoint.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

#include <random>
#include <utility>

namespace proactor::udp {

EchoClient::EchoClient(EchoClientOptions options)
    : options_(std::move(options)),
      tracker_(options_.count, options_.window, options_.timeout),
      nonce_(std::random_device{}()),
      padding_(options_.size - kHeaderSize)
{}

EchoResult EchoClient::run()
{
  target_ = UdpAddress::resolve(options_.host, options_.port);
  UdpConfig config;
  config.max_datagram = options_.size;
  // Room for a whole window, so that no send of ours is dropped by our own queue.
  config.send_queue_capacity = options_.window;
  config.socket = options_.socket;
  endpoint_ = UdpEndpoint::open(io_, target_.is_v6() ? "::" : "0.0.0.0", 0, *this, config);
  const auto start = EchoTracker::clock::now();
  boost::asio::post(io_, [this] { fill(); });
  io_.run();  // returns once the endpoint has closed and the timer is idle
  result_.elapsed = EchoTracker::clock::now() - start;
  result_.sent = tracker_.sent();
  result_.answered = tracker_.answered();
  result_.lost = tracker_.lost();
  result_.late = tracker_.late();
  result_.duplicate = tracker_.duplicate();
  result_.reordered = tracker_.reordered();
  return result_;
}

void EchoClient::on_datagram(const UdpEndpointPtr&, const UdpAddress&, ConstBytes bytes)
{
  if (finished_) return;
  std::uint32_t nonce = 0;
  std::uint64_t seq = 0;
  PacketReader reader(bytes);
  reader.get_u32(nonce).get_u64(seq);
  if (!reader || nonce != nonce_ || bytes.size() != options_.size ||
      tracker_.answer(seq) == EchoTracker::Answer::unknown) {
    ++result_.invalid;
    return;
  }
  fill();
}

void EchoClient::on_error(const UdpEndpointPtr&, boost::system::error_code ec)
{
  // The datagram whose send failed is never answered; its timeout counts it lost.
  if (result_.send_errors++ == 0) result_.first_error = ec.message();
}

void EchoClient::fill()
{
  const auto now = EchoTracker::clock::now();
  while (const auto seq = tracker_.next(now)) send(*seq);
  if (tracker_.done()) return finish();
  arm_timer();
}

void EchoClient::send(std::uint64_t seq)
{
  PacketWriter writer(options_.size);
  writer.put_u32(nonce_).put_u64(seq).put_bytes(padding_);
  endpoint_->send_to(target_, writer.bytes());
}

void EchoClient::arm_timer()
{
  if (timer_armed_) return;
  const auto deadline = tracker_.next_deadline();
  if (!deadline) return;
  timer_armed_ = true;
  timer_.expires_at(*deadline);
  timer_.async_wait([this](boost::system::error_code ec) { on_timer(ec); });
}

void EchoClient::on_timer(boost::system::error_code ec)
{
  timer_armed_ = false;
  if (ec == boost::asio::error::operation_aborted || finished_) return;
  tracker_.expire(EchoTracker::clock::now());
  fill();
}

void EchoClient::finish()
{
  if (finished_) return;
  finished_ = true;
  timer_.cancel();
  endpoint_->close();
}

}  // namespace proactor::udp
