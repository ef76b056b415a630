#include "loadgen/chat_worker.hpp"
#include "loadgen/run_support.hpp"

#include "chat/chat_event.hpp"
#include "chat/chat_request.hpp"
#include <proactor/session/connector.hpp>
#include <proactor/session/dispatcher.hpp>
#include <proactor/session/session_config.hpp>
#include <proactor/tls/tls_transport.hpp>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <any>
#include <charconv>
#include <utility>
#include <variant>

namespace proactor::loadgen {
namespace asio = boost::asio;
namespace {

constexpr std::uint32_t kReadyToken = 1;

// Reads "<number>:" from the front of `text`, advancing it.
bool take_number(std::string_view& text, std::uint64_t& value)
{
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr == end || *ptr != ':') return false;
  text.remove_prefix(static_cast<std::size_t>(ptr + 1 - text.data()));
  return true;
}

}  // namespace

struct ChatWorker::Client
{
  SessionPtr session;
  std::size_t index = 0;            // global client number: nickname lg<index>
  std::vector<std::uint64_t> next;  // per sender: the sequence number expected next
  std::uint64_t own_back = 0;       // a sender's own messages that came back
  Clock::time_point last_progress{};
  bool pending = false;  // takes part in the current step and has not completed it
  bool failed = false;
};

ChatWorker::ChatWorker(const LoadgenOptions& options, std::size_t first, std::size_t count,
                       Clock::time_point epoch)
    : options_(options),
      epoch_(epoch),
      first_(first),
      work_(io_.get_executor()),
      watchdog_(io_),
      clients_(count),
      sent_(options.senders, 0),
      expected_(options.senders, 0),
      padding_(options.size, 'x')
{
  for (std::size_t i = 0; i < count; ++i) {
    clients_[i].index = first + i;
    clients_[i].next.assign(options.senders, 0);
  }
  thread_ = std::thread([this] { io_.run(); });
}

ChatWorker::~ChatWorker()
{
  stop();
}

void ChatWorker::begin(Done done, std::size_t waiting)
{
  done_ = std::move(done);
  waiting_ = waiting;
  if (waiting_ == 0) std::exchange(done_, nullptr)();
}

void ChatWorker::complete(Client& client)
{
  if (!client.pending) return;
  client.pending = false;
  if (--waiting_ == 0 && done_) {
    published_.store(result_.replies_seen, std::memory_order_relaxed);
    std::exchange(done_, nullptr)();
  }
}

void ChatWorker::connect(Done done)
{
  asio::post(io_, [this, done = std::move(done)]() mutable {
    const auto now = Clock::now();
    for (auto& client : clients_) {
      client.pending = true;
      client.last_progress = now;
    }
    begin(std::move(done), clients_.size());
    arm_watchdog();
    auto config = std::make_shared<SessionConfig>(*ConnectOptions::default_client_config());
    config->idle_timeout = std::chrono::milliseconds::zero();  // listeners may be silent
    ConnectOptions connect_options{
        .host = options_.host,
        .port = options_.port,
        .timeout = options_.timeout,
        .config = std::move(config),
        .transport = options_.tls ? tls::make_transport(insecure_tls_context()) : nullptr};
    auto dispatcher = std::make_shared<InlineDispatcher>(*this);
    for (std::size_t i = 0; i < clients_.size(); ++i) {
      async_connect(io_, connect_options, dispatcher,
                    [this, i](boost::system::error_code ec, SessionPtr session) {
                      if (ec) return fail(i, "connect: " + ec.message());
                      Client& client = clients_[i];
                      client.session = session;
                      session->context() = i;
                      ++result_.connected;
                      using namespace chat;
                      // Requests are handled in order: the pong says the join is done.
                      for (const Request& request :
                           {Request{HelloRequest{}},
                            Request{NickRequest{"lg" + std::to_string(client.index)}},
                            Request{JoinRequest{options_.room}}, Request{PingRequest{kReadyToken}}})
                        session->send(encode(request));
                    });
    }
  });
}

void ChatWorker::run(const Schedule& schedule, Done done)
{
  asio::post(io_, [this, schedule, done = std::move(done)]() mutable {
    schedule_ = schedule;
    std::size_t senders = 0;
    for (auto& client : clients_) {
      client.pending = client.index < options_.senders && !client.failed;
      client.last_progress = Clock::now();
      senders += client.pending ? 1 : 0;
    }
    begin(std::move(done), senders);
    for (auto& client : clients_)
      if (client.pending)
        while (sent_[client.index] - client.own_back < options_.window) send_message(client);
  });
}

void ChatWorker::drain(std::vector<std::uint64_t> sent, Done done)
{
  asio::post(io_, [this, sent = std::move(sent), done = std::move(done)]() mutable {
    expected_ = std::move(sent);
    draining_ = true;
    std::size_t waiting = 0;
    for (auto& client : clients_) {
      client.pending = !client.failed;
      client.last_progress = Clock::now();
      waiting += client.pending ? 1 : 0;
    }
    begin(std::move(done), waiting);
    for (auto& client : clients_) check_drained(client);
  });
}

void ChatWorker::send_message(Client& client)
{
  const std::uint64_t seq = sent_[client.index]++;
  const auto stamp = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - epoch_);
  std::string text = std::to_string(seq) + ':' + std::to_string(stamp.count()) + ':';
  if (text.size() < padding_.size()) text.append(padding_, text.size());
  client.session->send(chat::encode(chat::Request{chat::SayRequest{std::move(text)}}));
}

void ChatWorker::on_open(const SessionPtr&)
{}

void ChatWorker::on_frame(const SessionPtr& session, ConstBytes payload)
{
  const auto* local = std::any_cast<std::size_t>(&session->context());
  if (local == nullptr) return;
  Client& client = clients_[*local];
  if (client.failed) return;
  chat::Event event;
  if (chat::parse(payload, event) != chat::ErrorCode::none)
    return fail(*local, "an event that does not parse");
  client.last_progress = Clock::now();
  if (const auto* message = std::get_if<chat::MessageEvent>(&event)) {
    on_message(client, message->nick, message->text);
  } else if (const auto* pong = std::get_if<chat::PongEvent>(&event)) {
    if (pong->token == kReadyToken) complete(client);
  } else if (const auto* error = std::get_if<chat::ErrorEvent>(&event)) {
    fail(*local, "the server reported error " + std::to_string(static_cast<unsigned>(error->code)) +
                     ": " + error->text);
  }
}

void ChatWorker::on_message(Client& client, std::string_view nick, std::string_view text)
{
  const std::size_t local = client.index - first_;
  std::uint64_t sender = 0;
  std::string_view number = nick;
  if (!number.starts_with("lg") ||
      std::from_chars(number.data() + 2, number.data() + number.size(), sender).ec != std::errc() ||
      sender >= options_.senders)
    return fail(local, "a message from an unexpected sender '" + std::string(nick) + "'");
  std::uint64_t seq = 0;
  std::uint64_t stamp = 0;
  std::string_view rest = text;
  const bool stamped = take_number(rest, seq) && take_number(rest, stamp);
  // The stamp, then 'x' up to --size (nothing when the stamp alone is that long).
  const std::size_t header = text.size() - rest.size();
  if (!stamped || text.size() != std::max(header, padding_.size()) ||
      rest.find_first_not_of('x') != std::string_view::npos)
    return fail(local, "a message whose text was altered");
  auto& next = client.next[sender];
  if (seq != next)
    return fail(local, "message " + std::to_string(seq) + " of lg" + std::to_string(sender) +
                           " arrived when " + std::to_string(next) +
                           " was due (lost or reordered)");
  ++next;
  const auto now = Clock::now();
  ++result_.replies_seen;
  if (now >= schedule_.measure_start && now < schedule_.measure_end) {
    result_.latency.record(now - (epoch_ + std::chrono::nanoseconds(stamp)));
    ++result_.messages;
    result_.bytes += text.size();
  }
  if (sender == client.index) {
    ++client.own_back;
    if (now < schedule_.measure_end && client.pending) {
      send_message(client);
    } else if (!draining_ && client.own_back == sent_[sender]) {
      complete(client);
    }
  }
  if (draining_) check_drained(client);
}

void ChatWorker::check_drained(Client& client)
{
  if (!draining_ || !client.pending) return;
  for (std::size_t s = 0; s < expected_.size(); ++s)
    if (client.next[s] < expected_[s]) return;
  complete(client);
}

void ChatWorker::on_close(const SessionPtr& session, CloseReason reason,
                          boost::system::error_code ec)
{
  const auto* local = std::any_cast<std::size_t>(&session->context());
  if (local == nullptr || stopping_) return;
  fail(*local, "the connection closed: " + std::string(to_string(reason)) +
                   (ec ? " (" + ec.message() + ")" : std::string()));
}

void ChatWorker::fail(std::size_t local, const std::string& what)
{
  Client& client = clients_[local];
  if (client.failed) return;
  client.failed = true;
  result_.fail("client lg" + std::to_string(client.index) + ": " + what);
  if (client.session) client.session->close();
  complete(client);
}

void ChatWorker::arm_watchdog()
{
  watchdog_.expires_after(kWatchdogPeriod);
  watchdog_.async_wait([this](boost::system::error_code ec) {
    // A wait that had already completed when stop() cancelled it still runs, with success.
    if (ec || stopping_) return;
    const auto now = Clock::now();
    published_.store(result_.replies_seen, std::memory_order_relaxed);
    for (std::size_t i = 0; i < clients_.size(); ++i) {
      Client& client = clients_[i];
      if (!client.pending) continue;
      // A sender whose window was empty when sending stopped has nothing more to wait for.
      if (!draining_ && client.index < options_.senders && now >= schedule_.measure_end &&
          client.own_back == sent_[client.index] && schedule_.measure_end != Clock::time_point{})
        complete(client);
      else if (now - client.last_progress > options_.timeout)
        fail(i, "no progress for longer than the timeout");
    }
    arm_watchdog();
  });
}

void ChatWorker::stop()
{
  if (!thread_.joinable()) return;
  asio::post(io_, [this] {
    stopping_ = true;
    watchdog_.cancel();
    for (auto& client : clients_)
      if (client.session) client.session->close();
    work_.reset();
    // The thread ends here, not when the context runs out of work: the closes' aborted
    // completions are queued ahead of this on epoll, while Asio 1.81's io_uring backend can
    // lose an operation pending on a closed socket, and the run would then never end.
    asio::post(io_, [this] { io_.stop(); });
  });
  thread_.join();
  for (auto& client : clients_) client.session.reset();
  published_.store(result_.replies_seen, std::memory_order_relaxed);
}

}  // namespace proactor::loadgen
