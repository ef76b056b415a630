#include <proactor/net/error.hpp>
#include <proactor/session/basic_session.hpp>
#include <proactor/session/connector.hpp>
#include <proactor/session/socket_options_apply.hpp>
#include <proactor/session/transport.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>

namespace proactor {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::atomic<SessionId> next_client_id{1};

// One connection attempt: resolve, connect, and a timer that cancels both.
class ConnectOp : public std::enable_shared_from_this<ConnectOp>
{
 public:
  ConnectOp(asio::io_context& io, ConnectOptions options, std::shared_ptr<Dispatcher> dispatcher,
            ConnectHandler on_connect)
      : resolver_(io),
        socket_(io),
        timer_(io),
        options_(std::move(options)),
        dispatcher_(std::move(dispatcher)),
        on_connect_(std::move(on_connect))
  {}

  void start()
  {
    timer_.expires_after(options_.timeout);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->done_) return;
      self->timed_out_ = true;
      self->resolver_.cancel();
      boost::system::error_code ignored;
      self->socket_.close(ignored);
    });
    resolver_.async_resolve(options_.host, std::to_string(options_.port),
                            [self = shared_from_this()](boost::system::error_code ec,
                                                        tcp::resolver::results_type results) {
                              self->on_resolve(ec, std::move(results));
                            });
  }

 private:
  void on_resolve(boost::system::error_code ec, const tcp::resolver::results_type& results)
  {
    if (ec) return finish(ec);
    asio::async_connect(socket_, results,
                        [self = shared_from_this()](boost::system::error_code ec2,
                                                    const tcp::endpoint&) { self->finish(ec2); });
  }

  void finish(boost::system::error_code ec)
  {
    done_ = true;
    timer_.cancel();
    if (timed_out_) ec = error::connect_timeout;
    if (!ec) ec = proactor::apply(socket_, options_.socket_options);
    if (ec) return on_connect_(ec, nullptr);
    const Transport& transport = options_.transport ? *options_.transport : tcp_transport();
    transport.open(
        std::move(socket_), Transport::Side::client,
        {next_client_id++, options_.config, dispatcher_, options_.counters, {}, options_.host}, {},
        std::move(on_connect_));
  }

  tcp::resolver resolver_;
  TcpSocket socket_;
  asio::steady_timer timer_;
  ConnectOptions options_;
  std::shared_ptr<Dispatcher> dispatcher_;
  ConnectHandler on_connect_;
  bool done_ = false;
  bool timed_out_ = false;
};

}  // namespace

std::shared_ptr<const SessionConfig> ConnectOptions::default_client_config()
{
  auto config = std::make_shared<SessionConfig>();
  config->pause_reading_while_unwritable = false;
  return config;
}

void async_connect(asio::io_context& io, const ConnectOptions& options,
                   std::shared_ptr<Dispatcher> dispatcher, ConnectHandler on_connect)
{
  std::make_shared<ConnectOp>(io, options, std::move(dispatcher), std::move(on_connect))->start();
}

}  // namespace proactor
