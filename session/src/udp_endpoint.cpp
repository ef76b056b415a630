#include <proactor/session/endpoint.hpp>
#include <proactor/session/socket_options_apply.hpp>
#include <proactor/session/udp_endpoint.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/system/system_error.hpp>

#include <atomic>
#include <deque>
#include <mutex>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace proactor {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using boost::system::error_code;

// A receive error that repeats this many times without a datagram in between is not going
// away; the endpoint closes with it rather than spin.
constexpr int kMaxConsecutiveReceiveErrors = 1000;

struct Outgoing
{
  udp::endpoint to;
  std::vector<std::byte> bytes;
};

class AsioUdpEndpoint final : public UdpEndpoint
{
 public:
  AsioUdpEndpoint(UdpSocket socket, UdpHandler& handler, const UdpConfig& config,
                  std::shared_ptr<void> keepalive)
      : keepalive_(std::move(keepalive)),
        socket_(std::move(socket)),
        handler_(handler),
        capacity_(config.send_queue_capacity),
        max_datagram_(config.max_datagram),
        // One byte more than the largest datagram delivered: a datagram that fills it is
        // larger than `max_datagram` (the kernel truncated it), not one that fits exactly.
        buffer_(config.max_datagram + 1),
        fd_(socket_.native_handle()),
        v6_(socket_.local_endpoint().protocol() == udp::v6()),
        local_(to_udp_address(socket_.local_endpoint()))
  {}

  ~AsioUdpEndpoint() override
  {
    error_code ignored;
    socket_.close(ignored);
  }

  void start()
  {
    asio::post(socket_.get_executor(), [self = self()] { self->do_receive(); });
  }

  using UdpEndpoint::send_to;
  bool send_to(const UdpAddress& to, ConstBytes datagram) override
  {
    // The count is taken here, on the caller's thread, so that the bound also covers sends
    // still on their way to the executor: they are the queue's tail.
    if (close_requested_.load(std::memory_order_acquire)) {
      add(send_dropped_, 1);
      return false;
    }
    if (queued_.fetch_add(1, std::memory_order_relaxed) >= capacity_) {
      queued_.fetch_sub(1, std::memory_order_relaxed);
      add(send_dropped_, 1);
      return false;
    }
    Outgoing outgoing{to_udp_endpoint(to),
                      std::vector<std::byte>(datagram.begin(), datagram.end())};
    asio::dispatch(socket_.get_executor(), [self = self(), out = std::move(outgoing)]() mutable {
      self->do_send(std::move(out));
    });
    return true;
  }

  error_code join_group(std::string_view group, std::string_view interface) override
  {
    return change_membership(group, interface, Membership::join);
  }

  error_code leave_group(std::string_view group, std::string_view interface) override
  {
    return change_membership(group, interface, Membership::leave);
  }

  void close() override
  {
    if (close_requested_.exchange(true, std::memory_order_acq_rel)) return;
    // Posted, never run inline: on_close must not run inside a handler that called close().
    asio::post(socket_.get_executor(), [self = self()] { self->do_close(); });
  }

  bool is_open() const noexcept override
  {
    return !close_requested_.load(std::memory_order_acquire);
  }
  const UdpAddress& local_address() const noexcept override { return local_; }
  std::size_t queued() const noexcept override { return queued_.load(std::memory_order_relaxed); }
  NativeSocket native_handle() const noexcept override { return fd_; }

  UdpStats stats() const noexcept override
  {
    constexpr auto relaxed = std::memory_order_relaxed;
    UdpStats s;
    s.datagrams_in = datagrams_in_.load(relaxed);
    s.bytes_in = bytes_in_.load(relaxed);
    s.datagrams_out = datagrams_out_.load(relaxed);
    s.bytes_out = bytes_out_.load(relaxed);
    s.send_dropped = send_dropped_.load(relaxed);
    s.send_errors = send_errors_.load(relaxed);
    s.receive_errors = receive_errors_.load(relaxed);
    s.oversize = oversize_.load(relaxed);
    return s;
  }

 private:
  enum class State : unsigned char
  {
    open,
    draining,
    closed
  };

  std::shared_ptr<AsioUdpEndpoint> self()
  {
    return std::static_pointer_cast<AsioUdpEndpoint>(shared_from_this());
  }

  static void add(std::atomic<std::uint64_t>& counter, std::uint64_t n) noexcept
  {
    counter.fetch_add(n, std::memory_order_relaxed);
  }

  // Any thread: works on the descriptor alone, under the lock that close takes, so the
  // descriptor cannot be closed (and its number reused) in the middle.
  error_code change_membership(std::string_view group, std::string_view interface,
                               Membership membership)
  {
    std::lock_guard lock(fd_mutex_);
    if (!fd_open_) return asio::error::bad_descriptor;
    return set_multicast_membership(fd_, v6_, group, interface, membership);
  }

  // ---- receiving (on the executor) ---------------------------------------------------------

  void do_receive()
  {
    if (state_ != State::open) return;
    receive_in_flight_ = true;
    socket_.async_receive_from(
        asio::buffer(buffer_), sender_,
        [self = self()](error_code ec, std::size_t n) { self->on_receive(ec, n); });
  }

  void on_receive(error_code ec, std::size_t n)
  {
    receive_in_flight_ = false;
    if (state_ == State::closed) return release_socket();
    if (state_ != State::open || ec == asio::error::operation_aborted) return;
    if (ec) {
      add(receive_errors_, 1);
      if (++consecutive_errors_ >= kMaxConsecutiveReceiveErrors) return finish_close(ec);
      handler_.on_error(self(), ec);
    } else if (n > max_datagram_) {
      consecutive_errors_ = 0;
      add(oversize_, 1);
    } else {
      consecutive_errors_ = 0;
      add(datagrams_in_, 1);
      add(bytes_in_, n);
      handler_.on_datagram(self(), to_udp_address(sender_), ConstBytes(buffer_.data(), n));
    }
    do_receive();
  }

  // ---- sending (on the executor) -----------------------------------------------------------

  void do_send(Outgoing outgoing)
  {
    if (state_ == State::closed) {
      // Passed send_to's check just before the close: dropped like any send after it.
      queued_.fetch_sub(1, std::memory_order_relaxed);
      add(send_dropped_, 1);
      return;
    }
    queue_.push_back(std::move(outgoing));
    if (!send_in_flight_) do_write();
  }

  void do_write()
  {
    send_in_flight_ = true;
    const Outgoing& front = queue_.front();
    socket_.async_send_to(asio::buffer(front.bytes), front.to,
                          [self = self()](error_code ec, std::size_t n) { self->on_send(ec, n); });
  }

  void on_send(error_code ec, std::size_t n)
  {
    send_in_flight_ = false;
    if (state_ == State::closed) return release_socket();
    queue_.pop_front();
    queued_.fetch_sub(1, std::memory_order_relaxed);
    if (ec) {
      add(send_errors_, 1);
      handler_.on_error(self(), ec);  // may send again: it then finds no write in flight
    } else {
      add(datagrams_out_, 1);
      add(bytes_out_, n);
    }
    if (state_ == State::closed) return release_socket();
    if (!queue_.empty()) {
      if (!send_in_flight_) do_write();
    } else if (state_ == State::draining) {
      finish_close({});
    }
  }

  // ---- closing (on the executor) -----------------------------------------------------------

  void do_close()
  {
    if (state_ != State::open) return;
    state_ = State::draining;
    if (!send_in_flight_ && queue_.empty()) finish_close({});
  }

  void finish_close(error_code ec)
  {
    state_ = State::closed;
    close_requested_.store(true, std::memory_order_release);
    {
      std::lock_guard lock(fd_mutex_);
      error_code ignored;
      // The pending receive (and send) complete as aborted, and the last of them closes the
      // socket: on io_uring the kernel may still be filling the buffer until then, and Asio
      // 1.81's io_uring backend loses an operation pending on a socket it closes.
      socket_.cancel(ignored);
      fd_open_ = false;
    }
    release_socket();
    queued_.fetch_sub(queue_.size(), std::memory_order_relaxed);
    add(send_dropped_, queue_.size());
    queue_.clear();
    handler_.on_close(self(), ec);  // the last callback
  }

  void release_socket()
  {
    if (receive_in_flight_ || send_in_flight_) return;
    std::lock_guard lock(fd_mutex_);
    error_code ignored;
    socket_.close(ignored);
  }

  std::shared_ptr<void> keepalive_;  // first: destroyed after the socket
  UdpSocket socket_;
  UdpHandler& handler_;
  const std::size_t capacity_;
  const std::size_t max_datagram_;
  std::vector<std::byte> buffer_;
  udp::endpoint sender_;
  std::deque<Outgoing> queue_;
  State state_ = State::open;
  bool send_in_flight_ = false;
  bool receive_in_flight_ = false;
  int consecutive_errors_ = 0;

  const NativeSocket fd_;
  const bool v6_;
  const UdpAddress local_;
  std::mutex fd_mutex_;
  bool fd_open_ = true;  // guarded by fd_mutex_

  std::atomic<bool> close_requested_{false};
  std::atomic<std::size_t> queued_{0};
  std::atomic<std::uint64_t> datagrams_in_{0};
  std::atomic<std::uint64_t> bytes_in_{0};
  std::atomic<std::uint64_t> datagrams_out_{0};
  std::atomic<std::uint64_t> bytes_out_{0};
  std::atomic<std::uint64_t> send_dropped_{0};
  std::atomic<std::uint64_t> send_errors_{0};
  std::atomic<std::uint64_t> receive_errors_{0};
  std::atomic<std::uint64_t> oversize_{0};
};

}  // namespace

UdpEndpointPtr UdpEndpoint::open(asio::io_context& io, std::string_view host, std::uint16_t port,
                                 UdpHandler& handler, UdpConfig config,
                                 std::shared_ptr<void> keepalive)
{
  const udp::endpoint local = to_udp_endpoint(UdpAddress::resolve(host, port));
  const auto where = [&] { return "cannot bind UDP " + to_string(local); };
  UdpSocket socket(io);
  error_code ec;
  if (socket.open(local.protocol(), ec)) throw boost::system::system_error(ec, where());
  if ((ec = proactor::apply(socket, config.socket))) throw boost::system::system_error(ec, where());
  if (socket.bind(local, ec)) throw boost::system::system_error(ec, where());
  auto endpoint =
      std::make_shared<AsioUdpEndpoint>(std::move(socket), handler, config, std::move(keepalive));
  endpoint->start();
  return endpoint;
}

bool UdpEndpoint::send_to(const UdpAddress& to, std::string_view datagram)
{
  return send_to(to, as_bytes(datagram));
}

std::ostream& operator<<(std::ostream& out, const UdpStats& s)
{
  return out << "datagrams_in=" << s.datagrams_in << " bytes_in=" << s.bytes_in
             << " datagrams_out=" << s.datagrams_out << " bytes_out=" << s.bytes_out
             << " send_dropped=" << s.send_dropped << " send_errors=" << s.send_errors
             << " receive_errors=" << s.receive_errors << " oversize=" << s.oversize;
}

}  // namespace proactor
