// No handler callback runs inside a call the application made: for each call a handler can
// make from its own callback (send over the cap, send across the high watermark, close,
// stop, resume_reading, release_reading), the callbacks it causes come after it returned.
#include "loopback_client.hpp"
#include <proactor/net/codec.hpp>
#include <proactor/server/server.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace proactor {
namespace reentrancy_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using test::LoopbackClient;

// Runs the call a frame names and notes every callback that arrives while it is running.
class ProbeHandler final : public Handler
{
 public:
  void on_frame(const SessionPtr& session, ConstBytes payload) override
  {
    check("on_frame:" + std::string(as_string_view(payload)));
    const std::string command(as_string_view(payload));
    inside_ = true;
    if (command == "overflow")  // one frame over the hard cap: closes the session
      session->send(encode(session->codec(), std::string(200 * 1024, 'o')));
    else if (command == "cross")  // above the high watermark, under the cap
      session->send(encode(session->codec(), std::string(40 * 1024, 'c')));
    else if (command == "close")
      session->close();
    else if (command == "stop")
      session->stop();
    else if (command == "pause-resume") {
      session->pause_reading();
      session->resume_reading();  // the next frame is already buffered
    } else if (command == "hold-release") {
      session->hold_reading();
      session->release_reading();
    }
    inside_ = false;
  }
  void on_unwritable(const SessionPtr&) override { check("on_unwritable"); }
  void on_writable(const SessionPtr&) override { check("on_writable"); }
  void on_close(const SessionPtr&, CloseReason, boost::system::error_code) override
  {
    check("on_close");
  }

  // Waits until `event` was seen; false at the deadline.
  bool wait_for(const std::string& event)
  {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, test::kDeadline, [&] {
      for (const auto& seen : seen_)
        if (seen == event) return true;
      return false;
    });
  }
  std::vector<std::string> reentered() const
  {
    std::lock_guard lock(mutex_);
    return reentered_;
  }

 private:
  void check(const std::string& event)
  {
    std::lock_guard lock(mutex_);
    if (inside_) reentered_.push_back(event);
    seen_.push_back(event);
    changed_.notify_all();
  }

  // Set and read on the session's one I/O thread only (inline dispatch, one I/O thread).
  bool inside_ = false;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> seen_;
  std::vector<std::string> reentered_;
};

class Reentrancy : public ::testing::Test
{
 protected:
  static ServerConfig config()
  {
    ServerConfig config;
    config.io_threads = 1;
    config.session.high_watermark = 16 * 1024;
    config.session.low_watermark = 4 * 1024;
    config.session.max_queued_bytes = 128 * 1024;
    return config;
  }
  Reentrancy() { server_.listen("127.0.0.1", 0); }
  std::uint16_t port() const { return server_.local_endpoint().port; }

  ProbeHandler handler_;
  Server server_{config(), handler_};
};

TEST_F(Reentrancy, ASendOverTheHardCapReportsTheCloseAfterItReturned)
{
  LoopbackClient client(port());
  ASSERT_TRUE(client.write_frame("overflow"));
  ASSERT_TRUE(handler_.wait_for("on_close"));
  EXPECT_TRUE(handler_.reentered().empty()) << handler_.reentered().front();
}

TEST_F(Reentrancy, ASendAcrossTheHighWatermarkReportsItAfterItReturned)
{
  LoopbackClient client(port());
  ASSERT_TRUE(client.write_frame("cross"));
  ASSERT_TRUE(handler_.wait_for("on_unwritable"));
  EXPECT_TRUE(client.read_frame().has_value());  // drains: on_writable follows
  ASSERT_TRUE(handler_.wait_for("on_writable"));
  EXPECT_TRUE(handler_.reentered().empty()) << handler_.reentered().front();
}

TEST_F(Reentrancy, CloseAndStopReportTheCloseAfterTheyReturned)
{
  for (const char* call : {"close", "stop"}) {
    LoopbackClient client(port());
    ASSERT_TRUE(client.write_frame(call));
    EXPECT_NE(client.read_until_closed(), test::Ending::timeout) << call;
  }
  ASSERT_TRUE(handler_.wait_for("on_close"));
  EXPECT_TRUE(handler_.reentered().empty()) << handler_.reentered().front();
}

TEST_F(Reentrancy, ResumeAndReleaseHandOverBufferedFramesAfterTheyReturned)
{
  LoopbackClient client(port());
  // Each call and the frame behind it in one write: the second is buffered when the call
  // resumes reading, and must not be handed over inside it.
  ASSERT_TRUE(client.write(test::encode_frame("pause-resume") + test::encode_frame("after-1") +
                           test::encode_frame("hold-release") + test::encode_frame("after-2")));
  ASSERT_TRUE(handler_.wait_for("on_frame:after-2"));
  EXPECT_TRUE(handler_.reentered().empty()) << handler_.reentered().front();
}

}  // namespace
}  // namespace reentrancy_test
}  // namespace proactor
