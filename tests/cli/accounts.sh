#!/bin/sh
# csconsole accounts on the sample book: rows, roles, covering, formats, errors.
. "$CSC_ROOT/tests/lib.sh"
setup_book aiko
"$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "sync failed"; }
DB="$T/db/csconsole.db"
q() { sqlite3 "$DB" "$1"; }

# Text: a header, then one line per account of aiko's (main or sub; nobody is
# absent on the anchor day, so nothing is covered yet).
"$CSC" accounts > "$T/out"
head -n 1 "$T/out" | grep -q '^ACCOUNT  *ID  *ROLE  *OTHER' || fail "no header: $(head -n 1 "$T/out")"
want=$(q "SELECT count(*) FROM account WHERE active AND (main_owner='aiko' OR sub_owner='aiko')")
got=$(($(wc -l < "$T/out") - 1))
[ "$got" -eq "$want" ] || fail "expected $want accounts, got $got"
[ "$want" -ge 10 ] || fail "the sample book gives aiko only $want accounts"

# Northwind Analytics: aiko is sub owner, ken main; renews 2026-12-12, 19 days
# after the pinned today (2026-11-23).
grep -E '^Northwind Analytics +ACC-0002 +sub +ken +low +renewal +\$48,000\.00 .* 2026-12-12 +19( |$)' "$T/out" >/dev/null ||
  fail "Northwind row wrong: $(grep ACC-0002 "$T/out")"
# A long Japanese name is cut at a character boundary with an ellipsis.
grep -q '^株式会社アオゾラ・モビリティ・アン… *ACC-0053 ' "$T/out" || fail "ACC-0053 not truncated as expected: $(grep ACC-0053 "$T/out")"
assert_not_contains "$T/out" "イノベーションズ"

# --sort renewal: soonest renewal first (the CSV's days_left column, 13th).
# csvcol FILE EXPR: a column of a CSV file with a header, read by sqlite3.
csvcol() { sqlite3 :memory: ".import --csv $1 t" "SELECT $2 FROM t"; }
"$CSC" accounts --sort renewal --format csv > "$T/r.csv"
csvcol "$T/r.csv" days_left > "$T/days"
[ "$(cat "$T/days")" = "$(sort -n "$T/days")" ] || fail "not ordered by days left: $(tr '\n' ' ' < "$T/days")"

# haruto is away from 2026-11-24 to 2026-11-30: his accounts where aiko is sub
# owner become "covering" on 2026-11-25, and only those are in the covering scope.
"$CSC" --today 2026-11-25 accounts --scope covering > "$T/cover"
want=$(q "SELECT count(*) FROM account WHERE active AND main_owner='haruto' AND sub_owner='aiko'")
[ "$want" -ge 1 ] || fail "sample book: aiko is sub owner of none of haruto's accounts"
[ $(($(wc -l < "$T/cover") - 1)) -eq "$want" ] || fail "covering scope: expected $want rows"
[ "$(awk 'NR > 1 && $0 !~ / covering +haruto /' "$T/cover" | wc -l)" -eq 0 ] || fail "non-covering row in: $(cat "$T/cover")"
"$CSC" --today 2026-11-25 accounts | grep -q ' ACC-0047 *covering *haruto ' || fail "ACC-0047 not covering on 11-25"
"$CSC" accounts | grep -q ' ACC-0047 *sub *haruto ' || fail "ACC-0047 should be sub on 11-23"

# Scopes: main only; the whole team.
"$CSC" accounts --scope main > "$T/main"
[ $(($(wc -l < "$T/main") - 1)) -eq "$(q "SELECT count(*) FROM account WHERE active AND main_owner='aiko'")" ] || fail "main scope count"
"$CSC" accounts --scope team --format csv > "$T/team.csv"
[ $(($(grep -c 'ACC-' "$T/team.csv"))) -eq "$(q "SELECT count(*) FROM account WHERE active")" ] || fail "team scope count"

# CSV: RFC 4180 with a header, ISO dates, CRLF line ends.
head -n 1 "$T/team.csv" | grep -q '^"account","id","role","other_owner","touch","stage","arr","currency","health","spark","health_4w","renewal","days_left","risk_severity","risk_category","open_risks","next_touch","next_touch_kind","sentiment","last_touch","attention"' || fail "csv header: $(head -n 1 "$T/team.csv")"
grep -q '^"Northwind Analytics","ACC-0002","sub","ken","low","renewal","48000.00","USD","[0-9]*","[0-9. ]*","[-+][0-9]*","2026-12-12","19"' "$T/team.csv" || fail "csv row: $(grep ACC-0002 "$T/team.csv")"
grep -q '"ACC-0047",.*,"12390000","JPY",' "$T/team.csv" || fail "csv JPY row: $(grep ACC-0047 "$T/team.csv")"
[ "$(grep -c "$(printf '\r')\$" "$T/team.csv")" -eq "$(wc -l < "$T/team.csv")" ] || fail "csv lines must end with CRLF"

# JSON: numbers as numbers, money in minor units.
"$CSC" accounts --format json > "$T/json"
assert_contains "$T/json" '"id":"ACC-0002"'
assert_contains "$T/json" '"currency":"USD"'
grep -q '"days_left":19' "$T/json" || fail "json days_left"
grep -q '"arr_minor":4800000' "$T/json" || fail "json arr_minor"

# The portfolio's columns, each checked against the tables (ISO dates via
# sqlite3's date(); days are days since 1970-01-01).
iso() { q "SELECT coalesce(date($1 * 86400, 'unixepoch'), '')"; }
for id in ACC-0002 ACC-0003 ACC-0005 ACC-0013; do
  line=$(grep "\"$id\"" "$T/team.csv" | tr -d '\r')
  sev=$(q "SELECT coalesce(max(CASE severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END), 0) FROM risk WHERE account='$id' AND status='open'")
  want_sev=$(echo "- low medium high" | cut -d' ' -f$((sev + 1)) | sed 's/^-$//')
  nopen=$(q "SELECT count(*) FROM risk WHERE account='$id' AND status='open'")
  nday=$(q "SELECT coalesce(min(due_day), 'NULL') FROM touchpoint WHERE account='$id' AND status IN ('open','snoozed')")
  next=$([ "$nday" = NULL ] && echo "" || iso "$nday")
  sent=$(q "SELECT coalesce(sentiment, 0) FROM note WHERE account='$id' AND NOT deleted ORDER BY touch_day DESC, created DESC LIMIT 1")
  label=$([ "${sent:-0}" -gt 0 ] && echo "very negative,negative,neutral,positive,very positive" | cut -d, -f"$sent" || echo "")
  spark=$(q "SELECT group_concat(score, ' ') FROM (SELECT * FROM (SELECT h.day, h.score FROM health h JOIN account a ON a.id = h.account_id WHERE a.crm_id='$id' AND h.source = 'feed' ORDER BY h.day DESC LIMIT 12) ORDER BY day)" | sed 's/\.0\b//g')
  echo "$line" | grep -q "\"$want_sev\",\"[a-z_]*\",\"$nopen\",\"$next\"," || fail "$id risk/next: want $want_sev $nopen $next in $line"
  echo "$line" | grep -q ",\"$label\"," || fail "$id sentiment: want \"$label\" in $line"
  echo "$line" | grep -q ",\"$spark\"," || fail "$id spark: want \"$spark\" in $line"
done
q "SELECT count(*) FROM risk WHERE status='open'" | grep -qv '^0$' || fail "sample book has no open risks"

"$CSC" accounts --scope team --format csv > "$T/team.csv"
# Attention order (the default): overdue touchpoints first, most overdue first.
csvcol "$T/team.csv" next_touch > "$T/next"
today=$(q "SELECT julianday('2026-11-23') - julianday('1970-01-01')" | cut -d. -f1)
want=$(q "SELECT date(min(due_day) * 86400, 'unixepoch') AS d FROM touchpoint t JOIN account a ON a.crm_id = t.account WHERE a.active AND status IN ('open','snoozed') GROUP BY t.account HAVING min(due_day) < $today ORDER BY d")
[ -n "$want" ] || fail "sample book has no overdue touchpoint"
[ "$(head -n "$(echo "$want" | wc -l)" "$T/next")" = "$want" ] || fail "overdue first: want $(echo $want) got $(head -n 5 "$T/next" | tr '\n' ' ')"

# Sort keys and --reverse: health lowest first; reversed, highest first.
"$CSC" accounts --scope team --sort health --format csv > "$T/h.csv"
csvcol "$T/h.csv" health | grep . > "$T/h"
[ "$(cat "$T/h")" = "$(sort -g "$T/h")" ] || fail "--sort health"
"$CSC" accounts --scope team --sort health --reverse --format csv > "$T/h.csv"
csvcol "$T/h.csv" health | grep . > "$T/h"
[ "$(cat "$T/h")" = "$(sort -gr "$T/h")" ] || fail "--sort health --reverse"
assert_status 2 "$CSC" accounts --sort colour 2> "$T/err"
assert_contains "$T/err" "use one of attention, name, role"

# Filters, counted against the tables.
n() { "$CSC" accounts --scope team --format csv "$@" | tail -n +2 | wc -l; }
[ "$(n --owner ken)" -eq "$(q "SELECT count(*) FROM account WHERE active AND (main_owner='ken' OR sub_owner='ken')")" ] || fail "--owner ken"
[ "$(n --stage renewal,onboarding)" -eq "$(q "SELECT count(*) FROM account WHERE active AND stage IN ('renewal','onboarding')")" ] || fail "--stage"
[ "$(n --touch tech)" -eq "$(q "SELECT count(*) FROM account WHERE active AND touch_model='tech'")" ] || fail "--touch"
cat=$(q "SELECT category FROM risk WHERE status='open' LIMIT 1")
[ "$(n --risk "$cat")" -eq "$(q "SELECT count(DISTINCT r.account) FROM risk r JOIN account a ON a.crm_id = r.account WHERE a.active AND r.status='open' AND r.category='$cat'")" ] || fail "--risk $cat"
[ "$(n --renewal-within 30)" -eq "$(q "SELECT count(*) FROM account WHERE active AND renewal_day BETWEEN $today AND $today + 30")" ] || fail "--renewal-within"
red=$(n --band red)
[ "$red" -eq "$(q "SELECT count(*) FROM account a WHERE active AND (SELECT score FROM health WHERE account_id = a.id AND source = 'feed' ORDER BY day DESC LIMIT 1) <= 50")" ] || fail "--band red: $red"
[ "$(n --search northwind)" -eq 1 ] || fail "--search by name"
word=$(q "SELECT summary FROM note n JOIN account a ON a.crm_id = n.account WHERE a.active AND NOT deleted LIMIT 1")
[ "$(n --search "$word")" -eq "$(q "SELECT count(*) FROM account a WHERE active AND (instr(lower(name), lower('$word')) OR crm_id IN (SELECT account FROM note WHERE NOT deleted AND (instr(lower(summary), lower('$word')) OR instr(lower(text), lower('$word')))))")" ] || fail "--search note"
assert_status 2 "$CSC" accounts --band purple 2> "$T/err"
assert_contains "$T/err" 'unknown band "purple"'
assert_status 2 "$CSC" accounts --risk nonsense 2> "$T/err"
assert_contains "$T/err" "not a risk category"

# The header summary.
"$CSC" accounts --summary > "$T/sum"
mine=$(q "SELECT count(*) FROM account WHERE active AND (main_owner='aiko' OR sub_owner='aiko')")
assert_contains "$T/sum" "accounts:      $mine (main $(q "SELECT count(*) FROM account WHERE active AND main_owner='aiko'"),"
assert_contains "$T/sum" "last sync:     2026-11-23"
assert_not_contains "$T/sum" "stale"
usd=$(q "SELECT printf('%.2f', sum(arr_minor) / 100.0) FROM account WHERE active AND (main_owner='aiko' OR sub_owner='aiko') AND currency='USD'")
"$CSC" accounts --summary --format json > "$T/sum.json"
grep -q "\"USD\":$(echo "$usd" | tr -d .)" "$T/sum.json" || fail "summary USD total $usd: $(cat "$T/sum.json")"

# Another CSM's book with --me.
"$CSC" --me ken accounts --scope main > "$T/ken"
[ $(($(wc -l < "$T/ken") - 1)) -eq "$(q "SELECT count(*) FROM account WHERE active AND main_owner='ken'")" ] || fail "--me ken"

# Usage errors name the allowed values and exit 2.
assert_status 2 "$CSC" accounts --scope everything 2> "$T/err"
assert_contains "$T/err" "use main, mine, covering or team"
assert_status 2 "$CSC" accounts --format xml 2> "$T/err"
assert_contains "$T/err" "use text, json or csv"
assert_status 2 "$CSC" nonsense 2> "$T/err"
assert_contains "$T/err" 'unknown command "nonsense"'
exit 0
