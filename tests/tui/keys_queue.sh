# keys_queue.sh - keys pressed while the team's rows load never freeze the
# console. Switched to the team before its background fetch is done (its
# first rows shown, the rest loading), a key that needs every row (a sort,
# the end of the list) is queued and the status line says what waits; keys
# typed behind it are queued too, in order (a Japanese character and a paste
# as entered); q quits and Esc drops the queue at once. When the rows land the queue is replayed: the settled screen is
# the one the same keys give pressed after the load. The fetch is held
# (CSCONSOLE_PREFETCH_HOLD=FILE: until FILE exists) for as long as the test
# wants: a console that waited for it would never update the status line,
# so every wait below on a screen drawn while held proves it did not freeze.
. "$(dirname "$0")/../lib.sh"

setup_console_book
team=$("$CSC" accounts --scope team --format csv | tail -n +2 | wc -l)
[ "$team" -gt 40 ] || fail "the sample team has $team accounts: too few for a window of 2 x 20 rows"

# to_team: from the console just opened (mine), the scope key twice.
to_team() {
  tmux_wait_re "mine · by attention  1/[0-9]+$"
  tmux_keys s
  tmux_wait "scope covering:"
  tmux_keys s
}
# settle FILE: polls until the screen is FILE's (sync age masked), then
# compares: the whole settled state, never a frame half drawn.
settle() {
  _screen_masked "$1" > "$T/want.txt"
  i=0
  while [ $i -lt 100 ]; do
    tmux_screen > "$T/screen.txt" 2>/dev/null || true
    _screen_masked "$T/screen.txt" | cmp -s "$T/want.txt" - && return 0
    sleep 0.1; i=$((i + 1))
  done
  _screen_masked "$T/screen.txt" > "$T/got.txt"
  diff -u "$T/want.txt" "$T/got.txt"
  fail "$2"
}
stop() { tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true; }

# --- the reference: j > j j pressed once the whole team is there ------------
rm -f "$T/hold"
tmux_start 100 20 "$CSC"
to_team
tmux_wait_all "team · by attention  1/$team" "accounts:"
tmux_keys j
tmux_wait "team · by attention  2/$team"
tmux_keys '>'
tmux_wait_re "team · by [a-z]+  [0-9]+/$team\$"
tmux_wait_gone "team · by attention"
tmux_keys j j
sleep 0.5   # two moves: nothing to wait for on the screen but their end
tmux_screen > "$T/after.txt"
grep -qE "team · by [a-z]+  [0-9]+/$team\$" "$T/after.txt" || { cat "$T/after.txt"; fail "no settled reference screen"; }
stop

# --- the same keys while the fetch is held ----------------------------------
tmux_start 100 20 "env CSCONSOLE_PREFETCH_HOLD=$T/hold $CSC"
to_team
tmux_wait "team · by attention · loading  1/…"
tmux_keys j                                     # within the first rows: at once
tmux_wait "team · by attention · loading  2/…"
tmux_keys '>'                                   # needs every row: queued, said at once
tmux_wait_re "sort by [a-z]+ once the team loads; Esc cancels"
tmux_keys j                                     # behind the sort: queued too, not moved
tmux_wait "(+1 key) once the team loads"
tmux_keys j
tmux_wait "(+2 keys) once the team loads"
tmux_keys C-l                                   # a redraw at once, the queue still said
tmux_wait_all "(+2 keys) once the team loads" "team · by attention · loading  2/…"
touch "$T/hold"
settle "$T/after.txt" "the queue replayed after the load is not the screen of the same keys pressed then"
tmux_keys q
tmux_wait "__EXIT:0"
stop

# --- a search typed while held: the input at once, its Enter waits --------
# A name further down the team than the window's rows, and a text nothing
# matches (the Enter refused: the input stays open with why, as after the
# load). Each against the same keys pressed once the team is there.
name=$("$CSC" accounts --scope team --sort attention --format csv | tail -n +2 | sed -n '50,$p' |
  cut -d'"' -f2 | grep -E '^[A-Za-z][A-Za-z .]+$' | head -n 1)
[ -n "$name" ] || fail "no ASCII name below the window in the sample team"
for text in "$name" "zzqx nothing"; do
  rm -f "$T/hold"
  tmux_start 100 20 "$CSC"
  to_team
  tmux_wait_all "team · by attention  1/$team" "accounts:"
  tmux_keys /
  tmux_keys -l "$text"
  tmux_wait "/$text"
  tmux_keys Enter
  sleep 0.5   # the Enter's result: a match selected, or the refusal beside the input
  tmux_screen > "$T/after.txt"
  stop
  tmux_start 100 20 "env CSCONSOLE_PREFETCH_HOLD=$T/hold $CSC"
  to_team
  tmux_wait "team · by attention · loading  1/…"
  tmux_keys /
  tmux_keys -l "$text"
  tmux_wait "/$text"
  tmux_keys Enter
  tmux_wait "search \"$text\" once the team loads; Esc cancels"
  touch "$T/hold"
  settle "$T/after.txt" "the search \"$text\" typed while the team loaded did not end as typed after it"
  stop
done

# --- Japanese typed and pasted behind a waiting key: replayed as entered ----
# G waits; /, a Japanese text and Enter wait behind it, the text typed (one
# key a character) or pasted (bracketed: the terminal says it is text).
# Each against the same keys pressed once the team is there.
jtext=東都精機
enter_text() {   # enter_text typed|pasted
  if [ "$1" = typed ]; then
    tmux_keys -l "$jtext"
  else
    printf '%s' "$jtext" > "$T/paste.txt"
    tmux -L "$TMUX_SOCK" load-buffer -b p "$T/paste.txt"
    tmux -L "$TMUX_SOCK" paste-buffer -p -b p -t t
  fi
}
for how in typed pasted; do
  rm -f "$T/hold"
  tmux_start 100 20 "$CSC"
  to_team
  tmux_wait_all "team · by attention  1/$team" "accounts:"
  tmux_keys G
  tmux_wait "team · by attention  $team/$team"
  tmux_keys /
  enter_text "$how"
  tmux_wait "/$jtext"
  tmux_keys Enter
  sleep 0.5   # the Enter's result: the match selected
  tmux_screen > "$T/after.txt"
  stop
  tmux_start 100 20 "env CSCONSOLE_PREFETCH_HOLD=$T/hold $CSC"
  to_team
  tmux_wait "team · by attention · loading  1/…"
  tmux_keys G
  tmux_wait "Go to the last row once the team loads"
  tmux_keys /
  tmux_wait "Go to the last row (+1 key) once the team loads"
  enter_text "$how"
  tmux_keys Enter
  # / and Enter, and the text: 4 keys typed, or one paste
  if [ "$how" = typed ]; then waiting=6; else waiting=3; fi
  tmux_wait "Go to the last row (+$waiting keys) once the team loads"
  touch "$T/hold"
  settle "$T/after.txt" "Japanese $how behind a waiting key did not end as $how after the load"
  stop
done

# --- the scope key leaves the loading team at once (main: its own query) ----
rm -f "$T/hold"
tmux_start 100 20 "env CSCONSOLE_PREFETCH_HOLD=$T/hold $CSC"
to_team
tmux_wait "team · by attention · loading  1/…"
tmux_keys s
main=$("$CSC" accounts --scope main --format csv | tail -n +2 | wc -l)
tmux_wait_all "scope main: $main accounts" "main · by attention  1/$main"
tmux_keys q
tmux_wait "__EXIT:0"
stop

# --- q while keys wait: quits at once, exit 0 --------------------------------
rm -f "$T/hold"
tmux_start 100 20 "env CSCONSOLE_PREFETCH_HOLD=$T/hold $CSC"
to_team
tmux_wait "team · by attention · loading  1/…"
tmux_keys G
tmux_wait "Go to the last row once the team loads; Esc cancels"
tmux_keys q
tmux_wait "__EXIT:0" 3
stop

# --- Esc drops what waits; the prompts open at once, their Enter waits ------
rm -f "$T/hold"
tmux_start 100 20 "env CSCONSOLE_PREFETCH_HOLD=$T/hold $CSC"
to_team
tmux_wait "team · by attention · loading  1/…"
tmux_keys G j
tmux_wait "Go to the last row (+1 key) once the team loads"
tmux_keys Escape
tmux_wait "cancelled: 2 keys that waited for the team's accounts"
tmux_keys f                                     # the filter's input, at once
tmux_wait "filter: "
tmux_keys band:red Enter
tmux_wait "filter band:red once the team loads"
touch "$T/hold"
red=$("$CSC" accounts --scope team --band red --format csv | tail -n +2 | wc -l)
tmux_wait_all "band:red: $red of $team accounts" "team · by attention · band:red  1/$red"
tmux_keys q
tmux_wait "__EXIT:0"
