#include "server_dispatcher.hpp"
#include <proactor/net/error.hpp>
#include <proactor/server/acceptor.hpp>
#include <proactor/server/io_pool.hpp>
#include <proactor/server/logic_pool.hpp>
#include <proactor/server/server.hpp>
#include <proactor/server/session_registry.hpp>
#include <proactor/session/basic_session.hpp>
#include <proactor/session/endpoint.hpp>
#include <proactor/session/socket_options_apply.hpp>
#include <proactor/session/stop_signals.hpp>
#include <proactor/session/transport.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/system/system_error.hpp>

#include <condition_variable>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace proactor {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::size_t resolve_threads(std::size_t wanted)
{
  if (wanted != 0) return wanted;
  return std::max(1u, std::thread::hardware_concurrency());
}

tcp::endpoint resolve_listen_endpoint(std::string_view host, std::uint16_t port)
{
  boost::system::error_code ec;
  std::string name(host);
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']')
    name = name.substr(1, name.size() - 2);
  const auto address = asio::ip::make_address(name, ec);
  if (!ec) return {address, port};
  // Not numeric: a name such as "localhost". Take the first address it resolves to.
  asio::io_context io;
  tcp::resolver resolver(io);
  const auto results = resolver.resolve(name, std::to_string(port), ec);
  if (ec || results.empty())
    throw boost::system::system_error(ec, "cannot listen on " + name + ":" + std::to_string(port));
  return results.begin()->endpoint();
}

std::chrono::milliseconds remaining(std::chrono::steady_clock::time_point deadline)
{
  const auto left = deadline - std::chrono::steady_clock::now();
  return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(left),
                  std::chrono::milliseconds(1));
}

// The handler of a server that serves UDP only; never called, since such a server does not
// listen for TCP.
Handler& no_tcp_handler()
{
  class NoTcpHandler final : public Handler
  {
   public:
    void on_frame(const SessionPtr&, ConstBytes) override {}
  };
  static NoTcpHandler handler;
  return handler;
}

// What an accepted session keeps alive for as long as it exists.
struct SessionAnchor
{
  std::shared_ptr<asio::io_context> io;
  std::shared_ptr<Metrics> metrics;
};

}  // namespace

std::ostream& operator<<(std::ostream& out, const ListenEndpoint& endpoint)
{
  if (endpoint.host.find(':') != std::string::npos)
    return out << '[' << endpoint.host << "]:" << endpoint.port;
  return out << endpoint.host << ':' << endpoint.port;
}

class Server::Impl
{
 public:
  Impl(ServerConfig config, Handler& handler, bool tcp = true)
      : tcp_(tcp),
        config_(std::move(config)),
        session_config_(std::make_shared<const SessionConfig>(config_.session)),
        pool_(resolve_threads(config_.io_threads)),
        server_dispatcher_(std::make_shared<ServerDispatcher>(handler, registry_, *metrics_))
  {
    config_.io_threads = pool_.size();
    // One anchor per context, shared by its sessions: a pointer copy per accept, and no
    // allocation per connection.
    for (std::size_t i = 0; i < pool_.size(); ++i)
      anchors_.push_back(
          std::make_shared<SessionAnchor>(SessionAnchor{pool_.share(pool_.at(i)), metrics_}));
    if (config_.logic_threads > 0) {
      logic_ = std::make_shared<LogicPool>(config_.logic_threads, config_.job_queue_capacity,
                                           *server_dispatcher_, pool_, config_.logic_backlog_bytes);
      logic_->start();
      dispatcher_ = logic_;
    } else {
      dispatcher_ = server_dispatcher_;
    }
  }

  ~Impl() { stop(); }

  void listen(std::string_view host, std::uint16_t port)
  {
    std::lock_guard lock(mutex_);
    if (stop_started_) throw std::logic_error("Server::listen after stop()");
    if (!tcp_) throw std::logic_error("Server::listen on a server made for UDP only");
    auto acceptor = std::make_unique<Acceptor>(
        pool_, resolve_listen_endpoint(host, port), config_.backlog, config_.accept_backoff,
        *metrics_, [this](TcpSocket socket) { on_accept(std::move(socket)); },
        config_.socket_options);
    acceptor->start();
    endpoints_.push_back(acceptor->local_endpoint());
    acceptors_.push_back(std::move(acceptor));
    start_threads_locked();
  }

  UdpEndpointPtr open_udp(std::string_view host, std::uint16_t port, UdpHandler& handler,
                          UdpConfig config)
  {
    std::lock_guard lock(mutex_);
    if (stop_started_) throw std::logic_error("Server::open_udp after stop()");
    auto& io = pool_.next();
    // The endpoint shares its context, as a session does: a pointer the application keeps
    // past the server's end stays safe to use and to release.
    auto endpoint = UdpEndpoint::open(io, host, port, handler, std::move(config), pool_.share(io));
    std::erase_if(udp_endpoints_, [](const auto& weak) { return weak.expired(); });
    udp_endpoints_.push_back(endpoint);
    start_threads_locked();
    return endpoint;
  }

  ListenEndpoint local_endpoint() const
  {
    std::lock_guard lock(mutex_);
    if (endpoints_.empty()) throw std::logic_error("Server::local_endpoint before listen()");
    const auto& endpoint = endpoints_.front();
    return {endpoint.address().to_string(), endpoint.port()};
  }

  void catch_signals()
  {
    std::lock_guard lock(mutex_);
    if (signals_ || stop_started_) return;
    signals_ = std::make_unique<StopSignals>(pool_.at(0));
    signals_->async_wait([this] {
      std::lock_guard inner(mutex_);
      signalled_ = true;
      changed_.notify_all();
    });
    start_threads_locked();
  }

  void run_until_signal()
  {
    catch_signals();
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return signalled_ || stop_started_; });
    }
    stop();
  }

  void wait()
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return stopped_; });
  }

  void stop()
  {
    // False when nothing ever started the I/O threads (e.g. listen failed): there is nothing
    // to wait for, and waiting on threads that do not run would take the whole stop_timeout.
    bool running = false;
    {
      std::unique_lock lock(mutex_);
      if (stop_started_) {
        changed_.wait(lock, [this] { return stopped_; });
        return;
      }
      if (pool_.in_pool_thread())
        throw std::logic_error("Server::stop() called from an I/O thread (from a handler?)");
      stop_started_ = true;
      running = threads_started_;
      changed_.notify_all();
    }
    for (auto& acceptor : acceptors_) acceptor->close();
    // UDP endpoints stop receiving and send what they have queued while sessions drain.
    for (const auto& weak : udp_endpoints_)
      if (const auto endpoint = weak.lock()) endpoint->close();
    // From here on, a connection accepted in the meantime is refused by the registry.
    const auto sessions = registry_.close_admission();
    const auto deadline = std::chrono::steady_clock::now() + config_.stop_timeout;
    if (logic_ && running) {
      // Frames already handed to logic threads are handled and their replies queued before
      // the sessions flush and close; no new frame is taken meanwhile.
      for (const auto& session : sessions) session->stop_input();
      pool_.sync(config_.stop_timeout);
      logic_->wait_idle(remaining(deadline));
    }
    for (const auto& session : sessions) session->stop();
    registry_.wait_empty(remaining(deadline));
    // Every session has closed, but a closed session's cancelled operations complete after
    // its close (on io_uring, once the kernel has answered the cancel), and the last of them
    // releases the socket and the session. Two rounds through every I/O thread let those
    // completions be reaped and run before the threads stop. The endpoints' closes have run
    // too; a send still in flight completes in run_ready_handlers below.
    if (running) {
      pool_.sync(remaining(deadline));
      pool_.sync(remaining(deadline));
    }
    if (logic_) logic_->stop();
    pool_.stop();
    pool_.join();
    pool_.run_ready_handlers();
    {
      std::lock_guard lock(mutex_);
      // The threads are gone; a close posted to an acceptor may not have run, so closing
      // the listening sockets here is what guarantees the port is released.
      acceptors_.clear();
      udp_endpoints_.clear();
      signals_.reset();
      stopped_ = true;
      changed_.notify_all();
    }
  }

  const ServerConfig& config() const noexcept { return config_; }
  SessionRegistry& registry() noexcept { return registry_; }
  const SessionRegistry& registry() const noexcept { return registry_; }
  MetricsSnapshot metrics() const noexcept { return metrics_->snapshot(); }

 private:
  void start_threads_locked()
  {
    if (threads_started_) return;
    threads_started_ = true;
    pool_.start();
  }

  // What a session on `io` keeps alive: its context and the counters.
  std::shared_ptr<void> anchor_for(const asio::io_context& io)
  {
    for (std::size_t i = 0; i < pool_.size(); ++i)
      if (&pool_.at(i) == &io) return anchors_[i];
    throw std::logic_error("Server: a socket on a context outside the pool");
  }

  // On the acceptor's thread. The socket already lives on the context that will run it.
  void on_accept(TcpSocket socket)
  {
    boost::system::error_code ignored;
    if (metrics_->active.load(std::memory_order_relaxed) >= config_.max_connections) {
      metrics_->refused.fetch_add(1, std::memory_order_relaxed);
      socket.close(ignored);
      return;
    }
    // Best effort, as before: a connection is served even if an option did not take.
    static_cast<void>(proactor::apply(socket, config_.socket_options));
    // The session shares its context and the counters, so that a SessionPtr the
    // application keeps past the server's end outlives neither.
    auto anchor = anchor_for(socket.get_executor().context());
    const Transport& transport = config_.transport ? *config_.transport : tcp_transport();
    // A handshake (TLS) completes later on the session's thread; until then the connection
    // is neither registered nor counted as active.
    transport.open(
        std::move(socket), Transport::Side::server,
        {next_id_++, session_config_, dispatcher_, &metrics_->traffic, std::move(anchor), {}},
        [this](const SessionPtr& session) { return admit(session); },
        [this](boost::system::error_code ec, const SessionPtr&) {
          if (!ec) return;
          metrics_->count_close(ec == error::handshake_timeout ? CloseReason::handshake_timeout
                                                               : CloseReason::handshake_failed);
        });
  }

  // On the session's thread, before it starts.
  bool admit(const SessionPtr& session)
  {
    if (!registry_.add(session)) {
      metrics_->refused.fetch_add(1, std::memory_order_relaxed);
      return false;  // stopping; the unstarted session closes its socket as it goes
    }
    metrics_->accepted.fetch_add(1, std::memory_order_relaxed);
    metrics_->active.fetch_add(1, std::memory_order_relaxed);
    return true;
  }

  const bool tcp_;
  ServerConfig config_;
  std::shared_ptr<const SessionConfig> session_config_;
  // Shared with the sessions (with their io_context): a session an application keeps past
  // the server's end still counts into live memory.
  std::shared_ptr<Metrics> metrics_ = std::make_shared<Metrics>();
  std::vector<std::shared_ptr<void>> anchors_;  // per context, see anchor_for
  SessionRegistry registry_;
  IoPool pool_;  // after the registry and metrics: its threads use them until joined
  std::shared_ptr<ServerDispatcher> server_dispatcher_;
  std::shared_ptr<LogicPool> logic_;
  std::shared_ptr<Dispatcher> dispatcher_;
  std::vector<std::unique_ptr<Acceptor>> acceptors_;
  std::vector<tcp::endpoint> endpoints_;
  // Weak: an endpoint's pending receive owns it, as a session's operations own the session.
  std::vector<std::weak_ptr<UdpEndpoint>> udp_endpoints_;
  std::unique_ptr<StopSignals> signals_;
  SessionId next_id_ = 1;  // acceptor thread only

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool threads_started_ = false;
  bool signalled_ = false;
  bool stop_started_ = false;
  bool stopped_ = false;
};

Server::Server(ServerConfig config, Handler& handler)
    : impl_(std::make_unique<Impl>(std::move(config), handler))
{}

Server::Server(ServerConfig config)
    : impl_(std::make_unique<Impl>(std::move(config), no_tcp_handler(), /*tcp=*/false))
{}

Server::~Server() = default;

void Server::listen(std::string_view host, std::uint16_t port)
{
  impl_->listen(host, port);
}
UdpEndpointPtr Server::open_udp(std::string_view host, std::uint16_t port, UdpHandler& handler,
                                UdpConfig config)
{
  return impl_->open_udp(host, port, handler, std::move(config));
}
ListenEndpoint Server::local_endpoint() const
{
  return impl_->local_endpoint();
}
void Server::catch_signals()
{
  impl_->catch_signals();
}
void Server::run_until_signal()
{
  impl_->run_until_signal();
}
void Server::wait()
{
  impl_->wait();
}
void Server::stop()
{
  impl_->stop();
}

void Server::broadcast(const Frame& frame, const SessionPtr& from)
{
  impl_->registry().for_each([&](const SessionPtr& session) {
    if (!from)
      session->send(frame);
    else if (session != from)
      session->send(frame, from);
  });
}

void Server::for_each_session(const std::function<void(const SessionPtr&)>& fn) const
{
  impl_->registry().for_each(fn);
}

SessionPtr Server::find_session(SessionId id) const
{
  return impl_->registry().find(id);
}
std::size_t Server::session_count() const
{
  return impl_->registry().size();
}
MetricsSnapshot Server::metrics() const
{
  return impl_->metrics();
}
const ServerConfig& Server::config() const noexcept
{
  return impl_->config();
}

}  // namespace proactor
