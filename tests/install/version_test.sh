#!/usr/bin/env bash
# `tradelet --version` prints the version and the commit the binary was built from
# ("tradelet 0.1.0 (git 0123456789ab)", "-dirty" when tracked files differed from the commit,
# "unknown" outside a git checkout), and cmake/build_id.cmake derives that id correctly for a
# clean, a modified and a non-git tree.
#   version_test.sh BINARY VERSION SOURCE_DIR
set -euo pipefail
bin="$1" version="$2" src="$3"
fail=0
bad() { echo "version_test: $*" >&2; fail=1; }

out="$("$bin" --version)"
[[ "$out" =~ ^tradelet\ ${version//./\\.}\ \(git\ ([0-9a-f]{12}(-dirty)?|unknown)\)$ ]] ||
  bad "unexpected --version output: '$out'"
if head="$(git -C "$src" rev-parse --short=12 HEAD 2>/dev/null)"; then
  [[ "$out" == *"(git $head"* ]] ||
    bad "'$out' does not name HEAD $head (rebuild after committing: the id is set at build time)"
fi

# cmake/build_id.cmake on trees made here.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
id_of() {  # the id build_id.cmake writes for SOURCE_DIR=$1
  GIT_CEILING_DIRECTORIES="$tmp" cmake -DSOURCE_DIR="$1" -DOUTPUT="$tmp/id.cc" \
    -P "$src/cmake/build_id.cmake"
  sed -nE 's/.*return "([^"]*)";.*/\1/p' "$tmp/id.cc"
}
mkdir -p "$tmp/tarball" "$tmp/repo"
[[ "$(id_of "$tmp/tarball")" == "unknown" ]] || bad "a tree outside git is not 'unknown'"
git -C "$tmp/repo" init -q
echo one >"$tmp/repo/file"
git -C "$tmp/repo" add file
git -C "$tmp/repo" -c user.name=t -c user.email=t@example.com commit -qm one
want="$(git -C "$tmp/repo" rev-parse --short=12 HEAD)"
[[ "$(id_of "$tmp/repo")" == "$want" ]] || bad "a clean checkout is not '$want': $(id_of "$tmp/repo")"
echo untracked >"$tmp/repo/new"
[[ "$(id_of "$tmp/repo")" == "$want" ]] || bad "an untracked file marks the tree dirty"
echo two >"$tmp/repo/file"
[[ "$(id_of "$tmp/repo")" == "$want-dirty" ]] || bad "a modified file is not marked: $(id_of "$tmp/repo")"
exit $fail
