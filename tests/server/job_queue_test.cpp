// The job queue's hand-over logic, without sockets: order, bounds, overflow, parking, sleep.
#include "fake_session.hpp"
#include <proactor/server/job_queue.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace proactor {
namespace job_queue_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;

Job frame_job(std::uint32_t tag)
{
  return Job{.size = tag, .kind = Job::Kind::frame};
}

std::vector<std::uint32_t> drain(JobQueue& queue, std::size_t consumer)
{
  std::vector<std::uint32_t> tags;
  while (queue.consume(consumer, 1000, [&](const Job& job) { tags.push_back(job.size); }) > 0) {
  }
  return tags;
}

using Parked = proactor::test::FakeSession;

TEST(JobQueue, DeliversOneLaneInOrder)
{
  JobQueue queue(1, 1, 100, [](std::size_t, std::size_t) {});
  for (std::uint32_t i = 0; i < 50; ++i) ASSERT_TRUE(queue.try_push_frame(0, 0, frame_job(i)));
  EXPECT_TRUE(drain(queue, 0).empty());  // staged, not yet published
  queue.flush(0);
  const auto tags = drain(queue, 0);
  ASSERT_EQ(tags.size(), 50u);
  for (std::uint32_t i = 0; i < 50; ++i) EXPECT_EQ(tags[i], i);
}

TEST(JobQueue, RefusesFramesWhenALaneIsFullAndReportsRoomOnce)
{
  std::atomic<int> rooms{0};
  JobQueue queue(1, 1, 4, [&](std::size_t p, std::size_t c) {
    EXPECT_EQ(p, 0u);
    EXPECT_EQ(c, 0u);
    ++rooms;
  });
  std::uint32_t pushed = 0;
  while (queue.try_push_frame(0, 0, frame_job(pushed))) ++pushed;
  EXPECT_EQ(pushed, 4u);
  queue.flush(0);
  queue.park(0, 0, std::make_shared<Parked>(7));
  EXPECT_EQ(rooms.load(), 0);  // still full: nobody to tell yet
  EXPECT_EQ(drain(queue, 0).size(), 4u);
  EXPECT_EQ(rooms.load(), 1);
  const auto parked = queue.unpark(0, 0);
  ASSERT_EQ(parked.size(), 1u);
  EXPECT_EQ(parked.front()->id(), 7u);
  drain(queue, 0);
  EXPECT_EQ(rooms.load(), 1);  // nothing parked any more: no further calls
}

TEST(JobQueue, ControlJobsAreNeverRefusedAndFramesWaitBehindThem)
{
  int rooms = 0;
  JobQueue queue(1, 1, 2, [&](std::size_t, std::size_t) { ++rooms; });
  ASSERT_TRUE(queue.try_push_frame(0, 0, frame_job(1)));
  ASSERT_TRUE(queue.try_push_frame(0, 0, frame_job(2)));
  queue.flush(0);
  queue.push_control(0, 0, Job{.size = 3, .kind = Job::Kind::close});  // overflow
  queue.push_control(0, 0, Job{.size = 4, .kind = Job::Kind::open});
  EXPECT_EQ(drain(queue, 0), (std::vector<std::uint32_t>{1, 2}));
  // Room now, but the overflow holds frames back so nothing overtakes it.
  EXPECT_FALSE(queue.try_push_frame(0, 0, frame_job(5)));
  EXPECT_EQ(rooms, 1);
  EXPECT_TRUE(queue.unpark(0, 0).empty());
  EXPECT_EQ(drain(queue, 0), (std::vector<std::uint32_t>{3, 4}));
  EXPECT_TRUE(queue.try_push_frame(0, 0, frame_job(5)));
  queue.flush(0);
  EXPECT_EQ(drain(queue, 0), (std::vector<std::uint32_t>{5}));
}

TEST(JobQueue, ReportsRoomAtOnceWhenTheLaneEmptiedBeforeParking)
{
  int rooms = 0;
  JobQueue queue(1, 1, 2, [&](std::size_t, std::size_t) { ++rooms; });
  queue.park(0, 0, std::make_shared<Parked>(1));  // the lane has room: report now
  EXPECT_EQ(rooms, 1);
  EXPECT_EQ(queue.unpark(0, 0).size(), 1u);
}

TEST(JobQueue, StagedJobsCountAgainstTheRoom)
{
  JobQueue queue(1, 1, 3, [](std::size_t, std::size_t) {});
  EXPECT_TRUE(queue.try_push_frame(0, 0, frame_job(1)));
  EXPECT_TRUE(queue.try_push_frame(0, 0, frame_job(2)));
  EXPECT_TRUE(queue.try_push_frame(0, 0, frame_job(3)));
  EXPECT_FALSE(queue.try_push_frame(0, 0, frame_job(4)));  // staged jobs fill the lane
  queue.flush(0);
  EXPECT_EQ(drain(queue, 0), (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_TRUE(queue.try_push_frame(0, 0, frame_job(4)));
}

TEST(JobQueue, ShardsStayApart)
{
  JobQueue queue(2, 2, 16, [](std::size_t, std::size_t) {});
  ASSERT_TRUE(queue.try_push_frame(0, 1, frame_job(10)));
  ASSERT_TRUE(queue.try_push_frame(1, 1, frame_job(11)));
  ASSERT_TRUE(queue.try_push_frame(1, 0, frame_job(20)));
  queue.flush(0);
  queue.flush(1);
  EXPECT_EQ(drain(queue, 0), (std::vector<std::uint32_t>{20}));
  const auto one = drain(queue, 1);
  EXPECT_EQ(one.size(), 2u);
}

TEST(JobQueue, ASleepingConsumerWakesWhenWorkArrives)
{
  JobQueue queue(1, 1, 16, [](std::size_t, std::size_t) {});
  std::atomic<bool> got{false};
  std::thread consumer([&] {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!got && std::chrono::steady_clock::now() < deadline) {
      if (queue.consume(0, 1, [&](const Job&) { got = true; }) == 0) queue.wait(0);
    }
  });
  ASSERT_TRUE(queue.try_push_frame(0, 0, frame_job(1)));
  queue.flush(0);
  consumer.join();
  EXPECT_TRUE(got);
}

TEST(JobQueue, WakeReleasesAnIdleConsumer)
{
  JobQueue queue(1, 1, 16, [](std::size_t, std::size_t) {});
  std::atomic<bool> stop{false};
  std::thread consumer([&] {
    while (!stop) queue.wait(0);
  });
  stop = true;
  queue.wake(0);
  consumer.join();  // hangs (and the test times out) if wake() did not wake it
  SUCCEED();
}

TEST(JobQueue, KeepsPerProducerOrderUnderConcurrency)
{
  constexpr std::uint32_t kPerProducer = 200'000;
  std::atomic<int> rooms{0};
  JobQueue queue(2, 1, 1024, [&](std::size_t, std::size_t) { ++rooms; });
  std::vector<std::uint32_t> next(2, 0);
  std::atomic<std::uint32_t> errors{0};
  std::atomic<int> producers_done{0};
  std::vector<std::thread> producers;
  for (std::size_t p = 0; p < 2; ++p) {
    producers.emplace_back([&, p] {
      for (std::uint32_t i = 0; i < kPerProducer;) {
        // The tag carries the producer in its top bit.
        if (queue.try_push_frame(p, 0, frame_job(static_cast<std::uint32_t>(p << 31) | i))) {
          if (++i % 7 == 0) queue.flush(p);  // publish in uneven batches
        } else {
          queue.flush(p);
          std::this_thread::yield();
        }
      }
      queue.flush(p);
      ++producers_done;
      queue.wake(0);
    });
  }
  std::size_t consumed = 0;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (consumed < 2 * kPerProducer && std::chrono::steady_clock::now() < deadline) {
    const auto n = queue.consume(0, 256, [&](const Job& job) {
      const std::size_t p = job.size >> 31;
      const std::uint32_t seq = job.size & 0x7fffffffu;
      if (seq != next[p]) ++errors;
      next[p] = seq + 1;
    });
    consumed += n;
    if (n == 0 && producers_done < 2) queue.wait(0);
  }
  for (auto& t : producers) t.join();
  EXPECT_EQ(consumed, 2 * kPerProducer);
  EXPECT_EQ(errors.load(), 0u);
}

}  // namespace
}  // namespace job_queue_test
}  // namespace proactor
