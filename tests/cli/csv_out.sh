#!/bin/sh
# csv_out.sh - `--format csv` wherever a list is printed (accounts, agenda,
# handoff, changes, conflicts, health --backtest): each parses as CSV with
# its header, and every row carries the ids a script acts on (CRM ids; the
# ULIDs of notes, risks and touchpoints), checked against the database.
# Then --excel (a UTF-8 BOM, CRLF) and --encoding cp932 (Japanese names
# round-trip through iconv; a character CP932 lacks becomes "?", said on
# stderr with its row and column), and the options' refusals.
. "$CSC_ROOT/tests/lib.sh"
command -v sqlite3 > /dev/null || { echo "SKIP: needs the sqlite3 shell (apt-get install sqlite3)"; exit 77; }
command -v iconv > /dev/null || { echo "SKIP: needs iconv (libc-bin)"; exit 77; }
printf 'x' | iconv -f UTF-8 -t CP932 > /dev/null 2>&1 || { echo "SKIP: iconv has no CP932"; exit 77; }
setup_book aiko
DB="$T/db/csconsole.db"
"$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "sync failed"; }
q() { sqlite3 "$DB" "$1"; }
# csv FILE SQL: FILE read as CSV by sqlite3's reader (the header names the
# columns of table t), then SQL over it.
csv() { sqlite3 :memory: ".import --csv $1 t" "$2"; }
# header FILE: the first line without its CR.
header() { head -n 1 "$1" | tr -d '\r'; }
# same A B WHAT: files A and B hold the same lines.
same() { cmp -s "$1" "$2" || { diff "$1" "$2" >&3 || true; fail "$3"; }; }
# crlf FILE: every line of FILE ends with CR LF.
crlf() { [ "$(grep -c "$(printf '\r')\$" "$1")" -eq "$(wc -l < "$1")" ] || fail "$1: not every line ends with CRLF"; }

# --- accounts: one row per account, its CRM id in column id -------------------------------
"$CSC" accounts --scope team --format csv > "$T/acc.csv"
header "$T/acc.csv" | grep -q '^"account","id",' || fail "accounts header: $(header "$T/acc.csv")"
csv "$T/acc.csv" "SELECT id FROM t ORDER BY id" > "$T/got"
q "SELECT crm_id FROM account WHERE active ORDER BY crm_id" > "$T/want"
[ -s "$T/want" ] || fail "the sample book has no accounts"
same "$T/got" "$T/want" "accounts csv: the ids are not the active accounts' CRM ids"
crlf "$T/acc.csv"
[ "$(head -c 3 "$T/acc.csv" | od -An -tx1 | tr -d ' ')" != efbbbf ] || fail "a BOM without --excel"

# --- agenda: one row per item; a touchpoint's or risk's entity and id ---------------------
"$CSC" agenda --no-mark --format csv > "$T/ag.csv"
[ "$(header "$T/ag.csv")" = '"rank","account","name","role","group","reason","day","new","owner","entity","id"' ] ||
  fail "agenda header: $(header "$T/ag.csv")"
csv "$T/ag.csv" "SELECT id FROM t WHERE entity LIKE 'touch/%' ORDER BY id" > "$T/got"
[ -s "$T/got" ] || fail "agenda csv: no touchpoint item (the sample has overdue ones)"
csv "$T/ag.csv" "SELECT count(*) FROM t WHERE entity <> '' AND entity <> substr(entity, 1, instr(entity, '/')) || id" |
  grep -qx 0 || fail "agenda csv: id is not the entity's id"
csv "$T/ag.csv" "SELECT DISTINCT account || ' ' || id FROM t WHERE entity LIKE 'touch/%' ORDER BY 1" > "$T/got"
while read -r acc id; do
  [ "$(q "SELECT account FROM touchpoint WHERE id = '$id'")" = "$acc" ] ||
    fail "agenda csv: touchpoint $id is not $acc's"
done < "$T/got"
csv "$T/ag.csv" "SELECT DISTINCT account || ' ' || id FROM t WHERE entity LIKE 'risk/%' ORDER BY 1" > "$T/got"
while read -r acc id; do
  [ "$(q "SELECT account FROM risk WHERE id = '$id'")" = "$acc" ] || fail "agenda csv: risk $id is not $acc's"
done < "$T/got"

# --- handoff: the brief as rows (account, risk, touchpoint, renewal, note) ----------------
# haruto's accounts have no risk in the sample: aiko opens one.
R47=$("$CSC" risk ACC-0047 --category champion_left --severity high --text "押印担当が異動" 2>/dev/null)
[ -n "$R47" ] || fail "the risk on ACC-0047 was not written"
"$CSC" handoff haruto --format csv > "$T/ho.csv" || fail "handoff --format csv failed"
header "$T/ho.csv" | grep -q '^"account","name","record","id","date",' || fail "handoff header: $(header "$T/ho.csv")"
csv "$T/ho.csv" "SELECT id FROM t WHERE record = 'account' ORDER BY id" > "$T/got"
q "SELECT crm_id FROM account WHERE active AND main_owner = 'haruto' ORDER BY crm_id" > "$T/want"
same "$T/got" "$T/want" "handoff csv: the account rows are not haruto's accounts"
csv "$T/ho.csv" "SELECT account || ' ' || id FROM t WHERE record = 'risk' ORDER BY 1" > "$T/got"
q "SELECT r.account || ' ' || r.id FROM risk r JOIN account a ON a.crm_id = r.account
   WHERE a.active AND a.main_owner = 'haruto' AND r.status = 'open' ORDER BY 1" > "$T/want"
grep -q " $R47\$" "$T/want" || fail "the risk on ACC-0047 is not open in the database"
same "$T/got" "$T/want" "handoff csv: the risk rows are not the open risks, by id"
csv "$T/ho.csv" "SELECT account || ' ' || id FROM t WHERE record = 'note' ORDER BY 1" > "$T/got"
[ -s "$T/got" ] || fail "handoff csv: no note row"
while read -r acc id; do
  [ "$(q "SELECT account FROM note WHERE id = '$id'")" = "$acc" ] || fail "handoff csv: note $id is not $acc's"
done < "$T/got"
csv "$T/ho.csv" "SELECT account || ' ' || id FROM t WHERE record = 'touchpoint' ORDER BY 1" > "$T/got"
[ -s "$T/got" ] || fail "handoff csv: no touchpoint row"
while read -r acc id; do
  [ "$(q "SELECT account FROM touchpoint WHERE id = '$id'")" = "$acc" ] ||
    fail "handoff csv: touchpoint $id is not $acc's"
done < "$T/got"

# --- changes and conflicts: ken writes on ACC-0002 (aiko is its sub owner) ----------------
write_config ken "$T/shared" "$T/db/ken.db" > "$T/ken.yaml"
ken() { "$CSC" --config "$T/ken.yaml" "$@"; }
ken sync > /dev/null 2>&1 || fail "ken's sync"
KEN_NOTE=$(ken note ACC-0002 --kind call --summary "Champion moved to finance" 2>/dev/null)
R2=$("$CSC" risk ACC-0002 --category champion_left --severity medium --text "Who replaces her?" 2>/dev/null)
"$CSC" sync > /dev/null 2>&1; ken sync > /dev/null 2>&1
"$CSC" risk --update "$R2" --severity high > /dev/null 2>&1
ken risk --update "$R2" --severity low > /dev/null 2>&1
"$CSC" sync > /dev/null 2>&1; ken sync > /dev/null 2>&1; "$CSC" sync > /dev/null 2>&1
[ -n "$KEN_NOTE" ] && [ -n "$R2" ] || fail "ken's note or aiko's risk was not written"

"$CSC" changes --format csv > "$T/ch.csv" || fail "changes --format csv failed"
header "$T/ch.csv" | grep -q '^"account","name","role","record","entity","id","date",' ||
  fail "changes header: $(header "$T/ch.csv")"
csv "$T/ch.csv" "SELECT account || ' ' || record || ' ' || entity || ' ' || author FROM t WHERE id = '$KEN_NOTE'" > "$T/got"
[ "$(cat "$T/got")" = "ACC-0002 note note/$KEN_NOTE ken" ] || { cat "$T/ch.csv"; fail "changes csv: ken's note by id: [$(cat "$T/got")]"; }
# a health change is a row of its own: the vendor's scores then and now, from the database
"$CSC" changes aiko --since 2026-09-01 --format csv > "$T/ch2.csv"
score() { q "SELECT CAST(round(score) AS INTEGER) FROM health h JOIN account a ON a.id = h.account_id
  WHERE a.crm_id = 'ACC-0003' AND h.source = 'feed' AND h.day <= unixepoch('$1') / 86400 ORDER BY h.day DESC LIMIT 1"; }
then=$(score 2026-09-01); now=$(score "$CSCONSOLE_TODAY")
[ $((then - now)) -ge 5 ] || fail "ACC-0003's health did not drop in the sample ($then -> $now)"
[ "$(csv "$T/ch2.csv" "SELECT what FROM t WHERE account = 'ACC-0003' AND record = 'health' AND id = ''")" = "health $then -> $now ($((now - then)))" ] ||
  { grep ACC-0003 "$T/ch2.csv"; fail "changes csv: ACC-0003's health row"; }
"$CSC" changes --format json > "$T/ch.json"
[ "$(jq -r --arg id "$KEN_NOTE" '[.accounts[].changes[] | select(.id == $id) | .entity] | join(",")' "$T/ch.json")" = "note/$KEN_NOTE" ] ||
  fail "changes json: ken's note has no id"

"$CSC" conflicts --format csv > "$T/co.csv" || fail "conflicts --format csv failed"
[ "$(header "$T/co.csv")" = '"entity","id","account","field","shown_value","shown_author","shown_event","other_value","other_author","other_event"' ] ||
  fail "conflicts header: $(header "$T/co.csv")"
csv "$T/co.csv" "SELECT entity || ' ' || account || ' ' || field FROM t WHERE id = '$R2'" > "$T/got"
[ "$(cat "$T/got")" = "risk/$R2 ACC-0002 severity" ] || { cat "$T/co.csv"; fail "conflicts csv: the risk by id: [$(cat "$T/got")]"; }
# the events named are the two concurrent updates of that risk
csv "$T/co.csv" "SELECT shown_event FROM t WHERE id = '$R2' UNION ALL SELECT other_event FROM t WHERE id = '$R2'" | sort > "$T/got"
q "SELECT id FROM event WHERE entity = 'risk/$R2' AND type = 'risk.update' ORDER BY id" > "$T/want"
same "$T/got" "$T/want" "conflicts csv: the events are not the two updates"
"$CSC" conflicts --format json > "$T/co.json"
[ "$(jq -r --arg id "$R2" '[.[] | select(.id == $id) | .field] | join(",")' "$T/co.json")" = severity ] ||
  fail "conflicts json: no id"

# --- health --backtest: one row per account with an outcome -------------------------------
"$CSC" health --backtest --format csv > "$T/bt.csv" || fail "health --backtest --format csv failed"
[ "$(header "$T/bt.csv")" = '"account","outcome","outcome_date","score_date","current","vendor"' ] ||
  fail "backtest header: $(header "$T/bt.csv")"
csv "$T/bt.csv" "SELECT account || ' ' || outcome FROM t ORDER BY 1" > "$T/got"
q "SELECT crm_id || ' ' || outcome FROM account WHERE outcome IS NOT NULL ORDER BY 1" > "$T/want"
[ -s "$T/want" ] || fail "the sample has no outcome"
same "$T/got" "$T/want" "backtest csv: the accounts with an outcome"
# the vendor's score is its latest snapshot on or before the score day
csv "$T/bt.csv" "SELECT account || ' ' || score_date || ' ' || vendor FROM t WHERE vendor <> '' LIMIT 1" > "$T/got"
read -r acc day score < "$T/got"
want=$(q "SELECT score FROM health h JOIN account a ON a.id = h.account_id WHERE a.crm_id = '$acc'
          AND h.source = 'feed' AND h.day <= unixepoch('$day') / 86400 ORDER BY h.day DESC LIMIT 1")
awk -v a="$score" -v b="$want" 'BEGIN { exit !(a - b < 0.001 && b - a < 0.001) }' ||
  fail "backtest csv: $acc's vendor score $score, the database's $want"

# --- --excel: a UTF-8 BOM, then the same rows, CRLF ---------------------------------------
"$CSC" accounts --scope team --format csv > "$T/acc.csv"   # as the data stands now
"$CSC" accounts --scope team --format csv --excel > "$T/x.csv"
[ "$(head -c 3 "$T/x.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "--excel: no BOM"
tail -c +4 "$T/x.csv" > "$T/x.nobom"
same "$T/x.nobom" "$T/acc.csv" "--excel: other rows than without it"
crlf "$T/x.csv"
for cmd in "agenda --no-mark" "handoff haruto" changes conflicts "health --backtest"; do
  # shellcheck disable=SC2086
  "$CSC" $cmd --format csv --excel > "$T/x.csv" || fail "$cmd --excel failed"
  [ "$(head -c 3 "$T/x.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "$cmd --excel: no BOM"
  crlf "$T/x.csv"
done

# --- --encoding cp932: Japanese names round-trip; no BOM ----------------------------------
"$CSC" accounts --scope team --format csv --encoding cp932 > "$T/sj.csv"
[ "$(head -c 3 "$T/sj.csv" | od -An -tx1 | tr -d ' ')" != efbbbf ] || fail "cp932 with a BOM"
iconv -f CP932 -t UTF-8 "$T/sj.csv" > "$T/sj.utf8" || fail "the cp932 output is not CP932"
same "$T/sj.utf8" "$T/acc.csv" "cp932: the names do not round-trip"
want=$(q "SELECT name FROM account WHERE crm_id = 'ACC-0001'")
[ "$(csv "$T/sj.utf8" "SELECT account FROM t WHERE id = 'ACC-0001'")" = "$want" ] || fail "cp932: ACC-0001's name"
case "$want" in *[!\ -~]*) ;; *) fail "ACC-0001's name is not Japanese: [$want]";; esac
! grep -qF "$want" "$T/sj.csv" || fail "cp932: the name was written as UTF-8"
"$CSC" handoff haruto --format csv --encoding shift_jis > "$T/sj.csv"
iconv -f CP932 -t UTF-8 "$T/sj.csv" > "$T/sj.utf8" || fail "handoff cp932 is not CP932"
same "$T/sj.utf8" "$T/ho.csv" "handoff cp932: the text does not round-trip"

# A character CP932 lacks is written as "?", said with its row and column.
acc="$T/shared/feeds/accounts.yaml"
sed 's/^    name: "Northwind Analytics"$/    name: "Northwind 😀 Analytics"/' "$acc" > "$T/a.yaml"
cmp -s "$acc" "$T/a.yaml" && fail "the test could not rename ACC-0002"
mv "$T/a.yaml" "$acc"
"$CSC" sync > /dev/null 2>&1 || true
"$CSC" accounts --scope team --format csv > "$T/acc.csv"
row=$(tr -d '\r' < "$T/acc.csv" | grep -n '"ACC-0002"' | cut -d: -f1)
"$CSC" accounts --scope team --format csv --encoding cp932 > "$T/sj.csv" 2> "$T/err" ||
  fail "cp932 with an emoji: exit status $?"
assert_contains "$T/err" "1 character CP932 cannot hold was written as \"?\" (the first: \"😀\" in row $row, column \"account\")"
iconv -f CP932 -t UTF-8 "$T/sj.csv" > "$T/sj.utf8" || fail "cp932 with an emoji is not CP932"
[ "$(csv "$T/sj.utf8" "SELECT account FROM t WHERE id = 'ACC-0002'")" = "Northwind ? Analytics" ] ||
  fail "cp932: the emoji's fallback: $(grep ACC-0002 "$T/sj.utf8")"

# --- refusals -------------------------------------------------------------------------
assert_status 2 "$CSC" accounts --excel > /dev/null 2> "$T/err"
assert_contains "$T/err" "--excel is about CSV output: use it with --format csv"
assert_status 2 "$CSC" handoff haruto --encoding cp932 > /dev/null 2> "$T/err"
assert_contains "$T/err" "--encoding is about CSV output"
assert_status 2 "$CSC" agenda --format csv --encoding latin1 > /dev/null 2> "$T/err"
assert_contains "$T/err" '--encoding "latin1": use utf-8 or cp932'
assert_status 2 "$CSC" conflicts --format xml > /dev/null 2> "$T/err"
assert_contains "$T/err" '--format "xml": use text, json or csv'
assert_status 2 "$CSC" health --backtest --format markdown > /dev/null 2> "$T/err"
assert_contains "$T/err" '--format "markdown": use text, json or csv'
assert_status 2 "$CSC" health ACC-0001 --format csv > /dev/null 2> "$T/err"
assert_contains "$T/err" "one account's explanation prints text or json"
exit 0
