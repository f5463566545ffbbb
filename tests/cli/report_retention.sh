#!/bin/sh
# report_retention.sh - `csconsole report retention` on the sample book with
# its ARR history (setup_report_book): the history the imports kept, the
# quarters' figures against the same figures computed here by sqlite3 from
# the history and the accounts (a second implementation, in SQL), the
# churned accounts against the feed file, months, --by owner, --owner, the
# csv header, json and markdown.
. "$CSC_ROOT/tests/lib.sh"
command -v sqlite3 > /dev/null || { echo "SKIP: needs the sqlite3 shell (apt-get install sqlite3)"; exit 77; }
command -v jq > /dev/null || { echo "SKIP: needs jq (tools/deps.sh installs it)"; exit 77; }
setup_report_book aiko
DB="$T/db/csconsole.db"
q() { sqlite3 "$DB" "$1"; }
day() { echo $(( $(date -u -d "$1" +%s) / 86400 )); }

# --- The history: a change of ARR is a new row, dated the import's day ---------
[ "$(q "SELECT group_concat(date(h.day * 86400, 'unixepoch') || '=' || h.arr_minor, ' ') FROM arr_history h
       JOIN account a ON a.id = h.account_id WHERE a.crm_id = 'ACC-0008' ORDER BY h.day")" = \
  "2026-06-01=30000000 2026-09-01=34800000" ] || fail "ACC-0008's history: $(q "SELECT * FROM arr_history h JOIN account a ON a.id = h.account_id WHERE a.crm_id = 'ACC-0008'")"
# unchanged ARR: one row; a new account's first row is the day it came
[ "$(q "SELECT count(*) FROM arr_history h JOIN account a ON a.id = h.account_id WHERE a.crm_id = 'ACC-0001'")" = 1 ] ||
  fail "ACC-0001 (ARR unchanged since June) should have one history row"
[ "$(q "SELECT date(min(h.day) * 86400, 'unixepoch') FROM arr_history h JOIN account a ON a.id = h.account_id WHERE a.crm_id = 'ACC-0034'")" = 2026-11-23 ] ||
  fail "ACC-0034 (new in Q4) should start its history on the anchor day"

# --- The quarters, against SQL ----------------------------------------------------
"$CSC" report retention --period quarter --format csv --accounts > "$T/q.csv" 2> "$T/q.err" ||
  { cat "$T/q.err"; fail "report retention --period quarter failed"; }
head -n 1 "$T/q.csv" | tr -d '\r' | grep -qx '"period","group","accounts_start","arr_start","arr_start_currency","expansion","expansion_currency","contraction","contraction_currency","churned_arr","churned_arr_currency","churned_accounts","grr","nrr","logo_churn","revenue_churn","new_accounts","accounts"' ||
  fail "the csv header: $(head -n 1 "$T/q.csv")"
sqlite3 -csv "$T/q.db" ".import '$T/q.csv' r"
# rq PERIOD COLUMN: one cell of the report's csv
rq() { sqlite3 "$T/q.db" "SELECT \"$2\" FROM r WHERE period = '$1'"; }

# expect PERIOD FROM UNTIL: the period's figures computed here, in SQL
expect() {
  f=$(day "$2") u=$(day "$3")
  sqlite3 "$DB" "
    WITH s AS (SELECT a.crm_id, a.outcome, a.outcome_day,
      (SELECT arr_minor FROM arr_history h WHERE h.account_id = a.id AND h.day < $f ORDER BY h.day DESC LIMIT 1) AS sa,
      (SELECT currency FROM arr_history h WHERE h.account_id = a.id AND h.day < $f ORDER BY h.day DESC LIMIT 1) AS sc,
      (SELECT active FROM arr_history h WHERE h.account_id = a.id AND h.day < $f ORDER BY h.day DESC LIMIT 1) AS sact,
      (SELECT arr_minor FROM arr_history h WHERE h.account_id = a.id AND h.day <= $u ORDER BY h.day DESC LIMIT 1) AS ea,
      (SELECT currency FROM arr_history h WHERE h.account_id = a.id AND h.day <= $u ORDER BY h.day DESC LIMIT 1) AS ec,
      (SELECT min(day) FROM arr_history h WHERE h.account_id = a.id) AS first
      FROM account a),
    v AS (SELECT *, CASE sc WHEN 'USD' THEN sa / 100.0 WHEN 'EUR' THEN sa / 100.0 * 1.08 WHEN 'JPY' THEN sa * 0.0067 END AS s_usd,
      CASE ec WHEN 'USD' THEN ea / 100.0 WHEN 'EUR' THEN ea / 100.0 * 1.08 WHEN 'JPY' THEN ea * 0.0067 END AS e_usd,
      coalesce(sa > 0 AND sact = 1 AND NOT (outcome IS 'churned' AND outcome_day < $f), 0) AS cohort,
      outcome IS 'churned' AND outcome_day BETWEEN $f AND $u AS churned FROM s),
    t AS (SELECT count(*) AS n, sum(s_usd) AS arr, sum(CASE WHEN churned THEN s_usd END) AS churn,
      sum(churned) AS nch,
      coalesce(sum(CASE WHEN NOT churned AND e_usd > s_usd THEN e_usd - s_usd END), 0) AS exp,
      coalesce(sum(CASE WHEN NOT churned AND e_usd < s_usd THEN s_usd - e_usd END), 0) AS con FROM v WHERE cohort)
    SELECT n, printf('%.2f', arr), printf('%.2f', exp), printf('%.2f', con), printf('%.2f', churn), nch,
      printf('%.4f', (arr - con - churn) / arr), printf('%.4f', (arr - con - churn + exp) / arr),
      printf('%.4f', 1.0 * nch / n), printf('%.4f', churn / arr),
      (SELECT count(*) FROM v WHERE NOT cohort AND first BETWEEN $f AND $u)
    FROM t"
}
# near A B TOLERANCE: two numbers equal within the tolerance (sums in another order)
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
check_period() {
  want=$(expect "$1" "$2" "$3")
  got="$(rq "$1" accounts_start)|$(rq "$1" arr_start)|$(rq "$1" expansion)|$(rq "$1" contraction)|$(rq "$1" churned_arr)|$(rq "$1" churned_accounts)|$(rq "$1" grr)|$(rq "$1" nrr)|$(rq "$1" logo_churn)|$(rq "$1" revenue_churn)|$(rq "$1" new_accounts)"
  i=1
  for name in accounts_start arr_start expansion contraction churned_arr churned_accounts grr nrr logo_churn revenue_churn new_accounts; do
    w=$(echo "$want" | cut -d'|' -f$i) g=$(echo "$got" | cut -d'|' -f$i)
    near "$g" "$w" 0.011 || fail "$1 $name: the report says $g, sqlite3 computes $w"
    i=$((i + 1))
  done
}
check_period 2026-Q3 2026-07-01 2026-09-30
check_period 2026-Q4 2026-10-01 2026-11-23
# the story's figures are not trivial: Q4 has churn, expansion, contraction and new accounts
[ "$(rq 2026-Q4 churned_accounts)" -eq 7 ] || fail "Q4: 7 churned accounts expected (the feed's outcomes in Oct and Nov)"
[ "$(rq 2026-Q4 new_accounts)" -eq 6 ] && [ "$(rq 2026-Q3 new_accounts)" -eq 1 ] || fail "new accounts: Q3 1, Q4 6 expected"
near "$(rq 2026-Q4 expansion)" "$(awk 'BEGIN { print (19070000 - 17000000) * 0.0067 + 14100 - 10000 }')" 0.011 ||
  fail "Q4 expansion: ACC-0017 and ACC-0070 grew: $(rq 2026-Q4 expansion)"
# the churned accounts behind Q4 (first in the drill-down) are the feed's: outcome churned in Oct/Nov
want_churned=$(awk '/^  - id:/ { id = $3 } /outcome: churned/ { c[id] = 1 } /outcome_date:/ { if (c[id] && $2 >= "2026-10-01") print id }' \
  "$CSC_ROOT/sample-data/feeds/accounts.yaml" | LC_ALL=C sort | tr '\n' ' ')
got_churned=$(rq 2026-Q4 accounts | tr ' ' '\n' | head -n "$(rq 2026-Q4 churned_accounts)" | LC_ALL=C sort | tr '\n' ' ')
[ "$got_churned" = "$want_churned" ] || fail "Q4's churned accounts: $got_churned, the feed says $want_churned"
# Q1 and Q2 have no cohort (the history starts on 2026-06-01): no ratios, and a note says why
[ "$(rq 2026-Q1 accounts_start)" -eq 0 ] && [ -z "$(rq 2026-Q1 grr)" ] || fail "Q1 should have no cohort and no GRR"

# --- Months: October's churn is the churned accounts dated in October ------------
"$CSC" report retention --format json > "$T/m.json"
[ "$(jq -r '.rows | length' "$T/m.json")" -eq 12 ] || fail "12 months by default"
[ "$(jq -r '.rows[-1].period' "$T/m.json")" = 2026-11 ] || fail "the last month is the current one"
oct=$(awk '/^  - id:/ { id = $3 } /outcome: churned/ { c[id] = 1 } /outcome_date: 2026-10/ { if (c[id]) n++ } END { print n }' \
  "$CSC_ROOT/sample-data/feeds/accounts.yaml")
[ "$(jq -r '.rows[] | select(.period == "2026-10") | .churned_accounts' "$T/m.json")" -eq "$oct" ] ||
  fail "October's churned accounts: expected $oct"
[ "$(jq -r '.rows[] | select(.period == "2026-10") | .arr_start_currency' "$T/m.json")" = USD ] || fail "json: the currency"
jq -e '.notes | map(select(test("starts on 2026-06-01"))) | length == 1' "$T/m.json" > /dev/null ||
  fail "json: the note on where the history starts"

# --- By owner: the groups add up to the total; --owner is one of them -------------
"$CSC" report retention --period quarter --by owner --format csv > "$T/o.csv"
sqlite3 -csv "$T/o.db" ".import '$T/o.csv' r"
sum=$(sqlite3 "$T/o.db" "SELECT printf('%.2f', sum(arr_start)) FROM r WHERE period = '2026-Q4' AND \"group\" != 'Total'")
near "$sum" "$(rq 2026-Q4 arr_start)" 0.011 || fail "by owner: the owners' ARR at start ($sum) is not the team's"
ken=$(sqlite3 "$T/o.db" "SELECT grr FROM r WHERE period = '2026-Q4' AND \"group\" = 'ken'")
"$CSC" report retention --period quarter --owner ken --format csv > "$T/k.csv"
sqlite3 -csv "$T/k.db" ".import '$T/k.csv' r"
[ "$(sqlite3 "$T/k.db" "SELECT grr FROM r WHERE period = '2026-Q4'")" = "$ken" ] || fail "--owner ken: not ken's row of --by owner"

# --- Text and markdown -------------------------------------------------------------
"$CSC" report retention --period quarter > "$T/q.txt"
assert_contains "$T/q.txt" "GRR = (ARR at start - contraction - churned ARR) / ARR at start"
grep -q "^2026-Q4 .*$(rq 2026-Q4 accounts_start) .*\$" "$T/q.txt" || fail "text: no Q4 row"
"$CSC" report retention --period quarter --format markdown --accounts > "$T/q.md"
grep -q '^| Period | Team | Accounts |' "$T/q.md" || fail "markdown: the header row"
assert_status 2 "$CSC" report retention --period week
assert_status 2 "$CSC" report retention --owner nobody
assert_status 2 "$CSC" report retention --from 2026-10-01 --until 2026-09-01
exit 0
