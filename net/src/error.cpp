#include <proactor/net/error.hpp>

#include <string>

namespace proactor {
namespace {

// error_category's destructor is protected, so no one can delete a category through the base;
// GCC's -Wnon-virtual-dtor does not see that (Boost silences it the same way).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class ErrorCategory final : public boost::system::error_category
{
 public:
  const char* name() const noexcept override { return "proactor"; }

  std::string message(int value) const override
  {
    // A switch without a default lets -Wswitch flag a new enum value without a message.
    switch (static_cast<error>(value)) {
      case error::frame_too_large:
        return "frame length exceeds the configured maximum";
      case error::malformed_frame:
        return "malformed frame";
      case error::packet_truncated:
        return "packet ended before all expected fields were read";
      case error::packet_trailing_bytes:
        return "packet has unexpected bytes after its last field";
      case error::idle_timeout:
        return "no data received within the idle timeout";
      case error::frame_timeout:
        return "a started frame was not completed within the frame timeout";
      case error::write_queue_overflow:
        return "peer is too slow to read: write queue stayed above its limit";
      case error::connection_limit:
        return "connection refused: maximum number of connections reached";
      case error::server_stopping:
        return "server is stopping";
      case error::connect_timeout:
        return "connection attempt timed out";
      case error::drain_timeout:
        return "queued writes could not be flushed before the stop deadline";
      case error::decompressed_too_large:
        return "compressed payload announces more bytes than the configured maximum";
      case error::handshake_timeout:
        return "the peer did not complete the TLS handshake within the handshake timeout";
    }
    return "unknown proactor error";
  }
};
#pragma GCC diagnostic pop

}  // namespace

const boost::system::error_category& error_category() noexcept
{
  static const ErrorCategory category;
  return category;
}

boost::system::error_code make_error_code(error e) noexcept
{
  return {static_cast<int>(e), error_category()};
}

}  // namespace proactor
