# playbook_stack.sh - playbook rules do not stack (issue 13), on the sample
# book: the rules firing for one account in one sync make one touchpoint that
# gives every rule's reason, across three syncs; the owner's second computer
# (its own database, the same shared directory) makes no second one, nor does
# a third computer once the shared touchpoint is done; a rule with a
# touchpoint planned inside its horizon adds its reason to that touchpoint on
# the agenda instead of making one.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book aiko
rules='playbook:
  - {name: renewal_90, when: renewal, days: 90, due_before: 80}
  - {name: fell_red, when: band_drop, into: red}
  - {name: falling, when: score_drop, points: 5, weeks: 4}
  - {name: quiet, when: no_touch, grace: 7, kind: email}'
printf '%s\n' "$rules" >> "$CSCONSOLE_CONFIG"
# device N: aiko's Nth computer, its own database
device() {
  write_config aiko "$T/shared" "$T/db/aiko$1.db" > "$T/aiko$1.yaml"
  printf '%s\n' "$rules" >> "$T/aiko$1.yaml"
}
device 2
device 3
DB=$T/db/csconsole.db
q() { sqlite3 "${2:-$DB}" "$1"; }
# touchpoints the playbook scheduled (by the note they were scheduled with)
pb_touches() { q "SELECT count(DISTINCT entity) FROM event WHERE type = 'touch.schedule' AND json_extract(data, '$.note') LIKE 'Playbook%'" "${1:-$DB}"; }
fired() { q "SELECT rule || '|' || crm_id || '|' || condition || '|' || touch_id FROM playbook_fired WHERE rule NOT LIKE '~%' ORDER BY 1" "$1"; }

"$CSC" sync > "$T/sync1" 2>&1 || { cat "$T/sync1"; fail "the first sync failed"; }
made=$(pb_touches)
firings=$(q "SELECT count(*) FROM playbook_fired WHERE rule NOT LIKE '~%'")
[ "$made" -gt 0 ] && [ "$firings" -gt "$made" ] ||
  fail "fixture: the sample should make several firings on one account ($made touchpoints, $firings firings)"
grep -q "^playbook: $made touchpoints from $firings firings (" "$T/sync1" || fail "sync line: $(grep '^playbook' "$T/sync1")"
# one touchpoint per account, each naming every rule recorded against it
[ "$(q "SELECT count(*) FROM (SELECT account FROM touchpoint WHERE note LIKE 'Playbook%' GROUP BY account HAVING count(*) > 1)")" = 0 ] ||
  fail "an account got several playbook touchpoints: $(q "SELECT account, note FROM touchpoint WHERE note LIKE 'Playbook%' ORDER BY account")"
[ "$(q "SELECT count(*) FROM playbook_fired f JOIN touchpoint t ON t.id = f.touch_id WHERE f.reason IS NULL
        AND t.note NOT LIKE 'Playbook ' || f.rule || ': %' AND t.note NOT LIKE 'Playbook: ' || f.rule || ': %'
        AND t.note NOT LIKE 'Playbook: %; ' || f.rule || ': %'")" = 0 ] || fail "a touchpoint's note misses a rule recorded against it"
# (one whose rules a done touchpoint does not clear, as it would quiet's)
stacked=$(q "SELECT account FROM touchpoint WHERE note LIKE 'Playbook: %' AND note NOT LIKE '%; quiet: %'
             AND note NOT LIKE 'Playbook: quiet: %' ORDER BY account LIMIT 1")
[ -n "$stacked" ] || fail "no touchpoint of several rules"
sid=$(q "SELECT id FROM touchpoint WHERE account = '$stacked' AND note LIKE 'Playbook: %'")
[ "$(q "SELECT count(*) FROM playbook_fired WHERE touch_id = '$sid'")" -ge 2 ] || fail "$stacked: one rule recorded"
# the agenda lists it once, with its reasons
"$CSC" agenda --no-mark > "$T/agenda1"
[ "$(grep -c "Playbook: " "$T/agenda1")" = "$(q "SELECT count(*) FROM touchpoint WHERE note LIKE 'Playbook: %' AND due_day <= (SELECT CAST(julianday('2026-11-23') - 2440587.5 AS INTEGER))")" ] ||
  { cat "$T/agenda1"; fail "the agenda's playbook touchpoints"; }
for i in 2 3; do
  "$CSC" sync > "$T/sync$i" 2>&1
  grep -q "^playbook: no new touchpoints (" "$T/sync$i" || fail "sync $i: $(grep '^playbook' "$T/sync$i")"
done
[ "$(pb_touches)" = "$made" ] || fail "repeated syncs made more touchpoints"

# --- the owner's second computer: the touchpoints come with the events; its
# own run restores every record, and makes none
for i in 1 2 3; do
  "$CSC" --config "$T/aiko2.yaml" sync > "$T/dev2.$i" 2>&1 || { cat "$T/dev2.$i"; fail "device 2 sync $i"; }
  grep -q "^playbook: no new touchpoints (" "$T/dev2.$i" || fail "device 2 sync $i: $(grep '^playbook' "$T/dev2.$i")"
done
[ "$(pb_touches "$T/db/aiko2.db")" = "$made" ] || fail "device 2 made touchpoints"
[ "$(fired "$T/db/aiko2.db")" = "$(fired "$DB")" ] || fail "device 2's records differ from device 1's"

# --- the shared touchpoint done while its conditions still hold; a third
# computer, syncing for the first time, finds every rule of it (the id gives
# the deciding rule, the note it was scheduled with the others) and makes nothing
"$CSC" touch --done "$sid" --note "talked it through" > /dev/null || fail "done $sid"
"$CSC" sync > "$T/sync4" 2>&1
grep -q "^playbook: no new touchpoints (" "$T/sync4" || fail "after done: $(grep '^playbook' "$T/sync4")"
"$CSC" --config "$T/aiko3.yaml" sync > "$T/dev3" 2>&1 || { cat "$T/dev3"; fail "device 3 sync"; }
[ "$(q "SELECT count(*) FROM playbook_fired WHERE touch_id = '$sid'" "$T/db/aiko3.db")" = \
  "$(q "SELECT count(*) FROM playbook_fired WHERE touch_id = '$sid'")" ] || fail "device 3 did not find every rule of $sid"
grep -q "^playbook: no new touchpoints (" "$T/dev3" || fail "device 3: $(grep '^playbook' "$T/dev3")"
[ "$(pb_touches "$T/db/aiko3.db")" = "$made" ] || fail "device 3 made touchpoints"

# --- a touchpoint planned inside a rule's horizon: the rule joins it
# ACC with no playbook touchpoint yet, renewing in 60 days: renewal_90 (due 10
# days before... its due day is the renewal minus 80, today) - give it a
# touchpoint due today first, then bring the renewal into the rule's window
acc=$(q "SELECT crm_id FROM account WHERE main_owner = 'aiko' AND active AND crm_id NOT IN
         (SELECT account FROM touchpoint WHERE note LIKE 'Playbook%') AND crm_id NOT IN
         (SELECT crm_id FROM playbook_fired) ORDER BY crm_id LIMIT 1")
[ -n "$acc" ] || fail "fixture: an account the playbook left alone"
"$CSC" touch "$acc" --due today --kind call --note "Walk through the roadmap" > /dev/null || fail "touch $acc"
sed -i "/^  - id: $acc\$/,/^  - id:/ s/^    renewal_date: .*/    renewal_date: 2027-02-01/" "$T/shared/feeds/accounts.yaml"
[ "$(grep -A30 "^  - id: $acc\$" "$T/shared/feeds/accounts.yaml" | grep -c '^    renewal_date: 2027-02-01')" = 1 ] ||
  fail "fixture: $acc's renewal_date in feeds/accounts.yaml"
before=$(q "SELECT count(*) FROM touchpoint")
"$CSC" sync > "$T/sync5" 2>&1
grep -q "^playbook: no new touchpoints; 1 reason added to touchpoints already scheduled (" "$T/sync5" ||
  fail "planned: $(grep '^playbook' "$T/sync5")"
[ "$(q "SELECT count(*) FROM touchpoint")" = "$before" ] || fail "a touchpoint was made beside the planned one"
"$CSC" agenda --no-mark > "$T/agenda2"
assert_contains "$T/agenda2" "call due today: Walk through the roadmap; also: renewal_90: renews 2027-02-01, in 70 days"
for i in 6 7; do
  "$CSC" sync > "$T/sync$i" 2>&1
  grep -q "^playbook: no new touchpoints (" "$T/sync$i" || fail "sync $i: $(grep '^playbook' "$T/sync$i")"
done
exit 0
