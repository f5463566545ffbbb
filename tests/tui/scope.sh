# scope.sh - s cycles the scope (mine -> covering -> team -> main -> mine),
# o filters by owner through the status-line input, F clears it; the status
# line always shows the scope, the sort and the filter. Counts come from the
# sample feed.
. "$(dirname "$0")/../lib.sh"

setup_console_book
# the role and other-owner columns, whatever the width hides by default
echo "columns: [account, role, other, health, days]" >> "$T/csconsole.yaml"
screen=$T/screen.txt
# status_is TEXT N: the status line ends with TEXT, then "  SEL/N" (the
# selection stays on its account when the scope changes)
status_is() {
  tmux_wait "$1  "
  tmux_wait_line '$' "$1  [0-9]+/$2\$"
}

# owners.txt: "main sub" per account of the feed
awk '/^  - id:/ { if (m != "") print m, s; m = ""; s = "" }
     /main_owner:/ { m = $2 } /sub_owner:/ { s = $2 } END { print m, s }' \
  "$T/shared/feeds/accounts.yaml" > "$T/owners.txt"
count() { awk "$1" "$T/owners.txt" | wc -l | tr -d ' '; }
all=$(count '1')
main=$(count '$1 == "aiko"')
mine=$(count '$1 == "aiko" || $2 == "aiko"')
ken_team=$(count '$1 == "ken" || $2 == "ken"')
ken_mine=$(count '($1 == "aiko" || $2 == "aiko") && ($1 == "ken" || $2 == "ken")')
[ "$ken_mine" -gt 0 ] && [ "$ken_mine" -lt "$mine" ] || fail "the sample book changed: ken shares $ken_mine of $mine"

tmux_start 120 30 "$CSC"
tmux_wait "mine · by attention  1/$mine"
tmux_wait_line 3 '^ ACCOUNT +ROLE +OTHER +HEALTH +DAYS$'
# nobody is absent today in the sample book: the covering scope is empty
tmux_keys s
tmux_wait "scope covering: 0 accounts"
tmux_wait "no accounts in scope covering"
assert_contains "$screen" "s changes the scope"
tmux_keys s
status_is "team · by attention" "$all"
tmux_keys s
status_is "main · by attention" "$main"
grep -qE '^ .* +sub +' "$screen" && fail "a sub-owned row in the main scope"
tmux_keys s
status_is "mine · by attention" "$mine"

# The owner input: the cursor shows; a handle nobody has is refused and kept.
tmux_keys o
tmux_wait "owner (empty for all):"
[ "$(tmux_fmt '#{cursor_flag}')" = 1 ] || fail "the input should show the cursor"
tmux_keys n o b o d y Enter
tmux_wait "no account of the team has nobody as main or sub owner"
tmux_wait "owner (empty for all): nobody"
tmux_keys BSpace BSpace BSpace BSpace BSpace BSpace k e n Enter
status_is "mine · by attention · owner:ken" "$ken_mine"
assert_contains "$screen" "owner ken: $ken_mine accounts in scope mine"
[ "$(tmux_fmt '#{cursor_flag}')" = 0 ] || fail "the cursor should hide again"
# every row shown has ken as the other owner (aiko holds the other role)
n=$(sed -n "4,$((3 + ken_mine))p" "$screen" | grep -cE ' (main|sub) +ken ')
[ "$n" -eq "$ken_mine" ] || fail "$n of $ken_mine rows show ken as the other owner"
# the filter holds across scopes
tmux_keys s s
status_is "team · by attention · owner:ken" "$ken_team"
# the input starts with the filter in force; C-u empties it; Enter clears
tmux_keys o
tmux_wait "owner (empty for all): ken"
tmux_keys C-u Enter
tmux_wait "owner filter cleared"
status_is "team · by attention" "$all"
# Esc leaves the filter as it was
tmux_keys o e m i l y
tmux_wait "owner (empty for all): emily"
tmux_keys Escape
# Esc then a key at once is Alt (input.c): the input closes before the next key
i=0; while tmux_screen | grep -qF "owner (empty for all)"; do
  i=$((i + 1)); [ $i -lt 50 ] || fail "Esc did not close the input"; sleep 0.1; done
status_is "team · by attention" "$all"
# F clears the owner filter too
tmux_keys o k e n Enter
status_is "team · by attention · owner:ken" "$ken_team"
tmux_keys F
tmux_wait "filters and search cleared: $all accounts"
status_is "team · by attention" "$all"
tmux_keys q
tmux_wait "__EXIT:0"
