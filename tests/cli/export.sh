# export.sh - csconsole export activities: the Salesforce file's header is
# the documented Task import fields (docs/export.md), its rows are aiko's
# notes and touchpoints done (counted in the database), with ISO dates,
# Status Completed and WhatId = the account's CRM id; formulas are guarded;
# a second export is empty; the mark is per format; --since, --dry-run,
# --all, -o -, an existing file refused (its rows stay unmarked), HubSpot's
# columns and the risks file.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not installed"; exit 77; }
setup_book
"$CSC" sync > /dev/null 2>&1 || fail "the first sync failed"
db="$T/db/csconsole.db"
doc="$CSC_ROOT/docs/export.md"
# the documented headers: the line after "Subject," / "Activity date," in the code blocks
SF_HEAD=$(grep -x 'Subject,.*' "$doc")
HS_HEAD=$(grep -x 'Activity date,.*' "$doc")
[ "$SF_HEAD" = "Subject,Description,ActivityDate,Status,Priority,Type,WhatId,csconsole_Id__c" ] ||
  fail "docs/export.md documents the Salesforce Task fields (got: $SF_HEAD)"
[ -n "$HS_HEAD" ] || fail "docs/export.md documents HubSpot's columns"

# A note of aiko's today whose summary a spreadsheet would run, and a touchpoint done.
NOTE=$("$CSC" note ACC-0001 --kind call --summary '=HYPERLINK("http://x.example","y")' \
  --text "$(printf 'line one\nline two')" 2>/dev/null) || fail "note"
TOUCH=$("$CSC" touch ACC-0001 --due today --kind meeting --note "Plan the QBR" 2>/dev/null) || fail "touch"
"$CSC" touch --done "$TOUCH" --note "Agreed the plan" > /dev/null 2>&1 || fail "touch --done"

# csv -> a table: sqlite3 reads RFC 4180 (quotes, commas and newlines in cells)
table() { rm -f "$T/t.db"; sqlite3 "$T/t.db" ".import --csv $1 t"; }
q() { sqlite3 "$T/t.db" "$1"; }

mkdir "$T/x"
"$CSC" export activities --format salesforce --out "$T/x" > "$T/e1" 2>&1 || { cat "$T/e1"; fail "export"; }
# header, with CRLF rows
head -n 1 "$T/x/activities.csv" | tr -d '\r' | tr -d '"' > "$T/head"
[ "$(cat "$T/head")" = "$SF_HEAD" ] || fail "activities.csv header: $(cat "$T/head")"
[ "$(head -n 1 "$T/x/risks.csv" | tr -d '\r"')" = "$SF_HEAD" ] || fail "risks.csv header"

# the rows: exactly aiko's notes and done touchpoints, by id
sqlite3 "$db" "SELECT id FROM note WHERE author = 'aiko' AND NOT deleted
  UNION ALL SELECT id FROM touchpoint WHERE author = 'aiko' AND status = 'done'" | sort > "$T/want.ids"
[ "$(wc -l < "$T/want.ids")" -ge 5 ] || fail "the sample has notes of aiko's"
table "$T/x/activities.csv"
q "SELECT csconsole_Id__c FROM t" | sort > "$T/got.ids"
# every row (and the header) ends with CRLF; line ends inside a cell are LF
[ "$(LC_ALL=C grep -c "$(printf '\r')\$" "$T/x/activities.csv")" -eq "$(( $(q "SELECT count(*) FROM t") + 1 ))" ] ||
  fail "rows end with CRLF"
diff -u "$T/want.ids" "$T/got.ids" || fail "the rows are aiko's notes and touchpoints done (want, got)"
assert_contains "$T/e1" "salesforce: $(wc -l < "$T/want.ids" | tr -d ' ') activities to $T/x/activities.csv"
# values: ISO dates, Completed, Normal, a known Type, WhatId = the account's CRM id
[ "$(q "SELECT count(*) FROM t WHERE ActivityDate NOT GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'
  OR Status <> 'Completed' OR Priority <> 'Normal' OR Type NOT IN ('Call', 'Email', 'Meeting', 'Other')")" -eq 0 ] ||
  { q "SELECT * FROM t LIMIT 3"; fail "ActivityDate, Status, Priority, Type"; }
# each row's WhatId and ActivityDate are its note's account and day (the database's)
sqlite3 "$db" "SELECT id || '|' || account || '|' || date(touch_day * 86400, 'unixepoch') FROM note
  WHERE author = 'aiko' AND NOT deleted UNION ALL SELECT id || '|' || account || '|' ||
  date(done_day * 86400, 'unixepoch') FROM touchpoint WHERE author = 'aiko' AND status = 'done'" | sort > "$T/want.rows"
q "SELECT csconsole_Id__c || '|' || WhatId || '|' || ActivityDate FROM t" | sort > "$T/got.rows"
diff -u "$T/want.rows" "$T/got.rows" || fail "WhatId and ActivityDate per row (want, got)"
# the new note, exactly, its formula guarded
[ "$(q "SELECT Subject || '|' || Description || '|' || ActivityDate || '|' || Type || '|' || WhatId FROM t
  WHERE csconsole_Id__c = '$NOTE'")" = "'=HYPERLINK(\"http://x.example\",\"y\")|line one
line two|2026-11-23|Call|ACC-0001" ] || { q "SELECT * FROM t WHERE csconsole_Id__c = '$NOTE'"; fail "the new note's row"; }
[ "$(q "SELECT Subject || '|' || Description || '|' || Type FROM t WHERE csconsole_Id__c = '$TOUCH'")" = \
  "Meeting: Agreed the plan|Agreed the plan|Meeting" ] || fail "the touchpoint done's row"
# risks: aiko's
table "$T/x/risks.csv"
[ "$(q "SELECT count(*) FROM t")" -eq "$(sqlite3 "$db" "SELECT count(*) FROM risk WHERE author = 'aiko'")" ] ||
  fail "risks.csv has aiko's risks"
sqlite3 "$db" "SELECT id || '|' || CASE status WHEN 'resolved' THEN 'Completed' ELSE 'Not Started' END || '|' ||
  CASE severity WHEN 'high' THEN 'High' WHEN 'low' THEN 'Low' ELSE 'Normal' END FROM risk WHERE author = 'aiko'" |
  sort > "$T/want.risks"
q "SELECT csconsole_Id__c || '|' || Status || '|' || Priority FROM t" | sort > "$T/got.risks"
diff -u "$T/want.risks" "$T/got.risks" || fail "risks: Status and Priority (want, got)"
[ "$(sqlite3 "$db" "SELECT count(*) FROM export_mark WHERE target = 'salesforce'")" -eq \
  "$(( $(wc -l < "$T/want.ids") + $(wc -l < "$T/want.risks") ))" ] || fail "every exported row marked"

# A second export is empty: nothing written, nothing to the standard output but the header.
cp "$T/x/activities.csv" "$T/first.csv"
"$CSC" export activities --format salesforce --out "$T/x" > "$T/e2" 2>&1 || { cat "$T/e2"; fail "second export"; }
assert_contains "$T/e2" "nothing new to export for salesforce since the last export"
cmp -s "$T/first.csv" "$T/x/activities.csv" || fail "the second export changed the first file"
"$CSC" export activities --format salesforce -o - > "$T/e3" 2> "$T/e3.err" || fail "export -o -"
[ "$(tr -d '\r"' < "$T/e3")" = "$SF_HEAD" ] || { cat "$T/e3"; fail "a second export to stdout is the header alone"; }

# Something new: --dry-run shows it and marks nothing; an existing file is refused, unmarked.
NEW=$("$CSC" note ACC-0001 --kind email --summary "Sent the recap" 2>/dev/null) || fail "note 2"
"$CSC" export activities --format salesforce --out "$T/x" --dry-run > "$T/d" 2>&1 || fail "--dry-run"
assert_contains "$T/d" "$T/x/activities.csv (salesforce, 1 row):"
assert_contains "$T/d" "$NEW"
assert_contains "$T/d" "dry run: nothing written, nothing marked"
cmp -s "$T/first.csv" "$T/x/activities.csv" || fail "--dry-run wrote the file"
assert_status 5 "$CSC" export activities --format salesforce --out "$T/x" 2> "$T/e4"
assert_contains "$T/e4" "$T/x/activities.csv exists"
cmp -s "$T/first.csv" "$T/x/activities.csv" || fail "a refused export replaced the file"
[ "$(sqlite3 "$db" "SELECT count(*) FROM export_mark WHERE entity = 'note/$NEW'")" -eq 0 ] ||
  fail "a refused export marked its rows"
ls "$T/x" | grep -q tmp && fail "a temporary file was left behind"
"$CSC" export activities --format salesforce -o "$T/x/second.csv" > /dev/null 2>&1 || fail "-o FILE"
table "$T/x/second.csv"
[ "$(q "SELECT csconsole_Id__c FROM t")" = "$NEW" ] || fail "the next export has only the new note"

# --since and --all: everything of aiko's from 2026-11-20 on, again
"$CSC" export activities --format salesforce --all --since 2026-11-20 -o "$T/since.csv" > /dev/null 2>&1 ||
  fail "--all --since"
table "$T/since.csv"
[ "$(q "SELECT count(*) FROM t WHERE ActivityDate < '2026-11-20'")" -eq 0 ] || fail "--since keeps later days only"
[ "$(q "SELECT count(*) FROM t")" -eq "$(sqlite3 "$db" "SELECT (SELECT count(*) FROM note WHERE author = 'aiko'
  AND NOT deleted AND touch_day >= $(( $(date -u -d 2026-11-20 +%s) / 86400 ))) + (SELECT count(*) FROM touchpoint
  WHERE author = 'aiko' AND status = 'done' AND done_day >= $(( $(date -u -d 2026-11-20 +%s) / 86400 )))")" ] ||
  fail "--all --since: every activity of aiko's from 2026-11-20"

# HubSpot: its own mark (everything again), its columns
mkdir "$T/h"
"$CSC" export activities --format hubspot --out "$T/h" > /dev/null 2>&1 || fail "hubspot export"
[ "$(head -n 1 "$T/h/activities.csv" | tr -d '\r"')" = "$HS_HEAD" ] || fail "HubSpot header"
table "$T/h/activities.csv"
[ "$(q "SELECT count(*) FROM t")" -eq "$(( $(wc -l < "$T/want.ids") + 1 ))" ] || fail "hubspot has its own mark"
[ "$(q "SELECT \"Note body\" || '|' || \"Company Record ID\" || '|' || \"Activity date\" FROM t WHERE \"csconsole ID\" = '$NEW'")" = \
  "Email: Sent the recap|ACC-0001|2026-11-23" ] || fail "the HubSpot row of the new note"

# A directory that does not exist: said, nothing marked
NEW2=$("$CSC" note ACC-0001 --kind chat --summary "One more" 2>/dev/null) || fail "note 3"
assert_status 5 "$CSC" export activities --format salesforce --out "$T/nowhere" 2> "$T/e5"
assert_contains "$T/e5" "cannot write $T/nowhere/activities.csv"
[ "$(sqlite3 "$db" "SELECT count(*) FROM export_mark WHERE entity = 'note/$NEW2'")" -eq 0 ] ||
  fail "a failed export marked its rows"

# Usage errors
assert_status 2 "$CSC" export activities
assert_status 2 "$CSC" export activities --format dynamics
assert_status 2 "$CSC" export notes --format csv
assert_status 2 "$CSC" export activities --format csv --since "not a day"
echo ok
