# input_keys.sh - the line editor's readline keys in the log form: a
# pre-filled value is selected (drawn reversed; the first key replaces it,
# a motion keeps it), Alt keys sent as Esc + key (as terminals send them)
# move by words that end where the script changes (東京|オフィス|で|会議),
# C-a/e/b/f/k/u/w and M-d/M-Backspace edit.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
tmux_start 110 36 "$CSC"
tmux_wait " 1/21"
tmux_keys / "みなと" Enter
tmux_wait '1 account matches "みなと"'
tmux_keys l
tmux_wait "Log a touch · 株式会社みなとメディカルシステムズ (ACC-0005)"
line_of() { grep -F "$1" "$screen" | head -n 1; }

# --- the date's "today" is selected: reversed, replaced by the first key ---------
tmux_keys Tab Tab
tmux_wait "Date"
tmux_screen_e | grep -F "today" | grep -q "$(printf '\033')\[[0-9;]*7[;m]" ||
  { tmux_screen_e | grep -F today | cat -v; fail "the selected value is not drawn reversed"; }
tmux_keys -l "yesterday"
tmux_wait "yesterday"
tmux_wait_gone "todayyesterday"
# a motion keeps a selected value: Right, then the typing goes after it
tmux_keys C-u
tmux_keys -l "today"
tmux_wait_re "Date +today "

# --- the summary: Alt word motion over Japanese ------------------------------------
# summary_is TEXT: polls until the Summary field holds exactly TEXT.
summary_is() {
  i=0
  while :; do
    tmux_screen > "$screen"
    got=$(grep -F " Summary " "$screen" | head -n 1 | sed 's/^ Summary *//; s/ *$//')
    [ "$got" = "$1" ] && return 0
    i=$((i + 1)); [ $i -lt 100 ] || { cat "$screen"; fail "summary \"$got\", expected \"$1\""; }
    sleep 0.1
  done
}
tmux_keys Tab
tmux_keys -l "東京オフィスで会議"
summary_is "東京オフィスで会議"
tmux_keys C-a M-f
tmux_keys -l "|"
summary_is "東京|オフィスで会議"
tmux_keys M-f
tmux_keys -l "+"
summary_is "東京|オフィス+で会議"
tmux_keys M-b M-b
tmux_keys -l "^"
summary_is "^東京|オフィス+で会議"
tmux_keys M-b M-f M-f M-f M-f     # back to the start, then after 東京, オフィス, で, 会議
tmux_keys -l "\$"
summary_is "^東京|オフィス+で会議\$"
tmux_keys M-BSpace                # back over $ (no word) and 会議
summary_is "^東京|オフィス+で"
tmux_keys C-a M-d                 # forward over ^ (no word) and 東京
summary_is "|オフィス+で"

# --- readline: C-e C-b C-f C-k C-u C-w -----------------------------------------------
tmux_keys C-e C-u                 # C-u at the end empties the line
summary_is ""
tmux_keys -l "call with ops lead"
summary_is "call with ops lead"
tmux_keys C-w
summary_is "call with ops"
tmux_keys C-a C-f C-f C-f C-f C-k
summary_is "call"
tmux_keys C-b C-b Delete
summary_is "cal"
tmux_keys C-e BSpace
tmux_keys -l "t"
summary_is "cat"
exit 0
