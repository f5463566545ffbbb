# paste.sh - a paste is text, never keys (bracketed paste, through tmux's
# paste-buffer -p): three lines pasted into the log form's summary go to the
# note, whole, and save nothing by themselves; a paste in the portfolio
# opens nothing and says it was not used.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
notes() { "$CSC" show ACC-0005 --format json | grep -c '"summary"'; }
done_touches() { "$CSC" dump | grep -c '"type":"touch.done"' || true; }
# two touchpoints due today: a save (Enter) would mark them done, a paste must not
"$CSC" touch ACC-0005 --due today --kind call > /dev/null
"$CSC" touch ACC-0005 --due today --kind email > /dev/null
before=$(notes)
done_before=$(done_touches)

tmux_start 110 36 "$CSC"
tmux_wait " 1/21"
tmux_keys / "みなと" Enter
tmux_wait '1 account matches "みなと"'

# --- in the portfolio: nothing happens, and the status line says so --------------
printf 'ACC-0003\nq\nq\n' > "$T/list.txt"
tmux -L "$TMUX_SOCK" load-buffer -b p "$T/list.txt"
tmux -L "$TMUX_SOCK" paste-buffer -p -b p -t t
tmux_wait "the paste was not used"
tmux_wait "by attention"
! grep -qF "ACC-0003 ·" "$screen" || fail "the paste opened an account"

# --- in the log form's summary: the lines go to the note ------------------------
tmux_keys l
tmux_wait "Log a touch · 株式会社みなとメディカルシステムズ (ACC-0005)"
tmux_keys Tab Tab Tab "QBR"
printf 'Budget approved for Q1.\n次回は部長も同席。\nSend the deck by Friday.\n' > "$T/paste.txt"
tmux -L "$TMUX_SOCK" load-buffer -b p "$T/paste.txt"
tmux -L "$TMUX_SOCK" paste-buffer -p -b p -t t
tmux_wait "pasted 3 lines into the note (the field takes one line)"
# the form is still open: the paste's line ends saved nothing
grep -qF "Log a touch ·" "$screen" || fail "the form closed under the paste"
[ "$(notes)" -eq "$before" ] || fail "a note was saved by the paste"
[ "$(done_touches)" -eq "$done_before" ] || fail "touchpoints were marked done by the paste"
grep -qF "Budget approved for Q1. (3 lines)" "$screen" || fail "the note does not show the pasted lines"
# one line pasted into the summary goes in at the cursor
printf ' and renewal' > "$T/one.txt"
tmux -L "$TMUX_SOCK" load-buffer -b p "$T/one.txt"
tmux -L "$TMUX_SOCK" paste-buffer -p -b p -t t
tmux_wait "QBR and renewal"
tmux_keys Enter
tmux_wait "logged call with ACC-0005"
# the save (not the paste) answered the two touchpoints due today
[ "$(done_touches)" -eq $((done_before + 2)) ] || fail "the save did not mark the two due touchpoints done"
"$CSC" show ACC-0005 --format json > "$T/show.json"
grep -qF '"QBR and renewal"' "$T/show.json" || fail "the summary is not saved"
grep -qF 'Budget approved for Q1.\n次回は部長も同席。\nSend the deck by Friday.' "$T/show.json" ||
  { grep -F "Budget" "$T/show.json"; fail "the note does not hold the three lines"; }
exit 0
