# dates.sh - the log form reads a date typed in any human form (Japanese,
# full-width, month/day) and shows the day it means beside the field before
# anything is saved. Today is pinned to Monday 2026-11-23.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
[ "$CSCONSOLE_TODAY" = 2026-11-23 ] || fail "today is not pinned to 2026-11-23"

tmux_start 110 36 "$CSC"
tmux_wait " 1/21"
tmux_keys l
tmux_wait "Log a touch"
# kind, sentiment, then the date of the touch
tmux_keys Tab Tab C-u '昨日'
tmux_wait "Sun 2026-11-22 (yesterday)"
tmux_keys C-u '３日前'
tmux_wait "Fri 2026-11-20 (3 days ago)"
tmux_keys C-u 'next fri'
tmux_wait "Fri 2026-12-04 (in 11 days)"
# each form follows one meaning another day, so every wait sees a change
tmux_keys C-u '11/20'
tmux_wait "Fri 2026-11-20 (3 days ago)"
tmux_keys C-u '来週金曜'
tmux_wait "Fri 2026-12-04 (in 11 days)"
# nothing was saved (the form was never submitted; the exit trap ends the console)
[ "$("$CSC" show ACC-0004 --format json | grep -c '"touch_day": "2026-12-04"')" -eq 0 ] ||
  fail "a note was saved"
exit 0
