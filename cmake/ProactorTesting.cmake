# proactor_add_test_suite(<layer> SOURCES <files...> [NAME <target>] [NO_PCH] [HEADERS]
#                         [PROPERTIES <ctest properties...>] [HEAVY <suites...>])
# Builds the test files of one layer into one executable, proactor_<layer>_tests (or NAME),
# linked against the whole framework and gmock_main, and registers every TEST with ctest
# under the layer's prefix ("server.Server.StopRefuses..."), so `ctest -R server` works.
# PROPERTIES are added to each test (e.g. FIXTURES_REQUIRED).
#
# HEAVY names GoogleTest suites (parameterised ones too) that keep both cores busy for a
# while, e.g. a flood through several real programs: their tests get PROCESSORS 2, so that
# `ctest -j` runs less beside them, and a TIMEOUT of 300 s. (Not a label of their own: a
# list value does not survive gtest_discover_tests' PROPERTIES; `ctest -E Suite` leaves
# them out.)
#
# Build time: one executable per layer, compiled as a unity build in batches of
# PROACTOR_TEST_UNITY_BATCH files (cmake/ProactorUnity.cmake), parses GoogleTest, GoogleMock and Asio once per batch
# instead of once per file and instantiates their templates once; the 2-core machine builds
# batches in parallel (docs/ci.md has the figures). Every test still runs in a process of
# its own, so tests share no state through the executable.
#
# HEADERS also compiles one generated translation unit per public header of the layer, each
# including only that header (no precompiled header, no unity batch): a header that misses
# an include fails to build.
include(GoogleTest)

# Checks that need one build only, whatever the flags: the sanitizer presets turn them off.
option(PROACTOR_TEST_HEADERS "Compile every public header on its own (HEADERS suites)" ON)
option(PROACTOR_TEST_NODE "Run the Node.js client's tests against the programs" ON)

function(proactor_add_test_suite layer)
  cmake_parse_arguments(arg "NO_PCH;HEADERS" "NAME" "SOURCES;PROPERTIES;HEAVY" ${ARGN})
  set(target proactor_${layer}_tests)
  if(arg_NAME)
    set(target ${arg_NAME})
  endif()
  if(arg_HEADERS AND NOT PROACTOR_TEST_HEADERS)
    list(REMOVE_ITEM arg_SOURCES headers_test.cpp)  # it would pass having checked nothing
  endif()
  add_executable(${target} ${arg_SOURCES})
  target_link_libraries(${target} PRIVATE
    proactor::proactor proactor_test_support GTest::gmock_main
    $<BUILD_INTERFACE:proactor_warnings> $<BUILD_INTERFACE:proactor_sanitizers>)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  proactor_unity(${target} ${PROACTOR_TEST_UNITY_BATCH})
  if(NOT arg_NO_PCH)
    proactor_use_asio_pch(${target})
  endif()
  if(arg_HEADERS AND PROACTOR_TEST_HEADERS)
    proactor_header_units(${target} ${layer})
  endif()
  # Every test gets a deadline so a hang fails instead of stalling CI.
  if(NOT arg_HEAVY)
    gtest_discover_tests(${target} TEST_PREFIX "${layer}." DISCOVERY_TIMEOUT 60
      PROPERTIES TIMEOUT 120 LABELS ${layer} ${arg_PROPERTIES})
    return()
  endif()
  # "*Suite.*" matches "Suite.Test" and "Prefix/Suite.Test/param" alike.
  list(TRANSFORM arg_HEAVY PREPEND "*" OUTPUT_VARIABLE heavy_patterns)
  list(TRANSFORM heavy_patterns APPEND ".*")
  list(JOIN heavy_patterns ":" heavy_filter)
  gtest_discover_tests(${target} TEST_PREFIX "${layer}." DISCOVERY_TIMEOUT 60
    TEST_FILTER "-${heavy_filter}"
    PROPERTIES TIMEOUT 120 LABELS ${layer} ${arg_PROPERTIES})
  gtest_discover_tests(${target} TEST_PREFIX "${layer}." DISCOVERY_TIMEOUT 60
    TEST_FILTER "${heavy_filter}"
    PROPERTIES TIMEOUT 300 PROCESSORS 2 LABELS ${layer} ${arg_PROPERTIES})
endfunction()

# proactor_header_units(<target> <layer>): adds to `target` one generated translation unit
# per public header of `layer`, each including only that header.
function(proactor_header_units target layer)
  file(GLOB headers CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/${layer}/include/proactor/${layer}/*.hpp)
  set(units)
  foreach(header IN LISTS headers)
    get_filename_component(name ${header} NAME_WE)
    set(unit ${CMAKE_CURRENT_BINARY_DIR}/headers/${name}.cpp)
    file(CONFIGURE OUTPUT ${unit} CONTENT "#include <proactor/${layer}/${name}.hpp>\n")
    list(APPEND units ${unit})
  endforeach()
  set_source_files_properties(${units} PROPERTIES
    SKIP_UNITY_BUILD_INCLUSION ON SKIP_PRECOMPILE_HEADERS ON)
  target_sources(${target} PRIVATE ${units})
endfunction()
