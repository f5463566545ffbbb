# small.sh - below 60x10 the console says the terminal is too small (and q
# still quits); at the minimum size the columns hide, long Japanese names are
# cut by display width with an ellipsis, and every row keeps its alignment.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt

tmux_start 50 8 "$CSC"
tmux_wait "terminal too small: 50x8"
tmux_wait "csconsole needs at least 60x10"
assert_not_contains "$screen" "株式会社"

# Grown to the minimum: the book appears, narrowed.
tmux_resize 60 12
tmux_wait " 1/21"
tmux_wait_gone "too small"
# At 60 columns every column but the name, health, days and next hides: the
# next to go, risk (20 cells), would leave the name under its 20 cells. The
# sortable columns keep a cell for the arrow: HEALTH is 7 wide, DAYS 6,
# NEXT 8; with a 1-cell margin and 2-cell gaps the name gets
# 59 - 21 - 6 = 32 cells.
sed -n 3p "$screen" | grep -qE '^ ACCOUNT +HEALTH +DAYS +NEXT$' ||
  fail "at 60 columns: $(sed -n 3p "$screen")"
sed -n 4p "$screen" | grep -qE '^ 東都精機株式会社 +70 +97d +10d late$' ||
  fail "first row: $(sed -n 4p "$screen")"
# 株式会社みなとメディカルシステムズ is 34 cells: cut to 31 cells and the
# ellipsis; the 16th character would straddle the limit, so it goes whole.
sed -n 6p "$screen" | grep -qE '^ 株式会社みなとメディカルシステ…  +66 +21d +in 3d$' ||
  fail "truncated third row: $(sed -n 6p "$screen")"
# Every row, Japanese or not, keeps the columns in place: the days end at
# cell 50 (1 + 32 + 2 + 7 + 2 + 6) and the next touchpoint starts at cell 53,
# under its title (wc -L counts display cells).
aligned() { # LINE-NUMBER
  line=$(sed -n "${1}p" "$screen")
  before_next=$(printf '%s' "$line" | sed -E 's/(NEXT|in [0-9]+d|[0-9]+d late|today|-)$//')
  w=$(printf '%s' "$before_next" | wc -L)
  [ "$w" -eq 52 ] || fail "line $1: the last column starts after $w cells, not 52: $line"
  [ "$1" -eq 3 ] && return 0
  w=$(printf '%s' "$before_next" | sed 's/ *$//' | wc -L)
  [ "$w" -eq 50 ] || fail "line $1: the days end at cell $w, not 50: $line"
}
for n in 3 4 5 6 7 8 9 10 11; do aligned "$n"; done
# The end of the book, with the other long name (ACC-0008, 281 days, in
# attention order after ACC-0031: 281 - 8 < 281 - 7.5).
tmux_keys G
tmux_wait " 21/21"
tmux_wait_re '^ 株式会社グローバル・ロジスティ… +85 +281d +in 1d$'   # ACC-0008 cut to the column
for n in 4 5 6 7 8 9 10 11; do aligned "$n"; done

# Shrunk again, then q quits from the message screen.
tmux_resize 40 5
tmux_wait "terminal too small: 40x5"
tmux_keys q
tmux_wait "__EXIT:0"
