# The CLI's bash completion and man pages, generated from its --help at build time by
# cmake/cli_docs.sh (man pages need help2man: scripts/setup installs it), and installed to
# share/bash-completion/completions/tradelet and share/man/man1. Not generated where the binary
# cannot run here (cross builds) or runs instrumented (sanitizer and fuzz builds).
if(CMAKE_CROSSCOMPILING OR TRADELET_SANITIZE OR TRADELET_FUZZ)
  return()
endif()
find_program(HELP2MAN_EXECUTABLE help2man)
if(NOT HELP2MAN_EXECUTABLE)
  message(STATUS "help2man not found: no man pages (scripts/setup installs it)")
endif()
set(TRADELET_CLI_DOCS_DIR ${CMAKE_BINARY_DIR}/cli-docs)
file(MAKE_DIRECTORY ${TRADELET_CLI_DOCS_DIR}/completion ${TRADELET_CLI_DOCS_DIR}/man1)
add_custom_command(
  OUTPUT ${TRADELET_CLI_DOCS_DIR}/completion/tradelet
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/cli_docs.sh $<TARGET_FILE:tradelet> ${PROJECT_VERSION}
          ${TRADELET_CLI_DOCS_DIR}
  DEPENDS tradelet ${CMAKE_CURRENT_LIST_DIR}/cli_docs.sh
  COMMENT "Generating the bash completion and man pages from tradelet --help" VERBATIM)
add_custom_target(tradelet_cli_docs ALL DEPENDS ${TRADELET_CLI_DOCS_DIR}/completion/tradelet)
install(FILES ${TRADELET_CLI_DOCS_DIR}/completion/tradelet
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT runtime)
install(DIRECTORY ${TRADELET_CLI_DOCS_DIR}/man1/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
        COMPONENT runtime FILES_MATCHING PATTERN "*.1")
