#include "chat/chat_wire.hpp"

#include <proactor/net/packet_writer.hpp>

#include <stdexcept>
#include <utility>

#if PROACTOR_CHAT_PROTOBUF
#include "chat/chat_protobuf_wire.hpp"
#include <proactor/codecs/protobuf_codec.hpp>
#endif
#if PROACTOR_CHAT_SNAPPY
#include "chat/chat_snappy_wire.hpp"
#endif

namespace proactor::chat {
namespace {

class BinaryWire final : public ChatWire
{
 public:
  ErrorCode parse(ConstBytes payload, Request& out, MessageType& type) const override
  {
    if (!payload.empty()) type = static_cast<MessageType>(payload[0]);
    return chat::parse(payload, out);
  }
  ErrorCode parse(ConstBytes payload, Event& out) const override
  {
    return chat::parse(payload, out);
  }
  Buffer write(const Event& event) const override { return written(event); }
  Buffer write(const Request& request) const override { return written(request); }
  std::string name() const override { return "binary"; }

 private:
  template <class Message>
  static Buffer written(const Message& message)
  {
    PacketWriter writer;
    chat::write(writer, message);
    return std::move(writer).take();
  }
};

[[noreturn]] void refuse(std::string_view spec, std::string_view why)
{
  throw std::invalid_argument("codec '" + std::string(spec) + "' " + std::string(why));
}

}  // namespace

Frame ChatWire::encode(const Event& event, const Codec& codec) const
{
  return proactor::encode(codec, write(event));
}

Frame ChatWire::encode(const Request& request, const Codec& codec) const
{
  return proactor::encode(codec, write(request));
}

std::shared_ptr<const ChatWire> binary_wire()
{
  static const auto wire = std::make_shared<const BinaryWire>();
  return wire;
}

// The one place that knows which wires this build has.
std::shared_ptr<const ChatWire> make_chat_wire(std::string_view spec,
                                               [[maybe_unused]] std::size_t max_payload)
{
  std::string_view format = spec;
  bool snappy = false;
  if (const auto comma = spec.find(','); comma != std::string_view::npos) {
    if (spec.substr(comma + 1) != "snappy")
      refuse(spec, "is unknown: the only layer after ',' is snappy");
    format = spec.substr(0, comma);
    snappy = true;
  }

  std::shared_ptr<const ChatWire> wire;
  if (format == "binary") {
    wire = binary_wire();
  } else if (format == "protobuf") {
#if PROACTOR_CHAT_PROTOBUF
    silence_protobuf_logs();
    wire = std::make_shared<const ProtobufChatWire>();
#else
    refuse(spec, "is not available: this build has no protobuf (PROACTOR_WITH_PROTOBUF=OFF)");
#endif
  } else {
    refuse(spec, "is unknown: expected binary or protobuf, optionally followed by ,snappy");
  }

  if (!snappy) return wire;
#if PROACTOR_CHAT_SNAPPY
  return std::make_shared<const SnappyChatWire>(std::move(wire), max_payload);
#else
  refuse(spec, "is not available: this build has no Snappy (PROACTOR_WITH_SNAPPY=OFF)");
#endif
}

std::string_view chat_wire_specs() noexcept
{
#if PROACTOR_CHAT_PROTOBUF && PROACTOR_CHAT_SNAPPY
  return "binary|protobuf[,snappy]";
#elif PROACTOR_CHAT_PROTOBUF
  return "binary|protobuf";
#elif PROACTOR_CHAT_SNAPPY
  return "binary[,snappy]";
#else
  return "binary";
#endif
}

}  // namespace proactor::chat
