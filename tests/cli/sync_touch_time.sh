# sync_touch_time.sh - a touchpoint's time travels with touch.schedule
# (version 2): aiko schedules at 14:30 and syncs, ken syncs from the same
# shared directory: ken's database holds the time, both dumps agree, and
# ken's calendar shows the timed event (he is the account's sub owner).
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
rm -rf "$T/shared/events"          # only the feeds: two devices, nothing else
"$CSC" sync > /dev/null 2>&1 || fail "aiko's first sync failed"
write_config ken "$T/shared" "$T/db/ken.db" > "$T/ken.yaml"
ken() { "$CSC" --config "$T/ken.yaml" "$@"; }
ken sync > /dev/null 2>&1 || fail "ken's first sync failed"

ACC=ACC-0001
sed -n '/^  - id: '"$ACC"'$/,/^  - id: /p' "$T/shared/feeds/accounts.yaml" > "$T/acc"
grep -qx "    main_owner: aiko" "$T/acc" && grep -qx "    sub_owner: ken" "$T/acc" ||
  fail "$ACC is aiko's, with ken as sub owner (sample book)"

"$CSC" touch "$ACC" --due 2026-12-03 --time 16:45 --kind meeting > "$T/t" 2>&1 || { cat "$T/t"; fail "touch --time"; }
ID=$(head -n 1 "$T/t")
"$CSC" sync > "$T/s1" 2>&1 || { cat "$T/s1"; fail "aiko's sync"; }
assert_contains "$T/s1" "events: published 1 event"
# the segment carries the time, at version 2
grep -h "\"entity\":\"touch/$ID\"" "$T/shared/events"/*/*.jsonl > "$T/line"
grep -q '"time":"16:45"' "$T/line" && grep -q '"version":2' "$T/line" ||
  { cat "$T/line"; fail "the published touch.schedule carries time 16:45 at version 2"; }

ken sync > "$T/s2" 2>&1 || { cat "$T/s2"; fail "ken's sync"; }
[ "$(sqlite3 "$T/db/ken.db" "SELECT due_day || ' ' || time || ' ' || status FROM touchpoint WHERE id = '$ID'")" = \
  "$(( $(date -u -d 2026-12-03 +%s) / 86400 )) 16:45 open" ] || fail "ken's touchpoint has the time 16:45"
"$CSC" dump > "$T/aiko.dump"
ken dump > "$T/ken.dump"
diff -u "$T/aiko.dump" "$T/ken.dump" > /dev/null || { diff -u "$T/aiko.dump" "$T/ken.dump" | head -n 20; fail "the two dumps differ"; }
grep -q "16:45" "$T/ken.dump" || fail "the dump shows the time"
ken agenda --format ics | tr -d '\r' > "$T/ken.ics"
grep -A3 "^UID:touch-$ID@csconsole" "$T/ken.ics" | grep -qx "DTSTART:20261203T164500Z" ||
  { cat "$T/ken.ics"; fail "ken's calendar has the timed event"; }

# A move keeps the time; rebuild gives it back from the events.
ken touch --reschedule "$ID" --due 2026-12-04 > /dev/null 2>&1 || fail "ken moves it"
ken sync > /dev/null 2>&1 && "$CSC" sync > /dev/null 2>&1 || fail "syncs after the move"
[ "$(sqlite3 "$T/db/csconsole.db" "SELECT time FROM touchpoint WHERE id = '$ID'")" = "16:45" ] ||
  fail "the move keeps the time"
"$CSC" rebuild > /dev/null 2>&1 || fail "rebuild"
[ "$(sqlite3 "$T/db/csconsole.db" "SELECT time FROM touchpoint WHERE id = '$ID'")" = "16:45" ] ||
  fail "rebuild gives the time back"
echo ok
