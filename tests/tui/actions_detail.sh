# actions_detail.sh - the daily actions from the account view (issue 12): d,
# z, m on the account's next touchpoint, a schedules one; the notes section
# is selectable ([ and ], Tab), e and x act on the selected note when it is
# mine and say whose it is when not; u undoes the delete; Esc closes the view
# (back to the portfolio, which stays).
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_console_book
screen=$T/screen.txt
DB=$T/db/csconsole.db
q() { sqlite3 "$DB" "$1"; }
day() { date -ud "$CSCONSOLE_TODAY $1" +%Y-%m-%d; }
T6=$(q "SELECT id FROM touchpoint WHERE account = 'ACC-0006' AND status = 'open'")
[ -n "$T6" ] || fail "the sample changed: ACC-0006 has no open touchpoint"

tmux_start 120 40 "$CSC"
tmux_wait " 1/21"
tmux_keys / "Kestrel" Enter
tmux_wait '1 account matches "Kestrel"'
tmux_keys Enter
tmux_wait "ACC-0006 · Kestrel Robotics"

# d: the next touchpoint, named, done (no note)
tmux_keys d
tmux_wait "'Onboarding workshop for the three remai"
tmux_wait "on Kestrel Robotics: done; a note (optional):"
tmux_keys Enter
tmux_wait "Kestrel Robotics: touchpoint done; saved"
[ "$(q "SELECT status FROM touchpoint WHERE id = '$T6'")" = done ] || fail "d did not mark $T6 done"
tmux_keys m
tmux_wait "no open touchpoint on Kestrel Robotics; a schedules one"

# a, then z and m on the new one
tmux_keys a
tmux_wait "new touchpoint with Kestrel Robotics on"
tmux_keys "+3d" Enter
tmux_wait "what it is for (optional):"
tmux_keys "Workshop part two" Enter
tmux_wait "touchpoint with Kestrel Robotics scheduled for $(day '+3 days')"
N6=$(q "SELECT id FROM touchpoint WHERE account = 'ACC-0006' AND status = 'open'")
[ "$(q "SELECT note FROM touchpoint WHERE id = '$N6'")" = "Workshop part two" ] || fail "a: no new touchpoint"
tmux_keys z
tmux_wait "'Workshop part two' on Kestrel Robotics: snooze until"
tmux_keys "+5d" Enter
tmux_wait "why it waits:"
tmux_keys "Team offsite" Enter
tmux_wait "Kestrel Robotics: touchpoint snoozed until $(day '+5 days')"
[ "$(q "SELECT status || '|' || reason FROM touchpoint WHERE id = '$N6'")" = "snoozed|Team offsite" ] || fail "z"
tmux_keys m
tmux_wait "'Workshop part two' on Kestrel Robotics: move to"
tmux_keys "+6d" Enter
tmux_wait "Kestrel Robotics: touchpoint moved to $(day '+6 days')"
[ "$(q "SELECT status || '|' || date(due_day * 86400, 'unixepoch') FROM touchpoint WHERE id = '$N6'")" = \
  "open|$(day '+6 days')" ] || fail "m"

# The notes, newest first: emily's, then two of aiko's. My newest is
# selected first; [ selects emily's, which e and x refuse, saying whose.
tmux_keys "["
tmux_keys e
tmux_wait "that note is emily's: only your own notes can be edited"
tmux_keys x
tmux_wait "that note is emily's: only your own notes can be deleted"
# ] ] reaches the oldest (the kickoff); x deletes that one, not my latest
tmux_keys "]" "]"
tmux_keys x
tmux_wait "delete your note of 2026-08-12 (meeting)? y deletes:"
tmux_keys y Enter
tmux_wait "note deleted on ACC-0006"
[ "$(q "SELECT count(*) FROM note WHERE account = 'ACC-0006' AND summary LIKE 'Kickoff:%' AND deleted = 0")" = 0 ] ||
  fail "the kickoff note was not deleted"
[ "$(q "SELECT count(*) FROM note WHERE account = 'ACC-0006' AND summary LIKE 'Activation stuck%' AND deleted = 0")" = 1 ] ||
  fail "my latest note was deleted instead of the selected one"
# u brings it back
tmux_keys u
tmux_wait "undone: delete of note 'Kickoff: 120 seats"
[ "$(q "SELECT count(*) FROM note WHERE account = 'ACC-0006' AND summary LIKE 'Kickoff:%' AND deleted = 0")" = 1 ] ||
  fail "u did not bring the kickoff note back"

# Esc closes the account view; the portfolio stays
tmux_keys Escape
tmux_wait "/Kestrel (1)"
tmux_keys Escape
tmux_wait "q quits"
tmux_keys q
tmux_wait "__EXIT:0"
echo ok
