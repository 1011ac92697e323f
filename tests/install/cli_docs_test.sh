#!/usr/bin/env bash
# The installed bash completion loads in bash and completes commands, subcommands and flags; the
# installed man pages render with man (groff) without warnings. Skips (77) the man pages when
# help2man was missing at build time (scripts/setup installs it).
#   cli_docs_test.sh PREFIX
set -euo pipefail
prefix="$1"
fail=0
bad() { echo "cli_docs_test: $*" >&2; fail=1; }

comp="$prefix/share/bash-completion/completions/tradelet"
# complete WORDS...: what the completion offers for the last word.
complete_words() {
  bash --norc --noprofile -c 'source "$1" || exit 1; shift
    complete -p tradelet >/dev/null || { echo "no completion registered"; exit 1; }
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
    _tradelet; echo "${COMPREPLY[*]}"' _ "$comp" "$@"
}
expect() {  # expect "WANTED" WORDS...
  local want="$1" got
  shift
  got="$(complete_words "$@")" || { bad "completion failed to load: $got"; return; }
  [[ "$got" == "$want" ]] || bad "completing '$*': got '$got', want '$want'"
}
expect "forecast" tradelet fo
expect "data" tradelet dat
expect "validate" tradelet data va
expect "cv" tradelet forecast c
expect "--periods" tradelet forecast --peri
expect "--horizon" tradelet forecast cv --hori
expect "--help --version" tradelet --
# Every flag `tradelet sweep --help` shows is offered after `tradelet sweep --`.
for f in $("$prefix/bin/tradelet" sweep --help | grep -oE -- '--[a-z0-9][a-z0-9-]*' | sort -u); do
  [[ " $(complete_words tradelet sweep --) " == *" $f "* ]] || bad "sweep: $f is not completed"
done

man1="$prefix/share/man/man1"
if ! compgen -G "$man1/tradelet*.1" >/dev/null; then
  if ! command -v help2man >/dev/null 2>&1; then
    echo "no man pages: help2man was not installed at build time (scripts/setup installs it)"
    exit $((fail ? 1 : 77))
  fi
  bad "no man pages in $man1 although help2man is installed"
  exit 1
fi
# One page per command (as --help lists them) plus tradelet.1.
commands=$("$prefix/bin/tradelet" --help | awk '/^commands:/{on=1;next} on&&/^$/{exit} on{n++} END{print n}')
pages=$(find "$man1" -name 'tradelet*.1' | wc -l)
((pages == commands + 1)) || bad "$pages man pages for $commands commands (+ tradelet.1)"
for page in tradelet tradelet-forecast tradelet-data-fetch; do
  warnings="$(groff -man -Tutf8 -ww -z "$man1/$page.1" 2>&1)"
  [[ -z "$warnings" ]] || bad "$page.1: groff warnings: $warnings"
done
text="$(MANWIDTH=100 man -P cat -l "$man1/tradelet.1" 2>&1)"
grep -q "^NAME" <<<"$text" || bad "tradelet.1 has no NAME section"
grep -qE "tradelet - run small trading algorithms" <<<"$text" || bad "tradelet.1's NAME line is wrong"
grep -qE "^ +forecast cv$" <<<"$text" || bad "tradelet.1 does not list 'forecast cv'"
grep -q "^.BR tradelet-data-fetch (1)" "$man1/tradelet.1" || bad "tradelet.1 does not refer to tradelet-data-fetch(1)"
text="$(MANWIDTH=100 man -P cat -l "$man1/tradelet-forecast.1" 2>&1)"
grep -q -- "--periods" <<<"$text" || bad "tradelet-forecast.1 does not document --periods"
exit $fail
