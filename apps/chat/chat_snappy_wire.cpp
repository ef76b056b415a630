#include "chat/chat_snappy_wire.hpp"

#include <utility>

namespace proactor::chat {

SnappyChatWire::SnappyChatWire(std::shared_ptr<const ChatWire> inner, std::size_t max_payload)
    : inner_(std::move(inner)), snappy_(max_payload)
{}

template <class Message, class... Type>
ErrorCode SnappyChatWire::unwrapped(ConstBytes payload, Message& out, Type&... type) const
{
  // One scratch per thread: a compressed payload is decompressed, parsed and done with before
  // the next one on this thread, and no allocation is made per frame.
  thread_local Buffer scratch;
  ConstBytes body;
  if (snappy_.unwrap(payload, scratch, body)) return ErrorCode::malformed;
  return inner_->parse(body, out, type...);
}

ErrorCode SnappyChatWire::parse(ConstBytes payload, Request& out, MessageType& type) const
{
  return unwrapped(payload, out, type);
}

ErrorCode SnappyChatWire::parse(ConstBytes payload, Event& out) const
{
  return unwrapped(payload, out);
}

Buffer SnappyChatWire::write(const Event& event) const
{
  return snappy_.wrap(inner_->write(event));
}

Buffer SnappyChatWire::write(const Request& request) const
{
  return snappy_.wrap(inner_->write(request));
}

std::string SnappyChatWire::name() const
{
  return inner_->name() + ",snappy";
}

}  // namespace proactor::chat
