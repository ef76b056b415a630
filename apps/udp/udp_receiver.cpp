#include "udp/udp_receiver.hpp"

#include "common/flag_parser.hpp"
#include "common/messages.hpp"
#include "udp/udp_flags.hpp"

#include <iostream>
#include <thread>
#include <utility>

namespace proactor::udp {

UdpReceiver::UdpReceiver(ReceiverOptions options)
    : options_(std::move(options)),
      endpoint_(UdpEndpoint::open(io_, options_.host, options_.port, *this, options_.config))
{}

int UdpReceiver::run(std::function<void()> before_close)
{
  before_close_ = std::move(before_close);
  signals_.async_wait([this] { finish(0); });
  if (options_.timeout.count() > 0) {
    timer_.expires_after(options_.timeout);
    timer_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      // Without --count the timeout just ends a time-boxed listen.
      if (options_.count == 0) return finish(0);
      apps::print_error(options_.program, "received " + std::to_string(received_) + " of " +
                                              std::to_string(options_.count) +
                                              " datagrams within " +
                                              apps::format_duration(options_.timeout));
      finish(1);
    });
  }
  // The I/O runs on its own thread while this (main) thread only waits in join: Linux hands a
  // process's signal to its main thread first, and a thread in a plain blocking wait takes it
  // at once. Under ThreadSanitizer, which defers signals outside the calls it knows to block,
  // a main thread inside epoll_wait sometimes sat on SIGTERM for good (found by
  // UdpMulticastApp.TheReceiverLeavesAndExitsZeroOnSigterm, about 1 run in 30).
  std::thread io_thread([this] { io_.run(); });  // ends once the endpoint has closed
  io_thread.join();
  return exit_code_;
}

void UdpReceiver::on_datagram(const UdpEndpointPtr&, const UdpAddress& from, ConstBytes bytes)
{
  if (finished_) return;
  std::cout << from << ' ' << printable(bytes) << std::endl;
  if (++received_ == options_.count) finish(0);
}

void UdpReceiver::finish(int exit_code)
{
  if (finished_) return;
  finished_ = true;
  exit_code_ = exit_code;
  timer_.cancel();
  signals_.cancel();
  if (before_close_) before_close_();
  endpoint_->close();
}

}  // namespace proactor::udp
