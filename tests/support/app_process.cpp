#include "app_process.hpp"

#include "loopback_client.hpp"

#include <boost/asio/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <utility>

namespace proactor::test {

Finished run_to_exit(std::string_view name, const std::vector<std::string>& args)
{
  ChildProcess process;
  process.start(bin_path(name), args);
  process.close_stdin();
  Finished result;
  result.out = process.read_all_stdout(kDeadline);
  result.err = process.read_all_stderr(kDeadline);
  result.exit_code = process.wait_exit(kDeadline);
  return result;
}

std::size_t count_lines(std::string_view text)
{
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string address_in_use_text()
{
  return boost::system::error_code(boost::asio::error::address_in_use).message();
}

std::uint16_t wait_until_listening(ChildProcess& server)
{
  constexpr std::string_view kPrefix = "listening on 127.0.0.1:";
  const auto line = server.read_line(kDeadline);
  if (!line || !line->starts_with(kPrefix)) {
    ADD_FAILURE() << "expected '" << kPrefix << "PORT', got '" << line.value_or("<nothing>") << "'";
    return 0;
  }
  const std::string digits = line->substr(kPrefix.size());
  const bool numeric = !digits.empty() && digits.size() <= 5 &&
                       digits.find_first_not_of("0123456789") == std::string::npos;
  const unsigned long port = numeric ? std::stoul(digits) : 0;
  if (port == 0 || port > 65535) {
    ADD_FAILURE() << "no port in '" << *line << "'";
    return 0;
  }
  return static_cast<std::uint16_t>(port);
}

ServerProcess::ServerProcess(std::string_view name, std::vector<std::string> args)
{
  args.insert(args.begin(), {"--port", "0"});
  process.start(bin_path(name), args);
  port = wait_until_listening(process);
}

void ServerProcess::stop_and_expect_clean_exit()
{
  process.send_signal(SIGTERM);
  EXPECT_EQ(process.wait_exit(kDeadline), 0);
}

}  // namespace proactor::test
