#!/bin/sh
# csconsole health ACCOUNT: the explanation of one account's health. A golden
# file of the whole text for ACC-0005 (tests/cli/expected/health-ACC-0005.txt;
# CSC_UPDATE_SCREENS=1 rewrites it: review the diff), then figures checked
# against values derived from sample-data/, the json and the errors.
. "$CSC_ROOT/tests/lib.sh"
setup_book aiko
"$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "sync failed"; }
F=$T/shared/feeds

# expect_golden NAME FILE: FILE equals tests/cli/expected/NAME.txt.
expect_golden() {
  want=$CSC_ROOT/tests/cli/expected/$1.txt
  if [ "${CSC_UPDATE_SCREENS:-}" = 1 ]; then
    cp "$2" "$want"; echo "updated $want"; return 0
  fi
  [ -f "$want" ] || fail "no expected output $want: run with CSC_UPDATE_SCREENS=1 and review it"
  diff -u "$want" "$2" || fail "the output differs from $want"
}
# yfield ID KEY: a field of an account in accounts.yaml (quotes removed)
yfield() {
  awk -v id="$1" -v key="$2" '
    /^  - id: / { inside = ($3 == id); next }
    inside && $1 == key ":" { sub(/^ *[a-z_]+: */, ""); gsub(/"/, ""); print; exit }' "$F/accounts.yaml"
}
# weekly ID NAME: the rows "date,value" of a weekly metric, oldest first
weekly() { grep -h "^$1,[^,]*,$2," "$F/metrics/weekly.csv" | cut -d, -f2,4 | sort; }
# line NAME: the component line of NAME in $T/out
line() { grep -E "^  $1 " "$T/out" || fail "no component line $1"; }

# --- golden: the whole explanation -------------------------------------------
"$CSC" health ACC-0005 > "$T/out"
expect_golden health-ACC-0005 "$T/out"

# --- the same figures, derived from the fixture ---------------------------------
name=$(yfield ACC-0005 name)
seats=$(yfield ACC-0005 seats)
head -n 1 "$T/out" | grep -qxF "$name  (ACC-0005)" || fail "title: $(head -n 1 "$T/out")"
# vendor score: the latest weekly health_score
vendor=$(weekly ACC-0005 health_score | tail -n 1 | cut -d, -f2)
grep -qE "^vendor score +$vendor \((red|yellow|green)\) on 2026-11-23, 4 weeks " "$T/out" ||
  fail "vendor score $vendor: $(grep '^vendor' "$T/out")"
# adoption: the latest weekly active_seats / licensed seats
active=$(weekly ACC-0005 active_seats | tail -n 1 | cut -d, -f2)
raw=$(awk -v a="$active" -v s="$seats" 'BEGIN { printf "%.2f", a / s }')
line adoption | grep -qE "^  adoption +$raw +$active of $seats seats active " ||
  fail "adoption $raw ($active of $seats): $(line adoption)"
# its score: 0 at 0.0, 100 at 0.8 (health.h)
sc=$(awk -v a="$active" -v s="$seats" 'BEGIN { x = a / s / 0.8 * 100; if (x > 100) x = 100; printf "%.0f", x }')
line adoption | grep -qE " $sc +25 " || fail "adoption score $sc: $(line adoption)"
# NPS: the latest answer in nps.yaml, scored -100 -> 0, 100 -> 100
nps=$(grep 'account: ACC-0005,' "$F/metrics/nps.yaml" | sed -E 's/.*date: ([0-9-]+),.*value: (-?[0-9]+).*/\1 \2/' |
  sort | tail -n 1)
nps_day=${nps% *} nps_val=${nps#* }
nps_score=$(awk -v v="$nps_val" 'BEGIN { printf "%.0f", (v + 100) / 2 }')
line nps | grep -qE "^  nps +$nps_val +[-+]?${nps_val#-} on $nps_day +$nps_score +10 " ||
  fail "nps $nps_val on $nps_day (score $nps_score): $(line nps)"
# support: tickets of the last 4 weekly snapshots (2026-10-27 .. 11-23)
tickets=$(weekly ACC-0005 support_tickets | awk -F, '$1 >= "2026-10-27" { s += $2 } END { print s + 0 }')
line support | grep -qF "$tickets tickets in 4 weeks" || fail "support $tickets: $(line support)"
# the daily data starts in 2026: the key feature has nothing to compare with
line key_feature | grep -qE "no data a year ago +missing +10 +-\$" || fail "key_feature: $(line key_feature)"
# exactly one marker, on the line the closing sentence names
[ "$(grep -c 'pulls down most$' "$T/out")" -eq 1 ] || fail "one component pulls down most"
worst=$(grep 'pulls down most$' "$T/out" | awk '{ print $1 }')
tail -n 1 "$T/out" | grep -qE "^pulls down most: $worst \(" || fail "closing line: $(tail -n 1 "$T/out")"

# --- by exact name: the same output -------------------------------------------
"$CSC" health "$name" > "$T/byname"
cmp -s "$T/out" "$T/byname" || fail "health by name differs from health by id"

# --- json ------------------------------------------------------------------------
"$CSC" health ACC-0005 --format json > "$T/out.json"
q() { sqlite3 :memory: "$1"; }
J="readfile('$T/out.json')"
[ "$(q "SELECT json_extract($J, '\$.id')")" = ACC-0005 ] || fail "json id"
n=$(q "SELECT json_array_length($J, '\$.components')")
lines=$(grep -E '^  [a-z_]+ ' "$T/out" | grep -vc '^  component ')
[ "$n" -eq "$lines" ] || fail "json has $n components, the text $lines"
w=$(q "SELECT sum(json_extract(value, '\$.weight')) FROM json_each($J, '\$.components')")
[ "$w" = 100 ] || [ "$w" = 100.0 ] || fail "weights sum to $w, want 100"
bad=$(q "SELECT count(*) FROM json_each($J, '\$.components') WHERE json_extract(value, '\$.present') = 0
  AND (json_type(value, '\$.score') != 'null' OR json_type(value, '\$.missing_reason') != 'text')")
[ "$bad" -eq 0 ] || fail "$bad missing components have a score or no reason"
[ "$(q "SELECT json_type($J, '\$.components[2].score')")" = null ] || fail "key_feature score should be null"
# the shares add up to the computed score
diff=$(q "SELECT abs(sum(json_extract(value, '\$.contribution')) - json_extract($J, '\$.computed.score')) < 1e-6
  FROM json_each($J, '\$.components')")
[ "$diff" = 1 ] || fail "contributions do not sum to the computed score"
# pulls_down is the present component with the largest weight * (100 - score)
want=$(q "SELECT json_extract(value, '\$.name') FROM json_each($J, '\$.components')
  WHERE json_extract(value, '\$.present') ORDER BY json_extract(value, '\$.weight') *
  (100 - json_extract(value, '\$.score')) DESC, key LIMIT 1")
[ "$(q "SELECT json_extract($J, '\$.pulls_down')")" = "$want" ] || fail "json pulls_down, want $want"
[ "$want" = "$worst" ] || fail "text marks $worst, json says $want"
[ "$(q "SELECT json_extract($J, '\$.vendor.score')")" = "$vendor.0" ] || fail "json vendor score"
[ "$(q "SELECT json_extract($J, '\$.components[6].raw')")" = "$nps_val.0" ] || fail "json nps raw"

# --- errors ------------------------------------------------------------------------
assert_status 2 "$CSC" health ACC-9999 2> "$T/err"
assert_contains "$T/err" 'csconsole health: no account "ACC-9999"'
assert_status 2 "$CSC" health 2> "$T/err"
assert_contains "$T/err" "which account?"
assert_status 2 "$CSC" health ACC-0005 --format xml 2> "$T/err"
assert_contains "$T/err" "use text or json"
assert_status 0 "$CSC" health --help > "$T/help"
assert_contains "$T/help" "usage: csconsole health ACCOUNT"
exit 0
