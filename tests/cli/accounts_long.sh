#!/bin/sh
# accounts_long.sh - `accounts` never cuts what a feed holds: a long Japanese
# account name and a long CRM id come out whole in csv and json (text output
# fits the name to its column by display width, with an ellipsis).
. "$CSC_ROOT/tests/lib.sh"
command -v sqlite3 > /dev/null || { echo "SKIP: needs the sqlite3 shell (apt-get install sqlite3)"; exit 77; }
setup_book aiko

# 70 characters, 210 bytes of UTF-8: longer than any fixed cell.
long="株式会社さくらロジスティクス東日本物流センター統括本部第二営業部国際輸送課ならびに関連会社各位御中特別顧客管理室"
long="$long$long"
acc="$T/shared/feeds/accounts.yaml"
awk -v name="$long" '/^  - id: / { cur = $3 }
     /^    name: / && cur == "ACC-0001" { print "    name: \"" name "\""; next }
     { print }' "$acc" > "$T/accounts.yaml"
mv "$T/accounts.yaml" "$acc"
"$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "sync failed"; }

"$CSC" accounts --scope team --format csv > "$T/out.csv"
got=$(sqlite3 :memory: ".import --csv $T/out.csv t" "SELECT account FROM t WHERE id = 'ACC-0001'")
[ "$got" = "$long" ] || fail "csv cut the name: [$got]"

"$CSC" accounts --scope team --format json > "$T/out.json"
grep -q "\"account\":\"$long\"" "$T/out.json" || grep -q "\"account\": \"$long\"" "$T/out.json" ||
  fail "json cut the name"

# Text: fitted to the column, never a broken character.
"$CSC" accounts --scope team > "$T/out.txt"
grep -q "株式会社さくらロジスティクス" "$T/out.txt" || fail "text lost the name"
iconv -f UTF-8 -t UTF-8 "$T/out.txt" > /dev/null || fail "text output is not valid UTF-8"
