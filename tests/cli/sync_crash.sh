# sync_crash.sh - a sync killed (SIGKILL) at each step of publishing loses
# nothing and duplicates nothing: after a normal sync, and a teammate's sync,
# every note is there exactly once and no event is in two segments.
. "$(dirname "$0")/../lib.sh"

setup_book aiko
S="$T/shared"
"$CSC" sync > "$T/first.out" 2>&1 || fail "first sync: $(cat "$T/first.out")"

for step in before-fsync before-rename before-mark; do
  for i in 1 2; do
    "$CSC" note ACC-0001 --kind call --summary "crash $step $i" > /dev/null
  done
  set +e
  CSCONSOLE_CRASH_AT=$step "$CSC" sync > "$T/crash.out" 2>&1
  rc=$?
  set -e
  [ $rc -eq 137 ] || { cat "$T/crash.out"; fail "sync with CSCONSOLE_CRASH_AT=$step: exit $rc, not killed (137)"; }

  # What the crash leaves: the segment in tmp/, or already in place.
  case $step in
    before-fsync|before-rename)
      ls "$S"/tmp/*.jsonl.tmp > /dev/null 2>&1 || fail "$step: no leftover in tmp/" ;;
    before-mark)
      grep -l "crash $step 1" "$S"/events/*/*.jsonl > /dev/null || fail "$step: segment not in place" ;;
  esac

  "$CSC" sync > "$T/after.out" 2>&1 || { cat "$T/after.out"; fail "sync after the $step crash failed"; }
  case $step in
    before-mark) assert_contains "$T/after.out" "events: nothing to publish" ;;  # marked from the listing
    *) assert_contains "$T/after.out" "events: published 2 events in 1 segment" ;;
  esac
  # Our own tmp/ leftovers are gone; nothing waits in the outbox.
  ! ls "$S"/tmp/*.jsonl.tmp > /dev/null 2>&1 || fail "$step: tmp/ leftovers after a normal sync"
  "$CSC" sync --status > "$T/status.out"
  assert_contains "$T/status.out" "outbox: empty"
done

# No event id appears in two segments.
grep -ho '"id":"[0-9A-Z]*","seq"' "$S"/events/*/*.jsonl | sort | uniq -d > "$T/dups"
[ ! -s "$T/dups" ] || { cat "$T/dups"; fail "events published twice"; }

# A teammate's device sees each note exactly once.
write_config ben "$S" "$T/db-ben/csconsole.db" > "$T/ben.yaml"
CSCONSOLE_CONFIG="$T/ben.yaml" "$CSC" sync > "$T/ben.out" 2>&1 || { cat "$T/ben.out"; fail "ben's sync"; }
CSCONSOLE_CONFIG="$T/ben.yaml" "$CSC" dump > "$T/ben.dump"
for step in before-fsync before-rename before-mark; do
  for i in 1 2; do
    n=$(grep -c "^note .*\"crash $step $i\"" "$T/ben.dump" || true)
    [ "$n" -eq 1 ] || fail "note \"crash $step $i\" is in ben's state $n times, not once"
  done
done
# And both devices hold the same events and state.
"$CSC" dump > "$T/aiko.dump"
cmp -s "$T/aiko.dump" "$T/ben.dump" || { diff "$T/aiko.dump" "$T/ben.dump" | head -20; fail "aiko and ben differ"; }
echo ok
