# limits.sh - the table of field limits from the CLI: lengths are counted in
# characters, not bytes; a text over its limit is refused with the limit
# named and nothing written, never cut; a text within it is saved whole
# (docs/limits.md).
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
DB="$T/db/csconsole.db"
assert_status 0 "$CSC" sync > /dev/null
# rep N TEXT: TEXT N times
rep() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }
events() { sqlite3 "$DB" "SELECT count(*) FROM event"; }

# --- a 600-character Japanese summary: refused, the limit named ---------------
long=$(rep 600 "会")
[ "$(printf %s "$long" | wc -c)" -eq 1800 ] || fail "the test's summary is not 1800 bytes"
before=$(events)
assert_status 2 "$CSC" note ACC-0001 --kind call --summary "$long" > "$T/out" 2> "$T/err"
assert_contains "$T/err" "csconsole note: --summary: 600 characters, the limit is 500; shorten it or put the rest in the note"
[ "$(events)" = "$before" ] || fail "a refused note wrote an event"
[ ! -s "$T/out" ] || fail "a refused note printed an id"

# --- 500 Japanese characters (1500 bytes, three times the old byte cap): saved whole
ok=$(rep 500 "東")
assert_status 0 "$CSC" note ACC-0001 --kind call --summary "$ok" > "$T/id" 2> "$T/err"
id=$(cat "$T/id")
[ "$(sqlite3 "$DB" "SELECT summary FROM note WHERE id LIKE '%$id'")" = "$ok" ] ||
  fail "the 500-character summary was not saved whole"
[ "$(sqlite3 "$DB" "SELECT version FROM event WHERE entity LIKE '%/$id' AND type = 'note.add'")" = 2 ] ||
  fail "note.add counting characters is version 2"

# --- an edit over the limit: refused the same way, the note unchanged --------
assert_status 2 "$CSC" note --edit "$id" --summary "$long" > /dev/null 2> "$T/err"
assert_contains "$T/err" "--summary: 600 characters, the limit is 500"
[ "$(sqlite3 "$DB" "SELECT summary FROM note WHERE id LIKE '%$id'")" = "$ok" ] || fail "the refused edit changed the note"

# --- the note text: 65536 characters the limit --------------------------------
rep 65537 "x" > "$T/text"
assert_status 2 "$CSC" note ACC-0001 --kind call --summary "ok" --text - < "$T/text" > /dev/null 2> "$T/err"
assert_contains "$T/err" "--text: 65537 characters, the limit is 65536; shorten it or split it into two notes"

# --- a risk's text and a closing note ------------------------------------------
assert_status 2 "$CSC" risk ACC-0001 --category budget --severity low --text - < "$T/text" > /dev/null 2> "$T/err"
assert_contains "$T/err" "csconsole risk: --text: 65537 characters, the limit is 65536"
rep 20000 "予" > "$T/ja"     # 60000 bytes: within the limit
assert_status 0 "$CSC" risk ACC-0001 --category budget --severity low --text - < "$T/ja" > "$T/rid" 2> "$T/err"
rid=$(cat "$T/rid")
[ "$(sqlite3 "$DB" "SELECT length(text) FROM risk WHERE id LIKE '%$rid'")" = 20000 ] || fail "the risk text was not saved whole"
assert_status 2 "$CSC" risk --resolve "$rid" --text - < "$T/text" > /dev/null 2> "$T/err"
assert_contains "$T/err" "--text: 65537 characters, the limit is 65536"

# --- a snooze reason -----------------------------------------------------------
touch_id=$(sqlite3 "$DB" "SELECT id FROM touchpoint WHERE status = 'open' LIMIT 1")
[ -n "$touch_id" ] || fail "no open touchpoint in the sample"
assert_status 0 "$CSC" touch --snooze "$touch_id" --until +1w --reason "$(rep 500 "待")" > /dev/null 2> "$T/err"
assert_status 2 "$CSC" touch --snooze "$touch_id" --until +2w --reason "$(rep 501 "待")" > /dev/null 2> "$T/err"
assert_contains "$T/err" "csconsole touch: --reason: 501 characters, the limit is 500"
exit 0
