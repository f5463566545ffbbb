#!/bin/sh
# json_out.sh - `doctor --format json` and `sync --status --format json`:
# both parse, say what the text says (checked against the configuration and
# the database), keep the text's exit status; and the json of the lists
# carries ids: handoff's notes and touchpoints (their ULIDs).
. "$CSC_ROOT/tests/lib.sh"
command -v jq > /dev/null || { echo "SKIP: needs jq (tools/deps.sh installs it)"; exit 77; }
command -v sqlite3 > /dev/null || { echo "SKIP: needs the sqlite3 shell (apt-get install sqlite3)"; exit 77; }
setup_book aiko
DB="$T/db/csconsole.db"
q() { sqlite3 "$DB" "$1"; }
# jqf FILE FILTER: one value of a JSON file (-r), failing when FILE is not JSON.
jqf() { jq -er "$2" "$1" || { cat "$1" >&3; fail "$1: jq '$2' failed"; }; }

# --- doctor --------------------------------------------------------------------------
"$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "sync failed"; }
set +e; "$CSC" doctor > "$T/doc.txt"; text_rc=$?; "$CSC" doctor --format json > "$T/doc.json"; json_rc=$?; set -e
[ "$json_rc" -eq "$text_rc" ] || fail "doctor: json exit $json_rc, text exit $text_rc"
jq -e . "$T/doc.json" > /dev/null || fail "doctor --format json is not JSON"
[ "$(jqf "$T/doc.json" '.settings[] | select(.key == "me") | .value')" = aiko ] || fail "doctor json: me"
[ "$(jqf "$T/doc.json" '.settings[] | select(.key == "me") | .source')" = file ] || fail "doctor json: me's source"
[ "$(jqf "$T/doc.json" '.configuration.file')" = "$T/csconsole.yaml" ] || fail "doctor json: the configuration file"
[ "$(jqf "$T/doc.json" '.checks[] | select(.name == "database") | .lines[0]')" = "$DB" ] ||
  fail "doctor json: the database"
jqf "$T/doc.json" '.checks[] | select(.name == "database") | .lines[]' | grep -qx "exists, schema version $(q 'PRAGMA user_version') (this build: [0-9]*)" ||
  fail "doctor json: the schema version"
[ "$(jqf "$T/doc.json" '.checks[] | select(.name == "today") | .lines[0]')" = "$CSCONSOLE_TODAY Monday (pinned by CSCONSOLE_TODAY)" ] ||
  fail "doctor json: today"
[ "$(jqf "$T/doc.json" '.problem_count')" -eq "$(jqf "$T/doc.json" '.problems | length')" ] || fail "doctor json: the count"
tail -n 1 "$T/doc.txt" | grep -qx "$(jqf "$T/doc.json" '.problem_count') problems\{0,1\} found" ||
  fail "doctor: the text says $(tail -n 1 "$T/doc.txt"), json $(jqf "$T/doc.json" '.problem_count')"

# Problems: a database others can read, and a config key that does not exist (file, line).
chmod 644 "$DB"
echo "no_such_key: 1" >> "$T/csconsole.yaml"
line=$(grep -n '^no_such_key' "$T/csconsole.yaml" | cut -d: -f1)
set +e; "$CSC" doctor --format json > "$T/doc.json" 2> "$T/err"; rc=$?; set -e
[ "$rc" -eq 1 ] || { cat "$T/err"; fail "doctor json with problems: exit $rc"; }
jqf "$T/doc.json" '.problems[] | select(.severity == "problem") | .message' | grep -qF "run \`chmod 600 $DB\`" ||
  fail "doctor json: the database's mode"
chmod 600 "$DB"
[ "$(jqf "$T/doc.json" '[.problems[] | select(.file != null and (.message | contains("no_such_key"))) | "\(.file):\(.line)"] | first')" = "$T/csconsole.yaml:$line" ] ||
  fail "doctor json: the unknown key's file and line"
sed -i '/^no_such_key/d' "$T/csconsole.yaml"
assert_status 2 "$CSC" doctor --format csv > /dev/null 2> "$T/err"
assert_contains "$T/err" '--format "csv": use text or json'

# --- sync --status --------------------------------------------------------------------
"$CSC" note ACC-0001 --kind call --summary "Status check" > /dev/null 2>&1 || fail "note"
write_config ken "$T/shared" "$T/db/ken.db" > "$T/ken.yaml"
ken() { "$CSC" --config "$T/ken.yaml" "$@"; }
ken sync > /dev/null 2>&1; ken note ACC-0002 --kind call --summary "From ken" > /dev/null 2>&1
ken sync > /dev/null 2>&1; "$CSC" sync > /dev/null 2>&1
"$CSC" note ACC-0001 --kind email --summary "Waits in the outbox" > /dev/null 2>&1 || fail "second note"
"$CSC" sync --status --format json > "$T/st.json" || fail "sync --status --format json failed"
jq -e . "$T/st.json" > /dev/null || fail "sync --status --format json is not JSON"
dev=$(q "SELECT value FROM meta WHERE key = 'device'")
kdev=$(sqlite3 "$T/db/ken.db" "SELECT value FROM meta WHERE key = 'device'")
[ -n "$dev" ] && [ -n "$kdev" ] || fail "no device ids in the databases"
[ "$(jqf "$T/st.json" '.devices[] | select(.own) | .device')" = "$dev" ] || fail "sync status json: this device"
[ "$(jq -r --arg d "$kdev" '.devices[] | select(.device == $d) | .owner' "$T/st.json")" = ken ] ||
  fail "sync status json: ken's device"
[ "$(jq -r --arg d "$kdev" '.devices[] | select(.device == $d) | .synced_through' "$T/st.json")" = \
  "$(q "SELECT max(seq) FROM event WHERE device = '$kdev'")" ] || fail "sync status json: ken's seq"
[ "$(jqf "$T/st.json" '.outbox')" = "$(q "SELECT count(*) FROM event WHERE own = 1 AND published = 0")" ] || fail "sync status json: the outbox"
[ "$(jqf "$T/st.json" '.outbox')" -ge 1 ] || fail "sync status json: the second note is not in the outbox"
jqf "$T/st.json" '.teammates[] | .owner' | sort > "$T/got"
q "SELECT DISTINCT author FROM event WHERE device <> '$dev' ORDER BY 1" > "$T/want"
grep -qx ken "$T/want" || fail "ken's events are not in aiko's database"
cmp -s "$T/got" "$T/want" || { diff "$T/got" "$T/want" >&3; fail "sync status json: teammates"; }
[ "$(jqf "$T/st.json" '.quarantined | length')" -eq "$(q "SELECT count(*) FROM segment WHERE status = 'quarantined'")" ] ||
  fail "sync status json: quarantined"
assert_status 2 "$CSC" sync --format json > /dev/null 2> "$T/err"
assert_contains "$T/err" "--format goes with --status"

# --- ids in the lists' json -----------------------------------------------------------
"$CSC" handoff haruto --format json > "$T/ho.json"
jq -r '.accounts[] | .id as $a | .last_notes[] | "\($a) \(.id)"' "$T/ho.json" > "$T/notes"
[ -s "$T/notes" ] || fail "handoff json: no note"
while read -r acc id; do
  [ "$(q "SELECT account FROM note WHERE id = '$id'")" = "$acc" ] || fail "handoff json: note $id is not $acc's"
done < "$T/notes"
jq -r '.accounts[] | .id as $a | .window[] | select(.what == "touchpoint") | "\($a) \(.id)"' "$T/ho.json" > "$T/touches"
[ -s "$T/touches" ] || fail "handoff json: no touchpoint"
while read -r acc id; do
  [ "$(q "SELECT account FROM touchpoint WHERE id = '$id'")" = "$acc" ] || fail "handoff json: touchpoint $id is not $acc's"
done < "$T/touches"
"$CSC" agenda --no-mark --format json > "$T/ag.json"
jq -r '.items[] | select(.entity != null) | "\(.entity) \(.id)"' "$T/ag.json" > "$T/items"
[ -s "$T/items" ] || fail "agenda json: no item with an entity"
while read -r entity id; do [ "$entity" = "${entity%%/*}/$id" ] || fail "agenda json: $entity has id $id"; done < "$T/items"
# show: every note and touchpoint with its id, as in the database
"$CSC" show ACC-0047 --format json > "$T/show.json"
jq -r '.notes[].id' "$T/show.json" | sort > "$T/got"
q "SELECT id FROM note WHERE account = 'ACC-0047' AND NOT deleted ORDER BY id" > "$T/want"
[ -s "$T/want" ] && cmp -s "$T/got" "$T/want" || { diff "$T/got" "$T/want" >&3; fail "show json: the notes' ids"; }
jq -r '.touchpoints[].id' "$T/show.json" | sort > "$T/got"
[ -s "$T/got" ] || fail "show json: no touchpoint"
while read -r id; do
  [ "$(q "SELECT account FROM touchpoint WHERE id = '$id'")" = ACC-0047 ] || fail "show json: touchpoint $id"
done < "$T/got"
exit 0
