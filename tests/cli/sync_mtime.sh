# sync_mtime.sh - a segment that arrives in a device folder whose mtime the
# sync tool restores (rsync -a, some Dropbox/OneDrive clients, NFS attribute
# caching) is still imported: at once when a later seq of that device is
# known (a gap to look for, shown by `sync --status` meanwhile), else at the
# next full listing (every folder at least every CSCONSOLE_RELIST seconds,
# by default 300). The no-op sync in between stays cheap: no segment opened.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
"$CSC" sync > /dev/null 2>&1 || fail "the first sync failed"
# ken writes into his own copy of the shared directory; the test is the sync
# tool that delivers his files into aiko's, with the folder mtime restored.
cp -R "$CSC_ROOT/sample-data" "$T/ks"
write_config ken "$T/ks" "$T/db/ken.db" > "$T/ken.yaml"
ken() { "$CSC" --config "$T/ken.yaml" "$@"; }
ken sync > /dev/null
for i in 1 2 3 4; do
  ken note ACC-0027 --kind call --summary "call $i" > /dev/null 2>&1
  ken sync > /dev/null
done
KEN=$(sqlite3 "$T/db/ken.db" "SELECT DISTINCT device FROM event WHERE own = 1")
SRC="$T/ks/events/$KEN" DST="$T/shared/events/$KEN"
seg() { grep -l "\"first_seq\":$1," "$SRC"/*.jsonl; }
deliver() { # SEQ STAMP: copies ken's segment with seq SEQ, sets the folder's mtime
  cp -p "$(seg "$1")" "$DST/"
  touch -d "$2" "$DST"
}
mkdir -p "$DST"

deliver 1 "2026-11-20 10:00:00"
assert_status 0 "$CSC" sync > "$T/o1" 2>&1
assert_contains "$T/o1" "1 new segment: 1 imported (1 new event)"

# seq 3 arrives before seq 2: the folder's mtime moves, seq 3 is imported.
deliver 3 "2026-11-20 10:05:00"
assert_status 0 "$CSC" sync > "$T/o2" 2>&1
assert_contains "$T/o2" "1 new segment: 1 imported (1 new event)"
"$CSC" sync --status > "$T/st2"
assert_contains "$T/st2" "waiting for segment with seq 2 of device $KEN (ken); seqs up to 3 seen"

# seq 2 arrives with the folder's mtime restored: the known gap makes the
# next sync list the folder anyway.
deliver 2 "2026-11-20 10:05:00"
[ "$(stat -c %Y "$DST")" = "$(date -d "2026-11-20 10:05:00" +%s)" ] || fail "touch -d did not restore the mtime"
assert_status 0 "$CSC" sync > "$T/o3" 2>&1
assert_contains "$T/o3" "1 new segment: 1 imported (1 new event)"
"$CSC" sync --status > "$T/st3"
grep -qE "^ken +$KEN +synced through seq 3 \(" "$T/st3" || { cat "$T/st3"; fail "ken: synced through seq 3"; }
assert_not_contains "$T/st3" "waiting for segment"

# seq 4 (his newest) arrives with the mtime restored: nothing tells of it,
# so the no-op sync does not see it, and opens no segment (strace, if any)...
deliver 4 "2026-11-20 10:05:00"
if command -v strace >/dev/null 2>&1; then
  # (LeakSanitizer cannot run under ptrace: off for this one run in make asan)
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -qq -e trace=open,openat -o "$T/trace" "$CSC" sync > "$T/o4" 2>&1 || true
  ! grep -q '\.jsonl"' "$T/trace" || { grep '\.jsonl"' "$T/trace"; fail "a no-op sync opened a segment"; }
else
  assert_status 0 "$CSC" sync > "$T/o4" 2>&1
fi
assert_contains "$T/o4" "events: no new segments"
"$CSC" sync --status > "$T/st4"
assert_contains "$T/st4" "every device folder is listed at least every 5 minutes"
# ... but the next full listing does: within the bound (1 s here).
sleep 2
CSCONSOLE_RELIST=1 "$CSC" sync > "$T/o5" 2>&1 || { cat "$T/o5"; fail "sync failed"; }
assert_contains "$T/o5" "1 new segment: 1 imported (1 new event)"
"$CSC" sync --status > "$T/st5"
grep -qE "^ken +$KEN +synced through seq 4 \(" "$T/st5" || { cat "$T/st5"; fail "ken: synced through seq 4"; }
[ "$(sqlite3 "$T/db/csconsole.db" "SELECT count(*) FROM event WHERE device = '$KEN'")" -eq 4 ] ||
  fail "ken's 4 events are not all here"
exit 0
