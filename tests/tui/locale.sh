# locale.sh - outside a UTF-8 locale (LC_ALL=C) the console draws ASCII only:
# each non-ASCII character of a name becomes one '?', separators are ASCII,
# and the columns stay aligned.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt

tmux_start 80 12 LC_ALL=C "$CSC"
tmux_wait " 1/21"
tmux_wait " csconsole | aiko | 21 accounts: 14 main, 7 sub, 0 covering"
sed -n 2p "$screen" | grep -q '^ 1 overdue | 3 renewing in 30d | 2 health drops | 3 high risks | covering none' ||
  fail "header line 2: $(sed -n 2p "$screen")"
tail -n 1 "$screen" | grep -qE ' mine \| by attention  1/21$' || fail "status line: $(tail -n 1 "$screen")"
# At 80 columns the 4-week change and the trend hide too (after the columns
# smoke.sh loses at 100). 東都精機株式会社: 8 characters, 8 question
# marks; 株式会社とうきょうクラウド: 13 characters, 13 question marks.
sed -n 3p "$screen" | grep -qE '^ ACCOUNT +HEALTH +RISK +DAYS +NEXT$' ||
  fail "column titles: $(sed -n 3p "$screen")"
sed -n 4p "$screen" | grep -qE '^ \?{8} +70 +- +97d +10d late$' ||
  fail "first row: $(sed -n 4p "$screen")"
sed -n 5p "$screen" | grep -qE '^ \?{13} +88 +- +4d +in 2d$' ||
  fail "second row: $(sed -n 5p "$screen")"
LC_ALL=C grep -q "$(printf '[\200-\377]')" "$screen" && fail "non-ASCII bytes on the screen"
# The columns line up on every row: the last one (next, 8 wide) starts at
# column 73 and ends at the right edge; the days before it end at column 70.
for n in 3 4 5 6 7 8 9 10 11; do
  line=$(sed -n "${n}p" "$screen")
  before=$(printf '%s' "$line" | sed -E 's/(NEXT|in [0-9]+d|[0-9]+d late|today|-)$//')
  len=$(printf '%s' "$before" | wc -c)
  [ "$len" -eq 72 ] || fail "line $n: the last column starts after $len columns, not 72: $line"
  [ "$n" -eq 3 ] && continue
  len=$(printf '%s' "$before" | sed 's/ *$//' | wc -c)
  [ "$len" -eq 70 ] || fail "line $n: the days end at column $len, not 70: $line"
done
tmux_keys q
tmux_wait "__EXIT:0"
