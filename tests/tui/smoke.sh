# smoke.sh - the console on aiko's sample book: her rows and the header, the
# selection moving with j/k, q quitting with status 0, and the terminal given
# back as it was (normal screen, cursor shown, echo and line mode restored).
. "$(dirname "$0")/../lib.sh"

setup_console_book

# Runs the console, then reports the terminal modes it left behind.
cat > "$T/run.sh" <<EOS
"$CSC"
rc=\$?
echo "__STTY: \$(stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' ')"
exit \$rc
EOS

tmux_start 100 30 sh "$T/run.sh"
# ACC-0047 renews first (anchor+4): the first row. aiko is its sub owner,
# haruto the main owner; health 88, +3 over 4 weeks.
tmux_wait "株式会社とうきょうクラウド"
tmux_wait " 1/21"     # the status line: drawn last
screen=$T/screen.txt
# aiko: main owner of 14, sub owner of 7; haruto's absence starts tomorrow.
assert_contains "$screen" " csconsole · aiko · 21 accounts: 14 main, 7 sub, 0 covering"
assert_contains "$screen" "Mon 2026-11-23"
sed -n 2p "$screen" | grep -qE '^ ACCOUNT +ROLE +OTHER +HEALTH +4W +RENEWAL +DAYS$' ||
  fail "column titles: $(sed -n 2p "$screen")"
sed -n 3p "$screen" | grep -qE '^ 株式会社とうきょうクラウド +sub +haruto +88 +\+3 +2026-11-27 +4d$' ||
  fail "first row: $(sed -n 3p "$screen")"
# ACC-0005 (story 4) renews in three weeks: its whole row.
grep -qE '^ 株式会社みなとメディカルシステムズ +main +ken +66 +-10 +2026-12-14 +21d$' "$screen" ||
  fail "ACC-0005's row is missing or wrong"
assert_contains "$screen" "j down  k up"
tail -n 1 "$screen" | grep -qE ' 1/21$' || fail "status line: $(tail -n 1 "$screen")"
[ "$(tmux_fmt '#{alternate_on}')" = 1 ] || fail "the console should use the alternate screen"
[ "$(tmux_fmt '#{cursor_flag}')" = 0 ] || fail "the console should hide the cursor"

# j three times: the 4th row (screen line 6) is selected, and only it.
tmux_keys j j j
tmux_wait " 4/21"
tmux_screen_e > "$T/color.txt"
sed -n 6p "$T/color.txt" | grep -q '48;5;153m' || fail "line 6 is not drawn as selected"
sed -n 6p "$T/color.txt" | grep -qF '株式会社ゆうひ介護サービス' || fail "line 6 is not ACC-0050"
for n in 3 4 5 7; do
  sed -n "${n}p" "$T/color.txt" | grep -q '48;5;153m' && fail "line $n is drawn as selected"
done
tmux_keys k
tmux_wait " 3/21"
tmux_keys G
tmux_wait " 21/21"
tmux_keys Up
tmux_wait " 20/21"

tmux_keys q
tmux_wait "__EXIT:0"
assert_contains "$screen" "__STTY: icanon echo"
# Back on the normal screen: nothing of the console is left on it.
assert_not_contains "$screen" "csconsole · aiko"
assert_not_contains "$screen" "株式会社"
[ "$(tmux_fmt '#{alternate_on}')" = 0 ] || fail "still on the alternate screen after q"
[ "$(tmux_fmt '#{cursor_flag}')" = 1 ] || fail "the cursor is still hidden after q"
