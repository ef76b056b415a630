#include "loadgen/echo_connection.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

namespace proactor::loadgen {
namespace asio = boost::asio;
namespace {

constexpr std::size_t kHeader = 4;
constexpr std::size_t kReadBuffer = 64 * 1024;
// A reactor (epoll, io_uring) reports readiness, so a plain connection waits for it and
// then reads what is there: async_read_some would first try a receive that finds nothing
// (the reply is not back yet), one wasted system call per message that made the instrument
// dearer per message than some servers it measures. IOCP completes reads instead, and a
// readiness wait there is emulated: the usual read is cheapest.
#if defined(BOOST_ASIO_HAS_IOCP)
constexpr bool kWaitThenRead = false;
#else
constexpr bool kWaitThenRead = true;
#endif

}  // namespace

EchoConnection::EchoConnection(asio::io_context& io, std::size_t id, std::size_t size,
                               std::size_t in_flight, std::size_t open_loop_capacity,
                               RunResult& result, asio::ssl::context* tls)
    : socket_(io),
      timer_(io),
      id_(id),
      wire_size_(kHeader + size),
      seq_bytes_(std::min<std::size_t>(size, 8)),
      frame_(wire_size_),
      in_flight_limit_(in_flight),
      sent_at_(std::max(in_flight, open_loop_capacity)),
      result_(result),
      input_(kReadBuffer)
{
  const auto length = static_cast<std::uint32_t>(size);
  for (std::size_t i = 0; i < kHeader; ++i)
    frame_[i] = static_cast<std::uint8_t>(length >> (8 * (kHeader - 1 - i)));
  // A pattern that differs between connections and between neighbouring bytes, so that a
  // reply delivered to the wrong connection or shifted by a byte cannot pass.
  for (std::size_t i = 0; i < size; ++i)
    frame_[kHeader + i] = static_cast<std::uint8_t>(i * 131 + id * 7 + 1);
  if (tls) tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(socket_, *tls);
}

EchoConnection::~EchoConnection() = default;

template <class Fn>
void EchoConnection::with_stream(Fn&& fn)
{
  if (tls_)
    fn(*tls_);
  else
    fn(socket_);
}

void EchoConnection::connect(const asio::ip::tcp::endpoint& server, Done done)
{
  done_ = std::move(done);
  socket_.async_connect(server, [this](boost::system::error_code ec) {
    if (ec) return fail("connect: " + ec.message());
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    if (!tls_) {
      if (kWaitThenRead) socket_.non_blocking(true, ec);
      return connected();
    }
    tls_->async_handshake(asio::ssl::stream_base::client, [this](boost::system::error_code ec2) {
      if (ec2) return fail("TLS handshake: " + ec2.message());
      connected();
    });
  });
}

void EchoConnection::connected()
{
  ++result_.connected;
  do_read();
  finish();
}

void EchoConnection::run(const Schedule& schedule, Clock::duration interval, Done done)
{
  done_ = std::move(done);
  if (failed_) return finish();
  finished_ = false;
  schedule_ = schedule;
  interval_ = interval;
  phase_sent_ = 0;
  last_progress_ = Clock::now();
  if (interval_ > Clock::duration::zero()) {
    next_due_ = schedule_.start;
    return arm_open_loop();
  }
  const auto now = Clock::now();
  while (sent_ - received_ < in_flight_limit_ && may_send(now)) queue_frame(now);
  start_write();
  if (sent_ == received_) finish();
}

bool EchoConnection::may_send(Clock::time_point when) const
{
  return when < schedule_.measure_end &&
         (schedule_.frames_per_connection == 0 || phase_sent_ < schedule_.frames_per_connection);
}

bool EchoConnection::more_to_send(Clock::time_point now) const
{
  return may_send(interval_ > Clock::duration::zero() ? next_due_ : now);
}

void EchoConnection::queue_frame(Clock::time_point intended)
{
  if (sent_ - received_ >= sent_at_.size())
    return fail("the server fell behind the open-loop rate: " + std::to_string(sent_at_.size()) +
                " frames unanswered");
  pending_.insert(pending_.end(), frame_.begin(), frame_.end());
  auto* seq = pending_.data() + pending_.size() - wire_size_ + kHeader;
  for (std::size_t i = 0; i < seq_bytes_; ++i)
    seq[i] = static_cast<std::uint8_t>(sent_ >> (8 * (seq_bytes_ - 1 - i)));
  sent_at_[sent_ % sent_at_.size()] = intended;
  ++sent_;
  ++phase_sent_;
}

void EchoConnection::start_write()
{
  if (write_in_flight_ || pending_.empty() || failed_) return;
  // Swapping keeps both vectors' capacity: steady state allocates nothing.
  std::swap(pending_, writing_);
  write_in_flight_ = true;
  with_stream([this](auto& stream) {
    asio::async_write(stream, asio::buffer(writing_),
                      [this](boost::system::error_code ec, std::size_t) {
                        write_in_flight_ = false;
                        writing_.clear();
                        if (ec) return fail("write: " + ec.message());
                        start_write();
                      });
  });
}

void EchoConnection::do_read()
{
  if (kWaitThenRead && !tls_) {
    // A read that filled the buffer may have left bytes that no new readiness announces.
    if (read_filled_) {
      asio::post(socket_.get_executor(), [this] { read_ready(); });
      return;
    }
    socket_.async_wait(asio::socket_base::wait_read, [this](boost::system::error_code ec) {
      if (ec) return on_read(ec, 0);
      read_ready();
    });
    return;
  }
  with_stream([this](auto& stream) {
    stream.async_read_some(asio::buffer(input_), [this](boost::system::error_code ec,
                                                        std::size_t bytes) { on_read(ec, bytes); });
  });
}

void EchoConnection::read_ready()
{
  boost::system::error_code ec;
  const std::size_t bytes = socket_.read_some(asio::buffer(input_), ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) {
    read_filled_ = false;
    return do_read();
  }
  read_filled_ = !ec && bytes == input_.size();
  on_read(ec, bytes);
}

void EchoConnection::on_read(boost::system::error_code ec, std::size_t bytes)
{
  if (ec) {
    if (closing_) return;
    return fail(ec == asio::error::eof ? std::string("the server closed the connection")
                                       : "read: " + ec.message());
  }
  consume(input_.data(), bytes, Clock::now());
  if (failed_) return;
  start_write();
  if (sent_ == received_ && !finished_ && !more_to_send(Clock::now())) finish();
  do_read();
}

void EchoConnection::consume(const std::uint8_t* data, std::size_t size, Clock::time_point now)
{
  while (size > 0) {
    if (received_ == sent_) return fail("bytes arrived that were never sent");
    const std::size_t take = std::min(size, wire_size_ - recv_offset_);
    if (!matches(data, recv_offset_, take))
      return fail("the reply to frame " + std::to_string(received_) +
                  " differs from what was sent");
    recv_offset_ += take;
    data += take;
    size -= take;
    if (recv_offset_ == wire_size_) {
      recv_offset_ = 0;
      on_reply(now);
    }
  }
}

bool EchoConnection::matches(const std::uint8_t* data, std::size_t offset, std::size_t size) const
{
  const std::size_t end = offset + size;
  const std::size_t seq_begin = kHeader;
  const std::size_t seq_end = kHeader + seq_bytes_;
  const auto same_as_pattern = [&](std::size_t from, std::size_t to) {
    return from >= to || std::memcmp(data + (from - offset), frame_.data() + from, to - from) == 0;
  };
  if (!same_as_pattern(offset, std::min(end, seq_begin))) return false;
  for (std::size_t p = std::max(offset, seq_begin); p < std::min(end, seq_end); ++p) {
    const auto expected = static_cast<std::uint8_t>(received_ >> (8 * (seq_end - 1 - p)));
    if (data[p - offset] != expected) return false;
  }
  return same_as_pattern(std::max(offset, seq_end), end);
}

void EchoConnection::on_reply(Clock::time_point now)
{
  const Clock::time_point sent = sent_at_[received_ % sent_at_.size()];
  ++received_;
  ++result_.replies_seen;
  last_progress_ = now;
  if (now >= schedule_.measure_start && now < schedule_.measure_end) {
    result_.latency.record(now - sent);
    ++result_.messages;
    result_.bytes += wire_size_;
  }
  if (interval_ == Clock::duration::zero() && may_send(now)) queue_frame(now);
}

void EchoConnection::arm_open_loop()
{
  timer_.expires_at(next_due_);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec && !closing_) on_open_loop_tick();
  });
}

void EchoConnection::on_open_loop_tick()
{
  const auto now = Clock::now();
  // Every frame whose time has come leaves now, stamped with the time it was due: a server
  // that stalls is charged for the whole stall, not just for the frames it let through.
  while (next_due_ <= now && may_send(next_due_)) {
    queue_frame(next_due_);
    if (failed_) return;
    next_due_ += interval_;
  }
  start_write();
  if (may_send(next_due_)) return arm_open_loop();
  if (sent_ == received_) finish();
}

void EchoConnection::check_stalled(Clock::time_point since, Clock::time_point now)
{
  if (failed_ || finished_) return;
  if (now >= schedule_.deadline && schedule_.deadline != Clock::time_point{})
    return fail(std::to_string(sent_ - received_) + " replies still missing at the deadline");
  if (sent_ > received_ && last_progress_ < since)
    return fail("no reply for longer than the timeout (" + std::to_string(sent_ - received_) +
                " outstanding)");
}

void EchoConnection::fail(const std::string& what)
{
  if (failed_) return;
  failed_ = true;
  result_.fail("connection " + std::to_string(id_) + ": " + what);
  close();
  finish();
}

void EchoConnection::finish()
{
  if (finished_) return;
  finished_ = true;
  if (done_) std::exchange(done_, nullptr)();
}

void EchoConnection::close()
{
  closing_ = true;
  boost::system::error_code ignored;
  timer_.cancel();
  socket_.close(ignored);
}

}  // namespace proactor::loadgen
