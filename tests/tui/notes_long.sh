# notes_long.sh - a note longer than a screen line is loaded whole into the
# log form, and a save that changes only the sentiment leaves the summary
# byte-identical and does not republish it.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 > /dev/null || { echo "SKIP: needs the sqlite3 shell (apt-get install sqlite3)"; exit 77; }

setup_console_book
screen=$T/screen.txt
# 329 bytes: 109 Japanese characters and two ASCII letters.
long=""
i=0
while [ $i -lt 109 ]; do long="${long}要"; i=$((i + 1)); done
long="${long}ok"
[ "$(printf %s "$long" | wc -c)" -eq 329 ] || fail "the test's summary is not 329 bytes"
"$CSC" note ACC-0003 --kind call --sentiment 3 --summary "$long" > "$T/id.txt" 2>/dev/null ||
  fail "csconsole note failed"
id=$(cat "$T/id.txt")
db="$T/db/csconsole.db"
[ -f "$db" ] || fail "no database at [$db]"

tmux_start 110 36 "$CSC"
tmux_wait " 1/21"
tmux_keys / "Blue Harbor" Enter
tmux_wait '1 account matches "Blue Harbor"'
tmux_keys Enter
tmux_wait "ACC-0003 · Blue Harbor Logistics"
tmux_keys e
tmux_wait "Edit my note · Blue Harbor Logistics (ACC-0003)"
# the sentiment, one step up, and save
tmux_keys Tab Right Enter
tmux_wait "note edited on ACC-0003"

got=$(sqlite3 "$db" "SELECT summary FROM note WHERE id = '$id'")
[ "$got" = "$long" ] || fail "the summary changed: [$got]"
[ "$(sqlite3 "$db" "SELECT sentiment FROM note WHERE id = '$id'")" = 4 ] || fail "the sentiment was not changed"
edit=$(sqlite3 "$db" "SELECT data FROM event WHERE entity = 'note/$id' AND type = 'note.edit'")
case "$edit" in
  *summary*) fail "the edit republished the summary: $edit" ;;
  *'"sentiment":4'*) ;;
  *) fail "the edit does not carry the sentiment: $edit" ;;
esac
exit 0
