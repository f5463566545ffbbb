# actions_portfolio.sh - the daily actions from the portfolio, on the selected
# account (issue 12): d marks its next touchpoint done, z snoozes it, m moves
# it, with Today's prompts; a key that does not apply says why (no open
# touchpoint: a schedules one; no note of mine; a key of another view); a schedules a touchpoint
# without a note, ! opens a risk (severity and category by a prefix), u
# undoes it; Esc does not quit the portfolio (q does).
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_console_book
screen=$T/screen.txt
DB=$T/db/csconsole.db
q() { sqlite3 "$DB" "$1"; }
day() { date -ud "$CSCONSOLE_TODAY $1" +%Y-%m-%d; }
# Blue Harbor Logistics (ACC-0003) has one open touchpoint; 丸屋酒造 (ACC-0007) none.
[ "$(q "SELECT count(*) FROM touchpoint WHERE account = 'ACC-0007' AND status <> 'done'")" = 0 ] ||
  fail "the sample changed: ACC-0007 has an open touchpoint"
T3=$(q "SELECT id FROM touchpoint WHERE account = 'ACC-0003' AND status = 'open'")
[ -n "$T3" ] || fail "the sample changed: ACC-0003 has no open touchpoint"

tmux_start 120 40 "$CSC"
tmux_wait " 1/21"
# Esc does not quit the portfolio: it says what does
tmux_keys Escape
tmux_wait "q quits"
sleep 0.3; tmux_screen > "$screen"
assert_not_contains "$screen" "__EXIT"
assert_contains "$screen" " 1/21"
# a bound key this view does not take says so (selecting a note is the account view's)
tmux_keys "["
tmux_wait "key [ does nothing here (? lists the keys, q quits)"

# d on Blue Harbor: its next touchpoint, named, done with a note
tmux_keys / "Blue Harbor" Enter
tmux_wait '1 account matches "Blue Harbor"'
tmux_keys d
tmux_wait "on Blue Harbor Logistics: done; a note (optional):"
tmux_wait "'Usage review with the ops lead"
tmux_keys "Ops lead walked us through it" Enter
tmux_wait "Blue Harbor Logistics: touchpoint done; saved"
[ "$(q "SELECT status || '|' || note FROM touchpoint WHERE id = '$T3'")" = "done|Ops lead walked us through it" ] ||
  fail "d did not mark ACC-0003's touchpoint done: $(q "SELECT status, note FROM touchpoint WHERE id = '$T3'")"

# 丸屋酒造: nothing to mark done, snooze or move; a schedules one
tmux_keys / "丸屋" Enter
tmux_wait '1 account matches "丸屋"'
tmux_keys d
tmux_wait "no open touchpoint on 株式会社丸屋酒造; a schedules one"
tmux_keys z
tmux_wait "no open touchpoint on 株式会社丸屋酒造; a schedules one"
tmux_keys a
tmux_wait "new touchpoint with 株式会社丸屋酒造 on (e.g. +2w, fri):"
tmux_keys "+1w" Enter
tmux_wait "$(day '+7 days'); what it is for (optional):"
tmux_keys "Tasting event follow-up" Enter
tmux_wait "touchpoint with 株式会社丸屋酒造 scheduled for $(day '+7 days'); saved"
T7=$(q "SELECT id FROM touchpoint WHERE account = 'ACC-0007' AND status = 'open'")
[ "$(q "SELECT date(due_day * 86400, 'unixepoch') || '|' || note || '|' || author FROM touchpoint WHERE id = '$T7'")" = \
  "$(day '+7 days')|Tasting event follow-up|aiko" ] ||
  fail "a: $(q "SELECT * FROM touchpoint WHERE id = '$T7'")"
[ "$(q "SELECT count(*) FROM note WHERE account = 'ACC-0007' AND deleted = 0")" = 1 ] ||
  fail "a logged a note (it must not)"

# z: the new touchpoint is snoozed (a day, then why)
tmux_keys z
tmux_wait "'Tasting event follow-up' on 株式会社丸屋酒造: snooze until (e.g. +3d, fri):"
tmux_keys "+10d" Enter
tmux_wait "why it waits:"
tmux_keys "Brewer away" Enter
tmux_wait "touchpoint snoozed until $(day '+10 days'); saved"
[ "$(q "SELECT status || '|' || date(due_day * 86400, 'unixepoch') || '|' || reason FROM touchpoint WHERE id = '$T7'")" = \
  "snoozed|$(day '+10 days')|Brewer away" ] || fail "z: $(q "SELECT status, due_day, reason FROM touchpoint WHERE id = '$T7'")"
# m: moved to a day
tmux_keys m
tmux_wait "'Tasting event follow-up' on 株式会社丸屋酒造: move to (e.g. tomorrow, +1w):"
tmux_keys "+2w" Enter
tmux_wait "touchpoint moved to $(day '+14 days'); saved"
[ "$(q "SELECT status || '|' || date(due_day * 86400, 'unixepoch') FROM touchpoint WHERE id = '$T7'")" = \
  "open|$(day '+14 days')" ] || fail "m: $(q "SELECT status, due_day FROM touchpoint WHERE id = '$T7'")"

# ! opens a risk: text, severity, category (a prefix will do); u undoes it
tmux_keys "!"
tmux_wait "new risk on 株式会社丸屋酒造:"
tmux_keys "New buyer reviews every supplier" Enter
tmux_wait "severity (low, medium, high):"
tmux_keys "h" Enter
tmux_wait "category (a prefix will do):"
tmux_keys "c" Enter
tmux_wait 'category: "c" is more than one of'          # champion_left, competitor: refused, text kept
tmux_keys "omp" Enter
tmux_wait "risk opened on 株式会社丸屋酒造 (high, competitor); saved"
[ "$(q "SELECT status || '|' || severity || '|' || category || '|' || text FROM risk WHERE account = 'ACC-0007'")" = \
  "open|high|competitor|New buyer reviews every supplier" ] || fail "!: $(q "SELECT * FROM risk WHERE account = 'ACC-0007'")"
tmux_keys u
tmux_wait "undone: opening of risk 'New buyer reviews every supplier' on 株式会社丸屋酒造"
[ "$(q "SELECT status FROM risk WHERE account = 'ACC-0007'")" = resolved ] || fail "u did not take the risk back"
# a long risk text (800 Japanese characters, 2,400 bytes) is kept whole: the
# prompt has the table's limit (65,536 characters), no buffer of its own
long=$(awk 'BEGIN { printf "始"; for (i = 0; i < 798; i++) printf "値"; printf "終" }')
tmux_keys "!"
tmux_wait "new risk on 株式会社丸屋酒造:"
tmux_keys -l "$long"
tmux_wait "値終"
tmux_keys Enter
tmux_wait "severity (low, medium, high):"
tmux_keys "m" Enter
tmux_wait "category (a prefix will do):"
tmux_keys "bud" Enter
tmux_wait "risk opened on 株式会社丸屋酒造 (medium, budget); saved"
[ "$(q "SELECT text FROM risk WHERE account = 'ACC-0007' AND status = 'open'")" = "$long" ] ||
  fail "the long risk text was not saved whole: $(q "SELECT length(text) FROM risk WHERE account = 'ACC-0007' AND status = 'open'") characters"
tmux_keys u
tmux_wait "undone: opening of risk"

# e and x in the portfolio: my latest note; Northwind (ACC-0002) has none of mine
tmux_keys / "Northwind" Enter
tmux_wait '1 account matches "Northwind"'
tmux_keys e
tmux_wait "no note of yours on Northwind Analytics: only your own notes can be edited"
tmux_keys x
tmux_wait "no note of yours on Northwind Analytics: only your own notes can be deleted"

tmux_keys q
tmux_wait "__EXIT:0"
echo ok
