# form_keep.sh - what is typed in the log form survives: an editor that
# fails (EDITOR=false) or is missing (EDITOR=/nonexistent) keeps the note and
# every field, and says why; one that fails after writing keeps what it
# wrote in its file and names it; a refused field (a next touch in the past)
# keeps everything typed, with the focus on that field; a resize and a sync
# finishing in the background keep every field as typed, and so do Ctrl-Z
# and fg; then the form saves exactly what was typed.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
db=$T/db/csconsole.db
command -v sqlite3 >/dev/null || { echo "sqlite3 not installed"; exit 77; }

# the form's text fields and the note's preview are all on screen
form_intact() { # WHEN
  for want in "Summary      Renewal call, budget" "Risk text    CFO froze spending" \
              "Date         yesterday" "Note         First line. (2 lines)" \
              "< budget >"; do
    grep -qF "$want" "$screen" || { cat "$screen"; fail "$1: \"$want\" is not on the form any more"; }
  done
}
# the cursor is on the screen line holding TEXT
cursor_on() { # TEXT
  want=$(grep -nF "$1" "$screen" | head -1 | cut -d: -f1)
  [ "$(tmux_fmt '#{cursor_y}')" -eq $((want - 1)) ] ||
    fail "the cursor is on line $(($(tmux_fmt '#{cursor_y}') + 1)), not on \"$1\" (line $want)"
}
# fill: kind meeting, sentiment 4, date yesterday, a summary, a two-line
# note (pasted), risk budget with its text
fill() {
  tmux_keys m Tab 4 Tab C-u yesterday Tab "Renewal call, budget"
  printf 'First line.\nSecond line.\n' > "$T/paste.txt"
  tmux -L "$TMUX_SOCK" load-buffer -b p "$T/paste.txt"
  tmux -L "$TMUX_SOCK" paste-buffer -p -b p -t t
  tmux_wait "First line. (2 lines)"
  tmux_keys Tab Tab b u d Tab Tab "CFO froze spending"
  tmux_wait "Risk text    CFO froze spending"
}

# an editor that writes, then fails (as vim's :cq)
cat > "$T/fails.sh" <<'EOS'
#!/bin/sh
printf 'Words typed before the crash\n' > "$1"
exit 3
EOS
chmod +x "$T/fails.sh"

# --- an editor that fails, one that is missing, one that fails after writing ---------
for editor in false /nonexistent "$T/fails.sh"; do
  tmux_start 110 36 env EDITOR=$editor "$CSC"
  tmux_wait " 1/21"
  tmux_keys l
  tmux_wait "Log a touch · 東都精機"
  fill
  tmux_keys Up Up Up Enter           # Risk text -> Severity -> Risk -> Note: the editor
  case $editor in
    false) tmux_wait "the editor (false) failed (status 1): the note is unchanged" ;;
    "$T/fails.sh")
      tmux_wait "kept in /tmp/csconsole-note-"
      tmux_wait "the editor ($T/fails.sh) failed (status 3): the note is unchanged;"
      kept=$(grep -o "/tmp/csconsole-note-[A-Za-z0-9]*" "$screen" | head -1)
      [ "$(cat "$kept")" = "Words typed before the crash" ] || fail "the file $kept does not hold what was written"
      rm -f "$kept" ;;
    *) tmux_wait "the editor (/nonexistent) was not found: set \$VISUAL or \$EDITOR; the note is unchanged" ;;
  esac
  form_intact "after EDITOR=$editor"
  tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
  sleep 0.2
done

# --- a refused field, a resize, a sync finishing: nothing lost ------------------------
tmux_start 110 36 "$CSC"
tmux_wait " 1/21"
# another process holds the database's write lock: the sync started now
# waits for it and finishes while the form is open
mkfifo "$T/hold"
(sqlite3 "$db" < "$T/hold" > "$T/sqlite.out" 2>&1) &
exec 4> "$T/hold"
printf ".timeout 8000\nBEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES('held', '1');\n" >&4
i=0; while sqlite3 "$db" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 100 ] || fail "could not lock the database"; sleep 0.1
done
tmux_keys R
tmux_wait "syncing"
tmux_keys l
tmux_wait "Log a touch · 東都精機"
fill
tmux_keys Tab C-u "2026-11-01"
tmux_wait "2026-11-01"
tmux_keys Enter        # apart: a burst ending in Enter is a paste (tui.c), never a save
tmux_wait "next touchpoint: a day from today (2026-11-23) on"
form_intact "after the refusal"
cursor_on "Next touch   2026-11-01"
# the sync ends (the lock is let go): the views reload, the form stays as typed
echo "ROLLBACK;" >&4
exec 4>&-
wait
tmux_wait "sync: 5 files: 5 unchanged" 20
form_intact "after the sync"
assert_contains "$screen" "Next touch   2026-11-01"
# a resize, smaller and back
tmux_resize 80 30
tmux_wait "Log a touch"
tmux_resize 110 36
tmux_wait "Next touch   2026-11-01"
form_intact "after a resize"
cursor_on "Next touch   2026-11-01"
# fixed, it saves exactly what was typed
tmux_keys C-u "+7d"
tmux_wait "(in 7 days)"
tmux_keys Enter
tmux_wait "logged meeting with ACC-0004"
"$CSC" dump | grep -F '"summary":"Renewal call, budget"' > "$T/note.txt" || fail "the note is not saved"
assert_contains "$T/note.txt" '"kind":"meeting","sentiment":4,'
assert_contains "$T/note.txt" '"text":"First line.\nSecond line."'
assert_contains "$T/note.txt" '"touch_day":"2026-11-22"'
"$CSC" dump | grep -F '"type":"risk.open"' | grep -F '"account":"ACC-0004"' > "$T/risk.txt" ||
  fail "no risk opened"
assert_contains "$T/risk.txt" '"category":"budget"'
assert_contains "$T/risk.txt" '"text":"CFO froze spending"'
tmux_keys q
tmux_wait "__EXIT:0"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
sleep 0.2

# --- Ctrl-Z and fg in an interactive shell: the form comes back as typed --------------
command -v bash >/dev/null || { echo "bash not installed: the Ctrl-Z part is skipped"; exit 0; }
tmux_start 110 36 bash --norc --noprofile -i
tmux_keys "\"$CSC\"" Enter
tmux_wait " 1/21"
tmux_keys / "東都精機" Enter     # the note saved above moved it down the list
tmux_wait '1 account matches "東都精機"'
tmux_keys l
tmux_wait "Log a touch · 東都精機"
fill
tmux_keys C-z
tmux_wait "Stopped"
tmux_keys "fg" Enter
tmux_wait "Log a touch · 東都精機"
form_intact "after Ctrl-Z and fg"
exit 0
