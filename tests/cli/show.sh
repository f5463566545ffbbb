#!/bin/sh
# csconsole show ACCOUNT: one account in full (text and json), by CRM id or
# exact name, and its errors. Expected values come from sample-data/.
. "$CSC_ROOT/tests/lib.sh"
setup_book aiko
"$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "sync failed"; }
F=$T/shared/feeds
# yfield ID KEY: a field of an account in accounts.yaml (quotes removed)
yfield() {
  awk -v id="$1" -v key="$2" '
    /^  - id: / { inside = ($3 == id); next }
    inside && $1 == key ":" { sub(/^ *[a-z_]+: */, ""); gsub(/"/, ""); print; exit }' "$F/accounts.yaml"
}
# metric ID NAME: the CSV rows "date,value" of one account and metric
metric() { grep -h "^$1,[^,]*,$2," "$F/metrics/daily.csv" "$F/metrics/weekly.csv" | cut -d, -f2,4; }

# --- text, by CRM id --------------------------------------------------------
"$CSC" show ACC-0003 > "$T/out"
name=$(yfield ACC-0003 name)
seats=$(yfield ACC-0003 seats)
champion=$(yfield ACC-0003 champion)
head -n 1 "$T/out" | grep -qF "$name  (ACC-0003)" || fail "title: $(head -n 1 "$T/out")"
for section in Facts Health Usage "Risks (" "Notes (" "Touchpoints ("; do
  grep -q "^$section" "$T/out" || fail "no section $section"
done
grep -qE "^  seats +$seats\$" "$T/out" || fail "seats $seats: $(grep seats "$T/out")"
grep -qE "^  champion +$champion <$(yfield ACC-0003 champion_email)> \($(yfield ACC-0003 champion_status)\)" "$T/out" ||
  fail "champion: $(grep champion "$T/out")"
grep -qE "^  main owner +$(yfield ACC-0003 main_owner) \(" "$T/out" || fail "main owner"
# the latest weekly health score and the number of weeks
last=$(metric ACC-0003 health_score | sort | tail -n 1 | cut -d, -f2)
weeks=$(metric ACC-0003 health_score | wc -l)
grep -qE "^  score +$last \((red|yellow|green)\) on 2026-11-23, 4 weeks [-+0-9]+; the vendor score\$" "$T/out" ||
  fail "score $last: $(grep '  score' "$T/out")"
grep -qF "($weeks weeks from " "$T/out" || fail "$weeks weeks: $(grep weekly "$T/out")"
# active seats: the latest weekly snapshot of the seats
active=$(metric ACC-0003 active_seats | sort | tail -n 1 | cut -d, -f2)
grep -qE "^  active seats +$active of $seats " "$T/out" || fail "active seats: $(grep 'active seats' "$T/out")"
# logins of the last 7 whole days (2026-11-16 .. 11-22)
l7=$(metric ACC-0003 logins | awk -F, '$1 >= "2026-11-16" && $1 <= "2026-11-22" { s += $2 } END { print s }')
grep -qE "^  logins 7 days +$l7\$" "$T/out" || fail "logins 7 days $l7: $(grep 'logins 7' "$T/out")"
# the daily data starts in 2026: nothing to compare a year ago, and it says so
assert_contains "$T/out" "no data a year ago"
grep -qE '^  key_feature +missing ' "$T/out" || fail "key_feature should be missing"
# exactly one component is marked as pulling the score down most
[ "$(grep -c 'pulls down most$' "$T/out")" -eq 1 ] || fail "one component pulls down most"
# aiko's open risk on ACC-0003 (README story 2) is listed as open, high
grep -qE '^  open +high +adoption_support ' "$T/out" || fail "risk line: $(grep -A1 '^Risks' "$T/out")"

# --- by exact name: the same output -------------------------------------------
"$CSC" show "$name" > "$T/byname"
cmp -s "$T/out" "$T/byname" || fail "show by name differs from show by id"
# a Japanese name works too
jp=$(yfield ACC-0004 name)
"$CSC" show "$jp" > "$T/jp" || fail "show $jp failed"
head -n 1 "$T/jp" | grep -qF "(ACC-0004)" || fail "by Japanese name: $(head -n 1 "$T/jp")"
# ACC-0004: the meeting moved to 2026-11-13 is overdue (README story 3)
grep -qE '^  overdue +2026-11-13 ' "$T/jp" || fail "overdue touchpoint: $(grep -A2 '^Touchpoints' "$T/jp")"

# --- json ----------------------------------------------------------------------
"$CSC" show ACC-0003 --format json > "$T/out.json"
j() { sqlite3 :memory: "SELECT json_extract(readfile('$T/out.json'), '$1')"; }
[ "$(j '$.facts.id')" = ACC-0003 ] || fail "json id"
[ "$(j '$.facts.seats')" = "$seats" ] || fail "json seats $(j '$.facts.seats')"
[ "$(j '$.facts.champion')" = "$champion" ] || fail "json champion"
[ "$(j '$.health.source')" = vendor ] || fail "json health source: $(j '$.health.source')"
[ "$(j '$.health.weekly[#-1].score')" = "$last.0" ] || [ "$(j '$.health.weekly[#-1].score')" = "$last" ] ||
  fail "json last score $(j '$.health.weekly[#-1].score')"
[ "$(j '$.health.weekly[#-1].date')" = 2026-11-23 ] || fail "json last date"
[ "$(j '$.usage.key_feature.uses_year_ago')" = "" ] || fail "json year ago should be null"
[ "$(j '$.health.components[2].name')" = key_feature ] || fail "json component order"
[ "$(j '$.health.components[2].present')" = 0 ] || fail "json key_feature present"
[ "$(j '$.risks[0].status')" = open ] || fail "json risk status"
n=$(sqlite3 :memory: "SELECT json_array_length(readfile('$T/out.json'), '\$.health.weekly')")
[ "$n" -eq "$weeks" ] || fail "json weeks $n, want $weeks"

# --- blind spots: the planted stories (sample-data/README.md) ----------------------
F=$T/shared/feeds
# story 1: Northwind's champion left (accounts.yaml) while usage is high
grep -A14 '^  - id: ACC-0002$' "$F/accounts.yaml" | grep -q 'champion_status: left' || fail "fixture: ACC-0002's champion"
"$CSC" show ACC-0002 > "$T/b2"
grep -E '^  blind spot +hidden risk: champion left \(Dana Reyes\)' "$T/b2" | grep -qF 'while usage is healthy' ||
  { cat "$T/b2"; fail "ACC-0002 is not flagged a hidden risk for its champion"; }
# story 6: 丸屋酒造, few seats used, a happy customer
"$CSC" show ACC-0007 > "$T/b7"
grep -E '^  blind spot +quiet but loyal: the relationship is strong' "$T/b7" | grep -qF 'while usage is low' || fail "ACC-0007 is not flagged quiet but loyal"
# nothing to say about a plainly healthy account
"$CSC" show ACC-0001 > "$T/b1"
grep -qE '^  blind spot +none' "$T/b1" || fail "ACC-0001 should have no blind spot"
"$CSC" show ACC-0002 --format json > "$T/b2.json"
[ "$(sqlite3 :memory: "SELECT json_extract(readfile('$T/b2.json'), '\$.health.blind_spot')")" = "hidden risk" ] ||
  fail "json blind_spot of ACC-0002"

# --- onboarding by the activation rule (story 5) -----------------------------------
# seats: accounts.yaml; active: the latest active_seats snapshot in weekly.csv
seats_of() { grep -A20 "^  - id: $1\$" "$F/accounts.yaml" | sed -n 's/^    seats: *//p' | head -n 1; }
active_of() { awk -F, -v id="$1" '$1 == id && $3 == "active_seats" { print $2, $4 }' "$F/metrics/weekly.csv" |
  sort | tail -n 1 | cut -d' ' -f2; }
for id in ACC-0014 ACC-0006; do
  s=$(seats_of $id) a=$(active_of $id)
  pct=$(awk -v a="$a" -v s="$s" 'BEGIN { printf "%.0f", 100 * a / s }')
  if [ "$pct" -ge 80 ]; then want="complete: $a of $s seats active ($pct%), at or above 80%"
  else want="in progress: $a of $s seats active ($pct%), below 80%"; fi
  "$CSC" show $id > "$T/ob"
  grep -E '^  onboarding +' "$T/ob" | grep -qF "$want" || { grep onboarding "$T/ob"; fail "$id: want \"$want\""; }
done
# the rule is the configuration's: at 95% ACC-0014 is still onboarding
echo "onboarding: {activation: 95}" >> "$T/csconsole.yaml"
"$CSC" show ACC-0014 | grep -E '^  onboarding +' | grep -qF "below 95%" || fail "onboarding.activation is not used"
# an account past onboarding says nothing about it
"$CSC" show ACC-0001 | grep -qE '^  onboarding ' && fail "ACC-0001 is not onboarding"

# --- errors ----------------------------------------------------------------------
assert_status 2 "$CSC" show ACC-9999 2> "$T/err"
assert_contains "$T/err" 'no account "ACC-9999"'
assert_contains "$T/err" "csconsole accounts"
assert_status 2 "$CSC" show 2> "$T/err"
assert_contains "$T/err" "which account?"
assert_status 2 "$CSC" show ACC-0003 --format xml 2> "$T/err"
assert_contains "$T/err" "use text or json"
assert_status 0 "$CSC" show --help > "$T/help"
assert_contains "$T/help" "usage: csconsole show ACCOUNT"
exit 0
