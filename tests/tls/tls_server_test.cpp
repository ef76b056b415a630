// The TLS handshake at the edge of a server and a client: who is refused, when, and what
// they are told.
#include "eventually.hpp"
#include "loopback_client.hpp"
#include "recording_handler.hpp"
#include "tls_test_support.hpp"
#include <proactor/net/error.hpp>
#include <proactor/server/server.hpp>
#include <proactor/tls/tls_transport.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace proactor {
namespace tls_server_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using test::Ending;
using test::LoopbackClient;
using test::RecordingHandler;
using test::TlsTestClient;

bool contains(const std::string& text, std::string_view part)
{
  return text.find(part) != std::string::npos;
}

class TlsServerTest : public ::testing::Test
{
 protected:
  void start(std::chrono::milliseconds handshake_timeout = 10s)
  {
    config_.io_threads = 1;
    tls::TlsTransportOptions options;
    options.handshake_timeout = handshake_timeout;
    options.log = server_log_.sink();
    config_.transport =
        tls::make_transport(tls::TlsContext::server(test::server_tls_config()), std::move(options));
    server_ = std::make_unique<Server>(config_, handler_);
    server_->listen("127.0.0.1", 0);
  }
  std::uint16_t port() const { return server_->local_endpoint().port; }
  std::uint64_t closes(CloseReason reason) const { return server_->metrics().closes_for(reason); }

  // A framework client over TLS; returns the connect result.
  boost::system::error_code connect(const tls::TlsContext& context, std::string host,
                                    std::string server_name = {})
  {
    ConnectOptions options;
    options.host = std::move(host);
    options.port = port();
    tls::TlsTransportOptions tls_options;
    tls_options.server_name = std::move(server_name);
    tls_options.log = client_log_.sink();
    options.transport = tls::make_transport(context, std::move(tls_options));
    return clients_.connect(options, std::make_shared<InlineDispatcher>(client_handler_));
  }

  test::CapturedLog server_log_;
  test::CapturedLog client_log_;
  RecordingHandler handler_;
  RecordingHandler client_handler_{false};
  ServerConfig config_;
  std::unique_ptr<Server> server_;
  test::ClientThread clients_;  // last: its sessions go before the handlers
};

TEST_F(TlsServerTest, RefusesAPlainTcpClientAndKeepsServingTlsClients)
{
  start();
  TlsTestClient tls_client(port(), tls::TlsContext::client(test::client_tls_config()));
  ASSERT_FALSE(tls_client.handshake());
  ASSERT_TRUE(tls_client.write_frame("before"));
  ASSERT_EQ(tls_client.read_frame(), "before");

  LoopbackClient plain(port());
  ASSERT_TRUE(plain.write_frame("hello in the clear"));
  const Ending ending = plain.expect_closed();
  EXPECT_TRUE(ending == Ending::eof || ending == Ending::reset || ending == Ending::data)
      << "the server must end the connection";
  ASSERT_TRUE(test::eventually([&] { return closes(CloseReason::handshake_failed) == 1; }));

  ASSERT_TRUE(tls_client.write_frame("after"));
  EXPECT_EQ(tls_client.read_frame(), "after");
  EXPECT_EQ(server_->metrics().active, 1u);
  const auto lines = server_log_.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(contains(lines[0], "tls: handshake with 127.0.0.1:")) << lines[0];
}

TEST_F(TlsServerTest, ClosesASilentClientAtTheHandshakeDeadline)
{
  start(300ms);
  LoopbackClient silent(port());
  const Ending ending = silent.expect_closed(5s);
  EXPECT_TRUE(ending == Ending::eof || ending == Ending::reset);
  ASSERT_TRUE(test::eventually([&] { return closes(CloseReason::handshake_timeout) == 1; }));
  const auto lines = server_log_.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(contains(lines[0], make_error_code(error::handshake_timeout).message())) << lines[0];
  EXPECT_EQ(handler_.close_count(), 0u);  // no session was ever opened
}

TEST_F(TlsServerTest, StoppingWithAHandshakeUnderWayReleasesIt)
{
  config_.logic_threads = 1;
  start();
  LoopbackClient silent(port());
  // Accepted in order: once this client is served, the silent one is mid-handshake.
  TlsTestClient served(port(), tls::TlsContext::client(test::client_tls_config()));
  ASSERT_FALSE(served.handshake());
  ASSERT_TRUE(served.write_frame("x"));
  ASSERT_EQ(served.read_frame(), "x");
  server_->stop();
  server_.reset();  // the pending handshake goes with its context (ASan: no leak, no cycle)
  const Ending ending = silent.expect_closed(5s);
  EXPECT_TRUE(ending == Ending::eof || ending == Ending::reset);
}

TEST_F(TlsServerTest, TheConnectorVerifiesTheServerAndTalks)
{
  start();
  ASSERT_FALSE(connect(tls::TlsContext::client(test::client_tls_config()), "localhost"));
  ASSERT_TRUE(handler_.wait_opens(1));
  ASSERT_FALSE(connect(tls::TlsContext::client(test::client_tls_config()), "127.0.0.1"));
  ASSERT_TRUE(handler_.wait_opens(2));
}

TEST_F(TlsServerTest, AClientTrustingAnotherCaFailsWithAReadableError)
{
  start();
  const auto ec =
      connect(tls::TlsContext::client(test::client_tls_config("other-ca.pem")), "localhost");
  ASSERT_TRUE(ec);
  EXPECT_TRUE(contains(ec.message(), "certificate verify failed")) << ec.message();
  const auto lines = client_log_.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(contains(lines[0], "unable to get local issuer certificate")) << lines[0];
  // The server sees the client's alert as a failed handshake, and serves nobody.
  ASSERT_TRUE(test::eventually([&] { return closes(CloseReason::handshake_failed) == 1; }));
  EXPECT_EQ(server_->metrics().accepted, 0u);
}

TEST_F(TlsServerTest, AClientChecksTheServerName)
{
  start();
  const auto ec = connect(tls::TlsContext::client(test::client_tls_config()), "127.0.0.1",
                          "not-localhost.example");
  ASSERT_TRUE(ec);
  const auto lines = client_log_.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(contains(lines[0], "hostname mismatch")) << lines[0];
}

TEST_F(TlsServerTest, AnInsecureClientSkipsVerification)
{
  start();
  tls::TlsConfig insecure;
  insecure.verify_peer = false;
  EXPECT_FALSE(connect(tls::TlsContext::client(insecure), "127.0.0.1", "not-localhost.example"));
}

TEST_F(TlsServerTest, MutualTlsRequiresAClientCertificate)
{
  config_.io_threads = 1;
  auto server_config = test::server_tls_config();
  server_config.ca_file = test::cert_path("ca.pem");
  tls::TlsTransportOptions options;
  options.log = server_log_.sink();
  config_.transport =
      tls::make_transport(tls::TlsContext::server(server_config), std::move(options));
  server_ = std::make_unique<Server>(config_, handler_);
  server_->listen("127.0.0.1", 0);

  auto with_cert = test::client_tls_config();
  with_cert.cert_chain_file = test::cert_path("client.pem");
  with_cert.private_key_file = test::cert_path("client.key");
  EXPECT_FALSE(connect(tls::TlsContext::client(with_cert), "localhost"));
  ASSERT_TRUE(handler_.wait_opens(1));

  // Without one, TLS 1.3 finishes the client's side first: the server's refusal arrives as
  // an alert, and the server counts the failure.
  static_cast<void>(connect(tls::TlsContext::client(test::client_tls_config()), "localhost"));
  ASSERT_TRUE(test::eventually([&] { return closes(CloseReason::handshake_failed) == 1; }));
  EXPECT_EQ(server_->metrics().accepted, 1u);
}

TEST_F(TlsServerTest, AReconnectResumesTheSessionTheServerGaveTheContext)
{
  start();
  const auto context = tls::TlsContext::client(test::client_tls_config());
  ASSERT_FALSE(connect(context, "localhost"));
  ASSERT_TRUE(handler_.wait_opens(1));
  // TLS 1.3 hands the ticket over after the handshake; the client's read loop takes it in.
  ASSERT_TRUE(test::eventually([&] { return context.remembered_servers() == 1; }, 10s));
  EXPECT_EQ(context.full_handshakes(), 1u);
  EXPECT_EQ(context.resumed_handshakes(), 0u);

  ASSERT_FALSE(connect(context, "localhost"));
  ASSERT_TRUE(handler_.wait_opens(2));
  EXPECT_EQ(context.resumed_handshakes(), 1u);
  EXPECT_EQ(context.full_handshakes(), 1u);

  // Another name for the same address is another server as far as the cache goes: it gets
  // a full handshake (and its certificate checked against that name).
  ASSERT_FALSE(connect(context, "127.0.0.1"));
  ASSERT_TRUE(handler_.wait_opens(3));
  EXPECT_EQ(context.full_handshakes(), 2u);
  EXPECT_EQ(context.resumed_handshakes(), 1u);
}

TEST_F(TlsServerTest, MutualTlsClientsResumeToo)
{
  config_.io_threads = 1;
  auto server_config = test::server_tls_config();
  server_config.ca_file = test::cert_path("ca.pem");
  tls::TlsTransportOptions options;
  options.log = server_log_.sink();
  config_.transport =
      tls::make_transport(tls::TlsContext::server(server_config), std::move(options));
  server_ = std::make_unique<Server>(config_, handler_);
  server_->listen("127.0.0.1", 0);

  auto with_cert = test::client_tls_config();
  with_cert.cert_chain_file = test::cert_path("client.pem");
  with_cert.private_key_file = test::cert_path("client.key");
  const auto context = tls::TlsContext::client(with_cert);
  ASSERT_FALSE(connect(context, "localhost"));
  ASSERT_TRUE(handler_.wait_opens(1));
  ASSERT_TRUE(test::eventually([&] { return context.remembered_servers() == 1; }, 10s));
  ASSERT_FALSE(connect(context, "localhost"));
  ASSERT_TRUE(handler_.wait_opens(2));
  EXPECT_EQ(context.resumed_handshakes(), 1u) << server_log_.lines().size() << " server log lines";
}

}  // namespace
}  // namespace tls_server_test
}  // namespace proactor
