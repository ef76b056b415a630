// The UDP echo client's bookkeeping, without sockets: the window, timeouts, and answers that
// come late, twice, out of order or were never asked for.
#include "udp/echo_tracker.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

namespace proactor::udp {
namespace udp_echo_tracker_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using Answer = EchoTracker::Answer;
using clock = EchoTracker::clock;

const clock::time_point t0{};

TEST(UdpEchoTracker, SendsNoMoreThanTheWindowUntilAnswersFreeIt)
{
  EchoTracker tracker(5, 2, 1s);
  EXPECT_EQ(tracker.next(t0), 0u);
  EXPECT_EQ(tracker.next(t0), 1u);
  EXPECT_EQ(tracker.next(t0), std::nullopt);
  EXPECT_EQ(tracker.answer(0), Answer::answered);
  EXPECT_EQ(tracker.next(t0), 2u);
  EXPECT_EQ(tracker.next(t0), std::nullopt);
  EXPECT_EQ(tracker.in_flight(), 2u);
}

TEST(UdpEchoTracker, EveryDatagramAnsweredIsDoneWithNothingLost)
{
  EchoTracker tracker(3, 8, 1s);
  while (const auto seq = tracker.next(t0)) EXPECT_EQ(tracker.answer(*seq), Answer::answered);
  EXPECT_TRUE(tracker.done());
  EXPECT_EQ(tracker.sent(), 3u);
  EXPECT_EQ(tracker.answered(), 3u);
  EXPECT_EQ(tracker.lost(), 0u);
}

TEST(UdpEchoTracker, ADatagramUnansweredPastItsTimeoutIsLostAndItsAnswerLate)
{
  EchoTracker tracker(2, 2, 100ms);
  tracker.next(t0);
  tracker.next(t0 + 50ms);
  EXPECT_EQ(tracker.next_deadline(), t0 + 100ms);
  tracker.expire(t0 + 99ms);
  EXPECT_EQ(tracker.lost(), 0u);
  tracker.expire(t0 + 100ms);
  EXPECT_EQ(tracker.lost(), 1u);
  EXPECT_EQ(tracker.next_deadline(), t0 + 150ms);
  EXPECT_EQ(tracker.answer(0), Answer::late);
  EXPECT_EQ(tracker.answer(1), Answer::answered);
  EXPECT_TRUE(tracker.done());
  EXPECT_EQ(tracker.sent(), tracker.answered() + tracker.lost());
  EXPECT_EQ(tracker.late(), 1u);
  EXPECT_EQ(tracker.next_deadline(), std::nullopt);
}

TEST(UdpEchoTracker, ReorderedAnswersCountAsAnsweredAndAsReordered)
{
  EchoTracker tracker(3, 3, 1s);
  while (tracker.next(t0)) {
  }
  EXPECT_EQ(tracker.answer(2), Answer::answered);
  EXPECT_EQ(tracker.answer(0), Answer::reordered);
  EXPECT_EQ(tracker.answer(1), Answer::reordered);
  EXPECT_EQ(tracker.answered(), 3u);
  EXPECT_EQ(tracker.reordered(), 2u);
  EXPECT_TRUE(tracker.done());
}

TEST(UdpEchoTracker, DuplicatesAndUnknownNumbersDoNotCountAsAnswers)
{
  EchoTracker tracker(4, 1, 1s);
  tracker.next(t0);
  EXPECT_EQ(tracker.answer(0), Answer::answered);
  EXPECT_EQ(tracker.answer(0), Answer::duplicate);
  EXPECT_EQ(tracker.answer(1), Answer::unknown);  // not sent yet
  EXPECT_EQ(tracker.answer(1'000'000), Answer::unknown);
  EXPECT_EQ(tracker.answered(), 1u);
  EXPECT_EQ(tracker.duplicate(), 1u);
  EXPECT_FALSE(tracker.done());
}

TEST(UdpEchoTracker, AnsweredDatagramsNeverExpire)
{
  EchoTracker tracker(2, 2, 100ms);
  tracker.next(t0);
  tracker.next(t0);
  tracker.answer(0);
  tracker.answer(1);
  tracker.expire(t0 + 1s);
  EXPECT_EQ(tracker.lost(), 0u);
  EXPECT_EQ(tracker.next_deadline(), std::nullopt);
}

}  // namespace
}  // namespace udp_echo_tracker_test
}  // namespace proactor::udp
