# help.sh - the help screen (?): generated from the bindings, so it lists the
# keys in force, exactly those that work in the view it was opened from (the
# portfolio has no note selection, the account view no sorting); it scrolls,
# and q or Esc returns to the list at the same row.
# The whole 80x24 screen is compared with tests/tui/expected/help.txt
# (regenerate with CSC_UPDATE_SCREENS=1, see docs/testing.md).
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt

# Every key of `tui --help` (the bindings table) plus Ctrl-C: one help row
# each, but those the portfolio does not take: note selection (the account
# view's), reviewed and unreview (the brief's), change-risk (the risks view's), layout
# (Today's), the team lead's view's report-next, report-prev, period and
# group-by, and Esc,
# which does not close the portfolio (q quits).
"$CSC" tui --help | sed -n '/^Keys:$/,/^$/p' | sed '1d; /^$/d' > "$T/all.txt"
grep -vE "Select the (next|previous) note|Mark the account reviewed|Take back the account's review mark|Change the risk:|Today by account|The (next|previous) report|Reports by month|Group the retention report|^  Esc " "$T/all.txt" > "$T/keys.txt"
[ $(( $(wc -l < "$T/all.txt") - $(wc -l < "$T/keys.txt") )) -eq 11 ] || fail "the keys left out: $(cat "$T/all.txt")"
grep -vFf "$T/keys.txt" "$T/all.txt" | cut -c18- > "$T/not.txt"
rows=$(( $(wc -l < "$T/keys.txt") + 1 ))

tmux_start 80 24 "$CSC"
tmux_wait " 1/21"
tmux_keys j j j
tmux_wait " 4/21"
tmux_keys '?'
tmux_wait "csconsole · keys"
tmux_wait " 1/$rows"
tmux_wait_line 2 '^ KEYS +ACTION +WHAT IT DOES$'
tmux_wait_screen help
grep -qE '^ j, Down +move-down +Move the selection down one row' "$screen" || fail "move-down row"
grep -qE '^ PgDn, C-f +page-down +Move down one screen' "$screen" || fail "page-down row"
grep -qE '^ Enter +open +Open the selected account' "$screen" || fail "open row"

# Wide and tall enough for every row, whole: each help text of the table is
# on the screen, and the status-line hints (the same table) reach ? and q.
tmux_resize 120 45
tmux_wait "Quit at once"
tmux_wait_re '^ >  +sort-next +Sort by the next key: attention, then the columns left to right$'
grep -qE '^ <  +sort-prev +Sort by the previous key$' "$screen" || fail "sort-prev row"
grep -qE '^ r  +sort-reverse +Reverse the sort order$' "$screen" || fail "sort-reverse row"
grep -qE '^ f  +filter +Filter by band, stage, touch model, risk category, renewal window, owner$' "$screen" || fail "filter row"
grep -qE '^ F  +filter-clear +Clear every filter and the search$' "$screen" || fail "filter-clear row"
grep -qE '^ q +quit +Close the current view; in the portfolio, quit' "$screen" || fail "quit row"
grep -qE '^ C-c +Quit at once' "$screen" || fail "Ctrl-C row"
while IFS= read -r line; do
  help=$(echo "$line" | cut -c18-)
  assert_contains "$screen" "$help"
done < "$T/keys.txt"
while IFS= read -r help; do
  assert_not_contains "$screen" "$help"
done < "$T/not.txt"
# the help screen's own hints: moving, help and back, not the list's keys
tail -n 1 "$screen" | grep -qE '^ j down  k up  PgDn page  \? help  q quit +1/'"$rows"'$' ||
  fail "status line: $(tail -n 1 "$screen")"

# Scrolls in a small window: G reaches the last row, the first one leaves.
tmux_resize 80 12
tmux_wait " 1/$rows"
tmux_wait_gone "Quit at once"
tmux_keys G
tmux_wait " $rows/$rows"
tmux_wait "Quit at once"
assert_not_contains "$screen" "Move the selection down one row"
tmux_keys g
tmux_wait " 1/$rows"

# q returns to the list at the row it left; ? then Esc too.
tmux_keys q
tmux_wait " 4/21"
tmux_wait "csconsole · aiko"
tmux_keys '?'
tmux_wait "csconsole · keys"
tmux_keys Escape
tmux_wait " 4/21"
# ? in the help screen closes it as well.
tmux_keys '?'
tmux_wait "csconsole · keys"
tmux_keys '?'
tmux_wait " 4/21"

# The account view's help: note selection and Esc, no sorting or filtering.
tmux_resize 120 45
tmux_keys Enter
tmux_wait "back"
tmux_keys '?'
tmux_wait "csconsole · keys · detail"
tmux_wait "Quit at once"                   # the last row: the screen is whole
tmux_wait_re '^ Tab, \] +next-note +Select the next note'
grep -qE '^ Esc +close +Close the current view' "$screen" || fail "close row in the account view"
grep -qE '^ a +schedule ' "$screen" || fail "schedule row in the account view"
assert_not_contains "$screen" "sort-next"
assert_not_contains "$screen" "filter-clear"
tmux_keys Escape
tmux_wait "back"
tmux_keys Escape
tmux_wait " 4/21"

# The risks view's help: change and resolve, no portfolio keys.
tmux_keys i
tmux_wait "Risks ·"
tmux_keys '?'
tmux_wait "csconsole · keys · risks"
tmux_wait "Quit at once"
tmux_wait_re '^ c +change-risk +Change the risk'
grep -qE '^ d +done ' "$screen" || fail "done (resolve) row in the risks view"
grep -qE '^ Esc +close ' "$screen" || fail "close row in the risks view"
for a in sort-next filter-clear schedule undo next-note reviewed; do
  grep -qE "^ [^ ]+ +$a " "$screen" && fail "$a in the risks view's help"
done
tmux_keys Escape
tmux_wait "Risks ·"
tmux_keys Escape
tmux_wait " 4/21"
tmux_keys q
tmux_wait "__EXIT:0"
