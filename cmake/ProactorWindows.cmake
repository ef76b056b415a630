# Windows-only build settings (MSVC, or MinGW-w64 native or cross: the `windows` preset with
# cmake/toolchains/mingw-w64-x86_64.cmake). Included from the top-level CMakeLists.txt when
# building for Windows; nothing here applies to other platforms.

# Windows 10 API level (Asio's IOCP backend wants at least Vista's; Wine reports Windows 10).
add_compile_definitions(_WIN32_WINNT=0x0A00 WIN32_LEAN_AND_MEAN NOMINMAX)
# Winsock, the AcceptEx/ConnectEx extensions Asio's IOCP backend uses and IP Helper
# (if_nametoindex), WaitOnAddress (synchronization); proactor::session
# links them PUBLIC so that installed users get them too.
set(PROACTOR_SYSTEM_LIBRARIES ws2_32 mswsock iphlpapi synchronization)

if(MINGW)
  # Static runtime (libstdc++, libgcc, winpthreads): without it every .exe needs the MinGW
  # DLLs beside it, and under Wine a program that cannot find them exits silently.
  add_link_options(-static)
  # Asio's headers are large: big objects, and no "too many sections" from the assembler.
  add_compile_options(-Wa,-mbig-obj)
endif()

if(CMAKE_CROSSCOMPILING)
  # Debian has no MinGW build of Boost; Asio, System and Lockfree are header-only, so the host's
  # headers serve. /usr/include itself must never be on a MinGW include path (glibc's headers
  # would shadow MinGW's), so the build tree gets a directory holding only a link to Boost.
  set(PROACTOR_BOOST_ROOT "/usr/include/boost" CACHE PATH "Boost headers for the cross build")
  set(proactor_boost_dir ${CMAKE_BINARY_DIR}/boost-include)
  file(MAKE_DIRECTORY ${proactor_boost_dir})
  file(CREATE_LINK ${PROACTOR_BOOST_ROOT} ${proactor_boost_dir}/boost SYMBOLIC)
  foreach(target Boost::headers Boost::system)
    add_library(${target} INTERFACE IMPORTED)
    set_target_properties(${target} PROPERTIES
      INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${proactor_boost_dir}
      INTERFACE_INCLUDE_DIRECTORIES ${proactor_boost_dir})
  endforeach()
  set(Boost_FOUND TRUE)

  # Under Wine the host's / is drive Z:; the tests start the programs by that path.
  set(PROACTOR_TEST_BIN_DIR "Z:${CMAKE_BINARY_DIR}/bin")

  # GoogleTest likewise: built here from the sources libgtest-dev ships.
  if(PROACTOR_BUILD_TESTS)
    set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
    set(gtest_disable_pthreads OFF CACHE BOOL "" FORCE)
    add_subdirectory(/usr/src/googletest ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL SYSTEM)
  endif()
endif()
