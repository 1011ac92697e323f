#!/usr/bin/env bash
# `cpack -G DEB` makes a .deb whose dependencies this system can satisfy and whose binary runs
# the demo once unpacked: built into WORK_DIR, unpacked with dpkg -x (no root needed), then
# `usr/bin/tradelet --version` and `demo` (20 symbols, to stay quick) from there.
#   deb_test.sh BUILD_DIR WORK_DIR
set -euo pipefail
build="$1" work="$2"
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed: skipped"; exit 77; }
done
rm -rf "$work"
mkdir -p "$work"
(cd "$build" && cpack -G DEB -B "$work/cpack" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
debs=("$work"/cpack/tradelet_*.deb)
[[ -f "${debs[0]}" ]] || { echo "cpack made no tradelet_*.deb"; exit 1; }
deb="${debs[0]}"
fail=0
bad() { echo "deb_test: $*" >&2; fail=1; }

depends="$(dpkg-deb -f "$deb" Depends)"
for lib in libc6 libstdc++6 libssl3 libsqlite3-0 libcpp-httplib; do
  [[ "$depends" == *"$lib"* ]] || bad "Depends lacks $lib: '$depends'"
done
if command -v apt-get >/dev/null 2>&1; then
  apt-get install --simulate "$deb" >"$work/apt.log" 2>&1 ||
    bad "apt-get cannot satisfy the package's dependencies: $(tail -5 "$work/apt.log")"
fi
contents="$(dpkg-deb -c "$deb")"
grep -q '\./usr/bin/tradelet$' <<<"$contents" || bad "the package has no usr/bin/tradelet"
grep -q '\./usr/share/man/man1/tradelet\.1$' <<<"$contents" || bad "the package has no man page"

dpkg -x "$deb" "$work/root"
"$work/root/usr/bin/tradelet" --version | grep -qE '^tradelet [0-9.]+ \(git ' ||
  bad "the packaged binary's --version failed"
if "$work/root/usr/bin/tradelet" demo --out "$work/demo" --symbols 20 >"$work/demo.log" 2>&1; then
  for f in backtest/summary.json forecast/forecast.csv prophet_trend/report.html; do
    [[ -s "$work/demo/$f" ]] || bad "the packaged demo did not write $f"
  done
else
  bad "the packaged binary's demo failed: $(tail -5 "$work/demo.log")"
fi
exit $fail
