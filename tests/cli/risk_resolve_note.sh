# risk_resolve_note.sh - `csconsole risk --resolve ID --text WHY` keeps the
# risk's description and records WHY as its closing note (risk.resolve
# version 3, data.note), which `show` prints apart, text and json.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
"$CSC" sync > /dev/null 2>&1 || fail "the first sync failed"
DB="$T/db/csconsole.db"
"$CSC" risk ACC-0005 --category budget --severity high --text "Budget frozen until Q2" > "$T/open" 2>&1 ||
  { cat "$T/open"; fail "risk open failed"; }
RISK=$(sqlite3 "$DB" "SELECT id FROM risk WHERE account = 'ACC-0005' AND text = 'Budget frozen until Q2'")
[ -n "$RISK" ] || fail "the risk was not opened"
"$CSC" risk --resolve "$RISK" --text "CFO approved the budget" > "$T/res" 2>&1 || { cat "$T/res"; fail "resolve failed"; }
[ "$(sqlite3 "$DB" "SELECT status || '|' || text || '|' || resolve_note FROM risk WHERE id = '$RISK'")" = \
  "resolved|Budget frozen until Q2|CFO approved the budget" ] ||
  fail "the resolve replaced the text: $(sqlite3 "$DB" "SELECT text, resolve_note FROM risk WHERE id = '$RISK'")"
[ "$(sqlite3 "$DB" "SELECT version || '|' || json_extract(data, '\$.note') || '|' || coalesce(json_extract(data, '\$.text'), '-')
  FROM event WHERE entity = 'risk/$RISK' AND type = 'risk.resolve'")" = "3|CFO approved the budget|-" ] ||
  fail "the resolve event is not version 3 with data.note"
"$CSC" show ACC-0005 > "$T/show.txt" || fail "show failed"
assert_contains "$T/show.txt" "      Budget frozen until Q2"
assert_contains "$T/show.txt" "      closing note: CFO approved the budget"
"$CSC" show ACC-0005 --format json | tr -d ' \n' > "$T/show.json"
grep -qF '"text":"BudgetfrozenuntilQ2"' "$T/show.json" || fail "json: the text"
grep -qF '"closing_note":"CFOapprovedthebudget"' "$T/show.json" || fail "json: the closing note"
echo ok
