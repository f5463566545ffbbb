# nocolor.sh - NO_COLOR: the console draws with attributes only (no colour
# codes at all), the selection stays visible (reverse video); an empty
# NO_COLOR counts as unset (no-color.org), so colours come back.
. "$(dirname "$0")/../lib.sh"

ESC=$(printf '\033')
# sgr_params FILE: every SGR parameter on the screen, one per line.
sgr_params() {
  grep -o "$ESC\[[0-9;:]*m" "$1" | sed "s/^$ESC\[//; s/m\$//" | tr ';:' '\n\n' | sed '/^$/d'
}
# has_colour FILE: true if any SGR sets a foreground or background colour
# (30-37, 40-47, 90-97, 100-107, 38/48 extended); 39/49 only reset them.
has_colour() {
  sgr_params "$1" | grep -qxE '3[0-8]|4[0-8]|9[0-7]|10[0-7]'
}

setup_console_book

tmux_start 100 30 NO_COLOR=1 "$CSC"
tmux_wait "東都精機株式会社"
tmux_wait " 1/21"     # the status line: drawn last
tmux_screen_e > "$T/mono.txt"
has_colour "$T/mono.txt" && { cat -v "$T/mono.txt" | head -5; fail "colour codes with NO_COLOR set"; }
# The selection (row 1, screen line 4, below the two header lines and the
# column titles) and the header's first line are in reverse video.
sed -n 4p "$T/mono.txt" | grep -qE "$ESC\[([0-9]*;)*7[;m]" || fail "the selected row is not in reverse video"
sed -n 1p "$T/mono.txt" | grep -qE "$ESC\[([0-9]*;)*7[;m]" || fail "the header is not in reverse video"
sed -n 5p "$T/mono.txt" | grep -qE "$ESC\[([0-9]*;)*7[;m]" && fail "an unselected row is in reverse video"
tmux_keys j
tmux_wait " 2/21"
tmux_screen_e > "$T/mono.txt"
sed -n 5p "$T/mono.txt" | grep -qE "$ESC\[([0-9]*;)*7[;m]" || fail "the selection did not move to line 5"
sed -n 4p "$T/mono.txt" | grep -qE "$ESC\[([0-9]*;)*7[;m]" && fail "line 4 is still in reverse video"
tmux_keys q
tmux_wait "__EXIT:0"
tmux -L "$TMUX_SOCK" kill-session -t t

# The same screen with NO_COLOR empty does use colours.
tmux_start 100 30 NO_COLOR= "$CSC"
tmux_wait "東都精機株式会社"
tmux_wait " 1/21"     # the status line: drawn last
tmux_screen_e > "$T/color.txt"
has_colour "$T/color.txt" || fail "no colour codes with NO_COLOR empty"
tmux_keys q
tmux_wait "__EXIT:0"
