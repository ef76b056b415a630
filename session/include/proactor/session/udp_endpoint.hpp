#pragma once

// How an endpoint spends its life (all on its io_context's thread, so no mutex around it):
//
//   receiver: do_receive ──async_receive_from──> on_receive ──> UdpHandler::on_datagram ─┐
//               ^            (into one reused buffer)                                    │
//               └──────────────────────── unless closing ◄───────────────────────────────┘
//   sender:   send_to ─(any thread: bounded count, then post)─> do_send ─push─> queue
//               queue ──async_send_to (one datagram at a time)──> on_send ──> next, or close
//
//   open ──close()/server stop──> draining (no more receives; queued sends go out) ──> closed
//     └──────────── a receive error that does not go away ───────────────────────────┘

#include <proactor/net/bytes.hpp>
#include <proactor/session/udp_address.hpp>
#include <proactor/session/udp_config.hpp>
#include <proactor/session/udp_handler.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string_view>

namespace boost::asio {
class io_context;
}

namespace proactor {

/// The operating system's handle of a socket, for options the framework does not cover.
#if defined(_WIN32)
using NativeSocket = std::uintptr_t;  // SOCKET
#else
using NativeSocket = int;
#endif

/// A copy of an endpoint's counters at one moment.
struct UdpStats
{
  std::uint64_t datagrams_in = 0;    ///< datagrams delivered to `on_datagram`
  std::uint64_t bytes_in = 0;        ///< their bytes
  std::uint64_t datagrams_out = 0;   ///< datagrams the kernel took
  std::uint64_t bytes_out = 0;       ///< their bytes
  std::uint64_t send_dropped = 0;    ///< `send_to` refused: queue full, or endpoint closing
  std::uint64_t send_errors = 0;     ///< sends the kernel refused (reported to `on_error`)
  std::uint64_t receive_errors = 0;  ///< failed receives (reported to `on_error`)
  std::uint64_t oversize = 0;        ///< datagrams above `max_datagram`, dropped unread
};

/// Prints one line of `key=value` pairs (for logs and the programs' exit summary).
std::ostream& operator<<(std::ostream& out, const UdpStats& stats);

/// One bound UDP socket on one io_context: a receive loop that hands every datagram to a
/// `UdpHandler`, and a bounded queue of datagrams to send.
///
///   auto endpoint = UdpEndpoint::open(io, "127.0.0.1", 0, handler);
///   endpoint->send_to(UdpAddress::resolve("127.0.0.1", 9000), "hello");
///
/// A `Server` opens endpoints on its I/O threads (`Server::open_udp`) and closes them when it
/// stops. The handler must outlive the endpoint's `on_close`. Asio-free; public members are
/// thread safe unless noted.
class UdpEndpoint : public std::enable_shared_from_this<UdpEndpoint>
{
 public:
  /// Opens a UDP socket of `host`'s family, sets `config.socket`, binds `host:port` (numeric
  /// or a name; port 0 picks a free port) and starts receiving on `io`. `keepalive` (optional)
  /// is held until the endpoint is destroyed, e.g. the io_context itself. Throws
  /// `boost::system::system_error` whose code says why (e.g. "Address already in use"). Any
  /// thread; the handlers run on a thread that runs `io`.
  static UdpEndpointPtr open(boost::asio::io_context& io, std::string_view host, std::uint16_t port,
                             UdpHandler& handler, UdpConfig config = {},
                             std::shared_ptr<void> keepalive = {});

  virtual ~UdpEndpoint() = default;
  UdpEndpoint(const UdpEndpoint&) = delete;
  UdpEndpoint& operator=(const UdpEndpoint&) = delete;

  /// Queues a copy of `datagram` for `to`; datagrams leave in the order they were queued from
  /// one thread. Returns false, and counts `send_dropped`, when the queue already holds
  /// `send_queue_capacity` datagrams or the endpoint is closing. Thread safe; never blocks.
  virtual bool send_to(const UdpAddress& to, ConstBytes datagram) = 0;
  /// As `send_to(to, ConstBytes)`, for text. Thread safe.
  bool send_to(const UdpAddress& to, std::string_view datagram);

  /// Joins multicast `group` (numeric, of the socket's family) on `interface` (IPv4: an
  /// interface's address; IPv6: a name or index; empty: the system's choice). Returns the
  /// operating system's error, if any. Thread safe; effective at once.
  virtual boost::system::error_code join_group(std::string_view group,
                                               std::string_view interface = {}) = 0;
  /// Leaves a group joined with `join_group` (same arguments). Thread safe. Closing the
  /// socket leaves every group anyway.
  virtual boost::system::error_code leave_group(std::string_view group,
                                                std::string_view interface = {}) = 0;

  /// Stops receiving, sends what is queued, closes the socket, then calls `on_close` (never
  /// from inside this call). Thread safe; idempotent.
  virtual void close() = 0;

  /// False once `close()` was called (or the endpoint closed itself). Thread safe.
  virtual bool is_open() const noexcept = 0;
  /// The bound address, with the real port. Thread safe.
  virtual const UdpAddress& local_address() const noexcept = 0;
  /// Datagrams accepted by `send_to` and not yet handed to the kernel. Thread safe.
  virtual std::size_t queued() const noexcept = 0;
  /// A copy of the counters. Thread safe.
  virtual UdpStats stats() const noexcept = 0;
  /// The socket's handle, for getsockopt/setsockopt the framework does not cover; valid until
  /// the endpoint closes. Thread safe.
  virtual NativeSocket native_handle() const noexcept = 0;

 protected:
  UdpEndpoint() = default;
};

}  // namespace proactor
