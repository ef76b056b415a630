// proactor-calc-client: asks a proactor-calc-server to compute (docs/protocol/calc.md).
//
//   proactor-calc-client --port 7000 3 + 4          # prints 7
//   printf '3 + 4\n10 / 0\n' | proactor-calc-client --port 7000
//                                                   # prints 7, then error: division by zero
//
// Argument mode exits 0 when the result was computed, 1 when the server answered with an
// error status. Stdin mode exits 0 at stdin's end once every reply was printed; a line that
// is not an expression prints one line to stderr and is skipped. Both exit 1 when the server
// cannot be reached or the connection is lost, and 2 on a bad command line.
#include "calc/calc_client_options.hpp"
#include "calc/calc_console.hpp"
#include "calc/calc_once.hpp"
#include "calc/calc_protocol.hpp"
#include "common/messages.hpp"

#include <exception>

int main(int argc, char* argv[])
{
  const auto options = proactor::calc::parse_calc_client_flags(argc, argv);
  if (!options) return options.exit_code();

  try {
    if (const auto request = proactor::calc::parse_expression(options->expression))
      return proactor::calc::CalcOnce{*options, *request}.run();
    return proactor::calc::CalcConsole{*options}.run();
  } catch (const std::exception& e) {
    proactor::apps::print_error(options->program, e.what());
    return 1;
  }
}
