#include <proactor/net/error.hpp>

#include <boost/system/error_code.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace proactor {
namespace error_test {  // a unity build puts several test files in one unit
namespace {

constexpr error kEveryError[] = {
    error::frame_too_large,       error::malformed_frame,  error::packet_truncated,
    error::packet_trailing_bytes, error::idle_timeout,     error::frame_timeout,
    error::write_queue_overflow,  error::connection_limit, error::server_stopping,
    error::connect_timeout,       error::drain_timeout,    error::decompressed_too_large,
    error::handshake_timeout,
};

TEST(Error, EveryValueHasADistinctReadableMessage)
{
  std::set<std::string> seen;
  for (const error e : kEveryError) {
    const std::string message = make_error_code(e).message();
    EXPECT_FALSE(message.empty());
    EXPECT_NE(message, "unknown proactor error") << static_cast<int>(e);
    EXPECT_TRUE(seen.insert(message).second) << "duplicate message: " << message;
  }
}

TEST(Error, CategoryIsNamedProactor)
{
  EXPECT_STREQ(error_category().name(), "proactor");
  EXPECT_EQ(make_error_code(error::idle_timeout).category(), error_category());
}

TEST(Error, ValuesStartAtOneSoNoValueMeansSuccess)
{
  EXPECT_EQ(static_cast<int>(error::frame_too_large), 1);
  for (const error e : kEveryError) EXPECT_TRUE(make_error_code(e)) << static_cast<int>(e);
}

TEST(Error, ConvertsToErrorCodeAndComparesEqualToTheEnum)
{
  const boost::system::error_code ec = error::frame_timeout;
  EXPECT_EQ(ec, error::frame_timeout);
  EXPECT_NE(ec, error::idle_timeout);
  EXPECT_EQ(ec.value(), static_cast<int>(error::frame_timeout));
  EXPECT_EQ(ec.message(), "a started frame was not completed within the frame timeout");
}

TEST(Error, DiffersFromAnotherCategoryWithTheSameValue)
{
  const boost::system::error_code generic(1, boost::system::generic_category());
  EXPECT_NE(generic, error::frame_too_large);
}

TEST(Error, UnknownValueHasAFallbackMessage)
{
  EXPECT_EQ(error_category().message(0), "unknown proactor error");
  EXPECT_EQ(error_category().message(999), "unknown proactor error");
}

}  // namespace
}  // namespace error_test
}  // namespace proactor
