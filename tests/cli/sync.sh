# sync.sh - `csconsole sync`: import, a no-op second run, broken files.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
DB="$T/db/csconsole.db"
# Every row of every table, in a stable order.
dump() { sqlite3 "$DB" .dump | sort; }
nfiles=$(ls "$T/shared/feeds/metrics" | wc -l)
nfiles=$((nfiles + $(ls "$T/shared/feeds" | grep -c -e '^team.yaml$' -e '^accounts\.')))

# --- first sync: everything imports -------------------------------------------
assert_status 0 "$CSC" sync > "$T/out1" 2> "$T/err1"
assert_contains "$T/out1" "feeds/team.yaml: imported"
assert_contains "$T/out1" "sync: $nfiles files: $nfiles imported;"
[ ! -s "$T/err1" ] || { cat "$T/err1"; fail "the sample book should import without messages"; }
[ "$(sqlite3 "$DB" "SELECT count(*) FROM feed_file")" -eq "$nfiles" ] || fail "feed_file rows"
[ "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'last_sync'")" = "2026-11-23T12:00:00Z" ] ||
  fail "last_sync not recorded"
accounts=$(sqlite3 "$DB" "SELECT count(*) FROM account WHERE active = 1")
csms=$(sqlite3 "$DB" "SELECT count(*) FROM csm WHERE active = 1")
metrics=$(sqlite3 "$DB" "SELECT count(*) FROM metric")
[ "$accounts" -gt 0 ] && [ "$csms" -gt 0 ] && [ "$metrics" -gt 0 ] || fail "nothing imported"
dump > "$T/dump1"

# --- second sync: every file unchanged, the data identical ----------------------
# It runs a day later, so the one thing it records, the time of the sync
# (meta.last_sync), visibly moves; every other row must stay as it was.
assert_status 0 "$CSC" --today 2026-11-24 sync > "$T/out2" 2> "$T/err2"
[ "$(grep -c ': unchanged' "$T/out2")" -eq "$nfiles" ] || { cat "$T/out2"; fail "not all unchanged"; }
assert_contains "$T/out2" "sync: $nfiles files: $nfiles unchanged; 0 rows imported"
assert_not_contains "$T/out2" "imported,"
[ ! -s "$T/err2" ] || { cat "$T/err2"; fail "unexpected messages"; }
[ "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'last_sync'")" = "2026-11-24T12:00:00Z" ] ||
  fail "the second sync did not record its time"
dump | grep -v "'last_sync'" > "$T/dump2"
grep -v "'last_sync'" "$T/dump1" > "$T/dump1.data"
cmp -s "$T/dump1.data" "$T/dump2" || { diff "$T/dump1.data" "$T/dump2" | head; fail "the second sync changed the database"; }
[ "$(wc -l < "$T/dump2")" -gt 1000 ] || fail "the dump compared is suspiciously small"

# --- a malformed metrics line and a broken YAML file ------------------------------
metrics_file=$(ls "$T/shared/feeds/metrics" | grep '\.csv$' | head -n 1)
bad_line=$(( $(wc -l < "$T/shared/feeds/metrics/$metrics_file") + 1 ))
first_account=$(sqlite3 "$DB" "SELECT crm_id FROM account ORDER BY crm_id LIMIT 1")
printf '%s,2026-11-31,logins,5\n%s,2026-11-22,logins,4242\n' "$first_account" "$first_account" \
  >> "$T/shared/feeds/metrics/$metrics_file"
printf '  - handle: broken\n    name: [unclosed\n' >> "$T/shared/feeds/team.yaml"
assert_status 1 "$CSC" sync > "$T/out3" 2> "$T/err3"
assert_contains "$T/err3" "feeds/metrics/$metrics_file:$bad_line: error: column \"date\": \"2026-11-31\" is not a date: November 2026 has 30 days"
assert_contains "$T/err3" "feeds/team.yaml:"
assert_contains "$T/err3" "error: YAML syntax"
assert_contains "$T/out3" "feeds/team.yaml: failed, nothing imported from it; its previous import stays"
assert_contains "$T/out3" "feeds/metrics/$metrics_file: imported, "
assert_contains "$T/out3" ", 1 rejected"
assert_contains "$T/out3" "1 imported, $((nfiles - 2)) unchanged, 1 failed; "
assert_contains "$T/out3" "rows imported, 1 rejected; 2 errors"
# Everything imported before is still there; the good new row is in.
[ "$(sqlite3 "$DB" "SELECT count(*) FROM csm WHERE active = 1")" -eq "$csms" ] || fail "team lost"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM account WHERE active = 1")" -eq "$accounts" ] || fail "accounts lost"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM metric")" -ge "$metrics" ] || fail "metrics lost"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM metric WHERE value = 4242")" -eq 1 ] || fail "good row not imported"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM csm WHERE handle = 'broken'")" -eq 0 ] || fail "broken team imported"

# --- sync -q: only problems and the summary ---------------------------------------
assert_status 1 "$CSC" sync -q > "$T/out4" 2> "$T/err4"
assert_not_contains "$T/out4" "feeds/"
assert_contains "$T/out4" "sync: $nfiles files:"
assert_contains "$T/err4" "feeds/team.yaml:"

# --- no shared directory configured; shared directory missing ---------------------
printf 'me: aiko\ndatabase: "%s"\n' "$DB" > "$T/none.yaml"
assert_status 3 "$CSC" --config "$T/none.yaml" sync > "$T/out5" 2> "$T/err5"
assert_contains "$T/err5" "no shared directory is configured"
assert_contains "$T/err5" "shared_dir:"
write_config aiko "$T/gone" "$DB" > "$T/gone.yaml"
assert_status 5 "$CSC" --config "$T/gone.yaml" sync > "$T/out6" 2> "$T/err6"
assert_contains "$T/err6" "$T/gone"
assert_contains "$T/err6" "the local console still works"
assert_contains "$T/err6" "$T/gone.yaml"

# --- bad usage ----------------------------------------------------------------------
assert_status 2 "$CSC" sync --bogus > /dev/null 2>&1
assert_status 0 "$CSC" sync --help > "$T/help"
assert_contains "$T/help" "usage: csconsole sync"
exit 0
