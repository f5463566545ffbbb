# input_limit.sh - a field near its limit (the table of limits) shows a
# counter, in the error colour once over it; a 600-character Japanese
# summary is kept whole in the field (it scrolls horizontally, the cursor's
# end shown), refused on save with the limit named, never cut; shortened
# under the limit it is saved whole.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
notes() { "$CSC" show ACC-0005 --format json | grep -c '"summary"'; }
before=$(notes)
rep() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

tmux_start 110 36 "$CSC"
tmux_wait " 1/21"
tmux_keys / "みなと" Enter
tmux_wait '1 account matches "みなと"'
tmux_keys l
tmux_wait "Log a touch · 株式会社みなとメディカルシステムズ (ACC-0005)"
tmux_keys Tab Tab Tab

# --- under 80% of the limit: no counter ----------------------------------------------
tmux_keys -l "始$(rep 398 会)"
tmux_wait "会会会"
tmux_wait_gone "/500"
# --- from 80% on: the counter -----------------------------------------------------------
tmux_keys -l "会"
tmux_wait "400/500"
tmux_screen_e | grep -F "400/500" | grep -q '48;5;124m' && fail "the counter is in the error colour under the limit"
# --- over the limit: the counter in the error colour; the text scrolls, never cut --------
tmux_keys -l "$(rep 199 会)終"
tmux_wait "600/500"
tmux_screen_e | grep -F "600/500" | grep -q '48;5;124m' || fail "the counter over the limit is not in the error colour"
grep -F "Summary" "$screen" | grep -qF "会終" || fail "the end of the text (the cursor) is not shown"
grep -F "Summary" "$screen" | grep -qF "始" && fail "the field did not scroll"
tmux_keys C-a
tmux_wait "始会会"
grep -F "Summary" "$screen" | grep -qF "終" && fail "the start shown, the end should be off the field"
# --- save: refused with the limit named; the text stays whole -------------------------
tmux_keys Enter
tmux_wait "summary: 600 characters, the limit is 500; shorten it or put the rest in the note"
tmux_wait "Log a touch ·"
[ "$(notes)" -eq "$before" ] || fail "a note over the limit was saved"
tmux_keys C-e
tmux_wait "600/500"                  # nothing was cut
# --- 100 characters fewer (Delete from the start): saved whole --------------------------
tmux_keys C-a C-f
i=0; while [ $i -lt 100 ]; do tmux_keys Delete; i=$((i + 1)); done
tmux_wait "500/500"
tmux_keys Enter
tmux_wait "logged call with ACC-0005"
want="始$(rep 498 会)終"
"$CSC" show ACC-0005 --format json > "$T/show.json"
grep -qF "\"$want\"" "$T/show.json" || fail "the 500-character summary is not saved whole"
exit 0
