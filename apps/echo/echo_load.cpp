#include "echo/echo_load.hpp"

#include "common/messages.hpp"
#include <proactor/session/close_reason.hpp>
#include <proactor/session/connector.hpp>
#include <proactor/session/dispatcher.hpp>
#include <proactor/session/handler.hpp>

#include <algorithm>
#include <iostream>
#include <variant>

namespace proactor::apps {

// One connection's share of the frames. Its callbacks run on the run() thread.
class EchoLoad::Connection final : public Handler
{
 public:
  Connection(EchoLoad& load, std::size_t index, std::size_t frames)
      : load_(load), index_(index), frames_(frames)
  {}

  void start()
  {
    async_connect(load_.io_, load_.connect_options_, std::make_shared<InlineDispatcher>(*this),
                  [this](boost::system::error_code ec, const SessionPtr&) {
                    if (ec) load_.fail("cannot connect to " + load_.address_ + ": " + ec.message());
                  });
  }

  void on_open(const SessionPtr& session) override
  {
    session_ = session;
    load_.on_open();
    fill_pipeline();
  }

  void on_frame(const SessionPtr& /*session*/, ConstBytes payload) override
  {
    if (!intact(payload))
      return load_.fail("reply " + std::to_string(received_) + " on connection " +
                        std::to_string(index_) + " differs from the frame sent");
    ++received_;
    load_.on_reply(payload.size());
    if (received_ == frames_) return session_->close();
    fill_pipeline();
  }

  void on_close(const SessionPtr& /*session*/, CloseReason reason,
                boost::system::error_code ec) override
  {
    session_.reset();
    if (received_ == frames_) return;
    std::string message = "connection " + std::to_string(index_) + " closed after " +
                          std::to_string(received_) + " of " + std::to_string(frames_) +
                          " replies: " + std::string(to_string(reason));
    if (ec) message += ": " + ec.message();
    load_.fail(std::move(message));
  }

 private:
  // Keeps up to `pipeline` frames, within the in-flight byte budget, unanswered: each reply
  // makes room for the next frame. One frame may always go, however big.
  void fill_pipeline()
  {
    const auto room_for_one_more = [this] {
      const std::size_t in_flight = sent_ - received_;
      return in_flight == 0 || (in_flight < load_.options_.pipeline &&
                                (in_flight + 1) * load_.wire_size_ <= load_.max_in_flight_bytes_);
    };
    // A send on this thread runs at once and may close the session (hence the check).
    while (session_ && sent_ < frames_ && room_for_one_more()) {
      payload_.resize(load_.options_.size);
      for (std::size_t i = 0; i < payload_.size(); ++i)
        payload_[i] = payload_byte(i, sent_, load_.printable_);
      session_->send(payload_);
      ++sent_;
    }
  }

  // TCP keeps order, so the reply to frame `received_` is the next one to arrive.
  bool intact(ConstBytes payload) const
  {
    if (payload.size() != load_.options_.size) return false;
    const std::string_view text = as_string_view(payload);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != payload_byte(i, received_, load_.printable_)) return false;
    }
    return true;
  }

  EchoLoad& load_;
  std::size_t index_;
  std::size_t frames_;
  std::size_t sent_ = 0;
  std::size_t received_ = 0;
  std::string payload_;
  SessionPtr session_;
};

EchoLoad::EchoLoad(EchoClientOptions options)
    : options_(std::move(options)),
      connect_options_(options_.connect_options()),
      address_(format_address(options_.host, options_.port)),
      printable_(std::holds_alternative<DelimiterCodec>(options_.codec)),
      wire_size_(options_.size + max_wire_size(options_.codec) - max_frame_size(options_.codec)),
      max_in_flight_bytes_(options_.max_in_flight_bytes()),
      watchdog_(io_)
{
  // Frames are dealt out as evenly as possible; a connection with nothing to send is not made.
  const std::size_t count = std::min(options_.connections, options_.count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t frames = options_.count / count + (i < options_.count % count ? 1 : 0);
    connections_.push_back(std::make_unique<Connection>(*this, i, frames));
  }
}

EchoLoad::~EchoLoad() = default;

int EchoLoad::run()
{
  started_ = clock::now();
  for (auto& connection : connections_) connection->start();
  io_.run();

  if (error_.empty() && replies_ != options_.count)
    error_ = "stopped after " + std::to_string(replies_) + " of " + std::to_string(options_.count) +
             " replies";
  if (!error_.empty()) {
    print_error(options_.program, error_);
    return 1;
  }

  const std::chrono::duration<double> elapsed = finished_ - started_;
  const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
  const double rate = elapsed.count() > 0 ? static_cast<double>(replies_) / elapsed.count() : 0;
  std::cout << "sent=" << options_.count << " received=" << replies_ << " bytes=" << reply_bytes_
            << " elapsed_ms=" << elapsed_ms << " msgs_per_sec=" << static_cast<std::uint64_t>(rate)
            << std::endl;
  return 0;
}

void EchoLoad::on_open()
{
  // Replies are only expected once a connection is up; connecting has its own timeout.
  if (watchdog_armed_) return;
  watchdog_armed_ = true;
  arm_watchdog();
}

void EchoLoad::on_reply(std::size_t bytes)
{
  ++replies_;
  reply_bytes_ += bytes;
  if (replies_ < options_.count) return;
  finished_ = clock::now();
  // The connections now close gracefully; the run ends when they have.
  watchdog_.cancel();
}

void EchoLoad::fail(std::string message)
{
  if (!error_.empty()) return;
  error_ = std::move(message);
  io_.stop();
}

// Fails the run when a whole `timeout` passes without a single reply.
void EchoLoad::arm_watchdog()
{
  watchdog_.expires_after(options_.timeout);
  watchdog_.async_wait([this](boost::system::error_code ec) {
    if (ec || replies_ == options_.count) return;
    if (replies_ == replies_at_last_check_)
      return fail("no reply for " + format_duration(options_.timeout) + " (received " +
                  std::to_string(replies_) + " of " + std::to_string(options_.count) + ")");
    replies_at_last_check_ = replies_;
    arm_watchdog();
  });
}

}  // namespace proactor::apps
