# proactor_add_test(<layer> <name> [extra sources...])
# Builds tests/<layer>/<name>.cpp into proactor_<layer>_<name>, linked against the whole
# framework and gmock_main, and registers every TEST with ctest.
include(GoogleTest)

function(proactor_add_test layer name)
  set(target proactor_${layer}_${name})
  add_executable(${target} ${name}.cpp ${ARGN})
  target_link_libraries(${target} PRIVATE
    proactor::proactor proactor_test_support GTest::gmock_main
    $<BUILD_INTERFACE:proactor_warnings> $<BUILD_INTERFACE:proactor_sanitizers>)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  if(NOT layer STREQUAL "net")
    proactor_use_asio_pch(${target})
  endif()
  # Every test gets a deadline so a hang fails instead of stalling CI.
  # Test names carry the layer ("server.Server.StopRefuses...") so `ctest -R server` works.
  gtest_discover_tests(${target} TEST_PREFIX "${layer}." DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT 120 LABELS ${layer})
endfunction()
