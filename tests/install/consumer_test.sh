#!/usr/bin/env bash
# Builds and runs tests/install/consumer against the installed prefix twice: as a CMake project
# (find_package(tradelet CONFIG REQUIRED), tradelet::forecast) and with pkg-config (tradelet.pc).
# The consumer fits a small series and exits 0 when the forecast matches the generating function;
# consumer_strategies makes every built-in strategy by name (none dropped by the static link).
#   consumer_test.sh PREFIX CONSUMER_SOURCE_DIR WORK_DIR CXX GENERATOR
set -euo pipefail
prefix="$1" src="$2" work="$3" cxx="$4" generator="$5"
rm -rf "$work"
mkdir -p "$work"
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

echo "== CMake: find_package(tradelet CONFIG REQUIRED) from $prefix"
cmake -S "$src" -B "$work/cmake" -G "$generator" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" "${launcher[@]}" >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$work/cmake"
"$work/cmake/consumer"
"$work/cmake/consumer_strategies"

echo "== pkg-config: tradelet.pc"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cflags="$(pkg-config --cflags tradelet)"
libs="$(pkg-config --libs tradelet)"
for l in $libs; do
  if [[ "$l" == -ltradelet_* && ! -f "$prefix/lib/lib${l#-l}.a" ]]; then
    echo "tradelet.pc names $l, which is not installed" >&2
    exit 1
  fi
done
# shellcheck disable=SC2086  # flags are split on purpose
${launcher:+ccache} "$cxx" -O1 $cflags "$src/main.cc" $libs -o "$work/consumer_pc"
"$work/consumer_pc"
# shellcheck disable=SC2086
${launcher:+ccache} "$cxx" -O1 $cflags "$src/strategies.cc" $libs -o "$work/consumer_strategies_pc"
"$work/consumer_strategies_pc"
