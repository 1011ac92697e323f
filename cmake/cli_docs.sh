#!/usr/bin/env bash
# Generates the bash completion and the man pages of the tradelet CLI from its own --help
# output, so both follow the commands and flags as built (run at build time, cmake/cli_docs.cmake).
#   cmake/cli_docs.sh BINARY VERSION OUTDIR
# writes OUTDIR/completion/tradelet and, when help2man is installed, OUTDIR/man1/tradelet.1 and
# one OUTDIR/man1/tradelet-<command>[-<subcommand>].1 per command ("man tradelet-data-fetch").
set -euo pipefail
bin="$1" version="$2" out="$3"
# The commands: `tradelet --help` lists them under "commands:", one per line, name padded to 18.
mapfile -t commands < <("$bin" --help | awk '
  /^commands:/ { on = 1; next }
  on && /^$/ { exit }
  on { name = substr($0, 3, 18); sub(/ +$/, "", name); print name }')
if ((${#commands[@]} == 0)); then
  echo "cli_docs.sh: '$bin --help' lists no commands" >&2
  exit 1
fi
summary_of() {
  "$bin" --help | awk -v n="$1" '/^commands:/ { on = 1; next } on && /^$/ { exit }
    on { name = substr($0, 3, 18); sub(/ +$/, "", name); if (name == n) { print substr($0, 22); exit } }'
}
subs_of() {  # the subcommands of a group: "data" -> "fetch|import|validate"
  local c s=""
  for c in "${commands[@]}"; do
    if [[ "$c" == "$1 "* ]]; then s+="${s:+|}${c#* }"; fi
  done
  echo "$s"
}
flags_of() {  # every long option its --help mentions, except on lines about its subcommands
  local subs skip='^$'
  subs="$(subs_of "$1")"
  if [[ -n "$subs" ]]; then skip="tradelet $1 ($subs)( |$)"; fi
  # shellcheck disable=SC2086  # the command's words are split on purpose
  "$bin" $1 --help 2>&1 | grep -vE "$skip" | grep -oE -- '--[a-z0-9][a-z0-9-]*' | sort -u |
    tr '\n' ' ' | sed 's/ $//'
}

mkdir -p "$out/completion" "$out/man1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# --- bash completion -----------------------------------------------------------------------
top=() groups=""
for c in "${commands[@]}"; do
  if [[ "$c" == *" "* ]]; then
    groups+="${c%% *} "
  else
    top+=("$c")
  fi
done
{
  echo "# bash completion for tradelet $version; generated from \`tradelet --help\` by"
  echo "# cmake/cli_docs.sh. Completes commands, subcommands and long options; files otherwise."
  echo "_tradelet() {"
  echo "  local cur=\"\${COMP_WORDS[COMP_CWORD]}\" cmd=\"\${COMP_WORDS[1]}\" subs=\"\" key flags=\"\""
  echo "  if ((COMP_CWORD == 1)); then"
  echo "    mapfile -t COMPREPLY < <(compgen -W \"${top[*]} --help --version\" -- \"\$cur\")"
  echo "    return"
  echo "  fi"
  echo "  case \"\$cmd\" in"
  for g in $(echo "$groups" | tr ' ' '\n' | sort -u); do
    subs="$(subs_of "$g")"
    echo "    $g) subs=\"${subs//|/ }\" ;;"
  done
  echo "  esac"
  echo "  key=\"\$cmd\""
  echo "  if ((COMP_CWORD == 2)) && [[ -n \"\$subs\" && \"\$cur\" != -* ]]; then"
  echo "    mapfile -t COMPREPLY < <(compgen -W \"\$subs\" -- \"\$cur\")"
  echo "    return"
  echo "  elif ((COMP_CWORD > 2)) && [[ \" \$subs \" == *\" \${COMP_WORDS[2]} \"* ]]; then"
  echo "    key=\"\$cmd \${COMP_WORDS[2]}\""
  echo "  fi"
  echo "  [[ \"\$cur\" == -* ]] || return 0"
  echo "  case \"\$key\" in"
  for c in "${commands[@]}"; do
    echo "    \"$c\") flags=\"$(flags_of "$c")\" ;;"
  done
  echo "  esac"
  echo "  mapfile -t COMPREPLY < <(compgen -W \"\$flags\" -- \"\$cur\")"
  echo "}"
  echo "complete -o default -F _tradelet tradelet"
} >"$tmp/tradelet.bash"
bash -n "$tmp/tradelet.bash"
cp "$tmp/tradelet.bash" "$out/completion/tradelet"

# --- man pages -----------------------------------------------------------------------------
if ! command -v help2man >/dev/null 2>&1; then
  echo "cli_docs.sh: help2man is not installed (scripts/setup installs it): no man pages" >&2
  exit 0
fi
rm -f "$out"/man1/tradelet*.1
# A fixed date keeps the pages reproducible across builds of the same tree.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$(dirname "$0")" log -1 --format=%ct 2>/dev/null || date +%s)}"
h2m=(help2man --no-info --no-discard-stderr --version-string="$version" --section=1
     --source="tradelet $version" --manual="tradelet manual")
{
  echo "[SEE ALSO]"
  see=""
  for c in "${commands[@]}"; do see+="${see:+,\n}.BR tradelet-${c// /-} (1)"; done
  echo -e "$see"
} >"$tmp/see-also.h2m"
"${h2m[@]}" --name="run small trading algorithms reliably and cheaply" \
  --include="$tmp/see-also.h2m" --output="$out/man1/tradelet.1" "$bin"
for c in "${commands[@]}"; do
  page="tradelet-${c// /-}"
  # help2man names the page after the program: a wrapper named tradelet-<command> runs it.
  printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$bin" "$c" >"$tmp/$page"
  chmod +x "$tmp/$page"
  "${h2m[@]}" --name="$(summary_of "$c")" --output="$out/man1/$page.1" "$tmp/$page"
done
