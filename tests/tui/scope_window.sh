# scope_window.sh - the team asked for right after opening, before its
# background fetch is done: the console shows the team's first rows at once
# (book_window), says the counts are loading, and when the fetch lands puts
# the whole book in place with the same rows on the screen, the cursor where
# it was and the count; also in a sort the fetch did not find first (its
# own scan). A key that needs every row (the end of the list) waits for
# the fetch. CSCONSOLE_PREFETCH_HOLD=FILE holds the fetch of every
# row until FILE exists (a test hook, book_prefetch.c), so each state is
# waited for, never raced.
. "$(dirname "$0")/../lib.sh"

setup_console_book
team=$("$CSC" accounts --scope team --format csv | tail -n +2 | wc -l)
[ "$team" -gt 40 ] || fail "the sample team has $team accounts: too few for a window of 2 x 20 rows"

# rows FILE: the account rows of a capture (the title line to the row above the status line)
rows() { sed -n '3,18p' "$1"; }
# same_rows WINDOW WHOLE WHAT: the two captures show the same account rows
same_rows() {
  rows "$1" > "$T/window.rows"
  rows "$2" > "$T/whole.rows"
  diff "$T/window.rows" "$T/whole.rows" > "$T/rows.diff" || { cat "$T/rows.diff"; fail "$3"; }
}
# start_held: a new console on my accounts (the last one's server gone),
# the team's fetch held until $T/hold exists
start_held() {
  tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
  rm -f "$T/hold"
  tmux_start 100 20 "env CSCONSOLE_PREFETCH_HOLD=$T/hold $CSC"
  tmux_wait_re "mine · by attention  1/[0-9]+$"
}
quit() {
  tmux_keys q
  tmux_wait "__EXIT:0"
}

# --- the window, then the whole book in its place ---------------------------
start_held
tmux_keys s
tmux_wait "scope covering:"
tmux_keys s
tmux_wait_all "scope team: the first accounts, the rest still loading" "the team's accounts are loading" \
  "team · by attention · loading  1/…"
tmux_screen > "$T/window.txt"
assert_not_contains "$T/window.txt" "overdue"       # no counts until every row is there
tmux_keys j j
tmux_wait "loading  3/…"
tmux_screen > "$T/window3.txt"
touch "$T/hold"
tmux_wait_re "team · by attention  3/$team\$"
tmux_wait_re "[0-9]+ accounts: [0-9]+ main"
tmux_screen > "$T/whole.txt"
same_rows "$T/window3.txt" "$T/whole.txt" "the whole book moved the rows shown from the window"
# and they are the team's first rows in the attention order, as the CLI gives them
"$CSC" accounts --scope team --sort attention --format csv | tail -n +2 | head -n 3 | cut -d'"' -f2 > "$T/cli.names"
while read -r name; do
  grep -qF -- "$name" "$T/whole.rows" || fail "the team's account $name is not among the first rows"
done < "$T/cli.names"
quit

# --- another sort than the fetch found first: the window from its own scan --
start_held
tmux_keys r
tmux_wait_re "mine · by attention ▼  [0-9]+/[0-9]+$"
tmux_keys s s
tmux_wait_all "the team's accounts are loading" "team · by attention ▼ · loading  1/…"
tmux_screen > "$T/window.txt"
touch "$T/hold"
tmux_wait_re "team · by attention ▼  1/$team\$"
tmux_wait_re "[0-9]+ accounts: [0-9]+ main"
tmux_screen > "$T/whole.txt"
same_rows "$T/window.txt" "$T/whole.txt" "reversed: the whole book moved the rows shown from the window"
quit

# --- a key that needs every row waits for them -----------------------------
start_held
tmux_keys s s
tmux_wait "team · by attention · loading  1/…"
tmux_keys G
sleep 0.3
touch "$T/hold"
tmux_wait_re "team · by attention  $team/$team\$"
quit
