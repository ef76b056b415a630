# Installs the libraries, headers and a CMake package so that another project can do
#   find_package(proactor CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE proactor::server)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(PROACTOR_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/proactor)

install(TARGETS ${PROACTOR_LIBRARY_TARGETS}
  EXPORT proactorTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

foreach(layer IN LISTS PROACTOR_LAYERS)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${layer}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
foreach(codec IN ITEMS snappy protobuf)
  if(TARGET proactor_${codec})
    install(FILES ${PROJECT_SOURCE_DIR}/codecs/include/proactor/codecs/${codec}_codec.hpp
      DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/proactor/codecs)
  endif()
endforeach()

if(PROACTOR_URING_COMPAT_DIR)
  install(FILES ${PROACTOR_URING_COMPAT_DIR}/liburing.h
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/proactor/compat/boost181_io_uring)
endif()

install(EXPORT proactorTargets NAMESPACE proactor:: DESTINATION ${PROACTOR_CMAKE_DIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/proactorConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/proactorConfig.cmake
  INSTALL_DESTINATION ${PROACTOR_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/proactorConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/proactorConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/proactorConfigVersion.cmake
  DESTINATION ${PROACTOR_CMAKE_DIR})
