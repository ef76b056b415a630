#include <proactor/net/buffer.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/session/write_queue.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace proactor {
namespace write_queue_test {  // a unity build puts several test files in one unit
namespace {

Frame frame_of(std::size_t size, char fill = 'x')
{
  return encode(Codec{LengthPrefixCodec{}}, std::string(size, fill));
}

std::vector<std::size_t> stage_sizes(WriteQueue& queue, std::size_t max_frames,
                                     std::size_t max_bytes)
{
  std::vector<std::size_t> sizes;
  queue.stage(max_frames, max_bytes, [&](ConstBytes bytes) { sizes.push_back(bytes.size()); });
  return sizes;
}

TEST(WriteQueue, StagesEverythingQueuedAsOneBatch)
{
  WriteQueue queue(100, 1000);
  for (int i = 0; i < 5; ++i) queue.push(frame_of(10));
  EXPECT_EQ(stage_sizes(queue, 64, 1 << 20), std::vector<std::size_t>(5, 14));
  EXPECT_EQ(queue.staged(), 5u);
  EXPECT_EQ(queue.staged_bytes(), 70u);
  queue.commit_staged();
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.queued_bytes(), 0u);
}

TEST(WriteQueue, FramesQueuedDuringAWriteGoInTheNextBatch)
{
  WriteQueue queue(100, 1000);
  queue.push(frame_of(1));
  EXPECT_EQ(stage_sizes(queue, 64, 1 << 20).size(), 1u);
  queue.push(frame_of(2));
  queue.push(frame_of(3));
  EXPECT_EQ(queue.size(), 3u);
  queue.commit_staged();
  EXPECT_EQ(stage_sizes(queue, 64, 1 << 20), (std::vector<std::size_t>{6, 7}));
}

TEST(WriteQueue, BatchRespectsFrameAndByteLimitsButTakesAtLeastOne)
{
  WriteQueue queue(1 << 20, 1 << 21);
  for (int i = 0; i < 10; ++i) queue.push(frame_of(96));  // 100 wire bytes each
  EXPECT_EQ(stage_sizes(queue, 3, 1 << 20).size(), 3u);
  queue.commit_staged();
  EXPECT_EQ(stage_sizes(queue, 64, 250).size(), 2u);
  queue.commit_staged();
  EXPECT_EQ(stage_sizes(queue, 64, 10).size(), 1u);  // larger than the limit: still one
}

TEST(WriteQueue, ReportsCrossingHighThenLowWatermark)
{
  WriteQueue queue(200, 500);
  EXPECT_FALSE(queue.push(frame_of(296)));  // 300 bytes
  EXPECT_TRUE(queue.writable());
  EXPECT_TRUE(queue.push(frame_of(296)));  // 600 > 500
  EXPECT_FALSE(queue.writable());
  EXPECT_FALSE(queue.push(frame_of(96)));  // already unwritable: reported once
  stage_sizes(queue, 1, 1 << 20);
  EXPECT_FALSE(queue.commit_staged());  // 400 left: above low
  stage_sizes(queue, 1, 1 << 20);
  EXPECT_TRUE(queue.commit_staged());  // 100 left: writable again
  EXPECT_TRUE(queue.writable());
}

TEST(WriteQueue, KeepsOrderAcrossRingGrowthAndWrapAround)
{
  WriteQueue queue(1 << 20, 1 << 21);
  std::vector<std::size_t> expected;
  std::vector<std::size_t> seen;
  std::size_t next = 1;
  for (int round = 0; round < 20; ++round) {
    for (int i = 0; i < 7; ++i) {
      expected.push_back(next + 4);
      queue.push(frame_of(next++));
    }
    for (auto s : stage_sizes(queue, 5, 1 << 20)) seen.push_back(s);
    queue.commit_staged();
  }
  while (!queue.empty()) {
    for (auto s : stage_sizes(queue, 64, 1 << 20)) seen.push_back(s);
    queue.commit_staged();
  }
  EXPECT_EQ(seen, expected);
}

TEST(WriteQueue, SharesOneBroadcastBufferWithoutCopying)
{
  const Frame shared = frame_of(1000);
  WriteQueue a(10, 1 << 20);
  WriteQueue b(10, 1 << 20);
  a.push(shared);
  b.push(shared);
  const std::byte* pa = nullptr;
  const std::byte* pb = nullptr;
  a.stage(1, 1 << 20, [&](ConstBytes bytes) { pa = bytes.data(); });
  b.stage(1, 1 << 20, [&](ConstBytes bytes) { pb = bytes.data(); });
  EXPECT_EQ(pa, shared.bytes().data());
  EXPECT_EQ(pb, shared.bytes().data());
}

TEST(WriteQueue, ClearDropsEverythingAndIsWritable)
{
  WriteQueue queue(10, 20);
  queue.push(frame_of(100));
  EXPECT_FALSE(queue.writable());
  queue.clear();
  EXPECT_TRUE(queue.empty());
  EXPECT_TRUE(queue.writable());
  EXPECT_EQ(queue.queued_bytes(), 0u);
}

TEST(WriteQueue, RejectsLowAboveHigh)
{
  EXPECT_THROW(WriteQueue(10, 5), std::invalid_argument);
}

// Copies `text` into the queue as one frame (no framing: the bytes are the text).
bool push_text(WriteQueue& queue, const std::string& text)
{
  return queue.push_copy(
      text.size(), [&](MutableBytes out) { std::memcpy(out.data(), text.data(), text.size()); });
}

std::string staged_text(WriteQueue& queue)
{
  std::string all;
  queue.stage(64, 1 << 20, [&](ConstBytes bytes) { all += to_string(bytes); });
  return all;
}

TEST(WriteQueue, CopiedFramesArePackedIntoOneBuffer)
{
  WriteQueue queue(100, 1000);
  for (const char* text : {"one ", "two ", "three"}) push_text(queue, text);
  EXPECT_EQ(queue.size(), 3u);
  EXPECT_EQ(queue.queued_bytes(), 13u);
  EXPECT_EQ(stage_sizes(queue, 64, 1 << 20), std::vector<std::size_t>{13});
  EXPECT_EQ(queue.staged(), 3u);  // frames, though one buffer
  queue.commit_staged();
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.size(), 0u);
}

TEST(WriteQueue, CopiesNeverJoinABufferAlreadyBeingWritten)
{
  WriteQueue queue(100, 1000);
  push_text(queue, "first");
  EXPECT_EQ(staged_text(queue), "first");
  push_text(queue, "second");  // while "first" is in flight
  push_text(queue, "third");
  queue.commit_staged();
  EXPECT_EQ(staged_text(queue), "secondthird");
  EXPECT_EQ(queue.staged(), 2u);
}

TEST(WriteQueue, SharedAndCopiedFramesKeepTheirOrder)
{
  WriteQueue queue(100, 1000);
  push_text(queue, "a");
  queue.push(encode(Codec{FixedLengthCodec{1}}, std::string("b")));
  push_text(queue, "c");
  push_text(queue, "d");
  EXPECT_EQ(stage_sizes(queue, 64, 1 << 20), (std::vector<std::size_t>{1, 1, 2}));
  queue.commit_staged();
  push_text(queue, "e");
  EXPECT_EQ(staged_text(queue), "e");
}

TEST(WriteQueue, CopiedFramesCountTowardsTheWatermarks)
{
  WriteQueue queue(10, 20);
  EXPECT_FALSE(push_text(queue, std::string(15, 'x')));
  EXPECT_TRUE(push_text(queue, std::string(10, 'y')));  // 25 > 20
  EXPECT_FALSE(queue.writable());
  stage_sizes(queue, 64, 1 << 20);
  EXPECT_TRUE(queue.commit_staged());
  EXPECT_TRUE(queue.writable());
}

TEST(WriteQueue, LargeCopiesFillBuffersOfTheirOwn)
{
  WriteQueue queue(1 << 20, 1 << 21);
  const std::string big(WriteQueue::kMaxCopiedFrame, 'b');
  push_text(queue, "small");
  push_text(queue, big);
  push_text(queue, big);
  const auto sizes = stage_sizes(queue, 64, 1 << 22);
  ASSERT_EQ(sizes.size(), 3u);
  EXPECT_EQ(sizes[0], 5u);
  EXPECT_EQ(sizes[1], big.size());
  EXPECT_THROW(push_text(queue, big + "!"), std::length_error);
  queue.clear();
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace write_queue_test
}  // namespace proactor
