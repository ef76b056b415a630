# proactor_add_proto_library(<target> <file.proto>)
# Generates C++ from <file.proto> with protoc into the build tree and builds it as a static
# library that links the protobuf lite runtime. Generated code is not ours to lint: it gets
# the sanitizer flags but not the project's warnings, and its headers are included as system
# headers so that -Werror in the code using them is not tripped by protobuf's own headers.
function(proactor_add_proto_library target proto)
  get_filename_component(proto_abs ${proto} ABSOLUTE)
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/${target}_generated)
  file(MAKE_DIRECTORY ${out_dir})
  add_library(${target} STATIC)
  protobuf_generate(TARGET ${target} LANGUAGE cpp PROTOS ${proto_abs} APPEND_PATH
    PROTOC_OUT_DIR ${out_dir})
  target_include_directories(${target} SYSTEM PUBLIC ${out_dir})
  target_link_libraries(${target}
    PUBLIC protobuf::libprotobuf-lite
    PRIVATE $<BUILD_INTERFACE:proactor_sanitizers>)
  target_compile_features(${target} PUBLIC cxx_std_20)
endfunction()
