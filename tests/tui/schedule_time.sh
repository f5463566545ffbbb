# schedule_time.sh - the console's schedule prompt (a) takes a time after the
# day ("+1w 14:00"): the touchpoint is saved with its time (touch.schedule
# version 2) and says so; a day alone stays all day; a bad time is refused
# as a day and the prompt stays open.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_console_book
DB=$T/db/csconsole.db
q() { sqlite3 "$DB" "$1"; }
day() { date -ud "$CSCONSOLE_TODAY $1" +%Y-%m-%d; }
[ "$(q "SELECT count(*) FROM touchpoint WHERE account = 'ACC-0007' AND status <> 'done'")" = 0 ] ||
  fail "the sample changed: ACC-0007 has an open touchpoint"

tmux_start 120 40 "$CSC"
tmux_wait " 1/21"
tmux_keys / "丸屋" Enter
tmux_wait '1 account matches "丸屋"'
tmux_keys a
tmux_wait "new touchpoint with 株式会社丸屋酒造 on"
tmux_keys "+1w 14:00"
tmux_wait "+1w 14:00"
tmux_keys Enter
tmux_wait "$(day '+7 days') 14:00; what it is for (optional):"
tmux_keys "Tasting follow-up"
tmux_wait "Tasting follow-up"
tmux_keys Enter
tmux_wait "touchpoint with 株式会社丸屋酒造 scheduled for $(day '+7 days') at 14:00; saved"
[ "$(q "SELECT date(t.due_day * 86400, 'unixepoch') || '|' || t.time || '|' || t.note || '|' || e.version
  FROM touchpoint t JOIN event e ON e.entity = 'touch/' || t.id WHERE t.account = 'ACC-0007' AND t.status = 'open'")" = \
  "$(day '+7 days')|14:00|Tasting follow-up|2" ] ||
  fail "a with a time: $(q "SELECT * FROM touchpoint WHERE account = 'ACC-0007' AND status = 'open'")"

# a day alone: all day
tmux_keys a
tmux_wait "new touchpoint with 株式会社丸屋酒造 on"
tmux_keys "+2w"
tmux_wait "+2w"
tmux_keys Enter
tmux_wait "$(day '+14 days'); what it is for (optional):"
tmux_keys Enter
tmux_wait "touchpoint with 株式会社丸屋酒造 scheduled for $(day '+14 days'); saved"
[ "$(q "SELECT coalesce(time, 'none') FROM touchpoint WHERE account = 'ACC-0007' AND due_day =
  (SELECT max(due_day) FROM touchpoint WHERE account = 'ACC-0007')")" = "none" ] || fail "a day alone has no time"

# 25:00 is no time: the whole text is read as a day, refused, kept
tmux_keys a
tmux_wait "new touchpoint with 株式会社丸屋酒造 on"
tmux_keys "fri 25:00"
tmux_wait "fri 25:00"
tmux_keys Enter
tmux_wait 'unknown date "fri 25:00"'
tmux_screen > "$T/s"
assert_contains "$T/s" "new touchpoint with 株式会社丸屋酒造 on (e.g. +2w, fri):"   # still open
grep -q "scheduled for" "$T/s" && { cat "$T/s"; fail "fri 25:00 was accepted"; }
[ "$(q "SELECT count(*) FROM touchpoint WHERE account = 'ACC-0007'")" = 2 ] || fail "a refused day saved a touchpoint"
tmux_keys Escape
echo ok
