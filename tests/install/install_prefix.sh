#!/usr/bin/env bash
# Installs the build into an empty prefix (`cmake --install BUILD --prefix PREFIX`, the fixture of
# the install_* tests) and checks the layout: binary, public headers (self-contained, no test
# support), libraries, CMake package, pkg-config file, completion, licence, and that tradelet's
# own compile flags and source paths stay out of what is exported.
#   install_prefix.sh BUILD_DIR PREFIX SOURCE_DIR
set -euo pipefail
build="$1" prefix="$2" src="$3"
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
fail=0
bad() { echo "install_prefix: $*" >&2; fail=1; }
for f in bin/tradelet include/tradelet/base/status.h include/tradelet/forecast/prophet.h \
         lib/libtradelet_base.a lib/libtradelet_forecast.a lib/libtradelet_backtest.a \
         lib/cmake/tradelet/tradeletConfig.cmake lib/cmake/tradelet/tradeletConfigVersion.cmake \
         lib/cmake/tradelet/tradeletTargets.cmake lib/pkgconfig/tradelet.pc \
         share/bash-completion/completions/tradelet share/doc/tradelet/LICENSE; do
  [[ -e "$prefix/$f" ]] || bad "missing $prefix/$f"
done
[[ ! -e "$prefix/include/tradelet/testing" ]] || bad "test support headers were installed"
# Every tradelet header an installed header includes is installed too.
while IFS= read -r inc; do
  [[ -f "$prefix/include/$inc" ]] || bad "an installed header includes $inc, which is not installed"
done < <(grep -rhoE '#include "tradelet/[^"]+"' "$prefix/include" | sed -E 's/#include "(.*)"/\1/' | sort -u)
# No warning, -Werror or sanitizer flag, build-only target or source path reaches users.
if grep -nE -- '-W[a-z]|-fsanitize|tradelet_options|tradelet_paths|'"$src" \
     "$prefix"/lib/cmake/tradelet/*.cmake "$prefix/lib/pkgconfig/tradelet.pc"; then
  bad "the exported targets or tradelet.pc carry build flags or source paths (above)"
fi
"$prefix/bin/tradelet" --version | grep -qE '^tradelet [0-9]+\.[0-9]+\.[0-9]+ ' ||
  bad "the installed binary's --version does not run"
exit $fail
