# sync_lock.sh - two syncs of one database at once (the console's background
# sync and a cron or CLI sync): one runs at a time (an advisory lock beside
# the database); the second waits for it, or says "another sync is running
# (pid N)" with exit status 6. Neither removes the other's temporary files,
# and no event is published twice. 30 pairs, each with events to publish.
. "$(dirname "$0")/../lib.sh"

setup_book
"$CSC" sync > /dev/null 2>&1 || fail "the first sync failed"
pairs=30 notes=0
i=0
while [ $i -lt $pairs ]; do
  i=$((i + 1))
  "$CSC" note ACC-0001 --kind call --summary "pair $i a" > /dev/null 2>&1
  "$CSC" note ACC-0002 --kind email --summary "pair $i b" > /dev/null 2>&1
  notes=$((notes + 2))
  "$CSC" sync --quiet > "$T/a$i.out" 2> "$T/a$i.err" & pa=$!
  "$CSC" sync --quiet > "$T/b$i.out" 2> "$T/b$i.err" & pb=$!
  set +e; wait $pa; ra=$?; wait $pb; rb=$?; set -e
  for x in "a:$ra" "b:$rb"; do
    side=${x%%:*} rc=${x#*:}
    case $rc in
      0) ;;
      6) grep -qE "another sync of this database is running \(pid [0-9]+\)" "$T/$side$i.err" ||
           { cat "$T/$side$i.err"; fail "pair $i: exit 6 without saying which sync runs"; } ;;
      *) cat "$T/$side$i.out" "$T/$side$i.err"; fail "pair $i: sync $side exited $rc" ;;
    esac
  done
  ! grep -h "cannot move\|not writable" "$T/a$i.err" "$T/b$i.err" "$T/a$i.out" "$T/b$i.out" ||
    fail "pair $i: a sync lost its temporary file"
done
# Whatever a refused sync left in the outbox goes now.
"$CSC" sync > "$T/last.out" 2>&1 || { cat "$T/last.out"; fail "the last sync failed"; }

# Every note is published exactly once, counted across the segment files.
command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
DEV=$(sqlite3 "$T/db/csconsole.db" "SELECT DISTINCT device FROM event WHERE own = 1")
grep -h '"type":"note.add"' "$T/shared/events/$DEV"/*.jsonl | grep -o '"summary":"pair [0-9]* [ab]"' |
  sort > "$T/published"
dups=$(uniq -d "$T/published")
[ -z "$dups" ] || fail "published twice: $dups"
[ "$(wc -l < "$T/published")" -eq $notes ] || fail "$(wc -l < "$T/published") of $notes notes published"
# Nothing is left in tmp/.
! ls "$T/shared/tmp/"*.tmp > /dev/null 2>&1 || { ls -l "$T/shared/tmp"; fail "leftovers in tmp/"; }

# tmp/: a sync removes only its device's leftovers whose process is gone.
host=$(uname -n | tr -c 'A-Za-z0-9._\n-' '_')
sleep 30 & live=$!
sh -c 'exit 0' & dead=$!; wait $dead
U=01ZZZZZZZZZZZZZZZZZZZZZZZZ
touch "$T/shared/tmp/$DEV.$live.$host.$U.jsonl.tmp" "$T/shared/tmp/$DEV.$dead.$host.$U.jsonl.tmp" \
  "$T/shared/tmp/$DEV.$dead.another-host.$U.jsonl.tmp" "$T/shared/tmp/01AAAAAAAAAAAAAAAAAAAAAAAA.$dead.$host.$U.jsonl.tmp"
"$CSC" note ACC-0001 --kind call --summary "after the leftovers" > /dev/null 2>&1
"$CSC" sync > "$T/tmp.out" 2>&1 || { cat "$T/tmp.out"; fail "the sync with leftovers failed"; }
kill $live 2>/dev/null || true
ls "$T/shared/tmp" > "$T/tmp.ls"
assert_contains "$T/tmp.ls" "$DEV.$live.$host.$U.jsonl.tmp"          # a live process's
assert_not_contains "$T/tmp.ls" "$DEV.$dead.$host.$U.jsonl.tmp"      # a dead one's, here
assert_contains "$T/tmp.ls" "$DEV.$dead.another-host.$U.jsonl.tmp"   # another computer's: fresh
assert_contains "$T/tmp.ls" "01AAAAAAAAAAAAAAAAAAAAAAAA.$dead.$host"  # another device's
rm -f "$T/shared/tmp/"*

# The lock itself: a sync that finds it held waits for it (up to 5 s)...
command -v flock >/dev/null || { echo "flock (util-linux) not installed"; exit 77; }
LOCK="$T/db/csconsole.db.sync-lock"
[ "$(stat -c %a "$LOCK")" = 600 ] || fail "the lock file is not 0600"
flock "$LOCK" sleep 1 & hp=$!
sleep 0.3
start=$(date +%s%N)
assert_status 0 "$CSC" sync > "$T/w.out" 2>&1
[ $(( ($(date +%s%N) - start) / 1000000 )) -ge 500 ] || fail "the second sync did not wait for the lock"
wait $hp
# ... and when it is held past the wait, says by whom, with exit status 6.
echo 4242 > "$LOCK"
flock "$LOCK" sleep 2 & hp=$!
sleep 0.3
CSCONSOLE_SYNC_WAIT=200 "$CSC" sync > "$T/busy.out" 2> "$T/busy.err" && rc=0 || rc=$?
[ $rc -eq 6 ] || { cat "$T/busy.out" "$T/busy.err"; fail "a busy sync exited $rc, not 6"; }
assert_contains "$T/busy.err" "another sync of this database is running (pid 4242)"
wait $hp
# rebuild reads the same segments and writes the same state: it takes the lock too.
flock "$LOCK" sleep 2 & hp=$!
sleep 0.3
CSCONSOLE_SYNC_WAIT=200 "$CSC" rebuild > "$T/rb.out" 2> "$T/rb.err" && rc=0 || rc=$?
[ $rc -eq 6 ] || { cat "$T/rb.out" "$T/rb.err"; fail "rebuild during a sync exited $rc, not 6"; }
assert_contains "$T/rb.err" "csconsole rebuild: a sync of this database is running (pid 4242)"
wait $hp
assert_status 0 "$CSC" rebuild > "$T/rb.out" 2>&1
echo ok
