# form_choose.sh - choosing in the log form by typing, and the days it
# shows before saving. A choice is picked by its name typed incrementally
# (at the start of any word, any case) or its first letter (again: the next
# one), Left/Right still cycle; the risk has its own text, required (the
# summary is not copied into it); a date field shows the day it resolves to
# or why it does not; the proposed next touchpoint says why that day: the
# cadence, or the renewal coming first (cadence.renewal_lead_days).
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
# the line of the screen that holds LABEL
line_of() { grep -F " $1 " "$screen" | head -1; }
# the selected choice on the line of LABEL: the last text drawn in the
# selected colours (48;5;153) there (the first is the focused label)
selected() { # LABEL
  tmux_screen_e > "$T/e.txt"
  n=$(grep -nF " $1 " "$screen" | head -1 | cut -d: -f1)
  sed -n "${n}p" "$T/e.txt" |
    sed "s/$(printf '\033')\[[0-9;]*48;5;153m/{/g; s/$(printf '\033')\[[0-9;]*m/}/g" |
    tr '{' '\n' | tail -n 1 | cut -d'}' -f1
}
expect_selected() { # LABEL WANT: polls (the keys may still be on their way)
  _i=0
  while :; do
    tmux_screen > "$screen"
    got=$(selected "$1")
    case "$got" in *"$2"*) return 0 ;; esac
    _i=$((_i + 1))
    [ $_i -lt 50 ] || { cat "$screen"; fail "$1: \"$got\" is selected, want \"$2\""; }
    sleep 0.1
  done
}

tmux_start 110 36 "$CSC"
tmux_wait " 1/21"

# --- ACC-0004 (high touch, renews 2027-02-28): the cadence -------------------------
tmux_keys l
tmux_wait "Log a touch · 東都精機"
tmux_wait "Next touch   2026-12-07            Mon 2026-12-07: in 14 days (high-touch cadence)"
tmux_wait "Date         today                 Mon 2026-11-23 (today)"
# the kind by typing: e (email); then "m" goes on with "em" (still email);
# Backspace starts again: m (meeting); after a pause of a second, e starts a
# new name (email, not "me"); "int" (internal); Left/Right cycle
tmux_keys e
expect_selected Kind email
tmux_keys m
tmux_wait 'typed "em"'
expect_selected Kind email
tmux_keys BSpace m
tmux_wait 'typed "m"'
expect_selected Kind meeting
sleep 1.2                            # the pause is what is tested here
tmux_keys e
tmux_wait 'typed "e"'
expect_selected Kind email
tmux_keys i n t
tmux_wait 'typed "int"'
expect_selected Kind internal
tmux_keys Left
expect_selected Kind chat
# the sentiment: a word of its label ("pos"); v (the next choice starting
# with v), v again (the next one, round); a digit
tmux_keys Tab p o s
expect_selected Sentiment "4 positive"
tmux_keys BSpace v
expect_selected Sentiment "5 very positive"
tmux_keys v
expect_selected Sentiment "1 very negative"
tmux_keys 3
expect_selected Sentiment "3 neutral"
# a date that is not one: why, beside it, in place of the day
tmux_keys Tab C-u "someday"
tmux_wait 'unknown date "someday"'
tmux_keys C-u "yesterday"
tmux_wait "Sun 2026-11-22 (yesterday)"
# the proposal follows the date: 14 days after the touch
tmux_wait "Next touch   2026-12-06            Sun 2026-12-06: 14 days after the touch (high-touch cadence)"
tmux_keys Tab "Budget call" Tab Tab
# the risk: "champ" picks champion_left (the start of its name), "NOT" a
# later word of outcome_not_reached, b then "bu" budget
tmux_keys c h a m p
tmux_wait "< champion_left >"
tmux_keys BSpace N O T
tmux_wait "< outcome_not_reached >"
tmux_keys BSpace b
tmux_wait "< bad_interaction >"
tmux_keys u
tmux_wait "< budget >"
tmux_keys Right
tmux_wait "< none >"
tmux_keys Left
tmux_wait "< budget >"
# a letter no choice has: said, nothing changes
tmux_keys BSpace z
tmux_wait 'no Risk choice matches "z"'
tmux_wait "< budget >"
# the severity by its letter, then the risk text is required
tmux_keys Tab h
expect_selected Severity high
tmux_keys Enter
tmux_wait "risk text: say what the risk is (the team reads it)"
[ "$(tmux_fmt '#{cursor_y}')" -eq $(($(grep -nF "Risk text" "$screen" | head -1 | cut -d: -f1) - 1)) ] ||
  fail "the focus is not on the risk text"
tmux_keys "CFO froze spending until Q2"
# the next touch: a weekday name resolves beside it; the kind by "ren"
tmux_keys Tab C-u fri
tmux_wait "Next touch   fri                   Fri 2026-11-27 (in 4 days)"
tmux_keys Tab r e n
expect_selected "Next kind" renewal
tmux_keys BSpace q
expect_selected "Next kind" qbr
tmux_keys Enter
tmux_wait "logged chat with ACC-0004 · next touch 2026-11-27"
"$CSC" dump | grep -F '"summary":"Budget call"' > "$T/note.txt" || fail "the note is not saved"
assert_contains "$T/note.txt" '"kind":"chat","sentiment":3,'
"$CSC" dump | grep -F '"type":"risk.open"' | grep -F '"account":"ACC-0004"' > "$T/risk.txt" ||
  fail "no risk opened"
assert_contains "$T/risk.txt" '"category":"budget","opened_day":"2026-11-22","severity":"high","text":"CFO froze spending until Q2"'
assert_not_contains "$T/risk.txt" "Budget call"
"$CSC" dump | grep -F '"type":"touch.' | grep -F '"account":"ACC-0004"' | grep -F '"due_day":"2026-11-27"' |
  grep -qF '"kind":"qbr"' || fail "no qbr touchpoint on 2026-11-27"

# --- ACC-0005 renews on 2026-12-14: 14 days before it, not the cadence's 12-07 -----
tmux_keys / "みなと" Enter
tmux_wait '1 account matches "みなと"'
tmux_keys l
tmux_wait "Next touch   2026-11-30            Mon 2026-11-30: 14 days before the renewal on 2026-12-14"
# narrower: what does not fit beside the field goes whole on the line below
tmux_resize 80 30
tmux_wait "              Mon 2026-11-30: 14 days before the renewal on 2026-12-14"
tmux_resize 110 36
tmux_wait "Next touch   2026-11-30            Mon 2026-11-30: 14 days before the renewal on 2026-12-14"
tmux_keys Escape
tmux_wait '/みなと (1)'
tmux_keys q
tmux_wait "__EXIT:0"

# --- a lead of 25 days: the renewal is closer than that, so tomorrow --------------------
printf 'cadence:\n  renewal_lead_days: 25\n' >> "$T/csconsole.yaml"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
sleep 0.2
tmux_start 110 36 "$CSC"
tmux_wait " 1/21"
tmux_keys / "みなと" Enter
tmux_wait '1 account matches "みなと"'
tmux_keys l
tmux_wait "Next touch   2026-11-24            Tue 2026-11-24: tomorrow: the renewal on 2026-12-14 is within 25 days"
tmux_keys Escape
tmux_wait '/みなと (1)'
tmux_keys q
tmux_wait "__EXIT:0"
exit 0
