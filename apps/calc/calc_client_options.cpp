#include "calc/calc_client_options.hpp"

#include "calc/calc_protocol.hpp"
#include <proactor/session/session_config.hpp>

#include <iostream>
#include <memory>
#include <utility>

namespace proactor::calc {

ConnectOptions CalcClientOptions::connect_options() const
{
  auto config = std::make_shared<SessionConfig>(*ConnectOptions::default_client_config());
  // A person at the keyboard may pause for long; replies are waited for with `timeout`.
  config->idle_timeout = std::chrono::milliseconds::zero();
  return ConnectOptions{
      .host = host, .port = port, .timeout = timeout, .config = std::move(config)};
}

apps::ParseResult<CalcClientOptions> parse_calc_client_flags(int argc, char** argv)
{
  CalcClientOptions options;
  std::vector<std::string> words;
  apps::FlagParser flags{
      options.program,
      "Asks a proactor-calc-server to compute NUMBER OP NUMBER (OP is + - * /).\n"
      "With an expression: prints its result. Without: reads one expression\n"
      "per stdin line and prints one result line each. Quote '*' for the\n"
      "shell; put '--' before an expression that starts with '-'."};
  flags.add_string("host", options.host, "HOST", "server address or name");
  flags.add_port("port", options.port, "server port", 1);
  flags.add_duration("timeout", options.timeout, "limit for connecting and for each reply");
  flags.add_positional("EXPR", words, "an expression such as 3 + 4; none reads stdin");
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return apps::ParseResult<CalcClientOptions>::exit(*exit_code);

  const auto fail = [&](std::string_view message) {
    return apps::ParseResult<CalcClientOptions>::exit(flags.fail(message, std::cerr));
  };
  if (!flags.seen("port")) return fail("missing required flag '--port'");
  if (options.timeout.count() == 0) return fail("'--timeout' must be longer than 0");
  for (const auto& word : words) {
    if (!options.expression.empty()) options.expression += ' ';
    options.expression += word;
  }
  if (!words.empty() && !parse_expression(options.expression))
    return fail("bad expression '" + options.expression + "': expected NUMBER OP NUMBER");
  return options;
}

}  // namespace proactor::calc
