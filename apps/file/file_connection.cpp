#include "file/file_connection.hpp"

#include "file/file_name.hpp"

#include <cstdio>
#include <limits>
#include <utility>
#include <variant>

namespace proactor::file {
namespace {

// Payload bytes one list_entries message fills up to: well inside any frame limit the
// server accepts (at least kMaxDataPayload).
constexpr std::size_t kListPayload = 60 * 1024;

std::string type_text(std::uint8_t type)
{
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", type);
  return text;
}

}  // namespace

void FileConnection::on_frame(Session& session, ConstBytes payload)
{
  if (closing_) return;  // frames read before the close took effect
  Request request;
  if (const ErrorCode code = parse(payload, request); code != ErrorCode::none) {
    const std::uint8_t type = payload.empty() ? 0 : static_cast<std::uint8_t>(payload.front());
    std::string text = code == ErrorCode::unknown_type
                           ? "unknown message type " + type_text(type)
                           : "malformed message of type " + type_text(type) + " (" +
                                 std::to_string(payload.size()) + " bytes)";
    return fail(session, static_cast<MessageType>(type), {code, std::move(text)}, transferring());
  }
  if (auto* put = std::get_if<PutRequest>(&request)) return on_put(session, std::move(*put));
  if (const auto* get = std::get_if<GetRequest>(&request)) return on_get(session, *get);
  if (std::holds_alternative<ListRequest>(request)) return on_list(session);
  if (const auto* chunk = std::get_if<DataChunk>(&request)) return on_data(session, *chunk);
  on_ack(session, std::get<Ack>(request));
}

void FileConnection::on_writable(Session& session)
{
  if (!closing_) pump(session);
}

void FileConnection::on_put(Session& session, PutRequest request)
{
  abandon();
  if (const auto problem = name_problem(request.name))
    return fail(session, MessageType::put,
                {ErrorCode::invalid_name, "invalid name " + quoted(request.name) + ": " + *problem},
                false);
  if (request.size > service_.max_size)
    return fail(
        session, MessageType::put,
        {ErrorCode::too_large, quoted(request.name) + " has " + std::to_string(request.size) +
                                   " bytes, more than this server's limit of " +
                                   std::to_string(service_.max_size)},
        false);
  auto claim = service_.claims.try_claim(request.name);
  if (!claim)
    return fail(
        session, MessageType::put,
        {ErrorCode::busy, quoted(request.name) + " is being uploaded by another connection"},
        false);
  PartialFile partial;
  if (FileError error = service_.root.open_partial(request.name, partial))
    return fail(session, MessageType::put, std::move(error), false);

  Upload upload(std::move(partial), std::move(*claim), std::move(request), service_.window);
  if (FileError error = upload.begin())
    return fail(session, MessageType::put, std::move(error), false);
  send(session, upload.ready());
  upload_.emplace(std::move(upload));
  if (upload_->complete()) finish_upload(session);
}

void FileConnection::on_data(Session& session, const DataChunk& chunk)
{
  if (!upload_)
    return fail(session, MessageType::upload_data,
                {ErrorCode::unexpected, "data without an upload in progress"}, true);
  if (FileError error = upload_->write(chunk))
    return fail(session, MessageType::upload_data, std::move(error), true);
  if (const auto received = upload_->take_ack()) send(session, Ack{*received});
  if (upload_->complete()) finish_upload(session);
}

// The stream is clean after the last byte, so even a mismatch leaves the connection usable.
void FileConnection::finish_upload(Session& session)
{
  PutDone done;
  FileError error = upload_->finish(done);
  upload_.reset();  // releases the name before the answer can prompt a new put
  if (error) return fail(session, MessageType::put, std::move(error), false);
  send(session, done);
}

void FileConnection::on_get(Session& session, const GetRequest& request)
{
  abandon();
  Download download;
  GetReady ready;
  if (FileError error = Download::open(service_.root, request, download, ready))
    return fail(session, MessageType::get, std::move(error), false);
  send(session, ready);
  download_.emplace(std::move(download));
  pump(session);
}

void FileConnection::on_ack(Session& session, const Ack& ack)
{
  // A download that has sent everything is forgotten; its last acks still arrive.
  if (!download_) return;
  if (FileError error = download_->acknowledge(ack.received))
    return fail(session, MessageType::download_ack, std::move(error), true);
  pump(session);
}

void FileConnection::on_list(Session& session)
{
  abandon();
  listing_.emplace(Listing{service_.root.list(service_.max_list_entries), 0});
  pump(session);
}

void FileConnection::pump(Session& session)
{
  if (download_) {
    if (FileError error = download_->pump(session))
      return fail(session, MessageType::get, std::move(error), true);
    if (download_->sent_all()) download_.reset();
  }
  if (listing_) pump_listing(session);
}

void FileConnection::pump_listing(Session& session)
{
  while (listing_ && session.writable()) {
    ListEntries batch;
    std::size_t bytes = 1 + 1 + 2;  // type, last, count
    auto& entries = listing_->entries;
    std::size_t& next = listing_->next;
    while (next < entries.size() &&
           batch.entries.size() < std::numeric_limits<std::uint16_t>::max() &&
           bytes + wire_size(entries[next]) <= kListPayload) {
      bytes += wire_size(entries[next]);
      batch.entries.push_back(std::move(entries[next++]));
    }
    batch.last = next == entries.size();
    send(session, batch);
    if (batch.last) listing_.reset();
  }
}

// The stream keeps order: whatever the client sent for the old transfer came before this
// request and has been handled; what the server sent for it goes out before the answer.
void FileConnection::abandon() noexcept
{
  upload_.reset();  // the partial stays for a resume, and the name is free again
  download_.reset();
  listing_.reset();
}

bool FileConnection::transferring() const noexcept
{
  return upload_ || download_ || listing_;
}

void FileConnection::send(Session& session, const Event& event)
{
  session.send(encode(event, session.codec()));
}

void FileConnection::fail(Session& session, MessageType request, FileError error, bool fatal)
{
  send(session, ErrorEvent{error.code, static_cast<std::uint8_t>(request), std::move(error.text)});
  if (!fatal) return;
  abandon();
  closing_ = true;
  session.close();
}

}  // namespace proactor::file
