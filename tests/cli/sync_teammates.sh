# sync_teammates.sh - what a sync tells about the team: touchpoints the
# playbook makes during a sync are published by that same sync (not left in
# the outbox for the next one); `sync --status` shows, per teammate, when
# they last wrote (their newest event's clock) beside when this device last
# imported from them, and says plainly who has been silent for more than
# sync.silent_days (default 14).
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
# Only the feeds: the sample's events would carry later clocks into everyone's.
rm -rf "$T/shared/events"
"$CSC" sync > /dev/null 2>&1 || fail "the first sync failed"

# --- teammates: last wrote, last imported, silent -----------------------------------
for who in ken yuki; do
  write_config "$who" "$T/shared" "$T/db/$who.db" > "$T/$who.yaml"
done
as() { who=$1 now=$2; shift 2; CSCONSOLE_NOW=$now "$CSC" --config "$T/$who.yaml" "$@"; }
as ken 2026-11-01T09:30:00Z sync > /dev/null 2>&1 || true
as ken 2026-11-01T09:30:00Z note ACC-0027 --kind call --summary "ken, then quiet" > /dev/null 2>&1
as ken 2026-11-01T09:31:00Z sync > /dev/null 2>&1 || fail "ken's sync failed"
as yuki 2026-11-22T16:45:00Z sync > /dev/null 2>&1 || true
as yuki 2026-11-22T16:45:00Z note ACC-0031 --kind email --summary "yuki" > /dev/null 2>&1
as yuki 2026-11-22T16:46:00Z sync > /dev/null 2>&1 || fail "yuki's sync failed"
CSCONSOLE_NOW=2026-11-23T08:15:00Z "$CSC" sync > /dev/null 2>&1 || fail "aiko's sync failed"

"$CSC" sync --status > "$T/st1"
grep -qE "^  ken +last wrote 2026-11-01 09:30, imported here 2026-11-23 08:15" "$T/st1" ||
  { cat "$T/st1"; fail "ken's last write and import"; }
grep -qE "^  yuki +last wrote 2026-11-22 16:45, imported here 2026-11-23 08:15" "$T/st1" ||
  { cat "$T/st1"; fail "yuki's last write and import"; }
assert_contains "$T/st1" "ken has written nothing for 22 days (more than sync.silent_days, 14)"
assert_not_contains "$T/st1" "yuki has written nothing"
# aiko is not her own teammate.
! grep -qE "^  aiko +last wrote" "$T/st1" || { cat "$T/st1"; fail "aiko listed as her own teammate"; }

# The limit is configurable.
echo "sync.silent_days: 30" >> "$CSCONSOLE_CONFIG"
"$CSC" sync --status > "$T/st2"
assert_not_contains "$T/st2" "has written nothing"
grep -qE "^  ken +last wrote 2026-11-01 09:30" "$T/st2" || { cat "$T/st2"; fail "ken missing"; }

# --- the playbook's touchpoints go out with the sync that made them ----------------
cat >> "$CSCONSOLE_CONFIG" <<'YAML'
playbook:
  - {name: renewal_30, when: renewal, days: 30, kind: meeting}
YAML
"$CSC" sync > "$T/p1" 2>&1 || { cat "$T/p1"; fail "the sync with a playbook failed"; }
made=$(grep -o '^playbook: [0-9]* touchpoint' "$T/p1" | grep -o '[0-9]*' || true)
[ -n "$made" ] && [ "$made" -gt 0 ] || { cat "$T/p1"; fail "the playbook made no touchpoint"; }
assert_contains "$T/p1" "events: published $made event"
"$CSC" sync --status > "$T/ps"
assert_contains "$T/ps" "outbox: empty"
ME=$(sqlite3 "$T/db/csconsole.db" "SELECT DISTINCT device FROM event WHERE own = 1")
[ "$(cat "$T/shared/events/$ME"/*.jsonl | grep -c '"type":"touch.schedule"')" -eq "$made" ] ||
  fail "the playbook's $made touchpoints are not all in aiko's segments"

echo ok
