// A program outside the tree, built against the installed package: it starts a server on a
// free port, round-trips one frame through it with the framework's client side, and exits
// 0 only if the echo came back intact.
#include <proactor/net/codec.hpp>
#include <proactor/server/server.hpp>
#include <proactor/session/connector.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

namespace {

class Echo : public proactor::Handler
{
 public:
  void on_frame(const proactor::SessionPtr& session, proactor::ConstBytes payload) override
  {
    session->send(payload);
  }
};

class Collect : public proactor::Handler
{
 public:
  std::string reply;
  void on_frame(const proactor::SessionPtr& session, proactor::ConstBytes payload) override
  {
    reply = proactor::to_string(payload);
    session->close();
  }
  void on_close(const proactor::SessionPtr& /*session*/, proactor::CloseReason /*reason*/,
                boost::system::error_code /*ec*/) override
  {
    if (io) io->stop();
  }
  boost::asio::io_context* io = nullptr;  // stopped once the exchange is over
};

}  // namespace

int main()
{
  Echo echo;
  proactor::ServerConfig config;
  config.io_threads = 1;
  proactor::Server server{config, echo};
  server.listen("127.0.0.1", 0);

  boost::asio::io_context io;
  Collect collect;
  proactor::ConnectOptions options;
  options.port = server.local_endpoint().port;
  proactor::async_connect(io, options, std::make_shared<proactor::InlineDispatcher>(collect),
                          [](boost::system::error_code ec, const proactor::SessionPtr& session) {
                            if (ec) {
                              std::cerr << "connect: " << ec.message() << '\n';
                              return;
                            }
                            session->send(std::string_view("hello from a consumer"));
                          });
  // A timer bounds the run (not run_for, which Asio 1.81's io_uring backend mishandles).
  collect.io = &io;
  boost::asio::steady_timer deadline(io, std::chrono::seconds(10));
  deadline.async_wait([&](boost::system::error_code) { io.stop(); });
  io.run();
  server.stop();
  std::cout << "reply: " << collect.reply << '\n';
  return collect.reply == "hello from a consumer" ? 0 : 1;
}
