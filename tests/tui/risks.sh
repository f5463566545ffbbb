# risks.sh - an account's risks (i): open first, each with its history from
# the events (story 2: aiko opened adoption_support as medium on A-14 and
# raised it to high on A-4); c changes the severity (the current values are
# offered, a bad one is refused with the text kept), d resolves it with a
# closing note; each change joins the history and reaches the team's events.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
ANCHOR=$(cat "$T/shared/ANCHOR")
day() { date -ud "$ANCHOR $1" +%Y-%m-%d; }

tmux_start 120 30 "$CSC"
tmux_wait " 1/21"
tmux_keys / "Blue Harbor" Enter
tmux_wait '1 account matches "Blue Harbor"'
tmux_keys i
tmux_wait "Risks · Blue Harbor Logistics (ACC-0003) · 1 open, 0 resolved"
# waited for, not grepped once: the capture may catch the screen mid-draw
tmux_wait "high    adoption_support · open since $(day '-14 days') · opened by aiko · owner aiko"
tmux_wait "$(day '-14 days')  aiko  opened: severity medium; category adoption_support"
tmux_wait "$(day '-4 days')  aiko  changed: severity high"

# c: severity, then category, then text, then owner, each offered as it is
tmux_keys c
tmux_wait "severity (low, medium, high): high"
tmux_keys C-u "severe" Enter
tmux_wait "low, medium or high"
tmux_wait "severity (low, medium, high): severe"
tmux_keys C-u "medium" Enter
tmux_wait "category: adoption_support"
tmux_keys Enter
tmux_wait "text: "
tmux_keys Enter
tmux_wait "owner: aiko"
tmux_keys C-u "nobody" Enter                     # not a CSM of the team: refused, kept
tmux_wait "no account of the team has nobody as main or sub owner"
tmux_keys C-u "ken" Enter
tmux_wait "risk changed · published at the next sync"
# the change in the history and the new owner shown, on one capture
tmux_wait_all "$(day '+0 days')  aiko  changed: severity medium; owner ken" "opened by aiko · owner ken"

# d: resolved with a closing note
tmux_keys d
tmux_wait "resolve; a closing note (optional):"
tmux_keys "SSO fixed by their IT" Enter
tmux_wait "0 open, 1 resolved"
tmux_wait "resolved $(day '+0 days') (opened $(day '-14 days') by aiko)"
# the closing note is an entry of its own in the history; the description stays
grep -qF "$(day '+0 days')  aiko  closing note: SSO fixed by their IT" "$screen" ||
  { cat "$screen"; fail "the closing note is not in the history"; }
grep -qF "Sixth weekly drop in a row" "$screen" || { cat "$screen"; fail "the risk's description was replaced"; }
tmux_keys c
tmux_wait "this risk is resolved"
tmux_keys q q q
tmux_wait "__EXIT:0"
# the same state from the shell, and the events wait for the next sync
"$CSC" show ACC-0003 --format json | tr -d ' \n' > "$T/show.json"
grep -qF '"status":"resolved","severity":"medium","category":"adoption_support","text":"Sixthweeklydropinarow' \
  "$T/show.json" || { cat "$T/show.json"; fail "csconsole show does not have the risk resolved with its text"; }
grep -qF '"closing_note":"SSOfixedbytheirIT"' "$T/show.json" || { cat "$T/show.json"; fail "no closing note in show"; }
"$CSC" show ACC-0003 > "$T/show.txt"
assert_contains "$T/show.txt" "      closing note: SSO fixed by their IT"
"$CSC" dump > "$T/dump.txt"
grep -qF "risk.resolve" "$T/dump.txt" || fail "no risk.resolve event"
exit 0
