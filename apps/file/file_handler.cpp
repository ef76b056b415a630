#include "file/file_handler.hpp"

#include "file/file_connection.hpp"

#include <any>
#include <memory>

namespace proactor::file {
namespace {

// The connection kept in the session's context slot; null when there is none.
FileConnection* connection_of(Session& session)
{
  auto* held = std::any_cast<std::shared_ptr<FileConnection>>(&session.context());
  return held ? held->get() : nullptr;
}

}  // namespace

void FileHandler::on_open(const SessionPtr& session)
{
  session->context() = std::make_shared<FileConnection>(service_);
}

void FileHandler::on_frame(const SessionPtr& session, ConstBytes payload)
{
  if (FileConnection* connection = connection_of(*session)) connection->on_frame(*session, payload);
}

void FileHandler::on_writable(const SessionPtr& session)
{
  if (FileConnection* connection = connection_of(*session)) connection->on_writable(*session);
}

void FileHandler::on_close(const SessionPtr& session, CloseReason /*reason*/,
                           boost::system::error_code /*ec*/)
{
  session->context().reset();
}

}  // namespace proactor::file
