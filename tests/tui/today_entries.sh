# today_entries.sh - Today by account (the default layout): one entry per
# account with every reason, in the attention order of agenda.h, at 80
# columns with Japanese names; d on an account with two touchpoints on the
# agenda asks which; z on an entry without a touchpoint puts all its items
# aside, and the entry leaves; b toggles the grouped layout, remembered
# across a quit and a new start. On the sample book as aiko (today pinned
# 2026-11-23 by tests/run.sh), with a call added for today on ACC-0004.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
F=$T/shared/feeds
name() {
  awk -v id="$1" '/^  - id: / { f = ($3 == id); next }
    f && /^    name:/ { sub(/^    name: */, ""); gsub(/"/, ""); print; exit }' "$F/accounts.yaml"
}
n4=$(name ACC-0004) n5=$(name ACC-0005) n50=$(name ACC-0050)
# ACC-0005's name is wider than the name column (28 cells): cut with an
# ellipsis there; its first 8 characters (3 bytes each) find it
p5=$(printf '%s' "$n5" | cut -b1-24)
[ "$p5" = "株式会社みなとメ" ] || fail "ACC-0005's name: $n5"
p50=$(printf '%s' "$n50" | cut -b1-24)      # the same for ACC-0050 beside its role (sub)
[ "$p50" = "株式会社ゆうひ介" ] || fail "ACC-0050's name: $n50"
"$CSC" touch ACC-0004 --due today --kind call > /dev/null 2>&1 ||
  fail "could not schedule a call for today on ACC-0004"
# block NAME: the screen lines of NAME's entry, from its line to the next
# entry's (every entry is new on a first look: a mark starts each one)
block() {
  awk -v n="$1" 'index($0, n) { on = 1; print; next } on && /^ [●*] / { exit } on { print }' "$screen"
}
# in_order FILE TEXT...: each TEXT on a line of FILE, in this order
in_order() {
  f=$1; shift; last=0
  for t in "$@"; do
    at=$(grep -nF -- "$t" "$f" | head -n 1 | cut -d: -f1)
    [ -n "$at" ] || { cat "$f"; fail "\"$t\" is not in the entry"; }
    [ "$at" -gt "$last" ] || { cat "$f"; fail "\"$t\" is out of the attention order"; }
    last=$at
  done
}

tmux_start 80 40 "$CSC"
tmux_wait " 1/21"
tmux_keys t
tmux_wait_re "Today · aiko · Mon 2026-11-23 · [0-9]+ accounts, 20 items, 20 new$"
# the lines read below, all on one capture (the header alone can be a screen half drawn)
tmux_wait_all "no touch for 40 days" "1.66 per active seat)" "health 66, down 10 in 28 days"
! grep -qF "Overdue touchpoints" "$screen" || fail "the default layout is grouped by reason"
# ACC-0004 first (the only overdue touchpoint), once, with its four reasons:
# its touchpoints the most overdue first, then the renewal, then the lapsed cadence
sed -n 2p "$screen" | grep -qF "$n4" || fail "ACC-0004 is not first: $(sed -n 2p "$screen")"
[ "$(grep -cF "$n4" "$screen")" -eq 1 ] || fail "ACC-0004 is listed more than once"
block "$n4" > "$T/b4"
in_order "$T/b4" "meeting due 2026-11-13, 10 days overdue" "call due today" "renews in 97 days" "no touch for 40 days"
# ACC-0005 once: its renewal, its hidden risk, its health drop, each whole
# (the hidden risk wraps over several lines, its last words on the screen)
[ "$(grep -cF "$p5" "$screen")" -eq 1 ] || fail "ACC-0005 is not listed once"
block "$p5" > "$T/b5"
in_order "$T/b5" "renews in 21 days" "last note's sentiment 2 of 5" "1.66 per active seat)" "health 66, down 10 in 28 days"
# nothing drawn past the 80th column, wrapped lines indented under their reason
awk 'length($0) > 0' "$screen" | while IFS= read -r l; do
  [ "$(printf '%s' "$l" | wc -m)" -le 80 ] || fail "a line wider than 80 cells: $l"
done

# d on ACC-0004 (selected): two touchpoints, which one?
tmux_keys d
tmux_wait "done which? 1 meeting 11-13, 2 call 11-23 (1-2):"
tmux_keys 3 Enter
tmux_wait "a number from 1 to 2"                 # refused, asked again
tmux_keys C-u 2 Enter
tmux_wait "'call 11-23' on $n4: done; a note (optional):"
tmux_keys "Called them" Enter
tmux_wait "touchpoint done; saved"
# the call done with a note is a touch (touchdef.h): the renewal window and
# the lapsed cadence are handled too; the overdue meeting stays
block "$n4" > "$T/b4"
in_order "$T/b4" "meeting due 2026-11-13, 10 days overdue"
for gone in "call due today" "renews in 97 days" "no touch for 40 days"; do
  ! grep -qF "$gone" "$T/b4" || { cat "$T/b4"; fail "still listed: $gone"; }
done
# one touchpoint left: d acts on it without asking
tmux_keys d
tmux_wait "'meeting 11-13' on $n4: done; a note (optional):"
tmux_keys Escape
tmux_wait "j down  k up"                        # the prompt closed: the hints are back

# z on ACC-0050's entry (a renewal and a lapsed cadence, no touchpoint):
# both are put aside, the entry leaves
tmux_screen > "$screen"
pos=$(grep -nF "$p50" "$screen" | head -n 1 | cut -d: -f1)
[ -n "$pos" ] || fail "no entry for ACC-0050"
grep -F "$p50" "$screen" | grep -qE "$p50.* sub +renews in" || fail "ACC-0050's role: $(grep -F "$p50" "$screen")"
block "$p50" > "$T/b50"
in_order "$T/b50" "renews in 34 days" "no touch for 48 days"
# select it: its place among the entries (a mark starts each), then j
# that many times less one, and its line is the selected one
k=$(head -n "$pos" "$screen" | grep -c '^ [●*] ')
tmux_keys g
[ "$k" -gt 1 ] && tmux_keys $(yes j | head -n $((k - 1)) | tr '\n' ' ')
tmux_wait " $k/"
tmux_screen_e | sed -n "${pos}p" | grep -q "$(printf '\033')\[[0-9;]*48;5;153m" ||
  fail "ACC-0050's line is not the selected one"
tmux_keys z
tmux_wait "put aside until"
tmux_keys "+7d" Enter
tmux_wait "why it can wait:"
tmux_keys "Board meeting first" Enter
tmux_wait ", 2 put aside"
tmux_wait_gone "$p50"

# the help lists the layout key
tmux_keys '?'
tmux_wait "csconsole · keys · today"
tmux_wait_re "^ b +layout +Today by account"
tmux_keys q
tmux_wait "Today · aiko"

# b: grouped by reason; remembered after quitting and starting again
tmux_keys b
tmux_wait "Overdue touchpoints (1)"
tmux_wait "Renewals in a window"
tmux_keys q q
tmux_wait "__EXIT:0"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
tmux_start 80 40 "$CSC"
tmux_wait " 1/21"
tmux_keys t
tmux_wait "Overdue touchpoints (1)"
tmux_wait_re " · [0-9]+ items"
! grep -qE "[0-9]+ accounts," "$screen" || fail "not grouped after a restart"
# and back by account, remembered too
tmux_keys b
tmux_wait_re "[0-9]+ accounts, "
tmux_keys q q
tmux_wait "__EXIT:0"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
tmux_start 80 40 "$CSC"
tmux_wait " 1/21"
tmux_keys t
tmux_wait_re "[0-9]+ accounts, "
tmux_wait_gone "Overdue touchpoints"
tmux_keys q q
tmux_wait "__EXIT:0"
exit 0
