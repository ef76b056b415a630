# Cross-compiles proactor for 64-bit Windows with Debian's MinGW-w64 (posix threads flavour,
# package g++-mingw-w64-x86-64-posix); the .exe files run under Wine
# (CMAKE_CROSSCOMPILING_EMULATOR), so ctest works unchanged. Used by the `windows` preset;
# the Windows-only settings live in cmake/ProactorWindows.cmake.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(PROACTOR_MINGW_TRIPLET x86_64-w64-mingw32)
# The -posix compilers: std::thread, std::mutex and friends need the winpthreads flavour.
set(CMAKE_C_COMPILER ${PROACTOR_MINGW_TRIPLET}-gcc-posix)
set(CMAKE_CXX_COMPILER ${PROACTOR_MINGW_TRIPLET}-g++-posix)
set(CMAKE_RC_COMPILER ${PROACTOR_MINGW_TRIPLET}-windres)

# Libraries and headers come from the MinGW sysroot only; programs (protoc, python) from the
# host. Never /usr/include: glibc's headers break a MinGW build (Boost is reached through a
# directory holding only a link to it, see ProactorWindows.cmake).
set(CMAKE_FIND_ROOT_PATH /usr/${PROACTOR_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Tests and try_run go through Wine.
find_program(PROACTOR_WINE wine REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${PROACTOR_WINE})
