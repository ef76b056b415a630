// The acceptor keeps serving after running out of file descriptors.
#include "descriptor_drought.hpp"
#include "loopback_client.hpp"
#include "recording_handler.hpp"
#include <proactor/server/server.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace proactor {
namespace acceptor_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

TEST(Acceptor, BacksOffWhenOutOfDescriptorsAndRecovers)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // The sanitizer runtimes open descriptors of their own (UBSan probes memory through a
  // pipe), so with none left they report false errors. The release build runs this test.
  GTEST_SKIP() << "needs a process with no spare descriptors; not under a sanitizer";
#endif
#if defined(BOOST_ASIO_HAS_IO_URING_AS_DEFAULT)
  // Through io_uring the kernel completes the retried accept although every descriptor
  // number below the lowered RLIMIT_NOFILE is taken (the limit is not applied to it the same
  // way), so the shortage this test needs cannot be made.
  GTEST_SKIP() << "io_uring's accept does not honour the lowered descriptor limit";
#endif
  if (!test::DescriptorDrought::supported())
    GTEST_SKIP() << "no per-process descriptor limit to run out of on this platform";
  test::RecordingHandler handler;
  ServerConfig config;
  config.io_threads = 1;
  config.accept_backoff = 20ms;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  const asio::ip::tcp::endpoint endpoint(asio::ip::address_v4::loopback(),
                                         server.local_endpoint().port);

  // The client socket is opened while descriptors are still available; a spare descriptor
  // is held to be given back later.
  asio::io_context io;
  asio::ip::tcp::socket client(io);
  client.open(asio::ip::tcp::v4());

  test::DescriptorDrought drought;
  ASSERT_TRUE(drought.start());
  client.connect(endpoint);  // completes in the kernel's backlog; accept() then fails

  const auto deadline = std::chrono::steady_clock::now() + test::kDeadline;
  while (server.metrics().accept_errors == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();
  EXPECT_GT(server.metrics().accept_errors, 0u);
  EXPECT_EQ(server.metrics().accepted, 0u);

  drought.release_one();  // one descriptor free again: the next retry succeeds
  ASSERT_TRUE(handler.wait_opens(1));
  drought.release_all();
  const std::string wire = test::encode_frame("after the drought");
  asio::write(client, asio::buffer(wire));
  std::string reply(wire.size(), '\0');
  asio::read(client, asio::buffer(reply));
  EXPECT_EQ(reply, wire);
  EXPECT_EQ(server.metrics().accepted, 1u);
}

}  // namespace
}  // namespace acceptor_test
}  // namespace proactor
