# manpage.sh - docs/csconsole.1 renders without warnings and agrees with the
# program: every key binding (from `csconsole tui --help`, which prints the
# bindings table), every command and global option (from --help) and every
# exit status (include/csconsole/exitcode.h) is documented.
. "$(dirname "$0")/../lib.sh"

MAN=$CSC_ROOT/docs/csconsole.1
[ -f "$MAN" ] || fail "docs/csconsole.1 is missing"

# --- rendering ------------------------------------------------------------------
if command -v groff >/dev/null; then
  groff -man -Tutf8 -ww -z "$MAN" > "$T/groff.txt" 2>&1
  [ ! -s "$T/groff.txt" ] || { cat "$T/groff.txt"; fail "groff warns about docs/csconsole.1"; }
  groff -man -Tutf8 -P -cbou "$MAN" 2>/dev/null > "$T/man.txt"   # no overstriking
  for s in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS CONSOLE CONFIGURATION ENVIRONMENT FILES "EXIT STATUS"; do
    grep -q "^$s" "$T/man.txt" || fail "the rendered page has no $s section"
  done
else
  echo "groff not installed: rendering not checked"
fi

# --- keys: the bindings table ----------------------------------------------------
"$CSC" tui --help > "$T/keys.txt"
sed -n '/^Keys:$/,/^$/p' "$T/keys.txt" | sed '1d; /^$/d' > "$T/bindings.txt"
[ "$(wc -l < "$T/bindings.txt")" -ge 10 ] || { cat "$T/keys.txt"; fail "tui --help lists too few keys"; }
while IFS= read -r line; do
  keys=$(echo "$line" | cut -c3-16 | sed 's/ *$//')
  help=$(echo "$line" | cut -c18-)
  # the man page names C-x as Ctrl\-X
  want=$(echo "$keys" | sed 's/C-\([a-z]\)/Ctrl\\-\1/g' | sed 's/Ctrl\\-\([a-z]\)/Ctrl\\-\U\1/g')
  if [ "$keys" = "C-z" ]; then
    grep -qxF '.B Ctrl\-Z' "$MAN" || fail "Ctrl-Z is not documented"
    continue
  fi
  n=$(grep -nxF -- "$help" "$MAN" | head -n 1 | cut -d: -f1)
  [ -n "$n" ] || fail "key help \"$help\" ($keys) is not in the man page"
  tag=$(sed -n "$((n - 1))p" "$MAN" | sed 's/^\.BR* //; s/ *", " */ /g')
  [ "$tag" = "$want" ] || fail "the man page lists \"$tag\" for \"$help\"; the bindings say \"$want\""
done < "$T/bindings.txt"

# --- commands and global options ----------------------------------------------------
"$CSC" --help > "$T/help.txt"
sed -n '/^Commands:$/,/^$/p' "$T/help.txt" | sed '1d; /^$/d' | awk '{print $1}' > "$T/commands.txt"
[ -s "$T/commands.txt" ] || fail "--help lists no commands"
while read -r cmd; do
  grep -qE "^\.B $cmd( |\$)" "$MAN" || fail "command $cmd is not documented"
done < "$T/commands.txt"
grep -o -- '--[a-z][a-z-]*' "$T/help.txt" | sort -u > "$T/options.txt"
while read -r opt; do
  grep -qF -- "$(echo "$opt" | sed 's/-/\\-/g')" "$MAN" || fail "option $opt is not documented"
done < "$T/options.txt"

# --- exit statuses: the table in exitcode.h ---------------------------------------------
sed -n 's/.*X(EXIT_[A-Z_]*, *\([0-9][0-9]*\), *"\(.*\)").*/\1|\2/p' "$CSC_ROOT/include/csconsole/exitcode.h" > "$T/codes.txt"
[ "$(wc -l < "$T/codes.txt")" -ge 5 ] || fail "could not read the exit codes from exitcode.h"
while IFS='|' read -r code text; do
  awk -v c=".B $code" -v t="$text" 'prev == c && $0 == t { found = 1 } { prev = $0 } END { exit !found }' "$MAN" ||
    fail "exit status $code (\"$text\") is not documented as in exitcode.h"
done < "$T/codes.txt"
