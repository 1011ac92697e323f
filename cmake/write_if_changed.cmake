# tradelet_write_if_changed(<file> <text>): writes <text> to <file> only when it differs, so a
# generated source keeps its timestamp (and its object file) when nothing changed. Shared by the
# cmake -P generators (build_id.cmake, strategy_link.cmake).
function(tradelet_write_if_changed path text)
  set(old "")
  if(EXISTS ${path})
    file(READ ${path} old)
  endif()
  if(NOT old STREQUAL text)
    file(WRITE ${path} "${text}")
  endif()
endfunction()
