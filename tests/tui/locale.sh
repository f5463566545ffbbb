# locale.sh - outside a UTF-8 locale (LC_ALL=C) the console draws ASCII only:
# each non-ASCII character of a name becomes one '?', separators are ASCII,
# and the columns stay aligned.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt

tmux_start 80 12 LC_ALL=C "$CSC"
tmux_wait " 1/21"
assert_contains "$screen" " csconsole | aiko | 21 accounts: 14 main, 7 sub, 0 covering"
# 株式会社とうきょうクラウド: 13 characters, 13 question marks.
sed -n 3p "$screen" | grep -qE '^ \?{13} +sub +haruto +88 +\+3 +2026-11-27 +4d$' ||
  fail "first row: $(sed -n 3p "$screen")"
LC_ALL=C grep -q "$(printf '[\200-\377]')" "$screen" && fail "non-ASCII bytes on the screen"
for n in 3 4 5 6 7 8 9 10 11; do
  len=$(sed -n "${n}p" "$screen" | tr -d '\n' | wc -c)
  [ "$len" -eq 80 ] || fail "line $n is $len columns, not 80: $(sed -n "${n}p" "$screen")"
done
tmux_keys q
tmux_wait "__EXIT:0"
