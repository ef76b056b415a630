#include "calc/calc_once.hpp"

#include "common/messages.hpp"
#include <proactor/net/packet_writer.hpp>
#include <proactor/session/connector.hpp>
#include <proactor/session/dispatcher.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <iostream>
#include <memory>
#include <utility>

namespace proactor::calc {

CalcOnce::CalcOnce(CalcClientOptions options, Request request)
    : options_(std::move(options)), request_(request)
{}

int CalcOnce::run()
{
  const std::string address = apps::format_address(options_.host, options_.port);
  boost::asio::io_context io;
  // The connect has its own timeout; the reply gets as long again. The run ends as soon as
  // the connection has closed. A timer rather than run_for: a timed run is unsafe on Asio
  // 1.81's io_uring backend (docs/platforms.md).
  boost::asio::steady_timer deadline(io, 2 * options_.timeout);
  deadline.async_wait([&](boost::system::error_code ec) {
    if (!ec) io.stop();
  });
  finished_ = [&] { io.stop(); };
  async_connect(io, options_.connect_options(), std::make_shared<InlineDispatcher>(*this),
                [&](boost::system::error_code ec, const SessionPtr&) {
                  if (!ec) return;
                  fail("cannot connect to " + address + ": " + ec.message());
                  io.stop();
                });
  io.run();
  finished_ = nullptr;
  if (!error_ && !reply_)
    fail("no reply from " + address + " within " + apps::format_duration(options_.timeout));
  if (error_) {
    apps::print_error(options_.program, *error_);
    return 1;
  }
  std::cout << format_reply(*reply_) << std::endl;
  return reply_->status == Status::ok ? 0 : 1;
}

void CalcOnce::on_open(const SessionPtr& session)
{
  PacketWriter writer(kRequestSize);
  write(writer, request_);
  session->send(std::move(writer).to_frame());
}

void CalcOnce::on_frame(const SessionPtr& session, ConstBytes payload)
{
  if (reply_) return;
  reply_ = parse_reply(payload);
  if (!reply_) fail("malformed reply of " + std::to_string(payload.size()) + " bytes");
  session->close();
}

void CalcOnce::on_close(const SessionPtr& /*session*/, CloseReason reason,
                        boost::system::error_code ec)
{
  if (finished_) finished_();
  if (reply_) return;
  std::string message = "connection to " + apps::format_address(options_.host, options_.port) +
                        " closed: " + std::string(to_string(reason));
  if (ec) message += ": " + ec.message();
  fail(std::move(message));
}

void CalcOnce::fail(std::string message)
{
  if (!error_) error_ = std::move(message);
}

}  // namespace proactor::calc
