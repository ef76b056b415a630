// A program outside the tree, built against the installed package: it starts a server on a
// free port, round-trips one frame through it with the framework's client side, and exits
// 0 only if the echo came back intact.
#include <proactor/net/codec.hpp>
#include <proactor/server/server.hpp>
#include <proactor/session/connector.hpp>

#include <boost/asio/io_context.hpp>

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
  io.run_for(std::chrono::seconds(10));
  server.stop();
  std::cout << "reply: " << collect.reply << '\n';
  return collect.reply == "hello from a consumer" ? 0 : 1;
}
