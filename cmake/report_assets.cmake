# Chart code inlined into the HTML reports (backtest report.html, forecast --plot, demo), so a
# page works offline: uPlot (MIT, the npm package pinned in tests/node/package-lock.json, installed
# by scripts/setup) and tradelet's own chart helper (src/forecast/plot_charts.js) are read here
# and written into the generated header tradelet/report_assets.h. The repository holds no copy of
# uPlot. Without node_modules the build still works: the reports then show their tables and a note
# instead of charts (a warning says so).
#
#   tradelet_use_report_assets(TARGET)   # adds the generated header's folder to TARGET (PRIVATE)
include_guard(GLOBAL)

set(TRADELET_UPLOT_DIR "${CMAKE_SOURCE_DIR}/tests/node/node_modules/uplot"
    CACHE PATH "the uplot npm package (its dist/ is inlined into the HTML reports)")

function(_tradelet_asset_chunks file out)
  # Raw string literals of at most 16000 characters: -Wpedantic warns past 65536 in one literal.
  file(READ "${file}" content)
  string(FIND "${content}" ")TLASSET\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains the raw-string delimiter )TLASSET\"")
  endif()
  string(LENGTH "${content}" n)
  set(res "")
  set(i 0)
  while(i LESS n)
    string(SUBSTRING "${content}" ${i} 16000 part)
    string(APPEND res "    R\"TLASSET(${part})TLASSET\",\n")
    math(EXPR i "${i} + 16000")
  endwhile()
  set(${out} "${res}" PARENT_SCOPE)
endfunction()

set(_tl_uplot_js "${TRADELET_UPLOT_DIR}/dist/uPlot.iife.min.js")
set(_tl_uplot_css "${TRADELET_UPLOT_DIR}/dist/uPlot.min.css")
set(_tl_charts_js "${CMAKE_SOURCE_DIR}/src/forecast/plot_charts.js")
set(_tl_deps "${_tl_charts_js}")
_tradelet_asset_chunks("${_tl_charts_js}" TL_CHARTS_JS_CHUNKS)
if(EXISTS "${_tl_uplot_js}" AND EXISTS "${_tl_uplot_css}")
  _tradelet_asset_chunks("${_tl_uplot_js}" TL_UPLOT_JS_CHUNKS)
  _tradelet_asset_chunks("${_tl_uplot_css}" TL_UPLOT_CSS_CHUNKS)
  _tradelet_asset_chunks("${TRADELET_UPLOT_DIR}/LICENSE" TL_UPLOT_LICENSE_CHUNKS)
  file(READ "${TRADELET_UPLOT_DIR}/package.json" _tl_pkg)
  string(JSON TL_UPLOT_VERSION GET "${_tl_pkg}" version)
  set(TL_HAVE_UPLOT true)
  list(APPEND _tl_deps "${_tl_uplot_js}" "${_tl_uplot_css}" "${TRADELET_UPLOT_DIR}/package.json"
       "${TRADELET_UPLOT_DIR}/LICENSE")
else()
  message(WARNING "uPlot not found in ${TRADELET_UPLOT_DIR} (run scripts/setup, or npm ci in "
                  "tests/node, then configure again): HTML reports will have no charts")
  set(TL_UPLOT_JS_CHUNKS "    \"\",\n")
  set(TL_UPLOT_CSS_CHUNKS "    \"\",\n")
  set(TL_UPLOT_LICENSE_CHUNKS "    \"\",\n")
  set(TL_UPLOT_VERSION "")
  set(TL_HAVE_UPLOT false)
endif()
set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_tl_deps})

set(TRADELET_REPORT_ASSETS_DIR "${CMAKE_BINARY_DIR}/generated/report_assets")
configure_file("${CMAKE_SOURCE_DIR}/cmake/report_assets.h.in"
               "${TRADELET_REPORT_ASSETS_DIR}/tradelet/report_assets.h" @ONLY)

function(tradelet_use_report_assets target)
  target_include_directories(${target} PRIVATE "${CMAKE_BINARY_DIR}/generated/report_assets")
endfunction()
