# Interface targets carrying the project's warning and sanitizer flags. They are linked
# PRIVATE (build interface only), so nothing here leaks into an installed consumer.

add_library(proactor_warnings INTERFACE)
target_compile_options(proactor_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough
  # g++ 12 reports std::string inside std::variant (our Codec) as maybe-uninitialized at -O2;
  # a known false positive of that release, and -Werror in CI cannot live with it.
  -Wno-maybe-uninitialized
  $<$<BOOL:${PROACTOR_WERROR}>:-Werror>)

add_library(proactor_sanitizers INTERFACE)
if(PROACTOR_SANITIZE)
  # e.g. "address,undefined" or "thread"
  target_compile_options(proactor_sanitizers INTERFACE
    -fsanitize=${PROACTOR_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(proactor_sanitizers INTERFACE -fsanitize=${PROACTOR_SANITIZE})
  if(PROACTOR_SANITIZE MATCHES "thread")
    # Asio's own handler-memory recycling uses std::atomic_thread_fence, which g++ warns
    # TSan does not model; our code avoids fences under TSan (server/src/job_queue.cpp).
    target_compile_options(proactor_sanitizers INTERFACE -Wno-tsan)
  endif()
endif()
