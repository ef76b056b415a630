#include "decode_helpers.hpp"
#include <proactor/net/codec.hpp>
#include <proactor/net/error.hpp>
#include <proactor/net/frame_decoder.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

namespace proactor {
namespace frame_decoder_test {  // a unity build puts several test files in one unit
namespace {

std::string framed(std::string_view payload)
{
  return std::string(as_string_view(encode(LengthPrefixCodec{}, payload).bytes()));
}

// Copies `wire` into the decoder the way a socket read would: into prepare(), then commit().
void receive(FrameDecoder& decoder, std::string_view wire)
{
  const MutableBytes space = decoder.prepare(wire.size());
  ASSERT_GE(space.size(), wire.size());
  std::copy_n(as_bytes(wire).begin(), wire.size(), space.begin());
  decoder.commit(wire.size());
}

TEST(FrameDecoder, UsesAU32LengthPrefixByDefault)
{
  const FrameDecoder decoder;
  ASSERT_TRUE(std::holds_alternative<LengthPrefixCodec>(decoder.codec()));
  EXPECT_EQ(std::get<LengthPrefixCodec>(decoder.codec()).width(), LengthPrefixCodec::Width::u32);
}

TEST(FrameDecoder, DecodesFiftyFramesFromOneRead)
{
  std::string wire;
  for (int i = 0; i < 50; ++i) wire += framed("frame " + std::to_string(i));
  FrameDecoder decoder;
  receive(decoder, wire);

  std::vector<std::string> got;
  EXPECT_EQ(decoder.decode([&got](ConstBytes payload) { got.push_back(to_string(payload)); }), 50u);
  ASSERT_EQ(got.size(), 50u);
  EXPECT_EQ(got.front(), "frame 0");
  EXPECT_EQ(got.back(), "frame 49");
  EXPECT_FALSE(decoder.has_partial_frame());
}

TEST(FrameDecoder, WaitsForTheRestOfAHalfFrame)
{
  const std::string wire = framed("split in two");
  FrameDecoder decoder;
  std::vector<std::string> got;
  const auto collect = [&got](ConstBytes payload) { got.push_back(to_string(payload)); };

  receive(decoder, std::string_view(wire).substr(0, 6));
  EXPECT_EQ(decoder.decode(collect), 0u);
  EXPECT_TRUE(decoder.has_partial_frame());
  EXPECT_EQ(decoder.buffered(), 6u);

  receive(decoder, std::string_view(wire).substr(6));
  EXPECT_EQ(decoder.decode(collect), 1u);
  EXPECT_EQ(got, std::vector<std::string>{"split in two"});
  EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(FrameDecoder, RefusingAFrameStopsBeforeConsumingItAndDeliversItAgain)
{
  FrameDecoder decoder;
  receive(decoder, framed("one") + framed("two") + framed("three"));

  std::vector<std::string> seen;
  const std::size_t accepted = decoder.decode([&seen](ConstBytes payload) {
    seen.push_back(to_string(payload));
    return seen.size() < 2;  // the consumer is full after the first frame
  });
  EXPECT_EQ(accepted, 1u);
  EXPECT_EQ(seen, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(decoder.buffered(), framed("two").size() + framed("three").size());

  std::vector<std::string> resumed;
  EXPECT_EQ(decoder.decode([&resumed](ConstBytes payload) {
    resumed.push_back(to_string(payload));
    return true;
  }),
            2u);
  EXPECT_EQ(resumed, (std::vector<std::string>{"two", "three"}));
}

TEST(FrameDecoder, ProtocolErrorIsSticky)
{
  FrameDecoder decoder{LengthPrefixCodec(LengthPrefixCodec::Width::u32, 4)};
  int frames = 0;
  const auto count = [&frames](ConstBytes) { ++frames; };

  EXPECT_EQ(decoder.feed(as_bytes(framed("ok") + framed("too long")), count), 1u);
  EXPECT_EQ(decoder.error(), error::frame_too_large);

  EXPECT_EQ(decoder.feed(as_bytes(framed("ok")), count), 0u);
  EXPECT_EQ(decoder.decode(count), 0u);
  EXPECT_EQ(frames, 1);
  EXPECT_EQ(decoder.error(), error::frame_too_large);
}

TEST(FrameDecoder, RejectsLengthAboveMaxFrameBeforeAllocating)
{
  FrameDecoder decoder;
  receive(decoder, "\xFF\xFF\xFF\xFF");
  EXPECT_EQ(decoder.decode([](ConstBytes) {}), 0u);
  EXPECT_EQ(decoder.error(), error::frame_too_large);
  EXPECT_LT(decoder.capacity(), 64u);
}

TEST(FrameDecoder, AcceptsEmptyPayload)
{
  FrameDecoder decoder;
  std::vector<std::string> got;
  decoder.feed(as_bytes(framed("") + framed("")),
               [&got](ConstBytes payload) { got.push_back(to_string(payload)); });
  EXPECT_EQ(got, (std::vector<std::string>{"", ""}));
}

TEST(FrameDecoder, ReleaseIfEmptyFreesTheBufferOnlyWhenNothingIsPending)
{
  FrameDecoder decoder;
  const std::string wire = framed(std::string(1000, 'x'));
  decoder.feed(as_bytes(std::string_view(wire).substr(0, 500)), [](ConstBytes) {});
  decoder.release_if_empty();
  EXPECT_GE(decoder.capacity(), 500u);
  EXPECT_EQ(decoder.buffered(), 500u);

  decoder.feed(as_bytes(std::string_view(wire).substr(500)), [](ConstBytes) {});
  ASSERT_EQ(decoder.buffered(), 0u);
  decoder.release_if_empty();
  EXPECT_EQ(decoder.capacity(), 0u);

  EXPECT_EQ(decoder.feed(as_bytes(framed("after")), [](ConstBytes) {}), 1u);
}

TEST(FrameDecoder, PrepareSizesTheReadToAKnownPendingFrame)
{
  FrameDecoder decoder;
  const std::string wire = framed(std::string(1000, 'x'));
  decoder.feed(as_bytes(std::string_view(wire).substr(0, 14)), [](ConstBytes) {});

  EXPECT_EQ(decoder.prepare(16).size(), 990u);
  EXPECT_EQ(decoder.prepare(4096).size(), 4096u);
}

TEST(FrameDecoder, PrepareGivesTheMinimumWhenNothingIsPending)
{
  FrameDecoder decoder;
  EXPECT_EQ(decoder.prepare(512).size(), 512u);
  FrameDecoder lines{DelimiterCodec{}};
  lines.feed(as_bytes("no newline yet"), [](ConstBytes) {});
  EXPECT_EQ(lines.prepare(512).size(), 512u);
}

TEST(FrameDecoder, PrepareMakesRoomForAWholeFrameOfTheLastOnesSize)
{
  // A 16 KiB payload is 16 KiB + 4 on the wire: a 16 KiB read would take it in two.
  FrameDecoder decoder;
  const std::string wire = framed(std::string(16 * 1024, 'x'));
  receive(decoder, wire);
  ASSERT_EQ(decoder.decode([](ConstBytes) {}), 1u);

  const MutableBytes space = decoder.prepare(16 * 1024);
  EXPECT_GE(space.size(), wire.size());
}

TEST(FrameDecoder, PrepareCapsItsGuessFromTheLastFrame)
{
  FrameDecoder decoder;
  receive(decoder, framed(std::string(1024 * 1024, 'x')));
  ASSERT_EQ(decoder.decode([](ConstBytes) {}), 1u);
  decoder.release_if_empty();

  // One huge frame must not make every later read allocate that much.
  EXPECT_EQ(decoder.prepare(1024).size(), 4 * 1024u);
}

TEST(FrameDecoder, PrepareOffersTheSpaceTheBufferAlreadyHas)
{
  FrameDecoder decoder;
  ASSERT_EQ(decoder.prepare(4096).size(), 4096u);
  receive(decoder, framed("abc"));
  ASSERT_EQ(decoder.decode([](ConstBytes) {}), 1u);

  // Asking for less than is free still offers all of it: fewer, larger reads.
  EXPECT_EQ(decoder.prepare(16).size(), decoder.capacity());
}

TEST(FrameDecoder, ReusesItsBufferOnceFramesAreConsumed)
{
  FrameDecoder decoder;
  const std::string frame = framed("0123456789");
  for (int round = 0; round < 100; ++round) receive(decoder, frame);
  decoder.decode([](ConstBytes) {});
  const std::size_t capacity = decoder.capacity();
  for (int round = 0; round < 100; ++round) {
    receive(decoder, frame);
    decoder.decode([](ConstBytes) {});
  }
  EXPECT_EQ(decoder.capacity(), capacity);
}

TEST(FrameDecoder, SwapsItsBufferOnlyWhenNeitherHoldsBytes)
{
  FrameDecoder decoder;
  const std::string half("\0\0\0\5ab", 6);
  decoder.feed(as_bytes(half), [](ConstBytes) {});
  Buffer spare(64);
  EXPECT_FALSE(decoder.swap_buffer(spare));  // part of a frame is held
  EXPECT_EQ(decoder.buffered(), 6u);         // header and two bytes
  const std::string rest("cde", 3);
  std::vector<std::string> frames;
  decoder.feed(as_bytes(rest), [&](ConstBytes p) { frames.push_back(to_string(p)); });
  ASSERT_EQ(frames, std::vector<std::string>{"abcde"});
  EXPECT_TRUE(decoder.swap_buffer(spare));
  EXPECT_GE(spare.capacity(), 7u);  // the decoder's memory went to the spare
  Buffer full;
  full.append(as_bytes(std::string_view("x")));
  EXPECT_FALSE(decoder.swap_buffer(full));
}

}  // namespace
}  // namespace frame_decoder_test
}  // namespace proactor
