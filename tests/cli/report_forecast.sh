#!/bin/sh
# report_forecast.sh - `csconsole report forecast` on the sample book: each
# renewal of the next quarters with its ARR, band and open risks against the
# database (sqlite3), the weighted ARR and the totals per currency and in USD
# recomputed here with the configured weights and rates, churned accounts
# left out, the weights from the config, csv/json/markdown.
. "$CSC_ROOT/tests/lib.sh"
command -v sqlite3 > /dev/null || { echo "SKIP: needs the sqlite3 shell (apt-get install sqlite3)"; exit 77; }
command -v jq > /dev/null || { echo "SKIP: needs jq (tools/deps.sh installs it)"; exit 77; }
setup_book aiko
printf 'reports: {currency: USD, rates: {JPY: 0.0067, EUR: 1.08}, forecast: {weights: {red: 0.4, yellow: 0.75}}}\n' >> "$T/csconsole.yaml"
"$CSC" sync > "$T/sync.txt" 2>&1 || { cat "$T/sync.txt"; fail "sync failed"; }
DB="$T/db/csconsole.db"
q() { sqlite3 "$DB" "$1"; }
day() { echo $(( $(date -u -d "$1" +%s) / 86400 )); }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }

"$CSC" report forecast --period quarter --until 2027-03-31 --format csv --accounts > "$T/f.csv" 2> "$T/f.err" ||
  { cat "$T/f.err"; fail "report forecast failed"; }
sqlite3 -csv "$T/f.db" ".import '$T/f.csv' r"
f() { sqlite3 "$T/f.db" "$1"; }

# The renewals: every active, not churned account renewing from the quarter's
# start (2026-10-01) to 2027-03-31, in renewal order.
from=$(day 2026-10-01) until=$(day 2027-03-31)
want=$(q "SELECT group_concat(crm_id, ' ') FROM (SELECT crm_id FROM account WHERE active = 1 AND outcome IS NOT 'churned'
          AND renewal_day BETWEEN $from AND $until ORDER BY renewal_day, crm_id)")
got=$(f "SELECT group_concat(account, ' ') FROM (SELECT account FROM r WHERE account != '' ORDER BY rowid)")
[ "$got" = "$want" ] || fail "renewals: $got; the database has $want"
[ -n "$want" ] || fail "the sample book should have renewals in these quarters"
churned=$(q "SELECT count(*) FROM account WHERE active = 1 AND outcome = 'churned' AND renewal_day BETWEEN $from AND $until")
[ "$churned" -gt 0 ] || fail "the story needs a churned account with a renewal date ahead"

# Each renewal's band, risks, weight and weighted ARR, from the database and the config.
q "SELECT a.crm_id, a.arr_minor, a.currency, CASE WHEN s.health IS NULL THEN 'none' WHEN s.health <= 50 THEN 'red'
     WHEN s.health <= 75 THEN 'yellow' ELSE 'green' END, coalesce(s.open_risks, 0) FROM account a
     LEFT JOIN account_summary s ON s.crm_id = a.crm_id WHERE a.active = 1 AND a.outcome IS NOT 'churned'
     AND a.renewal_day BETWEEN $from AND $until" > "$T/want.txt"
bands=""
while IFS='|' read -r id arr cur band risks; do
  case $band in red) w=0.4 ;; yellow|none) w=0.75 ;; green) w=0.95 ;; esac
  case $cur in JPY) amount=$arr ;; *) amount=$(awk -v a="$arr" 'BEGIN { printf "%.2f", a / 100 }') ;; esac
  [ "$(f "SELECT band FROM r WHERE account = '$id'")" = "$band" ] || fail "$id: band $(f "SELECT band FROM r WHERE account = '$id'"), expected $band"
  [ "$(f "SELECT open_risks FROM r WHERE account = '$id'")" = "$risks" ] || fail "$id: open risks"
  [ "$(f "SELECT arr_currency FROM r WHERE account = '$id'")" = "$cur" ] || fail "$id: currency"
  near "$(f "SELECT arr FROM r WHERE account = '$id'")" "$amount" 0.001 || fail "$id: ARR"
  near "$(f "SELECT weight FROM r WHERE account = '$id'")" "$w" 0.00001 || fail "$id: weight (band $band)"
  near "$(f "SELECT weighted_arr FROM r WHERE account = '$id'")" "$(awk -v a="$amount" -v w="$w" 'BEGIN { print a * w }')" 0.51 ||
    fail "$id: weighted ARR"
  bands="$bands $band"
done < "$T/want.txt"
for b in red yellow green; do
  echo "$bands" | grep -qw "$b" || fail "the story should have a $b renewal in these quarters"
done

# The totals of 2026-Q4: per currency, then in USD at the rates.
for cur in JPY USD; do
  want_arr=$(q "SELECT printf('%.2f', sum(arr_minor / (CASE currency WHEN 'JPY' THEN 1.0 ELSE 100.0 END))) FROM account
                WHERE active = 1 AND outcome IS NOT 'churned' AND currency = '$cur' AND renewal_day BETWEEN $from AND $(day 2026-12-31)")
  near "$(f "SELECT arr FROM r WHERE period = '2026-Q4' AND name = 'Total $cur'")" "$want_arr" 0.011 || fail "Q4 total $cur"
done
want_usd=0; want_w=0
while IFS='|' read -r id arr cur band risks; do
  [ "$(f "SELECT period FROM r WHERE account = '$id'")" = 2026-Q4 ] || continue
  case $band in red) w=0.4 ;; yellow|none) w=0.75 ;; green) w=0.95 ;; esac
  case $cur in JPY) usd=$(awk -v a="$arr" 'BEGIN { print a * 0.0067 }') ;; EUR) usd=$(awk -v a="$arr" 'BEGIN { print a / 100 * 1.08 }') ;;
               *) usd=$(awk -v a="$arr" 'BEGIN { print a / 100 }') ;; esac
  want_usd=$(awk -v s="$want_usd" -v u="$usd" 'BEGIN { printf "%.6f", s + u }')
  want_w=$(awk -v s="$want_w" -v u="$usd" -v w="$w" 'BEGIN { printf "%.6f", s + u * w }')
done < "$T/want.txt"
near "$(f "SELECT arr FROM r WHERE period = '2026-Q4' AND name = 'Total in USD'")" "$want_usd" 0.011 || fail "Q4 total in USD"
near "$(f "SELECT weighted_arr FROM r WHERE period = '2026-Q4' AND name = 'Total in USD'")" "$want_w" 0.011 ||
  fail "Q4 weighted total in USD: $(f "SELECT weighted_arr FROM r WHERE period = '2026-Q4' AND name = 'Total in USD'"), expected $want_w"
[ "$(f "SELECT renewals FROM r WHERE period = 'all' AND name = 'Total in USD'")" -eq "$(echo "$want" | wc -w)" ] ||
  fail "the total over all periods should count every renewal"

# json and markdown, the note on churned accounts, --by refused
"$CSC" report forecast --period quarter --until 2027-03-31 --format json > "$T/f.json"
jq -e ".notes | map(select(test(\"^$churned accounts? whose outcome is churned\"))) | length == 1" "$T/f.json" > /dev/null ||
  fail "json: the note on the churned accounts"
jq -e '.formula | test("red 40%, yellow 75%, green 95%")' "$T/f.json" > /dev/null || fail "json: the formula names the weights"
"$CSC" report forecast --format markdown > "$T/f.md"
grep -q '^| Period | Account | Name |' "$T/f.md" || fail "markdown header"
grep -q '^| \*\*2026-11\*\* |' "$T/f.md" || fail "markdown: totals in bold"
# csv for spreadsheets like the other lists: --excel (a BOM), --encoding cp932 (Japanese names)
"$CSC" report forecast --format csv --excel > "$T/x.csv"
[ "$(head -c 3 "$T/x.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "--excel: no UTF-8 byte order mark"
"$CSC" report forecast --format csv --encoding cp932 > "$T/sj.csv"
name=$(q "SELECT name FROM account WHERE crm_id = 'ACC-0047'")
iconv -f CP932 -t UTF-8 "$T/sj.csv" | grep -qF "$name" || fail "--encoding cp932: $name not found after iconv"
assert_status 2 "$CSC" report forecast --excel
assert_status 2 "$CSC" report forecast --by segment
exit 0
