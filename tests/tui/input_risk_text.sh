# input_risk_text.sh - a risk's text changed in the console (i then c) is
# saved whole: 120 Japanese characters (360 bytes, more than the 255 bytes
# the view used to keep) are never cut.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
rep() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }
want="$(rep 119 更)終"

tmux_start 120 30 "$CSC"
tmux_wait " 1/21"
tmux_keys / "Blue Harbor" Enter
tmux_wait '1 account matches "Blue Harbor"'
tmux_keys i
tmux_wait "Risks · Blue Harbor Logistics (ACC-0003)"
tmux_keys c
tmux_wait "severity (low, medium, high): high"
tmux_keys Enter
tmux_wait "category: adoption_support"
tmux_keys Enter
tmux_wait "text: "
tmux_keys -l "$want"            # replaces the offered text (selected)
tmux_wait "更終"
tmux_keys Enter
tmux_wait "owner: aiko"
tmux_keys Enter
tmux_wait "risk changed · published at the next sync"
"$CSC" show ACC-0003 --format json > "$T/show.json"
grep -qF "\"text\": \"$want\"" "$T/show.json" || grep -qF "\"text\":\"$want\"" "$T/show.json" ||
  { grep -F '"text"' "$T/show.json"; fail "the risk's text was not saved whole"; }
exit 0
