# mouse.sh - the mouse: a click selects the row under it, the wheel scrolls
# three rows (the selection stays on screen). The events are typed into the
# pane as the terminal would send them (SGR 1006 encoding, which
# xterm-256color's kmous announces): ESC [ < button ; column ; line M.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
esc=$(printf '\033')
# mouse BUTTON COLUMN LINE (1-based, as the terminal counts)
mouse() { tmux_keys -l "$esc[<$1;$2;$3M"; [ "$1" -ge 64 ] || tmux_keys -l "$esc[<$1;$2;${3}m"; }

tmux_start 100 12 "$CSC"      # 9 rows of 21 visible (lines 3-11)
tmux_wait " 1/21"
# the console asked for mouse reports (tmux records the pane's mouse mode)
[ "$(tmux_fmt '#{mouse_any_flag}#{mouse_standard_flag}')" != 00 ] || fail "mouse reporting is not enabled"

# a click on screen line 6 (the 4th row) selects it
mouse 0 10 6
tmux_wait " 4/21"
line6=$(sed -n 6p "$screen" | awk '{print $1}')
# the wheel down three rows: the selected row, on line 6, moves up to line 3
# (the first list line) and stays selected
mouse 65 10 6
tmux_wait " 4/21"
tmux_keys C-l
i=0; while [ $i -lt 50 ] && [ "$(tmux_screen | sed -n 3p | awk '{print $1}')" != "$line6" ]; do sleep 0.1; i=$((i+1)); done
tmux_screen > "$screen"
[ "$(sed -n 3p "$screen" | awk '{print $1}')" = "$line6" ] || fail "after the wheel, line 3 should show the row that was on line 6"
# a click on the header selects nothing
mouse 0 10 1
tmux_keys C-l
tmux_wait " 4/21"
# the wheel to the end: the last row is on the last list line
mouse 65 10 6; mouse 65 10 6; mouse 65 10 6; mouse 65 10 6
mouse 0 10 11
tmux_wait " 21/21"
# the wheel up moves the view and keeps the selection on screen (line 11)
mouse 64 10 6
tmux_wait " 18/21"
tmux_keys q
tmux_wait "__EXIT:0"
