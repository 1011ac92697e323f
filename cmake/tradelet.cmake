# Helpers to declare libraries, tests, benchmarks and fuzz targets with explicit dependencies.
#
#   tradelet_library(NAME forecast SOURCES a.cc b.cc DEPS tradelet::base Eigen3::Eigen)
#     -> target tradelet_forecast, alias tradelet::forecast, public headers from include/.
#   tradelet_test(NAME forecast_test SOURCES a_test.cc DEPS tradelet::forecast [LABELS slow])
#   tradelet_bench(NAME forecast_bench SOURCES b.cc DEPS tradelet::forecast)
#   tradelet_fuzz(NAME csv_fuzz SOURCES f.cc DEPS tradelet::data)

include(GNUInstallDirs)
find_package(Threads REQUIRED)

set(TRADELET_WARNINGS -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports -Wrestrict inside libstdc++'s std::string at -O3 (GCC bug 105329): a false
  # positive in the standard library, not in our code.
  list(APPEND TRADELET_WARNINGS -Wno-restrict)
endif()
if(TRADELET_WERROR)
  list(APPEND TRADELET_WARNINGS -Werror)
endif()

add_library(tradelet_options INTERFACE)
target_compile_options(tradelet_options INTERFACE ${TRADELET_WARNINGS})

# Absolute paths reach only tests, benchmarks and fuzz targets: the product's libraries compile
# to the same command line in any checkout, so ccache (with CCACHE_BASEDIR, see scripts/build)
# reuses their objects across clones.
add_library(tradelet_paths INTERFACE)
target_compile_definitions(tradelet_paths INTERFACE
    TRADELET_SHARED_DIR="${TRADELET_SHARED_DIR}"
    TRADELET_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
if(TRADELET_SANITIZE)
  target_compile_options(tradelet_options INTERFACE
      -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # With the sanitizers' instrumentation GCC 12 reports maybe-uninitialized inside libstdc++'s
    # std::regex/std::function (false positives; the Release build keeps the warning).
    target_compile_options(tradelet_options INTERFACE -Wno-maybe-uninitialized)
  endif()
  target_link_options(tradelet_options INTERFACE -fsanitize=address,undefined)
endif()

if(TRADELET_FUZZ)
  # Everything a fuzz target links is instrumented for coverage and checked by ASan+UBSan.
  target_compile_options(tradelet_options INTERFACE
      -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(tradelet_options INTERFACE -fsanitize=address,undefined)
endif()

# A library is installed and exported as tradelet::NAME (cmake/install.cmake) unless its name
# ends in _testing (test support). Warnings, -Werror and sanitizer flags (tradelet_options) are
# this build's business: linked PRIVATE and only in the build tree, so an installed consumer
# compiles with its own flags. Tests, benchmarks and the CLI link tradelet_options themselves.
function(tradelet_library)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_library(tradelet_${ARG_NAME} STATIC ${ARG_SOURCES})
  add_library(tradelet::${ARG_NAME} ALIAS tradelet_${ARG_NAME})
  set_target_properties(tradelet_${ARG_NAME} PROPERTIES EXPORT_NAME ${ARG_NAME})
  target_compile_features(tradelet_${ARG_NAME} PUBLIC cxx_std_20)  # the headers need C++20
  target_include_directories(tradelet_${ARG_NAME}
      PUBLIC $<BUILD_INTERFACE:${tradelet_SOURCE_DIR}/include>
             $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
      PRIVATE ${tradelet_SOURCE_DIR}/src)
  target_link_libraries(tradelet_${ARG_NAME} PUBLIC ${ARG_DEPS}
                        PRIVATE $<BUILD_INTERFACE:tradelet_options>)
  if(NOT ARG_NAME MATCHES "_testing$")
    install(TARGETS tradelet_${ARG_NAME} EXPORT tradeletTargets
            ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
    set_property(GLOBAL APPEND PROPERTY TRADELET_INSTALLED_LIBRARIES ${ARG_NAME})
    set_property(GLOBAL PROPERTY TRADELET_DEPS_${ARG_NAME} ${ARG_DEPS})
  endif()
endfunction()

function(tradelet_test)
  if(NOT TRADELET_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  find_package(GTest REQUIRED)
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_include_directories(${ARG_NAME} PRIVATE ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} tradelet::testing GTest::gmock
                        GTest::gtest_main tradelet_options tradelet_paths)
  add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${ARG_NAME} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
                       ENVIRONMENT "TRADELET_SHARED=${TRADELET_SHARED_DIR}")
  if(ARG_LABELS)
    set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
  if(TRADELET_BUILD_EXCLUDE_LABELS)
    # At the end of this directory, once every set_tests_properties(... LABELS) has run (EVAL:
    # a deferred call reads its variables when it runs, so the name is spelled out now).
    cmake_language(EVAL CODE "cmake_language(DEFER CALL _tradelet_exclude_by_label [[${ARG_NAME}]])")
  endif()
endfunction()

# A tree that runs only some labels (the sanitizer tree: ctest -LE 'slow|soak|bench|python')
# does not build the executables of the tests it never runs: `cmake --build` skips a test whose
# labels include one of TRADELET_BUILD_EXCLUDE_LABELS (the target stays, EXCLUDE_FROM_ALL, for
# `--target NAME`).
set(TRADELET_BUILD_EXCLUDE_LABELS "" CACHE STRING
    "Test executables with any of these labels are left out of the default build")
function(_tradelet_exclude_by_label name)
  get_test_property(${name} LABELS labels)
  if(NOT labels)
    return()
  endif()
  foreach(label IN LISTS labels)
    if(label IN_LIST TRADELET_BUILD_EXCLUDE_LABELS)
      set_target_properties(${name} PROPERTIES EXCLUDE_FROM_ALL ON)
      return()
    endif()
  endforeach()
endfunction()

function(tradelet_bench)
  if(NOT TRADELET_BENCH)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  find_package(benchmark REQUIRED)
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_include_directories(${ARG_NAME} PRIVATE ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} benchmark::benchmark tradelet_options
                        tradelet_paths)
  set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
endfunction()

function(tradelet_fuzz)
  if(NOT TRADELET_FUZZ)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_include_directories(${ARG_NAME} PRIVATE ${CMAKE_SOURCE_DIR}/src)
  target_compile_options(${ARG_NAME} PRIVATE -fsanitize=fuzzer)
  target_link_options(${ARG_NAME} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} tradelet_options tradelet_paths)
  set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
  # `cmake --build B --target fuzz_targets` builds every fuzz target and nothing else.
  if(NOT TARGET fuzz_targets)
    add_custom_target(fuzz_targets)
  endif()
  add_dependencies(fuzz_targets ${ARG_NAME})
endfunction()
