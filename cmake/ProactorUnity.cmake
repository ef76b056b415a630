# Unity builds for the targets made of many small files that each include Asio, GoogleTest or
# both: the test suites and the app libraries. A batch of files compiled as one translation
# unit parses those headers and instantiates their templates once; on 2 cores that is most
# of a build (docs/ci.md). The framework's own libraries are not unity built: they are small,
# and a user building them should see each file compile on its own.
option(PROACTOR_UNITY "Build test suites and app libraries as unity builds" ON)
set(PROACTOR_TEST_UNITY_BATCH 8 CACHE STRING "Test files per unity translation unit")
set(PROACTOR_APP_UNITY_BATCH 8 CACHE STRING "App library files per unity translation unit")

# proactor_unity(<target> <batch>): a unity build of `target` when PROACTOR_UNITY is on.
function(proactor_unity target batch)
  if(PROACTOR_UNITY)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${batch})
  endif()
endfunction()
