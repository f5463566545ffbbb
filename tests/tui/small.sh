# small.sh - below 60x10 the console says the terminal is too small (and q
# still quits); at the minimum size the columns hide, long Japanese names are
# cut by display width with an ellipsis, and every row keeps its alignment.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt

tmux_start 50 8 "$CSC"
tmux_wait "terminal too small: 50x8"
assert_contains "$screen" "csconsole needs at least 60x10"
assert_not_contains "$screen" "株式会社"

# Grown to the minimum: the book appears, narrowed.
tmux_resize 60 12
tmux_wait " 1/21"
assert_not_contains "$screen" "too small"
sed -n 2p "$screen" | grep -qE '^ ACCOUNT +ROLE +OTHER +HEALTH +RENEWAL +DAYS$' ||
  fail "at 60 columns the 4W column hides first: $(sed -n 2p "$screen")"
# 株式会社とうきょうクラウド is 26 cells: cut to fit, never inside a character.
sed -n 3p "$screen" | grep -qE '^ 株式会社とうきょ… +sub +haruto +88 +2026-11-27 +4d$' ||
  fail "truncated first row: $(sed -n 3p "$screen")"
# Every row, Japanese or not, is exactly 60 cells wide: the days column ends
# at the right edge (wc -L counts display cells).
for n in 3 4 5 6 7 8 9 10 11; do
  line=$(sed -n "${n}p" "$screen")
  w=$(printf '%s' "$line" | wc -L)
  [ "$w" -eq 60 ] || fail "line $n is $w cells wide, not 60: $line"
done
# The end of the book, with the other long name (ACC-0008).
tmux_keys G
tmux_wait " 21/21"
grep -qE '^ 株式会社グローバ… +main +ken +85 +2027-08-31 +281d$' "$screen" ||
  fail "ACC-0008 is not cut to the column"

# Shrunk again, then q quits from the message screen.
tmux_resize 40 5
tmux_wait "terminal too small: 40x5"
tmux_keys q
tmux_wait "__EXIT:0"
