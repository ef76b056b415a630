# Optional: compile through ccache (`make CCACHE=1`, or -DPROACTOR_CCACHE=ON). Off by default
# because, measured on the 2-core machine (docs/ci.md), it costs more than it saves where CI
# builds: every translation unit here includes the 180 MB precompiled Asio header, and
# ccache's bookkeeping for it made a cold release build 24 % slower (4 min 27 s against
# 3 min 35 s), while a fresh clone elsewhere still missed every unity batch and test (their
# sources name absolute paths). It pays for a developer who rebuilds the same tree from
# scratch (`make clean`, switching branches): 48 s instead of 3 min 35 s, everything a hit.
#
# Settings, each for a reason:
# - base_dir = the source tree, and no hash of the working directory: presets' build trees
#   (and clones) share the entries of their library and program sources;
# - -ffile-prefix-map: __FILE__ and the debug information name files relative to the source
#   tree, so an object compiled in one tree is right for another;
# - depend mode and sloppiness pch_defines,time_macros and the include file times: what
#   ccache needs to cache translation units that use the precompiled header (ccache manual,
#   "Precompiled headers"), without running the preprocessor on a miss.
option(PROACTOR_CCACHE "Compile through ccache (installed by scripts/install-deps.sh)" OFF)
if(PROACTOR_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(PROACTOR_CCACHE_PROGRAM ccache)
  if(NOT PROACTOR_CCACHE_PROGRAM)
    message(FATAL_ERROR "PROACTOR_CCACHE=ON needs ccache: install it (scripts/install-deps.sh does)")
  endif()
  set(launcher ${CMAKE_COMMAND} -E env
    CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=1 CCACHE_DEPEND=1
    CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
    ${PROACTOR_CCACHE_PROGRAM})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${launcher})
  set(CMAKE_C_COMPILER_LAUNCHER ${launcher})
  add_compile_options(-ffile-prefix-map=${PROJECT_SOURCE_DIR}/=)
endif()
