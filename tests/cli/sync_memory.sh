#!/bin/sh
# sync_memory.sh - a new laptop's first sync of a long packed history holds
# a bounded number of events: packs carry hundreds of events each, and a
# batch holds its new events until it applies them, so a batch also ends
# once it holds BATCH_EVENTS (eventsync.c) whatever its segment count and
# clock. Here every batch would otherwise take every segment
# (CSCONSOLE_IMPORT_BATCH, which also lifts the one-second bound): a year of
# two devices, about 96,000 events in 220 packs, is synced with a peak
# below 100 MiB (200 MiB when one batch held them all), and every event is
# stored once. Under AddressSanitizer (make asan) the peak is not the
# program's: only the events are checked.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
PEAKRSS="$CSC_BUILD/tools/peakrss"
[ -x "$PEAKRSS" ] || fail "$PEAKRSS is missing (make all builds the tools)"

gen_book "$T/book" --scale small --seed 5 --anchor 2026-11-23 --segments 24000 --devices 2 --span 365 --packed
events=$GEN_EVENTS
[ "${events:-0}" -gt 80000 ] || fail "gen-book wrote $events events, not the 80,000 or more this needs"
me=$GEN_ME
mkdir -p "$T/db"
printf 'me: %s\nshared_dir: "%s"\ndatabase: "%s"\n' "$me" "$T/book" "$T/db/c.db" > "$T/c.yaml"

CSCONSOLE_TODAY=2026-11-23 CSCONSOLE_IMPORT_BATCH=1000000 \
  "$PEAKRSS" -o "$T/rss" "$CSC" --config "$T/c.yaml" sync > "$T/sync.out" 2>&1
read -r wall kib status _ < "$T/rss"
[ "$status" -eq 0 ] || { cat "$T/sync.out"; fail "the first sync exited with status $status"; }
echo "first sync of $events events: peak RSS $kib KiB, $wall s"
if [ -z "${ASAN_OPTIONS:-}" ]; then
  [ "$kib" -lt 102400 ] || fail "peak memory $kib KiB for $events events (limit 100 MiB): a batch held too many"
fi
[ "$(sqlite3 "$T/db/c.db" "SELECT count(*) FROM event")" -eq "$events" ] || fail "not every event stored once"
echo ok
