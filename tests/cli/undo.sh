# undo.sh - `csconsole undo`: my last action taken back by a compensating
# event that teammates get at the next sync; the action before next; an
# action a teammate changed since is refused, saying who; --dry-run changes
# nothing; the playbook's touchpoints are not on the list.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
rm -rf "$T/shared/events"
"$CSC" sync > /dev/null 2>&1 || fail "the first sync failed"
write_config ken "$T/shared" "$T/db/ken.db" > "$T/ken.yaml"
ken() { "$CSC" --config "$T/ken.yaml" "$@"; }
ken sync > /dev/null 2>&1 || fail "ken's first sync failed"
q() { sqlite3 "$T/db/$1.db" "$2"; }

"$CSC" undo > "$T/u0" || fail "undo with nothing to undo failed"
assert_contains "$T/u0" "nothing to undo"

# a touchpoint scheduled, then a note logged: undone last first
"$CSC" touch ACC-0001 --due +3d --note "renewal prep" > "$T/t1" 2>&1 || { cat "$T/t1"; fail "touch"; }
TOUCH=$(q csconsole "SELECT id FROM touchpoint WHERE note = 'renewal prep'")
[ -n "$TOUCH" ] || fail "no touchpoint scheduled"
"$CSC" note ACC-0001 --kind call --summary "Budget is frozen" > /dev/null 2>&1 || fail "note"
"$CSC" undo --dry-run > "$T/u1" || fail "undo --dry-run"
assert_contains "$T/u1" "would undo: log of note 'Budget is frozen' on "
[ "$(q csconsole "SELECT count(*) FROM note WHERE summary = 'Budget is frozen' AND deleted = 0")" = 1 ] ||
  fail "--dry-run changed something"
"$CSC" undo > "$T/u2" || { cat "$T/u2"; fail "undo of the note"; }
assert_contains "$T/u2" "undone: log of note 'Budget is frozen' on "
[ "$(q csconsole "SELECT count(*) FROM note WHERE summary = 'Budget is frozen' AND deleted = 0")" = 0 ] ||
  fail "the note is still there"
"$CSC" undo > "$T/u3" || { cat "$T/u3"; fail "undo of the touchpoint"; }
assert_contains "$T/u3" "undone: scheduling of 'renewal prep' on "
[ "$(q csconsole "SELECT count(*) FROM touchpoint WHERE id = '$TOUCH'")" = 0 ] || fail "the touchpoint is still there"

# teammates see the undo after sync: ken has the note deleted and no touchpoint
"$CSC" sync > /dev/null 2>&1 || fail "aiko's sync failed"
ken sync > /dev/null 2>&1 || fail "ken's sync failed"
[ "$(q ken "SELECT deleted FROM note WHERE summary = 'Budget is frozen'")" = 1 ] || fail "ken still sees the note"
[ "$(q ken "SELECT count(*) FROM touchpoint WHERE id = '$TOUCH'")" = 0 ] || fail "ken still sees the touchpoint"
[ "$(q ken "SELECT count(*) FROM event WHERE type = 'touch.restore' AND author = 'aiko'")" = 1 ] ||
  fail "ken did not get aiko's touch.restore"

# an action a teammate changed since is not undone blindly
"$CSC" touch ACC-0002 --due +2d --note "QBR" > /dev/null 2>&1 || fail "touch 2"
T2=$(q csconsole "SELECT id FROM touchpoint WHERE note = 'QBR'")
"$CSC" touch --snooze "$T2" --until +5d --reason "customer away" > /dev/null 2>&1 || fail "snooze"
"$CSC" sync > /dev/null 2>&1; ken sync > /dev/null 2>&1
ken touch --reschedule "$T2" --due +9d --reason "customer asked" > /dev/null 2>&1 || fail "ken's move"
ken sync > /dev/null 2>&1; "$CSC" sync > /dev/null 2>&1
assert_status 1 "$CSC" undo 2> "$T/u4"
assert_contains "$T/u4" "not undone: snooze of 'QBR' on "
assert_contains "$T/u4" "was changed since by ken (touch.reschedule)"
[ "$(q csconsole "SELECT status || ' ' || reason FROM touchpoint WHERE id = '$T2'")" = "open customer asked" ] ||
  fail "ken's move was overwritten"
# the next undo takes the action before: the scheduling of QBR... which ken
# also changed since, so it is refused too
assert_status 1 "$CSC" undo 2> "$T/u5"
assert_contains "$T/u5" "not undone: scheduling of 'QBR' on "
"$CSC" undo > "$T/u6"
assert_contains "$T/u6" "nothing to undo"

# the playbook's touchpoints at sync are nobody's action: undo does not take them
cat >> "$CSCONSOLE_CONFIG" <<'YAML'
playbook:
  - {name: renewal_30, when: renewal, days: 30, kind: meeting}
YAML
"$CSC" sync > "$T/p1" 2>&1 || { cat "$T/p1"; fail "the sync with a playbook failed"; }
grep -q '^playbook: [1-9][0-9]* touchpoint' "$T/p1" || { cat "$T/p1"; fail "the playbook made no touchpoint"; }
"$CSC" undo --dry-run > "$T/u7"
assert_contains "$T/u7" "nothing to undo"
echo ok
