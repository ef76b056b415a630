# One precompiled <boost/asio.hpp> shared by every target that uses Asio: Asio dominates
# the compile time of each translation unit that includes it, and the machine has 2 cores.
# Targets reuse it with proactor_use_asio_pch(target); flags must match, which they do
# because every target links the same proactor_warnings/proactor_sanitizers.

option(PROACTOR_PCH "Precompile <boost/asio.hpp>" ON)

add_library(proactor_asio_pch OBJECT ${CMAKE_CURRENT_LIST_DIR}/asio_pch.cpp)
target_link_libraries(proactor_asio_pch PRIVATE Boost::system proactor_warnings proactor_sanitizers)
target_compile_features(proactor_asio_pch PRIVATE cxx_std_20)
if(PROACTOR_PCH)
  target_precompile_headers(proactor_asio_pch PRIVATE <boost/asio.hpp>)
endif()

function(proactor_use_asio_pch target)
  if(PROACTOR_PCH)
    target_precompile_headers(${target} REUSE_FROM proactor_asio_pch)
  endif()
endfunction()
