# smoke.sh - the console on aiko's sample book: the two header lines, the
# column titles, her rows in attention order, the selection moving with j/k,
# q quitting with status 0, and the terminal given back as it was (normal
# screen, cursor shown, echo and line mode restored).
. "$(dirname "$0")/../lib.sh"

setup_console_book

# Runs the console, then reports the terminal modes it left behind.
cat > "$T/run.sh" <<EOS
"$CSC"
rc=\$?
echo "__STTY: \$(stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' ')"
exit \$rc
EOS

# spark ID: the TREND cell of account ID, from the fixture's last 12 weekly
# health scores: one block per week, level floor(score * 8 / 100) of 8.
spark() {
  grep "^$1,[^,]*,health_score," "$T/shared/feeds/metrics/weekly.csv" | tail -n 12 |
    awk -F, 'BEGIN { split("▁ ▂ ▃ ▄ ▅ ▆ ▇ █", b, " ") }
             { l = int($4 * 8 / 100); if (l > 7) l = 7; printf "%s", b[l + 1] }'
}
spark4=$(spark ACC-0004); spark5=$(spark ACC-0005)
[ "$(printf '%s' "$spark4" | wc -m)" -eq 12 ] || fail "ACC-0004 has no 12 weekly scores in the fixture"

tmux_start 100 30 sh "$T/run.sh"
tmux_wait "東都精機株式会社"
tmux_wait " 1/21"     # the status line: drawn last
screen=$T/screen.txt
# Line 1: aiko is main owner of 14, sub owner of 7; haruto's absence starts
# tomorrow, so she covers nothing today. Her ARR (two currencies) does not fit
# whole beside the date at 100 columns, and a cut amount is never shown.
sed -n 1p "$screen" | grep -qE '^ csconsole · aiko · 21 accounts: 14 main, 7 sub, 0 covering +Mon 2026-11-23$' ||
  fail "header line 1: $(sed -n 1p "$screen")"
# Line 2, from the stories: ACC-0004's touchpoint is 10 days overdue (story 3);
# ACC-0047 (+4), ACC-0002 (+19) and ACC-0005 (+21) renew within the nearest
# window (30 days); ACC-0005 (76 -> 66) and ACC-0003 (71 -> 51) lost 10 or
# more over 4 weeks; ACC-0002, ACC-0003 and ACC-0005 each have one open high
# risk; the sync ran moments ago (setup_console_book).
sed -n 2p "$screen" | grep -qE '^ 1 overdue · 3 renewing in 30d · 2 health drops · 3 high risks · covering none +synced (just now|1m ago)$' ||
  fail "header line 2: $(sed -n 2p "$screen")"
# At 100 columns the default columns hide by priority (touch, stage, arr,
# other, role, sentiment, renewal) until the rest fit beside a name of at
# least 20 cells. Attention is not a column: no title carries an arrow.
sed -n 3p "$screen" | grep -qE '^ ACCOUNT +HEALTH +TREND +4W +RISK +DAYS +NEXT$' ||
  fail "column titles: $(sed -n 3p "$screen")"
# The attention order: the overdue ACC-0004 first (renews 2027-02-28, 97
# days; health 73 -> 70; no open risk); then by days left - (100 - health)/2:
# ACC-0047 4 - 6 = -2, ACC-0005 21 - 17 = 4, ACC-0050 34 - 26 = 8,
# ACC-0002 19 - 6 = 13.
sed -n 4p "$screen" | grep -qE "^ 東都精機株式会社 +70 +$spark4 +-3 +- +97d +10d late\$" ||
  fail "first row: $(sed -n 4p "$screen")"
for n in 5:株式会社とうきょうクラウド 6:株式会社みなとメディカル 7:株式会社ゆうひ介護サービス 8:Northwind; do
  sed -n "${n%%:*}p" "$screen" | grep -qF " ${n#*:}" || fail "line ${n%%:*} is not ${n#*:}: $(sed -n "${n%%:*}p" "$screen")"
done
# ACC-0005 (story 4): its whole row, the 34-cell name cut to the column.
grep -qE "^ 株式会社みなとメディカルシス… +66 +$spark5 +-10 +high bad_interaction +21d +in 3d\$" "$screen" ||
  fail "ACC-0005's row is missing or wrong"
assert_contains "$screen" "j down  k up"
tail -n 1 "$screen" | grep -qE ' mine · by attention  1/21$' || fail "status line: $(tail -n 1 "$screen")"
[ "$(tmux_fmt '#{alternate_on}')" = 1 ] || fail "the console should use the alternate screen"
[ "$(tmux_fmt '#{cursor_flag}')" = 0 ] || fail "the console should hide the cursor"

# j three times: the 4th row (screen line 7, ACC-0050) is selected, and only it.
tmux_keys j j j
tmux_wait " 4/21"
tmux_screen_e > "$T/color.txt"
sed -n 7p "$T/color.txt" | grep -q '48;5;153m' || fail "line 7 is not drawn as selected"
sed -n 7p "$T/color.txt" | grep -qF '株式会社ゆうひ介護サービス' || fail "line 7 is not ACC-0050"
for n in 4 5 6 8; do
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
tmux_wait "__STTY: icanon echo"
# Back on the normal screen: nothing of the console is left on it.
assert_not_contains "$screen" "csconsole · aiko"
assert_not_contains "$screen" "株式会社"
[ "$(tmux_fmt '#{alternate_on}')" = 0 ] || fail "still on the alternate screen after q"
[ "$(tmux_fmt '#{cursor_flag}')" = 1 ] || fail "the cursor is still hidden after q"
