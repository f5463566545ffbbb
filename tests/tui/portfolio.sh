# portfolio.sh - the portfolio on the sample book as aiko (today = the anchor):
# whole screens at 120x40 and 80x24 (tests/tui/expected/portfolio-*.txt,
# regenerated with CSC_UPDATE_SCREENS=1, see docs/testing.md); known rows
# against the fixture (ACC-0005: health, sparkline, renewal days, next
# touchpoint; ACC-0004: overdue); sorting and reversing; filters (a good one
# and a refused one that keeps the text); a resize 120x40 -> 80x24 -> back;
# a Japanese name cut at its display width; the monochrome theme.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
F=$T/shared/feeds
ANCHOR=$(cat "$T/shared/ANCHOR")

# field ID KEY: a top-level field of an account in accounts.yaml.
field() {
  awk -v id="$1" -v key="$2" '
    /^  - id: / { f = ($3 == id); next }
    f && $1 == key ":" { sub(/^ *[a-z_]+: */, ""); gsub(/"/, ""); print; exit }' "$F/accounts.yaml"
}
# scores ID: the account's weekly health scores, oldest first.
scores() {
  awk -F, -v id="$1" '$1 == id && $3 == "health_score" { print $2, $4 }' "$F/metrics/weekly.csv" |
    sort | cut -d' ' -f2
}
# spark ID: the last 12 scores as the console draws them (8 levels, 0-100).
spark() {
  scores "$1" | tail -n 12 | awk '
    BEGIN { split("▁ ▂ ▃ ▄ ▅ ▆ ▇ █", b, " ") }
    { l = int($1 * 8 / 100); if (l > 7) l = 7; if (l < 0) l = 0; s = s b[l + 1] }
    END { print s }'
}
# chars N TEXT: the first N characters (sed counts characters in a UTF-8 locale).
chars() { printf '%s\n' "$2" | sed -E "s/^(.{$1}).*/\1/"; }
days_between() { echo $(( ($(date -ud "$2" +%s) - $(date -ud "$1" +%s)) / 86400 )); }
# row PREFIX: the screen line of the account whose name starts with PREFIX.
row() { grep -F " $1" "$screen" | head -n 1; }

# --- 120x40: the whole screen, then known rows against the fixture ------------
tmux_start 120 40 "$CSC"
tmux_wait " 1/21"
tmux_wait_screen portfolio-120x40

name5=$(field ACC-0005 name)
line=$(row "$(chars 7 "$name5")")
[ -n "$line" ] || fail "no row for ACC-0005 ($name5)"
health=$(scores ACC-0005 | tail -n 1)
renewal=$(field ACC-0005 renewal_date)
days=$(days_between "$ANCHOR" "$renewal")
[ "$days" -eq 21 ] || fail "the fixture changed: ACC-0005 renews in $days days, the stories say 21"
for want in " $health " "$(spark ACC-0005)" " ${days}d " "in 3d"; do
  case $line in *"$want"*) ;; *) fail "ACC-0005's row lacks \"$want\": $line" ;; esac
done
# story 3: ACC-0004's meeting was moved to anchor-10 and is still open
line=$(row "$(field ACC-0004 name)")
case $line in *"10d late"*) ;; *) fail "ACC-0004 should be 10 days overdue: $line" ;; esac
# attention order: the overdue account first
sed -n 4p "$screen" | grep -qF "$(field ACC-0004 name)" || fail "the overdue account is not first"

# --- sorting: > steps to health; the column is ascending, then r reverses -----
i=0
while ! tail -n 1 "$screen" | grep -qF "by health"; do
  i=$((i + 1)); [ $i -le 14 ] || fail "> never reached the health sort"
  tmux_keys ">"; sleep 0.2; tmux_screen > "$screen"
done
grep -qF "▲HEALTH" "$screen" || fail "the health title has no ascending arrow"
# the health of each row: its first number (no sample name has a digit, and
# HEALTH is the first column after the name at 120 columns)
grep "^    name:" "$F/accounts.yaml" | grep -q "[0-9]" && fail "a sample name has a digit: adapt health_col"
health_col() {
  sed -n '4,24p' "$screen" | awk '{ for (i = 1; i <= NF; i++)
    if ($i ~ /^[0-9]+$/) { print $i; break } }'
}
health_col > "$T/asc.txt"
[ "$(wc -l < "$T/asc.txt")" -eq 21 ] || { cat "$T/asc.txt"; fail "expected 21 health values"; }
sort -n -c "$T/asc.txt" || fail "the rows are not by health, lowest first"
# the lowest is the fixture's lowest latest score among aiko's 21 accounts
tmux_keys r
tmux_wait "by health ▼"
tmux_wait "▼HEALTH"
health_col > "$T/desc.txt"
sort -rn -c "$T/desc.txt" || fail "r did not reverse the order"

# --- filters: band:red keeps aiko's accounts at or below 50 ------------------
aiko_ids=$(awk '/^  - id: / { id = $3 } /^    (main|sub)_owner: aiko$/ { print id }' "$F/accounts.yaml" | sort -u)
red=0
for id in $aiko_ids; do
  s=$(scores "$id" | tail -n 1)
  [ -n "$s" ] && awk -v s="$s" 'BEGIN { exit !(s <= 50) }' && red=$((red + 1))
done
[ "$red" -ge 1 ] || fail "the fixture has no red account of aiko's"
tmux_keys f
tmux_wait "filter: "
tmux_keys "band:red" Enter
tmux_wait "band:red: $red of 21 accounts"
tmux_wait "by health ▼ · band:red  1/$red"
# a refused filter: explained beside the text, which stays
tmux_keys f
tmux_wait "filter: band:red"
# the filter in force is selected: C-e (End) keeps it, and the typing goes after it
tmux_keys C-e "stage:closed" Enter
tmux_wait 'stage: unknown value "closed"'
tmux_wait "filter: band:red stage:closed"
tmux_keys C-u "owner:nobody" Enter    # a handle that holds no account is refused too
tmux_wait 'owner: no account of the team has nobody'
tmux_keys Escape
tmux_wait "1/$red"
tmux_keys F
tmux_wait "filters and search cleared: 21 accounts"

# --- resize: 120x40 -> 80x24 -> back ------------------------------------------
tmux_keys "<"                         # back to attention order, as at the start
tmux_keys "<"
i=0
while ! tail -n 1 "$screen" | grep -qF "by attention"; do
  i=$((i + 1)); [ $i -le 14 ] || fail "< never reached attention"
  tmux_keys "<"; sleep 0.2; tmux_screen > "$screen"
done
tmux_keys g
tmux_resize 80 24
tmux_wait " 1/21"
[ "$(tmux_fmt '#{window_width}x#{window_height}')" = 80x24 ] || fail "tmux did not resize"
tmux_wait_screen portfolio-80x24
# a Japanese name cut at its display width: ACC-0008 is 74 cells wide; at 80
# columns the name column is 30 cells, so 28 cells of text (14 characters)
# and the ellipsis, never half a character
name8=$(field ACC-0008 name)
cut14=$(chars 14 "$name8")
[ "$(printf '%s' "$cut14" | wc -m)" -eq 14 ] || fail "cut by characters failed"
grep -qF " $cut14… " "$screen" || fail "ACC-0008 is not cut to \"$cut14…\""
tmux_resize 120 40
tmux_wait "RENEWAL"                 # a column only 120 cells have room for
tmux_wait " 1/21"
tmux_wait_screen portfolio-120x40

# --- the monochrome theme: the same screen, attributes only --------------------
tmux_keys q
tmux_wait "__EXIT:0"
tmux -L "$TMUX_SOCK" kill-session -t t
tmux_start 120 40 "$CSC" --theme monochrome
tmux_wait " 1/21"
tmux_wait_screen portfolio-120x40
tmux_screen_e > "$T/mono.txt"
if grep -qE "$(printf '\033')\[[0-9;]*(3[0-7]|4[0-7]|38;5|48;5)[;m]" "$T/mono.txt"; then
  fail "the monochrome theme drew colours"
fi
grep -qE "$(printf '\033')\[([0-9]*;)*7[;m]" "$T/mono.txt" || fail "monochrome: no reverse video (selected row, header)"
exit 0
