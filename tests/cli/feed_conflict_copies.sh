# feed_conflict_copies.sh - issue 11: sync tools' conflict copies of feeds and
# git merge leftovers are never imported, and are reported by sync and doctor;
# a UTF-16 YAML feed is refused with one message naming the encoding.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
DB="$T/db/csconsole.db"
M="$T/shared/feeds/metrics"
score() { sqlite3 "$DB" "SELECT value FROM metric m JOIN account a ON a.id = m.account_id
  JOIN metric_name n ON n.id = m.metric_id WHERE a.crm_id = 'ACC-0001'
  AND n.name = 'health_score' ORDER BY m.day DESC LIMIT 1"; }

assert_status 0 "$CSC" sync > "$T/out1" 2> "$T/err1"
before=$(score)
[ -n "$before" ] || fail "no health_score imported"

# A stale Syncthing copy sorts after weekly.csv: its values must not win.
copy="weekly.sync-conflict-20261122-101010-ABCDEFG.csv"
sed "s/^\(ACC-0001,[0-9-]*,health_score,\).*/\111/" "$M/weekly.csv" > "$M/$copy"
grep -q "health_score,11$" "$M/$copy" || fail "the test copy has no changed score"
cp "$M/weekly.csv" "$M/weekly (1).csv"
cp "$M/weekly.csv" "$M/weekly.csv.orig"
assert_status 1 "$CSC" sync > "$T/out2" 2> "$T/err2"
assert_contains "$T/out2" "feeds/metrics/$copy: conflict copy of feeds/metrics/weekly.csv (Syncthing), not imported"
assert_contains "$T/out2" "feeds/metrics/weekly (1).csv: conflict copy of feeds/metrics/weekly.csv (Google Drive), not imported"
assert_contains "$T/err2" "feeds/metrics/weekly.csv.orig: error: a merge leftover of feeds/metrics/weekly.csv (git)"
assert_contains "$T/err2" "keep the right content under the original name and delete this copy"
assert_contains "$T/out2" "3 conflict copies"
[ "$(score)" = "$before" ] || fail "the conflict copy changed the score: $(score), was $before"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM feed_file WHERE path LIKE '%conflict%'")" -eq 0 ] ||
  fail "a conflict copy was recorded as a feed"

# doctor lists them as problems
assert_status 1 "$CSC" doctor > "$T/doc" 2>&1
assert_contains "$T/doc" "feeds/metrics/$copy: error: a conflict copy of feeds/metrics/weekly.csv (Syncthing)"
rm "$M/$copy" "$M/weekly (1).csv" "$M/weekly.csv.orig"
assert_status 0 "$CSC" sync > "$T/out3" 2> "$T/err3"
assert_status 0 "$CSC" doctor > "$T/doc2" 2>&1
assert_not_contains "$T/doc2" "conflict copy"

# A UTF-16 YAML feed: one message, no cascade (UTF-16 CSV files, Excel's
# "Unicode text", are read: cli/feed_encodings.sh).
{ printf '\377\376'; printf 'metrics:\n  - {account: ACC-0001, date: 2026-11-20, metric: logins, value: 5}\n' |
  iconv -f UTF-8 -t UTF-16LE; } > "$M/unicode.yaml"
assert_status 1 "$CSC" sync > "$T/out4" 2> "$T/err4"
assert_contains "$T/err4" "feeds/metrics/unicode.yaml: error: the file is UTF-16 (little-endian, with a byte order mark), not UTF-8"
[ "$(grep -c 'unicode.yaml' "$T/err4")" -eq 1 ] || { cat "$T/err4"; fail "more than one message about the UTF-16 file"; }
assert_contains "$T/out4" "feeds/metrics/unicode.yaml: failed"
assert_contains "$T/out4" "1 failed"
assert_contains "$T/out4" "5 unchanged, 1 failed; 0 rows imported"
