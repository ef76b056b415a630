# proactor_add_test(<layer> <name> [extra sources...] [PROPERTIES <ctest properties...>])
# Builds tests/<layer>/<name>.cpp into proactor_<layer>_<name>, linked against the whole
# framework and gmock_main, and registers every TEST with ctest (PROPERTIES are added to each,
# e.g. FIXTURES_REQUIRED).
include(GoogleTest)

function(proactor_add_test layer name)
  cmake_parse_arguments(arg "NO_PCH" "" "PROPERTIES" ${ARGN})
  set(target proactor_${layer}_${name})
  add_executable(${target} ${name}.cpp ${arg_UNPARSED_ARGUMENTS})
  target_link_libraries(${target} PRIVATE
    proactor::proactor proactor_test_support GTest::gmock_main
    $<BUILD_INTERFACE:proactor_warnings> $<BUILD_INTERFACE:proactor_sanitizers>)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  if(NOT layer STREQUAL "net" AND NOT arg_NO_PCH)
    proactor_use_asio_pch(${target})
  endif()
  # Every test gets a deadline so a hang fails instead of stalling CI.
  # Test names carry the layer ("server.Server.StopRefuses...") so `ctest -R server` works.
  gtest_discover_tests(${target} TEST_PREFIX "${layer}." DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT 120 LABELS ${layer} ${arg_PROPERTIES})
endfunction()

# proactor_add_header_test(<layer>)
# Builds tests/<layer>/headers_test.cpp together with one generated translation unit per
# public header of the layer, each including only that header (and no precompiled header):
# a header that misses an include fails to build.
function(proactor_add_header_test layer)
  file(GLOB headers CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/${layer}/include/proactor/${layer}/*.hpp)
  set(units)
  foreach(header IN LISTS headers)
    get_filename_component(name ${header} NAME_WE)
    set(unit ${CMAKE_CURRENT_BINARY_DIR}/headers/${name}.cpp)
    file(CONFIGURE OUTPUT ${unit} CONTENT "#include <proactor/${layer}/${name}.hpp>\n")
    list(APPEND units ${unit})
  endforeach()
  proactor_add_test(${layer} headers_test NO_PCH ${units})
endfunction()
