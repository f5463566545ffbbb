#!/bin/sh
# tools/sample-shift: every real date in the feeds moves by (today - anchor)
# days, and in the event segments the day fields, stamps and written_at, with
# a new trailer; ANCHOR follows, other bytes stay; SRC is only read; shifting
# back gives the original; bad destinations and unreadable segments are
# refused. Expected dates come from date(1), CRCs from gzip(1).
. "$CSC_ROOT/tests/lib.sh"
SHIFT="$CSC_BUILD/tools/sample-shift"
[ -x "$SHIFT" ] || fail "$SHIFT is missing (make all builds the tools)"
SRC="$CSC_ROOT/sample-data"
ANCHOR=$(cat "$SRC/ANCHOR")
TODAY=2027-02-10

tree_sum() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }
plus() { date -u -d "$1 + $2 days" +%F; }                       # DATE N
days_between() { echo $(( ($(date -u -d "$2" +%s) - $(date -u -d "$1" +%s)) / 86400 )); }
# The renewal date of account $2 in accounts.yaml $1.
renewal_of() { awk -v id="$2" '$0 ~ "- id: " id "$" { f = 1 } f && /renewal_date:/ { print $2; exit }' "$1"; }
# The first absence start of CSM $2 in team.yaml $1.
absence_of() { awk -v h="$2" '$0 ~ "- handle: " h "$" { f = 1 } f && /- from:/ { print $3; exit }' "$1"; }

# crc32 FILE: zlib's CRC-32 of FILE as 8 hex digits, read from the trailer
# gzip(1) writes (CRC-32 little-endian, then the size).
crc32() {
  gzip -c < "$1" | tail -c 8 | head -c 4 | od -An -tx1 | awk '{ printf "%s%s%s%s\n", $4, $3, $2, $1 }'
}

# expect_segments SRC OUT N: rewrites every segment copied from SRC/events to
# OUT/events as shifting by N days must give, built independently: the data's
# day fields through date(1), hlc and base stamps (12 hex digits of ms) and
# the header's written_at plus N * 86400000 by shell arithmetic, then a new
# trailer (count, length, CRC-32 from gzip).
expect_segments() {
  [ -d "$1/events" ] || return 0
  grep -rohE '"(touch_day|due_day|opened_day|resolved_day|done_day|until_day|from_day|close_day|closed_day|day)":"[0-9]{4}-[0-9]{2}-[0-9]{2}"' "$1/events" |
    sed 's/.*:"\(.*\)"/\1/' | LC_ALL=C sort -u | while read -r d; do echo "$d $(plus "$d" "$3")"; done > "$T/segdays"
  grep -rohE '"(hlc|base)":"[0-9a-f]{12}\.[0-9a-f]{4}"' "$1/events" | sed 's/.*:"\(.*\)"/\1/' | LC_ALL=C sort -u |
    while read -r h; do printf '%s %012x.%s\n' "$h" $((0x${h%.*} + $3 * 86400000)) "${h#*.}"; done > "$T/segstamps"
  [ -s "$T/segdays" ] && [ -s "$T/segstamps" ] || fail "no day fields or stamps found in $1/events"
  (cd "$1" && find events -type f -name '*.jsonl') | while read -r rel; do
    sed '$d' "$1/$rel" | awk -v daysf="$T/segdays" -v stampf="$T/segstamps" -v shift="$3" '
      BEGIN {
        while ((getline l < daysf) > 0) { split(l, x, " "); d[x[1]] = x[2] }
        while ((getline l < stampf) > 0) { split(l, x, " "); h[x[1]] = x[2] }
      }
      NR == 1 {
        match($0, /"written_at":[0-9]+/)
        w = substr($0, RSTART + 13, RLENGTH - 13)
        print substr($0, 1, RSTART + 12) sprintf("%.0f", w + shift * 86400000) substr($0, RSTART + RLENGTH)
        next
      }
      {
        s = $0; out = ""
        while (match(s, /"(touch_day|due_day|opened_day|resolved_day|done_day|until_day|from_day|close_day|closed_day|day)":"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"/)) {
          tok = substr(s, RSTART + RLENGTH - 11, 10)
          out = out substr(s, 1, RSTART + RLENGTH - 12) d[tok] "\""; s = substr(s, RSTART + RLENGTH)
        }
        s = out s; out = ""
        while (match(s, /"(hlc|base)":"[0-9a-f]+\.[0-9a-f]+"/)) {
          tok = substr(s, RSTART + RLENGTH - 18, 17)
          out = out substr(s, 1, RSTART + RLENGTH - 19) h[tok] "\""; s = substr(s, RSTART + RLENGTH)
        }
        print out s
      }' > "$T/seg.body"
    count=$(($(wc -l < "$T/seg.body") - 1))
    { cat "$T/seg.body"; echo "#end count=$count length=$(wc -c < "$T/seg.body") crc32=$(crc32 "$T/seg.body")"; } > "$2/$rel"
  done
}

# expect_tree SRC OUT N NEWANCHOR: what shifting SRC by N days must give,
# built independently: a map of every date-shaped token in the feeds to
# date(1)'s "+ N days" (tokens date(1) rejects are left out, so they stay),
# applied by awk to tokens not preceded by a letter/digit nor followed by a
# digit; segments as expect_segments builds them; other files as they are;
# ANCHOR holds the new anchor.
expect_tree() {
  cp -R "$1" "$2"
  grep -rohE '[0-9]{4}-[0-9]{2}-[0-9]{2}' "$1/feeds" | LC_ALL=C sort -u |
    while read -r d; do
      n=$(date -u -d "$d + $3 days" +%F 2>/dev/null) && date -u -d "$d" >/dev/null 2>&1 && echo "$d $n"
    done > "$T/map"
  [ -s "$T/map" ] || fail "no dates found in $1/feeds"
  find "$2/feeds" -type f \( -name '*.csv' -o -name '*.yaml' -o -name '*.yml' \) | while read -r f; do
    awk -v mapf="$T/map" '
      BEGIN { while ((getline l < mapf) > 0) { split(l, x, " "); m[x[1]] = x[2] } }
      {
        s = $0; out = ""
        while (match(s, /[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/)) {
          pre = substr(s, 1, RSTART - 1); tok = substr(s, RSTART, 10); rest = substr(s, RSTART + 10)
          b = out pre; b = substr(b, length(b), 1)
          if (b ~ /[0-9A-Za-z]/ || rest ~ /^[0-9]/ || !(tok in m)) {
            out = out pre substr(tok, 1, 1); s = substr(s, RSTART + 1); continue
          }
          out = out pre m[tok]; s = rest
        }
        print out s
      }' "$f" > "$f.new"
    mv "$f.new" "$f"
  done
  expect_segments "$1" "$2" "$3"
  printf '%s\n' "$4" > "$2/ANCHOR"
}

src_before=$(tree_sum "$SRC")
[ "$ANCHOR" = 2026-11-23 ] || fail "sample-data/ANCHOR is \"$ANCHOR\", the README says 2026-11-23"
N=$(days_between "$ANCHOR" "$TODAY")
[ "$N" -eq 79 ] || fail "date arithmetic: $ANCHOR .. $TODAY is $N days"   # guards the helper itself

# --- Shift the sample book to TODAY ------------------------------------------
"$SHIFT" "$SRC" "$T/dst" --today "$TODAY" > "$T/out" 2>&1 || { cat "$T/out"; fail "sample-shift --today $TODAY failed"; }
[ "$(cat "$T/dst/ANCHOR")" = "$TODAY" ] || fail "DST/ANCHOR holds \"$(cat "$T/dst/ANCHOR")\", expected $TODAY"

# Known dates, read from the source files, moved by exactly N days.
src_ren=$(renewal_of "$SRC/feeds/accounts.yaml" ACC-0002)
[ "$src_ren" = "$(plus "$ANCHOR" 19)" ] || fail "sample: ACC-0002 renews on \"$src_ren\", the README says anchor+19"
got=$(renewal_of "$T/dst/feeds/accounts.yaml" ACC-0002)
[ "$got" = "$(plus "$src_ren" "$N")" ] || fail "ACC-0002 renewal: $src_ren -> $got, expected $(plus "$src_ren" "$N")"
src_abs=$(absence_of "$SRC/feeds/team.yaml" haruto)
[ "$src_abs" = "$(plus "$ANCHOR" 1)" ] || fail "sample: haruto's absence starts \"$src_abs\", the README says anchor+1"
got=$(absence_of "$T/dst/feeds/team.yaml" haruto)
[ "$got" = "$(plus "$TODAY" 1)" ] || fail "haruto's absence: $src_abs -> $got, expected $(plus "$TODAY" 1)"
first_src=$(sed -n 3p "$SRC/feeds/metrics/daily.csv")
first_dst=$(sed -n 3p "$T/dst/feeds/metrics/daily.csv")
d=$(echo "$first_src" | cut -d, -f2)
want="$(echo "$first_src" | cut -d, -f1),$(plus "$d" "$N"),$(echo "$first_src" | cut -d, -f3-)"
[ "$first_dst" = "$want" ] || fail "first daily row: \"$first_src\" -> \"$first_dst\", expected \"$want\""
# Timestamps keep their time of day.
grep -q "^# generated_at: ${TODAY}T06:00:00Z\$" "$T/dst/feeds/metrics/weekly.csv" ||
  fail "weekly.csv generated_at: $(head -n 1 "$T/dst/feeds/metrics/weekly.csv"), expected ${TODAY}T06:00:00Z"
grep -q "^generated_at: ${TODAY}T06:00:00Z\$" "$T/dst/feeds/team.yaml" || fail "team.yaml generated_at not moved to ${TODAY}T06:00:00Z"
# Non-feed files are copied as they are (the README is full of dates).
cmp -s "$SRC/README.md" "$T/dst/README.md" || fail "README.md was changed by the copy"
# The whole tree: exactly the independently computed result.
expect_tree "$SRC" "$T/expect" "$N" "$TODAY"
diff -r "$T/expect" "$T/dst" > "$T/diff" 2>&1 || { head -n 30 "$T/diff"; fail "the shifted tree differs from the expected one"; }

# Shifting back to the anchor returns the original bytes.
"$SHIFT" "$T/dst" "$T/back" --today "$ANCHOR" > "$T/out" 2>&1 || { cat "$T/out"; fail "shifting back failed"; }
diff -r "$SRC" "$T/back" > "$T/diff" 2>&1 || { head -n 30 "$T/diff"; fail "shift there and back differs from sample-data/"; }

# Backwards across a leap day, and the default today ($CSCONSOLE_TODAY).
N2=$(days_between "$ANCHOR" 2024-03-01)
"$SHIFT" "$SRC" "$T/past" --today 2024-03-01 > "$T/out" 2>&1 || { cat "$T/out"; fail "sample-shift --today 2024-03-01 failed"; }
got=$(renewal_of "$T/past/feeds/accounts.yaml" ACC-0002)
[ "$got" = "$(plus "$src_ren" "$N2")" ] || fail "ACC-0002 renewal shifted by $N2: got $got, expected $(plus "$src_ren" "$N2")"
expect_tree "$SRC" "$T/expect-past" "$N2" 2024-03-01
diff -r "$T/expect-past" "$T/past" > "$T/diff" 2>&1 || { head -n 30 "$T/diff"; fail "the tree shifted to 2024-03-01 differs from the expected one"; }
CSCONSOLE_TODAY=2027-01-15 "$SHIFT" "$SRC" "$T/env" > "$T/out" 2>&1 || { cat "$T/out"; fail "sample-shift with CSCONSOLE_TODAY failed"; }
[ "$(cat "$T/env/ANCHOR")" = 2027-01-15 ] || fail "without --today, ANCHOR is \"$(cat "$T/env/ANCHOR")\", expected CSCONSOLE_TODAY 2027-01-15"
got=$(renewal_of "$T/env/feeds/accounts.yaml" ACC-0002)
[ "$got" = "$(plus "$src_ren" "$(days_between "$ANCHOR" 2027-01-15)")" ] || fail "ACC-0002 renewal with CSCONSOLE_TODAY=2027-01-15: $got"

# The shifted book is a valid book on its new today.
write_config aiko "$T/dst" "$T/db/shifted.db" > "$T/shifted.yaml"
set +e; CSCONSOLE_TODAY=$TODAY "$CSC" --config "$T/shifted.yaml" sync > "$T/sync.out" 2>&1; rc=$?; set -e
[ "$rc" -eq 0 ] || { cat "$T/sync.out"; fail "sync of the shifted book exited $rc"; }
assert_not_contains "$T/sync.out" "rejected"
# renewal_day counts days since 1970-01-01 (schema.c); sqlite converts it.
got=$(sqlite3 "$T/db/shifted.db" "SELECT date(renewal_day * 86400, 'unixepoch') FROM account WHERE crm_id = 'ACC-0002'")
[ "$got" = "$(plus "$src_ren" "$N")" ] || fail "database: ACC-0002 renews on \"$got\", expected $(plus "$src_ren" "$N")"
# Every shifted segment imports: none quarantined, every event new.
nseg=$(find "$SRC/events" -type f -name '*.jsonl' | wc -l)
nev=$(find "$SRC/events" -type f -name '*.jsonl' -exec cat {} + | grep -c '"seq":')
[ "$nseg" -gt 0 ] && [ "$nev" -gt "$nseg" ] || fail "sample-data/events holds $nseg segments, $nev events"
assert_not_contains "$T/sync.out" "quarantined"
assert_not_contains "$T/sync.out" "warning"
assert_contains "$T/sync.out" "events: $nseg new segments: $nseg imported ($nev new events)"
# The overdue touchpoint (story 3): its due day, read from the source
# segment's reschedule, moved by N days in the database.
src_due=$(grep -h '"account":"ACC-0004"' "$SRC"/events/*/*.jsonl | grep '"type":"touch.reschedule"' |
  sed 's/.*"due_day":"\([0-9-]*\)".*/\1/')
[ -n "$src_due" ] || fail "no touch.reschedule of ACC-0004 in sample-data/events"
got=$(sqlite3 "$T/db/shifted.db" "SELECT date(due_day * 86400, 'unixepoch') FROM touchpoint WHERE account = 'ACC-0004' AND status = 'open'")
[ "$got" = "$(plus "$src_due" "$N")" ] || fail "database: ACC-0004's open touchpoint due \"$got\", expected $(plus "$src_due" "$N")"
[ "$(days_between "$got" "$TODAY")" -eq "$(days_between "$src_due" "$ANCHOR")" ] ||
  fail "ACC-0004's touchpoint is not as overdue on $TODAY as on the anchor"

# --- Dates that are not dates stay as they are --------------------------------
# A scratch copy with a broken export row (February 30th) in the daily CSV and
# an NPS comment mixing a real date with a non-leap February 29th, a date
# glued to a letter (a build tag) and one followed by digits.
cp -R "$SRC" "$T/src"
echo "ACC-0001,2026-02-30,logins,3" >> "$T/src/feeds/metrics/daily.csv"
echo "# resurvey 2026-12-01 (old export said 2025-02-29; exporter r2026-11-23, batch 2026-11-2301)" >> "$T/src/feeds/metrics/nps.yaml"
"$SHIFT" "$T/src" "$T/odd" --today "$TODAY" > "$T/out" 2>&1 || { cat "$T/out"; fail "sample-shift on the scratch copy failed"; }
[ "$(tail -n 1 "$T/odd/feeds/metrics/daily.csv")" = "ACC-0001,2026-02-30,logins,3" ] ||
  fail "invalid date row changed: $(tail -n 1 "$T/odd/feeds/metrics/daily.csv")"
want="# resurvey $(plus 2026-12-01 "$N") (old export said 2025-02-29; exporter r2026-11-23, batch 2026-11-2301)"
[ "$(tail -n 1 "$T/odd/feeds/metrics/nps.yaml")" = "$want" ] ||
  fail "nps comment: \"$(tail -n 1 "$T/odd/feeds/metrics/nps.yaml")\", expected \"$want\""
expect_tree "$T/src" "$T/expect-odd" "$N" "$TODAY"
diff -r "$T/expect-odd" "$T/odd" > "$T/diff" 2>&1 || { head -n 30 "$T/diff"; fail "the shifted scratch tree differs from the expected one"; }

# --- Segments that do not read --------------------------------------------------
# A truncated segment (its trailer cut off) and one whose trailer checks but
# whose content is not JSON: each an error naming the file, exit non-zero.
seg=$(cd "$T/src" && find events -type f -name '*.jsonl' | LC_ALL=C sort | head -n 1)
[ -n "$seg" ] || fail "no segment in the scratch copy"
cp -R "$T/src" "$T/cut"
head -c 100 "$T/src/$seg" > "$T/cut/$seg"
set +e; "$SHIFT" "$T/cut" "$T/cut-out" --today "$TODAY" > "$T/out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "sample-shift accepted a truncated segment"
assert_contains "$T/out" "$T/cut/$seg"
assert_contains "$T/out" "not a complete event segment"
cp -R "$T/src" "$T/garbled"
printf 'this is not JSON\n' > "$T/body"
{ cat "$T/body"; echo "#end count=1 length=$(wc -c < "$T/body") crc32=$(crc32 "$T/body")"; } > "$T/garbled/$seg"
set +e; "$SHIFT" "$T/garbled" "$T/garbled-out" --today "$TODAY" > "$T/out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "sample-shift accepted a segment that is not JSON"
assert_contains "$T/out" "$T/garbled/$seg"
assert_contains "$T/out" "not a valid event segment"
[ ! -e "$T/garbled-out/$seg" ] || fail "sample-shift left a rewritten copy of the bad segment"

# --- Refusals ------------------------------------------------------------------
scratch_before=$(tree_sum "$T/src")
# DST inside SRC.
set +e; "$SHIFT" "$T/src" "$T/src/shifted" --today "$TODAY" > "$T/out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "sample-shift accepted a destination inside SRC"
assert_contains "$T/out" "inside"
[ ! -e "$T/src/shifted" ] || fail "the refused run created $T/src/shifted"
[ "$(tree_sum "$T/src")" = "$scratch_before" ] || fail "the refused run changed SRC"
# SRC itself as DST (the same directory is "inside" too).
set +e; "$SHIFT" "$T/src" "$T/src" --today "$TODAY" > "$T/out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "sample-shift accepted DST = SRC"
[ "$(tree_sum "$T/src")" = "$scratch_before" ] || fail "DST = SRC changed SRC"
# A non-empty DST: refused, its file kept, nothing added.
mkdir "$T/full"; echo keep > "$T/full/keep.txt"
set +e; "$SHIFT" "$T/src" "$T/full" --today "$TODAY" > "$T/out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "sample-shift accepted a non-empty destination"
assert_contains "$T/out" "not empty"
[ "$(ls -A "$T/full")" = keep.txt ] && [ "$(cat "$T/full/keep.txt")" = keep ] || fail "the refused run touched $T/full: $(ls -A "$T/full")"
# An existing empty DST is fine.
mkdir "$T/empty"
"$SHIFT" "$T/src" "$T/empty" --today "$TODAY" > "$T/out" 2>&1 || { cat "$T/out"; fail "an empty existing DST was refused"; }
[ "$(cat "$T/empty/ANCHOR")" = "$TODAY" ] || fail "shift into an empty directory: no ANCHOR $TODAY"
# An impossible --today, and a SRC without ANCHOR.
set +e; "$SHIFT" "$T/src" "$T/bad" --today 2026-02-30 > "$T/out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "sample-shift accepted --today 2026-02-30"
assert_contains "$T/out" "2026-02-30"
[ ! -e "$T/bad" ] || fail "a refused --today still created $T/bad"
rm "$T/src/ANCHOR"
set +e; "$SHIFT" "$T/src" "$T/noanchor" --today "$TODAY" > "$T/out" 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "sample-shift accepted a SRC without ANCHOR"
assert_contains "$T/out" "ANCHOR"

# SRC (the committed sample-data/) was only read.
[ "$(tree_sum "$SRC")" = "$src_before" ] || fail "sample-data/ changed while being shifted"
exit 0
