// Stop requests on POSIX: SIGINT and SIGTERM, through Asio's signal_set.
#include <proactor/session/stop_signals.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>

namespace proactor {

struct StopSignals::Impl
{
  explicit Impl(boost::asio::io_context& io) : signals(io, SIGINT, SIGTERM) {}
  boost::asio::signal_set signals;
};

StopSignals::StopSignals(boost::asio::io_context& io) : impl_(std::make_unique<Impl>(io)) {}

StopSignals::~StopSignals() { cancel(); }

void StopSignals::async_wait(std::function<void()> on_stop)
{
  impl_->signals.async_wait([on_stop = std::move(on_stop)](boost::system::error_code ec, int) {
    if (!ec) on_stop();
  });
}

void StopSignals::cancel() noexcept
{
  boost::system::error_code ignored;
  impl_->signals.cancel(ignored);
}

}  // namespace proactor
