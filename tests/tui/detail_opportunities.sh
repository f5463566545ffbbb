#!/bin/sh
# detail_opportunities.sh - the account view lists the account's open
# opportunities (kind, amount in its currency, stage, expected close, owner)
# and its recent feedback (day, area, request type, author, the text wrapped
# by display width and sanitized), both recorded through the CLI; a closed
# opportunity is not listed; u in the view undoes the feedback
# (feedback.retract) and the close (a reopen), and the view follows; the
# Japanese interface keeps the same figures.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_console_book
screen=$T/screen.txt
# This test writes its own opportunities and feedback: the sample's are left
# out of its book (they are checked by cli/report_sample.sh).
grep -rl -e '"type":"opportunity\.' -e '"type":"feedback\.add"' "$T/shared/events" | xargs rm -f
rm -f "$T/db/csconsole.db"*
"$CSC" sync > /dev/null 2>&1 || fail "sync after removing the sample's opportunities"

# ACC-0003 (Blue Harbor Logistics) is in USD in the sample's accounts feed
"$CSC" opportunity ACC-0003 --kind upsell --amount 12,000.50 --stage proposal --close 2027-01-15 \
  > /dev/null 2>&1 || fail "opportunity (upsell)"
"$CSC" opportunity ACC-0003 --kind seats --amount 500000 --currency JPY --stage discovery \
  --close 2027-02-20 --owner ken > /dev/null 2>&1 || fail "opportunity (seats)"
"$CSC" opportunity ACC-0003 --kind cross-sell --amount 999 --stage commit --close 2027-01-01 \
  > "$T/closed.id" 2>/dev/null || fail "opportunity (cross-sell)"
"$CSC" opportunity --close-won "$(cat "$T/closed.id")" > /dev/null 2>&1 || fail "close-won"
# feedback: a long Japanese text (double-width: wrapped by cells), and a
# control character the view must not pass to the terminal
"$CSC" feedback ACC-0003 --area reporting --type missing_feature --date 2026-11-20 \
  --text "月次レポートをCSVで書き出したい。経理部門が毎月手作業で集計しているので、自動化できれば大幅に時間を節約できるとのこと。" \
  > /dev/null 2>&1 || fail "feedback (reporting)"
"$CSC" feedback ACC-0003 --area mobile --type praise --date 2026-11-25 \
  --text "$(printf 'The new app is great\033[31m fast')" > /dev/null 2>&1 || fail "feedback (mobile)"

tmux_start 100 40 "$CSC"
tmux_wait " 1/21"
tmux_keys / "Blue Harbor" Enter
tmux_wait '1 account matches "Blue Harbor"'
tmux_keys Enter
tmux_wait "ACC-0003 · Blue Harbor Logistics"
tmux_keys G
tmux_wait_all " Open opportunities (2)" " Recent feedback (2)" "月次レポート"
# open ones by expected close: the USD upsell first, then ken's JPY seats
grep -qE '^  upsell +\$12,000\.50  proposal +close 2027-01-15, owner aiko$' "$screen" ||
  fail "the upsell line: $(grep upsell "$screen")"
grep -qE '^  seats +¥500,000  discovery +close 2027-02-20, owner ken$' "$screen" ||
  fail "the seats line: $(grep seats "$screen")"
assert_not_contains "$screen" "cross-sell"
[ "$(grep -n upsell "$screen" | cut -d: -f1)" -lt "$(grep -n '  seats ' "$screen" | cut -d: -f1)" ] ||
  fail "open opportunities by expected close"
# feedback, latest first: the mobile praise, then the reporting request
grep -qE '^  2026-11-25  mobile  praise  by aiko$' "$screen" || fail "the praise line: $(grep mobile "$screen")"
grep -qE '^  2026-11-20  reporting  missing_feature  by aiko$' "$screen" ||
  fail "the request line: $(grep reporting "$screen")"
[ "$(grep -n mobile "$screen" | cut -d: -f1)" -lt "$(grep -n 'reporting  missing' "$screen" | cut -d: -f1)" ] ||
  fail "feedback latest first"
# the escape is shown as text, never sent (no red in the captured colours)
grep -qF 'The new app is great' "$screen" || fail "the praise's text"
tmux_screen_e | grep 'The new app' | grep -q '31m' && fail "a control sequence of the feedback reached the terminal"
# the Japanese text is wrapped by cells within the width, and whole
lines=$(grep -c '^      [^ ]' "$screen")
[ "$lines" -ge 2 ] || fail "the long Japanese feedback is wrapped (found $lines indented lines)"
wide=$(grep '^      [^ ]' "$screen" | awk -v max=100 'length($0) > 0' | while IFS= read -r l; do
  printf '%s' "$l" | wc -L; done | sort -n | tail -n 1)
[ "$wide" -le 100 ] || fail "a wrapped line is $wide cells wide"
grep '^      [^ ]' "$screen" | sed 's/^ *//' | tr -d '\n' | grep -qF '大幅に時間を節約できるとのこと。' ||
  fail "the Japanese text is cut: $(grep '^      ' "$screen")"
# u in the account view: the feedback last recorded is taken back
# (feedback.retract), then the other, then the close is undone (reopened)
tmux_keys u
tmux_wait "undone: recording of feedback 'The new app is great"
tmux_keys G
tmux_wait_all " Recent feedback (1)" "reporting  missing_feature"
assert_not_contains "$screen" "mobile  praise"
tmux_keys u
tmux_wait "undone: recording of feedback '月次レポート"
tmux_keys G
tmux_wait_all " Recent feedback (0)" "no feedback recorded"
tmux_keys u
tmux_wait "undone: close of opportunity 'cross-sell, commit' on Blue Harbor Logistics"
tmux_keys G
tmux_wait_all " Open opportunities (3)" "  cross-sell "
[ "$(sqlite3 "$T/db/csconsole.db" "SELECT count(*) FROM feedback WHERE account = 'ACC-0003'")" = 0 ] ||
  fail "the retracted feedback is still in the table"
tmux_keys q
tmux_keys q
tmux_wait "__EXIT:0"

# Japanese: the headings translated, the same figures
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
TMUX_SOCK="csc-$$-ja"
tmux_start 100 40 LANGUAGE=ja "$CSC"
tmux_wait " 1/21"
tmux_keys / "Blue Harbor" Enter
tmux_wait "Blue Harbor"
tmux_keys Enter
tmux_wait "ACC-0003 · Blue Harbor Logistics"
tmux_keys G
# (after the undos above: three open, no feedback)
tmux_wait_all "進行中の拡大機会 (3 件)" "最近の顧客の声 (0 件)" "顧客の声はまだ記録されていません" "完了予定 2月20日(土)、担当 ken"
# the same row in Japanese: the amount as it was, the date in the Japanese form
grep -qE "^  seats +¥500,000  discovery +完了予定 2月20日\(土\)、担当 ken$" "$screen" || fail "the seats line in Japanese: $(grep seats "$screen")"
exit 0
