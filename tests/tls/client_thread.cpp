#include "client_thread.hpp"

#include "loopback_client.hpp"

#include <boost/asio/error.hpp>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>

namespace proactor::test {

namespace asio = boost::asio;

ClientThread::ClientThread() : work_(io_.get_executor()), thread_([this] { io_.run(); })
{}

ClientThread::~ClientThread()
{
  // Sessions still open are destroyed with the context, after the thread is gone.
  work_.reset();
  io_.stop();
  thread_.join();
}

boost::system::error_code ClientThread::connect(const ConnectOptions& options,
                                                std::shared_ptr<Dispatcher> dispatcher)
{
  // The handler may run after a timed-out wait returned: it owns what it touches.
  auto state = std::make_shared<std::pair<std::mutex, std::optional<boost::system::error_code>>>();
  auto cv = std::make_shared<std::condition_variable>();
  async_connect(io_, options, std::move(dispatcher),
                [state, cv](boost::system::error_code ec, SessionPtr) {
                  std::lock_guard lock(state->first);
                  state->second = ec;
                  cv->notify_all();
                });
  std::unique_lock lock(state->first);
  if (!cv->wait_for(lock, kDeadline, [&] { return state->second.has_value(); }))
    return asio::error::timed_out;
  return *state->second;
}

}  // namespace proactor::test
