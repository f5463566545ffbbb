# log.sh - the after-call form (l): a call logged with kind, sentiment, a
# summary in Japanese, a note written by a scripted $EDITOR, a risk with its
# own text and the next touchpoint in one sequence of keys, then seen in the
# detail view and in `csconsole show`; a bad date explained beside the field
# with the rest of the form kept; a failing editor keeps the note; Esc asks
# before discarding (tests/tui/form_*.sh test each of these further).
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
ANCHOR=$(cat "$T/shared/ANCHOR")
iso() { date -ud "$ANCHOR $1" +%Y-%m-%d; }

# the scripted editor: writes two lines (one Japanese) into the file it gets
cat > "$T/editor.sh" <<'EOF'
#!/bin/sh
printf 'Price increase of 8%% discussed.\n次回は部長も同席。\n' > "$1"
EOF
chmod +x "$T/editor.sh"

notes() { "$CSC" show ACC-0005 --format json | grep -c '"summary"'; }
before=$(notes)

tmux_start 110 36 env EDITOR="$T/editor.sh" "$CSC"
tmux_wait " 1/21"
# select ACC-0005 by searching its name
tmux_keys / "みなと" Enter
tmux_wait '1 account matches "みなと"'

# --- one sequence: kind, sentiment, summary, note, risk, next touchpoint -------
tmux_keys l
tmux_wait "Log a touch · 株式会社みなとメディカルシステムズ (ACC-0005)"
# the next touchpoint: the high-touch cadence says +14 days, but ACC-0005
# renews on 2026-12-14: 14 days before it (cadence.renewal_lead_days)
tmux_wait "2026-11-30: 14 days before the renewal on 2026-12-14"
tmux_keys m Tab 2 Tab Tab "価格改定の説明 call" Tab Enter
tmux_wait "Price increase of 8% discussed. (2 lines)"
tmux_keys Tab Right Tab h Tab "効果が見えない" Tab C-u "+10d"
tmux_wait "$(iso '+10 days') (in 10 days)"
tmux_keys Enter
tmux_wait "logged meeting with ACC-0005 · next touch $(iso '+10 days') (moved)"
# the list shows the new next touchpoint and the risk
grep -F " 株式会社みなと" "$screen" | grep -qF "in 10d" || fail "the list does not show the moved touchpoint"

# the detail view's timeline has the note, its sentiment and its author
tmux_keys Enter
tmux_wait "ACC-0005 · 株式会社みなと"
i=0
until grep -qF "価格改定の説明 call" "$screen"; do    # the notes are below the fold
  i=$((i + 1)); [ $i -le 8 ] || fail "the note is not in the detail view"
  tmux_keys PgDn; sleep 0.2; tmux_screen > "$screen"
done
grep -F "価格改定の説明 call" "$screen" | grep -qF "aiko" || fail "the note's line does not name aiko"
tmux_keys q
tmux_wait "/みなと (1)"
tmux_keys q
tmux_wait "__EXIT:0"
[ "$(notes)" -eq $((before + 1)) ] || fail "expected one more note in csconsole show"
"$CSC" show ACC-0005 > "$T/show.txt"
assert_contains "$T/show.txt" "価格改定の説明 call"
assert_contains "$T/show.txt" "次回は部長も同席。"
assert_contains "$T/show.txt" "outcome_not_reached"
assert_contains "$T/show.txt" "効果が見えない"
# and in the agenda: the renewal of ACC-0005 has had its touch (it leaves the
# renewals), and the moved touchpoint is in the calendar on its new day
"$CSC" agenda --no-mark > "$T/agenda.txt"
! grep -F "株式会社みなとメディカル" "$T/agenda.txt" | grep -q "renews in" ||
  fail "ACC-0005's renewal is still listed as untouched"
"$CSC" agenda --format ics > "$T/cal.ics"
# unfold (RFC 5545: CRLF + space continues a line), then the events of ACC-0005
tr -d '\r' < "$T/cal.ics" | awk '/^ / { line = line substr($0, 2); next }
  { if (NR > 1) print line; line = $0 } END { print line }' |
  awk '/^BEGIN:VEVENT/ { d = ""; s = "" } /^DTSTART/ { d = $0 } /^SUMMARY/ { s = $0 }
    /^END:VEVENT/ && s ~ /\(ACC-0005\)/ { print d }' > "$T/acc5.txt"
grep -qx "DTSTART;VALUE=DATE:$(iso '+10 days' | tr -d -)" "$T/acc5.txt" ||
  { cat "$T/acc5.txt"; fail "the calendar has no ACC-0005 touchpoint on $(iso '+10 days')"; }
tmux -L "$TMUX_SOCK" kill-session -t t

# --- a bad date is explained in place; nothing else is lost ----------------------
tmux_start 110 36 env EDITOR=false "$CSC"
tmux_wait " 1/21"
tmux_keys l
tmux_wait "Log a touch"
tmux_keys Tab Tab C-u "2026-13-45" Tab "Quick check-in"
# typed, then Enter on its own: text and Enter in one burst is a paste in a form (input.c)
tmux_wait "Quick check-in"
tmux_keys Enter
tmux_wait 'date: "2026-13-45" is not a date'
tmux_wait "Quick check-in"
# a failing editor: the note stays as it was, the form stays open
tmux_keys Tab Tab Enter
tmux_wait "the editor (false) failed (status 1): the note is unchanged"
tmux_wait "Quick check-in"
# Esc asks first; y discards: nothing was saved
tmux_keys Escape
tmux_wait "discard your changes? y/n"
tmux_keys y
tmux_wait " 1/21"
tmux_keys q
tmux_wait "__EXIT:0"
"$CSC" show ACC-0004 > "$T/show4.txt"
assert_not_contains "$T/show4.txt" "Quick check-in"
exit 0
