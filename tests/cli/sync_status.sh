# sync_status.sh - `csconsole sync --status`: per device, how far its events
# are complete; a segment that has not arrived yet is a gap ("waiting for
# segment with seq N"), filled once it arrives; files not complete yet and
# refused files are listed with their reasons.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
write_config ken "$T/shared" "$T/db/ken.db" > "$T/ken.yaml"
ken() { "$CSC" --config "$T/ken.yaml" "$@"; }

# Before anything is written: no device seen, an empty outbox.
assert_status 0 "$CSC" sync > /dev/null
assert_status 0 "$CSC" sync --status > "$T/st0"
assert_contains "$T/st0" "nothing published yet (this device)"
assert_contains "$T/st0" "outbox: empty"

# ken publishes three segments: seqs 1-2, 3, 4-5.
ken sync > /dev/null
ken note ACC-0027 --kind call --summary "one" > /dev/null 2>&1
ken note ACC-0027 --kind call --summary "two" > /dev/null 2>&1
ken sync > /dev/null
ken note ACC-0031 --kind email --summary "three" > /dev/null 2>&1
ken sync > /dev/null
ken risk ACC-0031 --category budget --severity low --text "four" > /dev/null 2>&1
ken touch ACC-0031 --due +1w > /dev/null 2>&1
ken sync > /dev/null
KEN=$(sqlite3 "$T/db/ken.db" "SELECT DISTINCT device FROM event WHERE own = 1")
DIR="$T/shared/events/$KEN"
[ "$(ls "$DIR" | wc -l)" -eq 3 ] || { ls -l "$DIR"; fail "ken should have published 3 segments"; }
# The middle one, found by its header (file names are random).
middle=$(grep -l '"first_seq":3,' "$DIR"/*.jsonl)
[ -n "$middle" ] || fail "no segment starts at seq 3"

# --- the sync tool has not delivered the middle segment yet ---------------------------
mv "$middle" "$T/held-back"
assert_status 0 "$CSC" sync > "$T/out1" 2>/dev/null
assert_contains "$T/out1" "2 new segments: 2 imported (4 new events)"
"$CSC" sync --status > "$T/st1"
grep -qE "^ken +$KEN +synced through seq 2 \(" "$T/st1" || { cat "$T/st1"; fail "ken: synced through seq 2"; }
assert_contains "$T/st1" "waiting for segment with seq 3 of device $KEN (ken); seqs up to 5 seen"
# aiko's own device comes first and is marked.
head -n 1 "$T/st1" | grep -qF "(this device)" || { cat "$T/st1"; fail "own device not first"; }

# --- a half-copied file: listed as not complete, with the reason ---------------------
head -c 100 "$T/held-back" > "$DIR/01ZZZZZZZZZZZZZZZZZZZZZZZZ.jsonl"
assert_status 0 "$CSC" sync > "$T/out2" 2>"$T/err2"
assert_contains "$T/out2" "1 not complete yet"
"$CSC" sync --status > "$T/st2"
assert_contains "$T/st2" "not complete yet (retried at every sync):"
assert_contains "$T/st2" "01ZZZZZZZZZZZZZZZZZZZZZZZZ.jsonl: "
assert_contains "$T/st2" "  1 file not complete yet"
rm "$DIR/01ZZZZZZZZZZZZZZZZZZZZZZZZ.jsonl"

# --- a segment whose events claim another author: quarantined, with the reason ---------
# ken's first segment, its events rewritten as aiko's (seqs moved on), with
# a valid trailer: length by wc, CRC-32 from gzip's trailer (the same CRC).
first=$(grep -l '"first_seq":1,' "$DIR"/*.jsonl)
sed -e '1s/"first_seq":1,/"first_seq":6,/' -e '1s/"last_seq":2,/"last_seq":7,/' \
    -e '2,3s/"author":"ken"/"author":"aiko"/' -e '2s/"seq":1,/"seq":6,/' -e '3s/"seq":2,/"seq":7,/' \
    -e '/^#end /d' "$first" > "$T/body"
grep -q '"author":"aiko"' "$T/body" || fail "the forged segment has no forged author"
set -- $(gzip -c < "$T/body" | tail -c 8 | head -c 4 | od -An -tx1)
{ cat "$T/body"; printf '#end count=2 length=%d crc32=%s\n' "$(wc -c < "$T/body")" "$4$3$2$1"; } \
  > "$DIR/01ZZZZZZZZZZZZZZZZZZZZZZZY.jsonl"
assert_status 1 "$CSC" sync > "$T/out3" 2> "$T/err3"
assert_contains "$T/out3" "1 quarantined"
assert_not_contains "$T/out3" "not complete"
"$CSC" sync --status > "$T/st3"
assert_contains "$T/st3" "quarantined (refused; the files are left alone):"
assert_contains "$T/st3" "01ZZZZZZZZZZZZZZZZZZZZZZZY.jsonl: "
assert_contains "$T/st3" "  1 file quarantined"
[ -f "$DIR/01ZZZZZZZZZZZZZZZZZZZZZZZY.jsonl" ] || fail "a quarantined file was removed"
# Seen before, it is not news again: a sync tool touching the file (and its
# folder) makes it read again, but the summary does not count it as newly
# quarantined nor fail the sync; --status still lists it.
touch -d "2026-11-22 08:00:00" "$DIR/01ZZZZZZZZZZZZZZZZZZZZZZZY.jsonl"
touch "$DIR"
assert_status 0 "$CSC" sync > "$T/out3b" 2> "$T/err3b"
assert_not_contains "$T/out3b" "quarantined"
"$CSC" sync --status > "$T/st3b"
assert_contains "$T/st3b" "01ZZZZZZZZZZZZZZZZZZZZZZZY.jsonl: "
assert_contains "$T/st3b" "  1 file quarantined"
# doctor lists it as a problem too.
assert_status 1 "$CSC" doctor > "$T/doc3"
assert_contains "$T/doc3" "1 segment is quarantined (refused, left alone), e.g. events/$KEN/01ZZZZZZZZZZZZZZZZZZZZZZZY.jsonl: "

# --- the middle segment arrives: complete through seq 5 ----------------------------------
mv "$T/held-back" "$middle"
assert_status 0 "$CSC" sync > "$T/out4" 2>/dev/null
assert_contains "$T/out4" "1 new segment: 1 imported (1 new event)"
"$CSC" sync --status > "$T/st4"
grep -qE "^ken +$KEN +synced through seq 5 \(" "$T/st4" || { cat "$T/st4"; fail "ken: synced through seq 5"; }
assert_not_contains "$T/st4" "waiting for segment"
# Every event ken wrote is here.
[ "$(sqlite3 "$T/db/csconsole.db" "SELECT count(*) FROM event WHERE device = '$KEN'")" -eq \
  "$(sqlite3 "$T/db/ken.db" "SELECT count(*) FROM event WHERE own = 1")" ] || fail "events missing"

# --- aiko publishes; ken sees her device, and his own first -------------------------------
"$CSC" note ACC-0001 --kind call --summary "aiko's" > /dev/null 2>&1
assert_status 0 "$CSC" sync > /dev/null 2>&1
"$CSC" sync --status > "$T/st5"
assert_contains "$T/st5" "synced through seq 1 ("
assert_contains "$T/st5" "(this device)"
# ken's sync refuses the forged file in his folder too (exit 1).
assert_status 1 ken sync > "$T/out6" 2>&1
assert_contains "$T/out6" "1 new event), 1 quarantined"
ken sync --status > "$T/st6"
head -n 1 "$T/st6" | grep -qF "ken" || { cat "$T/st6"; fail "ken's own device is not first"; }
head -n 1 "$T/st6" | grep -qF "(this device)" || { cat "$T/st6"; fail "own device not marked"; }
assert_contains "$T/st6" "aiko"
exit 0
