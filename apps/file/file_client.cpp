#include "file/file_client.hpp"

#include "common/messages.hpp"
#include "file/file_name.hpp"
#include <proactor/session/connector.hpp>
#include <proactor/session/dispatcher.hpp>

#include <iostream>
#include <memory>
#include <utility>
#include <variant>

namespace proactor::file {

FileClient::FileClient(const FileClientOptions& options) : options_(options)
{}

int FileClient::run()
{
  if (prepare()) {
    const std::string address = apps::format_address(options_.host, options_.port);
    async_connect(io_, options_.connect_options(), std::make_shared<InlineDispatcher>(*this),
                  [this, address](boost::system::error_code ec, const SessionPtr&) {
                    if (ec) fail("cannot connect to " + address + ": " + ec.message());
                  });
    // Returns once the session has closed and the command's timers are cancelled.
    io_.run();
  }
  if (!error_ && !done_) error_ = "the transfer ended without an outcome";
  if (error_) {
    apps::print_error(options_.program, *error_);
    return 1;
  }
  return 0;
}

void FileClient::on_open(const SessionPtr& session)
{
  session_ = session;
  start(*session);
}

void FileClient::on_frame(const SessionPtr& session, ConstBytes payload)
{
  if (done_ || error_) return;
  Event event;
  if (parse(payload, event) != ErrorCode::none)
    return fail("malformed message from the server (" + std::to_string(payload.size()) + " bytes)");
  if (const auto* error = std::get_if<ErrorEvent>(&event)) {
    if (!on_error(*session, *error))
      fail(printable(error->text, 1000) + " (" + std::string(to_string(error->code)) + ")");
    return;
  }
  on_event(*session, event);
}

void FileClient::on_writable(const SessionPtr& session)
{
  if (!done_ && !error_) resume(*session);
}

void FileClient::on_close(const SessionPtr& /*session*/, CloseReason reason,
                          boost::system::error_code ec)
{
  session_.reset();
  stop();
  if (done_) return;
  std::string message = "connection to " + apps::format_address(options_.host, options_.port) +
                        " closed before the transfer completed: " + std::string(to_string(reason));
  if (ec) message += ": " + ec.message();
  fail(std::move(message));
}

void FileClient::succeed(Session& session)
{
  if (error_) return;
  done_ = true;
  session.close();
}

void FileClient::fail(std::string message)
{
  if (done_ || error_) return;
  error_ = std::move(message);
  stop();
  if (session_) session_->close();
}

void FileClient::send(Session& session, const Request& request)
{
  session.send(encode(request, session.codec()));
}

void FileClient::print(std::string_view line)
{
  std::cout << line << std::endl;
}

void FileClient::show(std::string_view text)
{
  if (!text.empty()) std::cerr << text << std::flush;
}

}  // namespace proactor::file
