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
grep -E '^Northwind Analytics +ACC-0002 +sub +ken +low +renewal +\$48,000\.00 .* 2026-12-12 +19$' "$T/out" >/dev/null ||
  fail "Northwind row wrong: $(grep ACC-0002 "$T/out")"
# A long Japanese name is cut at a character boundary with an ellipsis.
grep -q '^株式会社アオゾラ・モビリティ・アン… *ACC-0053 ' "$T/out" || fail "ACC-0053 not truncated as expected: $(grep ACC-0053 "$T/out")"
assert_not_contains "$T/out" "イノベーションズ"

# Soonest renewal first.
days=$(awk 'NR > 1 { print $NF }' "$T/out" | tr '\n' ' ')
sorted=$(awk 'NR > 1 { print $NF }' "$T/out" | sort -n | tr '\n' ' ')
[ "$days" = "$sorted" ] || fail "not ordered by days left: $days"

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
head -n 1 "$T/team.csv" | grep -q '^"account","id","role","other_owner","touch","stage","arr","currency","health","health_4w","renewal","days_left"' || fail "csv header"
grep -q '^"Northwind Analytics","ACC-0002","sub","ken","low","renewal","48000.00","USD","[0-9]*","[-+][0-9]*","2026-12-12","19"' "$T/team.csv" || fail "csv row: $(grep ACC-0002 "$T/team.csv")"
grep -q '"ACC-0047",.*,"12390000","JPY",' "$T/team.csv" || fail "csv JPY row: $(grep ACC-0047 "$T/team.csv")"
[ "$(grep -c "$(printf '\r')\$" "$T/team.csv")" -eq "$(wc -l < "$T/team.csv")" ] || fail "csv lines must end with CRLF"

# JSON: numbers as numbers, money in minor units.
"$CSC" accounts --format json > "$T/json"
assert_contains "$T/json" '"id":"ACC-0002"'
assert_contains "$T/json" '"currency":"USD"'
grep -q '"days_left":19' "$T/json" || fail "json days_left"
grep -q '"arr_minor":4800000' "$T/json" || fail "json arr_minor"

# Another CSM's book with --me.
"$CSC" --me ken accounts --scope main > "$T/ken"
[ $(($(wc -l < "$T/ken") - 1)) -eq "$(q "SELECT count(*) FROM account WHERE active AND main_owner='ken'")" ] || fail "--me ken"

# Usage errors name the allowed values and exit 2.
assert_status 2 "$CSC" accounts --scope everything 2> "$T/err"
assert_contains "$T/err" "use main, mine, covering or team"
assert_status 2 "$CSC" accounts --format xml 2> "$T/err"
assert_contains "$T/err" "use text, csv or json"
assert_status 2 "$CSC" nonsense 2> "$T/err"
assert_contains "$T/err" 'unknown command "nonsense"'
exit 0
