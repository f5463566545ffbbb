# sync_offline.sh - with the shared directory missing, then unwritable, notes
# are still saved locally and `sync` says they wait in the outbox; the first
# sync that can write publishes them, and a teammate's device sees them.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
# chmod below: give the scratch directory back its permissions before removing it.
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
setup_book
DB="$T/db/csconsole.db"
outbox() { sqlite3 "$DB" "SELECT count(*) FROM event WHERE own = 1 AND published = 0"; }
# This device's segment files (the sample book has other devices' segments).
segments() {
  dev=$(sqlite3 "$DB" "SELECT DISTINCT device FROM event WHERE own = 1")
  [ -n "$dev" ] || fail "no own events yet"
  find "$T/shared/events/$dev" -name '*.jsonl' 2>/dev/null | wc -l
}
assert_status 0 "$CSC" sync > /dev/null

# --- the shared directory is gone (offline, not mounted) --------------------------
mv "$T/shared" "$T/away"
assert_status 0 "$CSC" note ACC-0001 --kind call --summary "Offline note one" > "$T/id1" 2> "$T/err"
assert_contains "$T/err" "note added to ACC-0001"
[ "$(outbox)" -eq 1 ] || fail "the note is not in the outbox"
assert_status 5 "$CSC" sync > "$T/out1" 2> "$T/err1"
assert_contains "$T/err1" "the local console still works"
assert_contains "$T/out1" "1 event waits in the outbox"
[ "$(outbox)" -eq 1 ] || fail "a failed sync changed the outbox"
mv "$T/away" "$T/shared"

# --- the shared directory is there but cannot be written ------------------------------
# As a normal user, chmod makes it read-only. root ignores permissions, so
# there the place where segments are written (tmp/) is made a plain file:
# writing below it fails for anyone.
chmod -R a-w "$T/shared"
if [ -w "$T/shared" ]; then
  chmod -R u+w "$T/shared"
  rm -rf "$T/shared/tmp"
  echo "not a directory" > "$T/shared/tmp"
  how=file
else
  how=chmod
fi
assert_status 0 "$CSC" note ACC-0003 --kind meeting --sentiment 2 --summary "Offline note two" > "$T/id2" 2>/dev/null
[ "$(outbox)" -eq 2 ] || fail "the second note is not in the outbox"
assert_status 1 "$CSC" sync > "$T/out2" 2> "$T/err2"
assert_contains "$T/out2" "shared directory not writable"
assert_contains "$T/out2" "2 events wait in the outbox"
[ "$(outbox)" -eq 2 ] || fail "events left the outbox without being published"
[ "$(segments)" -eq 0 ] || fail "a segment was written to the unwritable directory ($how)"
# The feeds were still read.
assert_contains "$T/out2" "sync: "

# --- writable again: the next sync publishes both, exactly once ------------------------
if [ "$how" = file ]; then rm -f "$T/shared/tmp"; else chmod -R u+w "$T/shared"; fi
assert_status 0 "$CSC" sync > "$T/out3" 2> "$T/err3"
assert_contains "$T/out3" "published 2 events in 1 segment"
[ "$(outbox)" -eq 0 ] || fail "the outbox is not empty after publishing"
[ "$(segments)" -eq 1 ] || fail "want one segment, found $(segments)"
assert_status 0 "$CSC" sync > "$T/out4" 2>/dev/null
assert_contains "$T/out4" "nothing to publish"
[ "$(segments)" -eq 1 ] || fail "a second sync published again"

# --- a teammate's device sees both notes -------------------------------------------------
write_config ken "$T/shared" "$T/db/ken.db" > "$T/ken.yaml"
assert_status 0 "$CSC" --config "$T/ken.yaml" sync > "$T/out5" 2>/dev/null
[ "$(sqlite3 "$T/db/ken.db" "SELECT count(*) FROM event")" -eq \
  "$(sqlite3 "$DB" "SELECT count(*) FROM event")" ] || fail "ken's device does not hold every event"
"$CSC" --config "$T/ken.yaml" dump > "$T/ken.dump"
assert_contains "$T/ken.dump" "$(cat "$T/id1")"
assert_contains "$T/ken.dump" "$(cat "$T/id2")"
assert_contains "$T/ken.dump" "Offline note one"
assert_contains "$T/ken.dump" "Offline note two"
"$CSC" dump > "$T/aiko.dump"
cmp -s "$T/aiko.dump" "$T/ken.dump" || { diff "$T/aiko.dump" "$T/ken.dump" | head; fail "the devices disagree"; }
exit 0
