#include <proactor/session/transport.hpp>

namespace proactor {
namespace {

class TcpTransport final : public Transport
{
 public:
  void open(TcpSocket socket, Side, Parts parts, Admit admit, Done done) const override
  {
    auto session = std::make_shared<TcpSession>(
        std::move(socket), parts.id, std::move(parts.config), std::move(parts.dispatcher),
        parts.counters, std::move(parts.keepalive));
    if (admit && !admit(session)) return;  // the unstarted session closes its socket
    session->start();
    if (done) done({}, std::move(session));
  }
};

}  // namespace

const Transport& tcp_transport() noexcept
{
  static const TcpTransport transport;
  return transport;
}

}  // namespace proactor
