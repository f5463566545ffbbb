# actions_undo.sh - u in the console (issue 12): it undoes my last action, a
# second u the one before: a done, a snooze, a scheduled touchpoint, a note
# (logged with the CLI: one undo list for both); the list survives quitting
# and reopening the console; the undo is a compensating event that a
# teammate's device gets at the next sync.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_console_book
screen=$T/screen.txt
DB=$T/db/csconsole.db
q() { sqlite3 "$DB" "$1"; }
day() { date -ud "$CSCONSOLE_TODAY $1" +%Y-%m-%d; }
# ken: a teammate's device on the same shared directory
write_config ken "$T/shared" "$T/db/ken.db" > "$T/ken.yaml"
ken() { "$CSC" --config "$T/ken.yaml" "$@"; }
ken sync > /dev/null 2>&1 || fail "ken's first sync failed"

# a note logged with the CLI (the first action)
"$CSC" note ACC-0007 --kind call --summary "Brewery visit booked" > /dev/null 2>&1 || fail "note"
NOTE=$(q "SELECT id FROM note WHERE summary = 'Brewery visit booked'")

tmux_start 120 40 "$CSC"
tmux_wait " 1/21"
tmux_keys / "丸屋" Enter
tmux_wait '1 account matches "丸屋"'
# a touchpoint, snoozed, then done
tmux_keys a
tmux_wait "new touchpoint with 株式会社丸屋酒造 on"
tmux_keys "+2d" Enter
tmux_wait "what it is for (optional):"
tmux_keys "Bottling run" Enter
tmux_wait "scheduled for $(day '+2 days')"
TP=$(q "SELECT id FROM touchpoint WHERE account = 'ACC-0007' AND status = 'open'")
tmux_keys z
tmux_wait "snooze until"
tmux_keys "+4d" Enter
tmux_wait "why it waits:"
tmux_keys "Harvest" Enter
tmux_wait "touchpoint snoozed until $(day '+4 days')"
tmux_keys d
tmux_wait "done; a note (optional):"
tmux_keys "Bottled" Enter
tmux_wait "touchpoint done; saved"
row() { q "SELECT status || '|' || date(due_day * 86400, 'unixepoch') || '|' || coalesce(note, '-') || '|' || coalesce(reason, '-') FROM touchpoint WHERE id = '$TP'"; }
[ "$(row)" = "done|$(day '+4 days')|Bottled|Harvest" ] || fail "done: $(row)"

# u: the done, then the snooze
tmux_keys u
tmux_wait "undone: done of 'Bottling run' on 株式会社丸屋酒造"
[ "$(row)" = "snoozed|$(day '+4 days')|Bottling run|Harvest" ] || fail "the done is not undone: $(row)"
tmux_keys u
tmux_wait "undone: snooze of 'Bottling run' on 株式会社丸屋酒造"
[ "$(row)" = "open|$(day '+2 days')|Bottling run|-" ] || fail "the snooze is not undone: $(row)"

# quit and reopen: the list is still there
tmux_keys q
tmux_wait "__EXIT:0"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
sleep 0.2
tmux_start 120 40 "$CSC"
tmux_wait " 1/21"
tmux_keys u
tmux_wait "undone: scheduling of 'Bottling run' on 株式会社丸屋酒造"
[ "$(q "SELECT count(*) FROM touchpoint WHERE id = '$TP'")" = 0 ] || fail "the scheduling is not undone"
tmux_keys u
tmux_wait "undone: log of note 'Brewery visit booked' on 株式会社丸屋酒造"
[ "$(q "SELECT deleted FROM note WHERE id = '$NOTE'")" = 1 ] || fail "the note is not undone"
tmux_keys u
tmux_wait "nothing to undo"
tmux_keys q
tmux_wait "__EXIT:0"

# the teammate sees the undo after sync: no note, no touchpoint
"$CSC" sync > /dev/null 2>&1 || fail "aiko's sync failed"
ken sync > /dev/null 2>&1 || fail "ken's sync failed"
kq() { sqlite3 "$T/db/ken.db" "$1"; }
[ "$(kq "SELECT deleted FROM note WHERE id = '$NOTE'")" = 1 ] || fail "ken still sees the note"
[ "$(kq "SELECT count(*) FROM touchpoint WHERE id = '$TP'")" = 0 ] || fail "ken still sees the touchpoint"
[ "$(kq "SELECT count(*) FROM event WHERE entity = 'touch/$TP' AND type = 'touch.restore' AND author = 'aiko'")" = 3 ] ||
  fail "ken did not get aiko's three touch.restore events"
echo ok
