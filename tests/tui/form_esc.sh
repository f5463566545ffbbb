# form_esc.sh - Esc in the log form never loses work. With nothing changed
# it closes the form at once; a change of the kind alone, or of the
# sentiment alone, makes it ask "discard your changes? y/n": n (or Esc)
# keeps the form with everything as it was, y closes it and saves nothing.
# A change put back is no change.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
notes() { "$CSC" dump | grep -c '"type":"note.add"' || true; }
before=$(notes)

tmux_start 110 36 "$CSC"
tmux_wait " 1/21"
tmux_keys / "みなと" Enter
tmux_wait '1 account matches "みなと"'

# --- nothing changed: Esc closes at once -----------------------------------------
tmux_keys l
tmux_wait "Log a touch · 株式会社みなと"
tmux_keys Escape
tmux_wait '/みなと (1)'
tmux_wait_gone "Log a touch"
assert_not_contains "$screen" "discard your changes"

# --- a change put back (Right, Left) is no change --------------------------------
tmux_keys l
tmux_wait "Log a touch · 株式会社みなと"
tmux_keys Right Left Escape
tmux_wait '/みなと (1)'
tmux_wait_gone "discard your changes"

# --- the kind alone: Esc asks; n keeps, Esc keeps, y discards -------------------
tmux_keys l
tmux_wait "Log a touch · 株式会社みなと"
tmux_keys Right                      # call -> meeting
tmux_keys Escape
tmux_wait "discard your changes? y/n"
tmux_keys n
tmux_wait "kept: the form is as you left it"
tmux_wait "Log a touch · 株式会社みなと"
assert_not_contains "$screen" "discard your changes"
tmux_keys Escape
tmux_wait "discard your changes? y/n"
tmux_keys Escape                     # Esc at the question keeps the form too
tmux_wait "kept: the form is as you left it"
tmux_wait "Log a touch · 株式会社みなと"
tmux_keys Escape
tmux_wait "discard your changes? y/n"
tmux_keys y
tmux_wait '/みなと (1)'
tmux_wait_gone "Log a touch"
[ "$(notes)" -eq "$before" ] || fail "a discarded form saved a note"

# --- the sentiment alone asks too ------------------------------------------------
tmux_keys l
tmux_wait "Log a touch · 株式会社みなと"
tmux_keys Tab 4 Escape
tmux_wait "discard your changes? y/n"
tmux_keys y
tmux_wait '/みなと (1)'
[ "$(notes)" -eq "$before" ] || fail "a discarded form saved a note"

# --- what n kept is what is saved: kind and sentiment as chosen ------------------
tmux_keys l
tmux_wait "Log a touch · 株式会社みなと"
tmux_keys Right Tab 4 Escape
tmux_wait "discard your changes? y/n"
tmux_keys n
tmux_wait "kept: the form is as you left it"
tmux_keys Tab Tab "Kept after n"
tmux_wait "Kept after n"
tmux_keys Enter        # apart: a burst ending in Enter is a paste (tui.c), never a save
tmux_wait "logged meeting with ACC-0005"
[ "$(notes)" -eq $((before + 1)) ] || fail "expected one note saved"
"$CSC" dump | grep -F '"summary":"Kept after n"' > "$T/note.txt" || fail "the note is not saved"
assert_contains "$T/note.txt" '"kind":"meeting","sentiment":4,'
tmux_keys q
tmux_wait "__EXIT:0"
exit 0
