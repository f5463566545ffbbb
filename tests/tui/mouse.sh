# mouse.sh - the mouse: a click selects the row under it (not on the header),
# the wheel scrolls three rows (the selection stays on screen), a click on a
# column title sorts by it. The events are typed into the pane as the
# terminal would send them (SGR 1006 encoding, which xterm-256color's kmous
# announces): ESC [ < button ; column ; line M.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
esc=$(printf '\033')
# mouse BUTTON COLUMN LINE (1-based, as the terminal counts)
mouse() { tmux_keys -l "$esc[<$1;$2;$3M"; [ "$1" -ge 64 ] || tmux_keys -l "$esc[<$1;$2;${3}m"; }

# 12 lines: two header lines, the column titles, 8 rows of 21 (lines 4-11),
# the status line
tmux_start 100 12 "$CSC"
tmux_wait " 1/21"
# the console asked for mouse reports (tmux records the pane's mouse mode)
[ "$(tmux_fmt '#{mouse_any_flag}#{mouse_standard_flag}')" != 00 ] || fail "mouse reporting is not enabled"

# a click on screen line 7 (the 4th row) selects it
mouse 0 10 7
tmux_wait " 4/21"
line7=$(sed -n 7p "$screen" | awk '{print $1}')
# the wheel down three rows: the selected row, on line 7, moves up to line 4
# (the first list line) and stays selected
mouse 65 10 7
tmux_wait " 4/21"
tmux_keys C-l
i=0; while [ $i -lt 50 ] && [ "$(tmux_screen | sed -n 4p | awk '{print $1}')" != "$line7" ]; do sleep 0.1; i=$((i+1)); done
tmux_screen > "$screen"
[ "$(sed -n 4p "$screen" | awk '{print $1}')" = "$line7" ] || fail "after the wheel, line 4 should show the row that was on line 7"
# clicks on the two header lines select nothing: the selection is still the
# 4th row when j moves it (events go in order)
mouse 0 10 1; mouse 0 10 2
tmux_keys j
tmux_wait " 5/21"
tmux_keys k
tmux_wait " 4/21"
# the wheel to the end: the last row is on the last list line
mouse 65 10 7; mouse 65 10 7; mouse 65 10 7; mouse 65 10 7
mouse 0 10 11
tmux_wait " 21/21"
# the wheel up moves the view (rows 11-18 on lines 4-11) and keeps the
# selection on screen (line 11)
mouse 64 10 7
tmux_wait " 18/21"
# A click on a column title sorts by it, a second one reverses; the selection
# stays on its account. At 100 columns the name takes 31 cells after the
# 1-cell margin, so HEALTH is terminal columns 35-41. Row 18 is ACC-0008
# (health 85): 17 of aiko's accounts score lower, 3 (88) higher.
mouse 0 38 3
tmux_wait "mine · by health  18/21"
tmux_wait_line 3 '^ ACCOUNT +▲HEALTH +TREND '
mouse 0 38 3
tmux_wait "mine · by health ▼  4/21"
tmux_wait_line 3 '^ ACCOUNT +▼HEALTH +TREND '
tmux_keys q
tmux_wait "__EXIT:0"
