# today.sh - Today (t): the agenda in the console, acted on in place, in the
# grouped layout (b from the default by account: tests/tui/today_entries.sh
# tests that one and the toggle). On the
# sample book as aiko, with one touchpoint added for today: the overdue
# touchpoint of story 3 and today's are listed with their reasons and marked
# new; d (done, with a note) and z (snooze: until, then why) remove them from
# the list; m on an item that is no touchpoint says what to do instead; l
# logs a touch from a renewal item, which then leaves; the look is recorded,
# so the next opening marks nothing new.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
F=$T/shared/feeds
name() {
  awk -v id="$1" '/^  - id: / { f = ($3 == id); next }
    f && /^    name:/ { sub(/^    name: */, ""); gsub(/"/, ""); print; exit }' "$F/accounts.yaml"
}
n4=$(name ACC-0004) n1=$(name ACC-0001) n2=$(name ACC-0002)
"$CSC" touch ACC-0001 --due today --kind call --note "Quarterly check" > /dev/null 2>&1 ||
  fail "could not schedule a touchpoint for today"

tmux_start 120 40 "$CSC"
tmux_wait " 1/21"
tmux_keys t
tmux_wait "Today · aiko"
tmux_keys b
# the whole state the lines below read, on one capture (not the first group
# of a screen still being drawn)
tmux_wait_all "Overdue touchpoints (1)" "Touchpoints due today (1)" "10 days overdue" "Quarterly check" " new"
grep -F "$n4" "$screen" | head -n 1 | grep -qF "10 days overdue" || fail "ACC-0004 is not 10 days overdue"
grep -F "$n1" "$screen" | grep -qF "Quarterly check" || fail "today's touchpoint of ACC-0001 is not listed"
# everything is new on a first look
total=$(sed -n 's/.* · \([0-9]*\) items, \([0-9]*\) new$/\1 \2/p' "$screen" | head -n 1)
[ -n "$total" ] && [ "${total% *}" = "${total#* }" ] || fail "a first look should mark every item new: $total"

# d: the overdue touchpoint is done, with a note; it leaves the list
tmux_keys g d
tmux_wait "done; a note (optional):"
tmux_keys "Met them on Friday" Enter
tmux_wait "touchpoint done; saved"
tmux_wait_gone "Overdue touchpoints"                 # the group leaves
# z: today's touchpoint is snoozed: a day, then a reason
tmux_keys g z
tmux_wait "snooze until"
tmux_keys "yesterday" Enter
tmux_wait "a day after today"                    # refused, the text stays
tmux_keys C-u "+3d" Enter
tmux_wait "why it waits:"
tmux_keys "Customer on holiday" Enter
tmux_wait "touchpoint snoozed until $(date -ud "$(cat "$T/shared/ANCHOR") +3 days" +%Y-%m-%d)"
tmux_wait_gone "Touchpoints due today"
# m on a renewal item: not a touchpoint
tmux_keys g m
tmux_wait "not a touchpoint: l logs a touch, Enter opens the account"

# l from Northwind's renewal item: logged, and the item leaves. The item is
# selected by moving down until its line has the selected row's background
# (the dark theme's 153).
tmux_screen > "$screen"
pos=$(grep -n "renews in" "$screen" | grep -F "$n2" | head -n 1 | cut -d: -f1)
[ -n "$pos" ] || fail "no renewal item for $n2"
tmux_select_line "$pos"
tmux_keys l
tmux_wait "Log a touch · $n2 (ACC-0002)"
tmux_keys Tab 3 Tab Tab "Renewal prep with Sam"
# typed, then Enter on its own: text and Enter in one burst is a paste in a form (input.c)
tmux_wait "Renewal prep with Sam"
tmux_keys Enter
tmux_wait_all "logged call with ACC-0002" "Health drops"
grep -F "$n2" "$screen" | grep -q "renews in" && fail "the renewal item of $n2 is still listed"
# z on an item that is no touchpoint: put aside on my agenda until a day
hpos=$(grep -n "Health drops" "$screen" | head -n 1 | cut -d: -f1)
[ -n "$hpos" ] || fail "no health drop group"
tmux_select_line $((hpos + 1))
tmux_keys z
tmux_wait "put aside until"
tmux_keys "+7d" Enter
tmux_wait "why it can wait:"
tmux_keys "Known: their usage dips every year-end" Enter
tmux_wait "put aside until $(date -ud "$(cat "$T/shared/ANCHOR") +7 days" +%Y-%m-%d) (on this computer only)"
tmux_wait ", 1 put aside"
"$CSC" agenda --no-mark > "$T/agenda.txt"
assert_contains "$T/agenda.txt" "; 1 put aside"
# back the day it ends: the item is listed again
"$CSC" --today "$(date -ud "$(cat "$T/shared/ANCHOR") +7 days" +%Y-%m-%d)" agenda --no-mark > "$T/later.txt"
assert_not_contains "$T/later.txt" "put aside"

tmux_keys q
tmux_wait "/21"     # the list keeps its account, which moved (no longer overdue)
tmux_keys t
tmux_wait_re "Today · aiko · .* · [0-9]+ items?, [0-9]+ new, [0-9]+ put aside$"
grep -qE " · [0-9]+ items?, 0 new, 1 put aside$" "$screen" || fail "the second look still marks items new: $(head -n 1 "$screen")"
tmux_keys q q
tmux_wait "__EXIT:0"
"$CSC" agenda --no-mark --format json > "$T/agenda.json"
! grep -q '"new": *true' "$T/agenda.json" || fail "csconsole agenda marks items new after the look"
exit 0
