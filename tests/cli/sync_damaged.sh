# sync_damaged.sh - damaged and hostile segment files in a teammate's folder:
# truncated, empty, bit-flipped, trailer only, 100 MB of garbage, invalid
# UTF-8, a YAML alias bomb, forged authors, a 15 MiB line and an event at a seq
# the device already used under another id are each reported and
# quarantined with the reason (the not-ready ones after the grace period),
# the good segment beside them is imported, the files are left untouched,
# memory stays bounded and the exit statuses are the documented ones.
. "$(dirname "$0")/../lib.sh"

setup_book aiko
S="$T/shared"
PEAKRSS="${CSC_BUILD:-$CSC_ROOT/build}/tools/peakrss"
[ -x "$PEAKRSS" ] || { echo "no $PEAKRSS"; exit 77; }
command -v gzip > /dev/null || { echo "gzip not installed"; exit 77; }

# Aiko's feeds first, so the measured sync below is the events' work.
"$CSC" sync > "$T/s0.out" 2>&1 || { cat "$T/s0.out"; fail "aiko's first sync"; }

# Ben publishes one good segment.
write_config ben "$S" "$T/db-ben/csconsole.db" > "$T/ben.yaml"
CSCONSOLE_CONFIG="$T/ben.yaml" "$CSC" sync > "$T/ben.out" 2>&1 || { cat "$T/ben.out"; fail "ben's first sync"; }
CSCONSOLE_CONFIG="$T/ben.yaml" "$CSC" note ACC-0002 --kind call --summary "good from ben" > /dev/null
CSCONSOLE_CONFIG="$T/ben.yaml" "$CSC" sync > "$T/ben.out" 2>&1 || { cat "$T/ben.out"; fail "ben's sync"; }
good=$(grep -l '"owner":"ben"' "$S"/events/*/*.jsonl)
[ "$(echo "$good" | wc -l)" -eq 1 ] || fail "expected one segment of ben's, got: $good"
D=$(dirname "$good")

# crc32 (zlib's) of a file: gzip stores it, little-endian, in its trailer.
crc32_of() { gzip -c < "$1" | tail -c 8 | od -An -tx1 -N4 | awk '{ print $4 $3 $2 $1 }'; }
# with_trailer CONTENT_FILE COUNT OUT: the content and a valid trailer for it.
with_trailer() {
  cat "$1" > "$3"
  printf '#end count=%s length=%s crc32=%s\n' "$2" "$(wc -c < "$1" | tr -d ' ')" "$(crc32_of "$1")" >> "$3"
}
sed '$d' "$good" > "$T/content"              # header and events, no trailer
# The helper agrees with the writer on the good file.
with_trailer "$T/content" 1 "$T/again"
cmp -s "$T/again" "$good" || fail "test helper: re-trailered good segment differs from the original"

size=$(wc -c < "$good" | tr -d ' ')
head -c $((size / 2)) "$good" > "$D/truncated.jsonl"
: > "$D/zero.jsonl"
sed 's/"kind":"call"/"kind":"ccll"/' "$good" > "$D/bitflip.jsonl"    # a -> c: one bit
cmp -s "$good" "$D/bitflip.jsonl" && fail "test helper: bit flip changed nothing"
printf '#end count=0 length=0 crc32=00000000\n' > "$D/trailer-only.jsonl"
dd if=/dev/urandom of="$D/garbage.jsonl" bs=1M count=100 2> /dev/null
sed 's/good from ben/good \xff\xfe from ben/' "$T/content" > "$T/c1"
with_trailer "$T/c1" 1 "$D/badutf8.jsonl"
cat > "$T/c2" <<'EOF'
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
EOF
with_trailer "$T/c2" 1 "$D/bomb.jsonl"
sed 's/"author":"ben"/"author":"mallory"/' "$T/content" > "$T/c3"
with_trailer "$T/c3" 1 "$D/wrongauthor.jsonl"
sed 's/"author":"ben"/"author":"mallory"/; s/"owner":"ben"/"owner":"mallory"/' "$T/content" > "$T/c4"
with_trailer "$T/c4" 1 "$D/wrongowner.jsonl"
# Just under the size limit, with a valid trailer: the CRC streams through
# 15 MiB, the reader stops at its line cap.
head -c $((15 << 20)) /dev/zero | tr '\0' x > "$T/c5"
echo >> "$T/c5"
with_trailer "$T/c5" 1 "$D/hugeline.jsonl"
# Ben's device again at the same seq, under another event id: a cloned or
# restored database wrote both (its last character changed, still a ULID).
id=$(sed -n '2s/.*"id":"\([0-9A-Z]*\)".*/\1/p' "$T/content")
case $id in *0) other=${id%?}1 ;; *) other=${id%?}0 ;; esac
[ ${#id} -eq 26 ] && [ "$other" != "$id" ] || fail "test helper: no event id in ben's segment ($id)"
sed "s/\"id\":\"$id\"/\"id\":\"$other\"/" "$T/content" > "$T/c6"
with_trailer "$T/c6" 1 "$D/seqclash.jsonl"
(cd "$D" && md5sum ./*.jsonl) > "$T/before.md5"

# First sync: the good one imported, the broken ones reported.
set +e
"$PEAKRSS" -o "$T/rss" "$CSC" sync > "$T/s1.out" 2> "$T/s1.err"
rc=$?
set -e
[ $rc -eq 1 ] || { cat "$T/s1.out" "$T/s1.err"; fail "first sync: exit $rc, expected 1 (quarantined files)"; }
read -r wall kib status < "$T/rss"
echo "first sync: peak RSS $kib KiB"
[ "$kib" -lt 65536 ] || fail "peak memory $kib KiB (over 64 MiB)"
"$CSC" dump > "$T/dump"
assert_contains "$T/dump" "good from ben"
assert_not_contains "$T/dump" "mallory"
q() { grep -F "$1" "$T/$3" | grep -qF "$2" || { cat "$T/$3"; fail "$1: expected \"$2\" in $3"; }; }
q garbage.jsonl "refused unread" s1.err
q trailer-only.jsonl "no header" s1.err
q badutf8.jsonl "invalid UTF-8" s1.err
q bomb.jsonl "not JSON" s1.err
q wrongauthor.jsonl "is not the segment's owner" s1.err
q wrongowner.jsonl "belongs to ben" s1.err
q hugeline.jsonl "longer than" s1.err
q seqclash.jsonl "already has event $id at seq 1, this one is $other: a cloned or restored database wrote both" s1.err
for f in truncated zero bitflip; do
  q "$f.jsonl" "not complete yet" s1.err
done
assert_contains "$T/s1.out" "8 quarantined"
assert_contains "$T/s1.out" "3 not complete yet"

# Second sync, no grace: the not-ready ones are quarantined now.
set +e
CSCONSOLE_PENDING_GRACE=0 "$CSC" sync > "$T/s2.out" 2> "$T/s2.err"
rc=$?
set -e
[ $rc -eq 1 ] || { cat "$T/s2.out" "$T/s2.err"; fail "second sync: exit $rc, expected 1"; }
for f in truncated zero bitflip; do
  q "$f.jsonl" "quarantined: incomplete and unchanged" s2.err
done
q zero.jsonl "empty file" s2.err
q bitflip.jsonl "CRC-32" s2.err
assert_contains "$T/s2.out" "3 quarantined"

# Third sync: nothing new, nothing re-read, success.
CSCONSOLE_PENDING_GRACE=0 "$CSC" sync > "$T/s3.out" 2> "$T/s3.err" || { cat "$T/s3.out" "$T/s3.err"; fail "third sync failed"; }
assert_contains "$T/s3.out" "events: no new segments"
assert_not_contains "$T/s3.err" "quarantined"

"$CSC" sync --status > "$T/status"
assert_contains "$T/status" "11 files quarantined"
for f in truncated zero bitflip trailer-only garbage badutf8 bomb wrongauthor wrongowner hugeline seqclash; do
  assert_contains "$T/status" "$f.jsonl: "
done
# The reasons are stored in English (the JSON is the same in every language);
# people read them in their own language (eventsync_reason_text), a
# "line N: " prefix included.
assert_contains "$T/status" "trailer-only.jsonl: no header: the segment has only its trailer"
"$CSC" --lang ja sync --status > "$T/status.ja"
assert_contains "$T/status.ja" "trailer-only.jsonl: ヘッダーがありません: セグメントにはトレーラーしかありません"
assert_not_contains "$T/status.ja" "no header: the segment has only its trailer"
# a reason with figures: matched against its English format, the figures
# put into the Japanese one (sync_reasons.c)
assert_contains "$T/status.ja" "wrongauthor.jsonl: 2 行目: イベントの作成者「mallory」がセグメントの所有者「ben」と異なります"
assert_contains "$T/status.ja" "garbage.jsonl: 104857600 バイトで、セグメントの上限 16777216 を超えています"
# (how long it stayed incomplete is the time between the two syncs: 0 s, or more under load)
grep -qE "zero.jsonl: [0-9]+秒の間、不完全なまま変化がありません: 空のファイルです" "$T/status.ja" ||
  { cat "$T/status.ja"; fail "zero.jsonl: no Japanese reason with its time in $T/status.ja"; }
assert_contains "$T/status" "wrongauthor.jsonl: line 2: event author \"mallory\" is not the segment's owner \"ben\""
"$CSC" sync --status --format json > "$T/status.en.json"
"$CSC" --lang ja sync --status --format json > "$T/status.ja.json"
cmp -s "$T/status.en.json" "$T/status.ja.json" || { diff "$T/status.en.json" "$T/status.ja.json" | head; fail "sync --status --format json differs in Japanese"; }
assert_contains "$T/status.ja.json" "no header: the segment has only its trailer"

# The shared files are exactly as they were.
(cd "$D" && md5sum -c --quiet "$T/before.md5") || fail "a shared file was changed"
echo ok
