#include "fake_session.hpp"
#include <proactor/session/producer_holds.hpp>

#include <gtest/gtest.h>

#include <memory>

namespace proactor {
namespace producer_holds_test {  // a unity build puts several test files in one unit
namespace {

using test::FakeSession;

TEST(ProducerHolds, HoldsEachProducerOnceAndReleasesEveryHold)
{
  auto a = std::make_shared<FakeSession>(1);
  auto b = std::make_shared<FakeSession>(2);
  detail::ProducerHolds holds;
  for (int i = 0; i < 3; ++i) {
    a->hold_reading();  // what send(frame, from) does on the producer's side
    holds.adopt(a);
  }
  b->hold_reading();
  EXPECT_TRUE(holds.adopt(b));
  EXPECT_EQ(holds.size(), 2u);
  EXPECT_EQ(a->held(), 1);  // the extra holds went back at once
  EXPECT_EQ(b->held(), 1);
  EXPECT_EQ(holds.release_all(), 2u);
  EXPECT_EQ(a->held(), 0);
  EXPECT_EQ(b->held(), 0);
  EXPECT_EQ(holds.size(), 0u);
  EXPECT_EQ(holds.release_all(), 0u);
}

TEST(ProducerHolds, KeepsAHeldProducerAliveAndReleasesItWhenDestroyed)
{
  std::weak_ptr<FakeSession> watch;
  {
    detail::ProducerHolds holds;
    {
      auto producer = std::make_shared<FakeSession>(1);
      watch = producer;
      producer->hold_reading();
      holds.adopt(producer);
    }
    EXPECT_FALSE(watch.expired());  // a held producer has nothing else keeping it
    EXPECT_EQ(watch.lock()->held(), 1);
  }
  EXPECT_TRUE(watch.expired());  // released and let go with its holder
}

}  // namespace
}  // namespace producer_holds_test
}  // namespace proactor
