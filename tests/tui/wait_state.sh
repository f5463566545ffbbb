# wait_state.sh - the screen helpers of tests/lib.sh wait for a whole state,
# not for its first part (issue 15: today.sh failed under load when the
# capture that showed its first group was taken before the second was
# drawn). A program draws a screen in two parts two seconds apart: the
# capture that first shows part one lacks part two (what tmux_wait then a
# grep read), while tmux_wait_all, tmux_wait_line and tmux_wait_gone return
# only once the state they name is on one capture.
. "$(dirname "$0")/../lib.sh"
screen=$T/screen.txt
cat > "$T/draw.sh" <<'EOF'
printf '\033[2J\033[1;1Hpart one: the title\n'
sleep 2
printf '\033[5;1Hpart two: the groups\n'
sleep 2
printf '\033[1;1H\033[2Kthe title replaced\n'
sleep 30
EOF
tmux_start 60 10 sh "$T/draw.sh"
tmux_wait "part one: the title"
! grep -qF "part two" "$screen" || fail "the first part and the second arrived together: the test proves nothing"
tmux_wait_all "part one: the title" "part two: the groups"
grep -qF "part two: the groups" "$screen" || fail "tmux_wait_all returned before the whole state"
tmux_wait_line 1 '^the title replaced$'
sed -n 1p "$screen" | grep -qx "the title replaced" || fail "tmux_wait_line returned on another line 1"
grep -qF "part two: the groups" "$screen" || fail "part two is gone"
# gone: part one was replaced by now
tmux_wait_gone "part one"
! grep -qF "part one" "$screen" || fail "tmux_wait_gone returned with the text there"
