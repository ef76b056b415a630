#include <proactor/codecs/protobuf_codec.hpp>
#include <proactor/net/error.hpp>

#include <climits>
#include <cstdio>
#include <google/protobuf/message_lite.h>
#include <google/protobuf/stubs/logging.h>
#include <stdexcept>
#include <utility>

namespace proactor {

Buffer serialize_message(const google::protobuf::MessageLite& message)
{
  const std::size_t size = message.ByteSizeLong();
  if (size > static_cast<std::size_t>(INT_MAX))
    throw std::length_error("a protobuf message is limited to 2 GiB");
  Buffer out(0);
  const MutableBytes room = out.prepare(size);
  // ByteSizeLong cached every sub-message's size; this pass only writes.
  message.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(room.data()));
  out.commit(size);
  return out;
}

Frame encode_message(const google::protobuf::MessageLite& message, const Codec& codec)
{
  return encode(codec, serialize_message(message));
}

boost::system::error_code parse_message(ConstBytes payload, google::protobuf::MessageLite& message)
{
  if (payload.size() > static_cast<std::size_t>(INT_MAX)) return error::malformed_frame;
  if (!message.ParseFromArray(payload.data(), static_cast<int>(payload.size())))
    return error::malformed_frame;
  return {};
}

void silence_protobuf_logs() noexcept
{
  google::protobuf::SetLogHandler(
      [](google::protobuf::LogLevel level, const char* file, int line, const std::string& message) {
        if (level == google::protobuf::LOGLEVEL_FATAL)
          std::fprintf(stderr, "libprotobuf FATAL %s:%d %s\n", file, line, message.c_str());
      });
}

}  // namespace proactor
