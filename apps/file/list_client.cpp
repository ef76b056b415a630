#include "file/list_client.hpp"

#include "file/file_name.hpp"

#include <cstdio>
#include <variant>

namespace proactor::file {

void ListClient::start(Session& session)
{
  send(session, ListRequest{});
}

void ListClient::on_event(Session& session, Event& event)
{
  const auto* batch = std::get_if<ListEntries>(&event);
  if (!batch) return fail("unexpected message from the server during a list");
  for (const ListEntry& entry : batch->entries) {
    char size[32];
    std::snprintf(size, sizeof size, "%14llu", static_cast<unsigned long long>(entry.size));
    print(std::string(size) + "  " + printable(entry.name, entry.name.size()));
  }
  if (batch->last) succeed(session);
}

}  // namespace proactor::file
