# scope_rows.sh - a scope drawn from the team's rows, fetched in the
# background once the console is open (book_prefetch, book_subset), is the
# same screen as the scope's own query at start-up: s cycles mine ->
# covering -> team -> main -> mine, and mine is drawn again from the team's
# rows. The screens compared are settled ones (two captures alike), not a
# frame caught half drawn.
. "$(dirname "$0")/../lib.sh"

setup_console_book
echo "columns: [account, role, other, health, trend, delta, risk, renewal, days, next]" >> "$T/csconsole.yaml"

# settled FILE: the screen, once two captures in a row agree
settled() {
  i=0
  tmux_screen > "$1.a"
  while :; do
    sleep 0.1
    tmux_screen > "$1"
    cmp -s "$1" "$1.a" && return 0
    mv "$1" "$1.a"
    i=$((i + 1)); [ $i -lt 50 ] || fail "the screen never settled"
  done
}

tmux_start 120 40 "$CSC"
tmux_wait_re "mine · by attention  1/[0-9]+$"
settled "$T/query.txt"
tmux_keys s
tmux_wait "scope covering:"
tmux_keys s
tmux_wait "scope team:"
tmux_keys s
tmux_wait "scope main:"
tmux_keys s
tmux_wait "scope mine:"
# the message line differs ("scope mine: N accounts"); the rows and the header must not
settled "$T/subset.txt"
head -n 38 "$T/query.txt" > "$T/query.rows"
head -n 38 "$T/subset.txt" > "$T/subset.rows"
diff "$T/query.rows" "$T/subset.rows" > "$T/rows.diff" ||
  { cat "$T/rows.diff"; fail "the mine scope from the team's rows differs from its own query"; }
tmux_keys q
tmux_wait "__EXIT:0"
