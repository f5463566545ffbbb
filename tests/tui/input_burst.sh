# input_burst.sh - without bracketed paste (tmux send-keys writes keys and
# never wraps them), a burst of text that holds line ends is a paste, never
# keys: in the list it opens nothing (and l with a line after it opens the
# log form, the line going into it); in the log form three lines go to the
# note and save nothing, and one line ending in Enter does not save the form
# either. An Enter after a pause (a person) still saves.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
notes() { "$CSC" show ACC-0005 --format json | grep -c '"summary"'; }
done_touches() { "$CSC" dump | grep -c '"type":"touch.done"' || true; }
before=$(notes)
done_before=$(done_touches)
nl='
'

tmux_start 110 36 "$CSC"
tmux_wait " 1/21"
tmux_keys / "みなと" Enter
tmux_wait '1 account matches "みなと"'

# --- in the portfolio: the burst opens nothing, and the status line says so ---------
tmux_keys -l "ACC-0003${nl}q${nl}q${nl}"
tmux_wait "the paste was not used"
tmux_wait "by attention"

# --- one line and its Enter from the list: l opens the form, the rest is text in it ---
tmux_keys -l "lQuick note${nl}"
tmux_wait "pasted 1 line into the note"
tmux_wait "Log a touch · 株式会社みなとメディカルシステムズ (ACC-0005)"   # open, not saved
[ "$(notes)" -eq "$before" ] || fail "a note was saved by the burst from the list"

# --- in the log form's summary: three lines in one burst go to the note --------------
tmux_keys Tab Tab Tab
tmux_keys -l "line one${nl}line two${nl}line three"
tmux_wait "pasted 3 lines into the note (the field takes one line)"
tmux_wait "Log a touch ·"
grep -qF "Quick note (4 lines)" "$screen" || fail "the note does not show the four lines"
[ "$(notes)" -eq "$before" ] || fail "a note was saved by the burst"
[ "$(done_touches)" -eq "$done_before" ] || fail "touchpoints were marked done by the burst"

# --- one line and its Enter in one burst: the text goes in, the form stays open ------
tmux_keys -l "QBR recap${nl}"
tmux_wait "QBR recap"
tmux_wait "Log a touch ·"
[ "$(notes)" -eq "$before" ] || fail "a note was saved by the one-line burst"

# --- Enter on its own saves, with every line -------------------------------------------
tmux_keys Enter
tmux_wait "logged call with ACC-0005"
"$CSC" show ACC-0005 --format json > "$T/show.json"
grep -qF '"QBR recap"' "$T/show.json" || fail "the summary is not saved"
grep -qF 'Quick note\nline one\nline two\nline three' "$T/show.json" ||
  { grep -F "line" "$T/show.json"; fail "the note does not hold the three lines"; }
exit 0
