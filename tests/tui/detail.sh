#!/bin/sh
# detail.sh - the account detail (Enter on a row): facts, health chart and
# components, usage, risks, notes, touchpoints; it scrolls, and q returns to
# the list at the same row. The 100x40 screen of ACC-0003 (all but the status
# line, whose key hints belong to the bindings table) is compared with
# tests/tui/expected/detail.txt (regenerate with CSC_UPDATE_SCREENS=1, see
# docs/testing.md).
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
F=$T/shared/feeds

name=$(awk '/^  - id: ACC-0003$/ { f = 1; next } f && /^    name:/ { sub(/^    name: */, ""); gsub(/"/, ""); print; exit }' "$F/accounts.yaml")
seats=$(awk '/^  - id: ACC-0003$/ { f = 1; next } f && /^    seats:/ { print $2; exit }' "$F/accounts.yaml")
[ -n "$name" ] && [ -n "$seats" ] || fail "ACC-0003 not in the fixture"
# the list may cut the name to its column: find the row by its start
short=$(printf '%s' "$name" | cut -c1-11)

tmux_start 100 40 "$CSC"
tmux_wait "csconsole · aiko"
# select Blue Harbor Logistics, whatever the sort and the header: move down
# until the selected row (the theme's "selected" background, colour 153)
# holds its name
pos_now() { tmux_screen | tail -n 1 | grep -oE '[0-9]+/[0-9]+ *$' | tr -d ' '; }
selected() { tmux_screen_e | grep '48;5;153m' | head -n 1; }
select_account() {
  tmux_wait "$short"
  i=0
  while ! selected | grep -qF "$short"; do
    i=$((i + 1)); [ $i -le 100 ] || fail "no row of $name could be selected"
    was=$(pos_now); tmux_keys j
    k=0; while [ "$(pos_now)" = "$was" ]; do
      k=$((k + 1)); [ $k -le 100 ] || fail "j did not move from $was"; sleep 0.05
    done
  done
}
select_account
tmux_screen > "$screen"
pos=$(tail -n 1 "$screen" | grep -oE '[0-9]+/[0-9]+ *$' | tr -d ' ')
[ -n "$pos" ] || fail "no position in the status line: $(tail -n 1 "$screen")"
tmux_keys Enter
tmux_wait "ACC-0003 · $name"
tmux_wait "ACC-0003  1-"
tmux_wait_screen detail '$d'          # the whole view drawn, before reading its lines
for s in " Facts" " Health" "COMPONENT"; do assert_contains "$screen" "$s"; done
grep -qE "^  Seats +$seats\$" "$screen" || fail "seats: $(grep Seats "$screen")"
grep -q "^  100┤" "$screen" || fail "no chart y axis"
grep -q "^    0┤ [▁▂▃▄▅▆▇█]" "$screen" || fail "no bars in the chart"
grep -qF "26 weeks" "$screen" || fail "the chart shows 26 weeks"
# the component that pulls down most is marked, and named below the table
[ "$(grep -c '◀' "$screen")" -eq 1 ] || fail "one marked component"
assert_contains "$screen" "Pulls down most: "
total=$(tail -n 1 "$screen" | grep -oE '/[0-9]+ *$' | tr -d '/ ')

# scrolling: j moves one line, G to the end, g back; C-d half a page
tmux_keys j
tmux_wait "ACC-0003  2-"
tmux_keys G
tmux_wait "-$total/$total"
tmux_wait_all " Risks (" " Notes (" " Touchpoints (" "adoption_support"
assert_not_contains "$screen" " Facts"
tmux_keys g
tmux_wait "ACC-0003  1-"
tmux_keys C-d
tmux_wait "ACC-0003  20-"
tmux_keys PgUp
tmux_wait "ACC-0003  1-"
tmux_keys PgDn            # a page (the body's height less one line) or to the end
page=37; max=$((total - 38))
[ $page -lt $max ] || page=$max
tmux_wait "ACC-0003  $((page + 1))-"

# a narrow terminal keeps Japanese text whole and the chart within the width
tmux_resize 60 24
tmux_wait "ACC-0003  "
tmux_keys g
tmux_wait "ACC-0003  1-"
tmux_wait "aiko (佐藤 愛子)"
tmux_keys C-d
tmux_wait "    0┤"
# still 26 weeks of two cells each: the bottom row is all full blocks
cells=$(grep '^    0┤' "$screen" | grep -o '█' | wc -l)
[ "$cells" -eq 52 ] || fail "the chart's bottom row has $cells cells at 60 columns, want 52"

# q returns to the list on the same row
tmux_resize 100 40
tmux_keys g
tmux_wait "ACC-0003  1-38/"   # redrawn at the new size
tmux_keys q
tmux_wait "csconsole · aiko"
tmux_wait " $pos"
selected | grep -qF "$short" || fail "the selected row is not $name: $(selected)"
tmux_keys q
tmux_wait "__EXIT:0"

# without UTF-8: the chart and the axis in ASCII
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
TMUX_SOCK="csc-$$-ascii"   # a fresh server: the old one may still be exiting
tmux_start 100 40 env LC_ALL=C "$CSC"
tmux_wait "csconsole | aiko"
select_account
tmux_keys Enter
tmux_wait "ACC-0003 | "
tmux_wait_re "^  100\|"                # the ASCII y axis
grep -q "^    0| [.+#]" "$screen" || fail "ASCII bars"
assert_not_contains "$screen" "█"
exit 0
