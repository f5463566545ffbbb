# report_feedback.sh - `csconsole report feedback` (issue 17) on the sample
# book with feedback written here: per product area (feedback.areas order)
# the count, the accounts, the ARR asking and the request types, checked
# against the same figures computed from this script's table and the
# accounts feed with awk. The ARR is the account's when the feedback was
# recorded: ACC-0002's ARR changes in the feed between two of its
# feedbacks, and each keeps its own. Markdown and csv for the product team.
. "$(dirname "$0")/../lib.sh"

command -v jq >/dev/null || { echo "jq not installed (tools/deps.sh)"; exit 77; }
setup_book
# This test writes its own opportunities and feedback: the sample's (issue
# 17's stories, checked by cli/report_sample.sh) are left out of its book.
grep -rl -e '"type":"opportunity\.' -e '"type":"feedback\.add"' "$T/shared/events" | xargs rm -f
printf 'reports:\n  currency: USD\n  rates: {JPY: 0.0067}\n' >> "$T/csconsole.yaml"
assert_status 0 "$CSC" sync > /dev/null
ACCTS="$T/shared/feeds/accounts.yaml"
# feed_arr ID: the account's arr and currency in the accounts feed now.
feed_arr() { awk -v id="$1" '$0 ~ "- id: "id"$" {on=1; next} /- id:/ {on=0}
  on && $1 == "arr:" {a=$2} on && $1 == "currency:" {c=$2} END {print a, c}' "$ACCTS"; }

# account area type day text
cat > "$T/fb" <<'END'
ACC-0001 reporting missing_feature 2026-11-02 Scheduled PDF reports
ACC-0003 reporting missing_feature 2026-11-05 Scheduled reports by mail
ACC-0002 reporting bug 2026-11-10 Totals differ from the CSV
ACC-0004 mobile usability 2026-11-12 Too many taps to log a visit
ACC-0003 integrations praise 2026-11-15 The Slack alerts are great
ACC-0001 reporting usability 2026-11-18 Filters reset on reload
END
: > "$T/recorded"
while read -r acc area type day text; do
  "$CSC" feedback "$acc" --area "$area" --type "$type" --date "$day" --text "$text" > /dev/null 2>&1 ||
    fail "feedback on $acc"
  echo "$acc $area $type $day $(feed_arr "$acc")" >> "$T/recorded"
done < "$T/fb"
# ACC-0002's ARR grows in the CRM; its next feedback carries the new ARR.
old=$(feed_arr ACC-0002)
[ "$old" = "48000.00 USD" ] || fail "the sample's ACC-0002 ARR is $old"
sed -i '/- id: ACC-0002$/,/- id:/ s/arr: 48000.00/arr: 60000.00/' "$ACCTS"
[ "$(feed_arr ACC-0002)" = "60000.00 USD" ] || fail "the feed edit"
assert_status 0 "$CSC" sync > /dev/null
"$CSC" feedback ACC-0002 --area integrations --type missing_feature --date 2026-11-20 \
  --text "A HubSpot sync" > /dev/null 2>&1 || fail "feedback after the ARR change"
echo "ACC-0002 integrations missing_feature 2026-11-20 $(feed_arr ACC-0002)" >> "$T/recorded"

# Expected per area (feedback.areas order: onboarding, reporting, integrations,
# permissions, billing, mobile, performance): count, accounts, ARR asking in
# USD (each account once, at its latest feedback's ARR there), bug, missing,
# usability, praise; then the total (each account once at its latest).
usd() { awk -v a="$1" -v c="$2" 'BEGIN {printf "%.2f", c == "JPY" ? a * 0.0067 : a}'; }
expect() { # AREA (or "" for all)
  sort -k4,4 "$T/recorded" | awk -v want="$1" '
    want == "" || $2 == want {
      n++; r[$3]++; arr[$1] = $6 == "JPY" ? $5 * 0.0067 : $5; acc[$1] = 1 }
    END { if (!n) exit; for (a in acc) {k++; s += arr[a]}
      printf "%d %d %.2f %d %d %d %d\n", n, k, s, r["bug"], r["missing_feature"], r["usability"], r["praise"] }'
}
for area in onboarding reporting integrations permissions billing mobile performance; do
  e=$(expect "$area"); [ -n "$e" ] && echo "$area $e"
done > "$T/want"
echo "Total $(expect "")" >> "$T/want"

"$CSC" report feedback --format json --accounts > "$T/f.json" || fail "report feedback --format json"
jq -r '.rows[] | select(.level == 0) | [.area, .feedbacks, .account_count, .arr, .bug, .missing_feature, .usability, .praise] | @tsv' "$T/f.json" |
  awk -F'\t' '{printf "%s %d %d %.2f %d %d %d %d\n", $1, $2, $3, $4, $5, $6, $7, $8}' > "$T/got"
diff "$T/want" "$T/got" || fail "the areas' figures differ (want, then got)"
# the account count is the drill-down's length
[ "$(jq -r '[.rows[] | select(.level == 0) | select((.accounts | length) != .account_count)] | length' "$T/f.json")" = 0 ] ||
  fail "an account count differs from the accounts behind its row"
# each feedback keeps the ARR it was recorded with: ACC-0002 at 48000 in reporting, 60000 in integrations
[ "$(jq -r '.rows[] | select(.level == 1 and .account == "ACC-0002") | "\(.area) \(.arr) \(.arr_currency)"' "$T/f.json" | sort | tr '\n' ';')" = \
  "integrations 60000 USD;reporting 48000 USD;" ] || fail "ACC-0002's feedback ARRs"
# details under an area: latest first
[ "$(jq -r '[.rows[] | select(.level == 1 and .area == "reporting") | .day] | join(" ")' "$T/f.json")" = \
  "2026-11-18 2026-11-10 2026-11-05 2026-11-02" ] || fail "reporting's feedback, latest first"

# markdown and csv for the product team
"$CSC" report feedback --format markdown > "$T/f.md"
grep -q '^| Area | Day | Account |' "$T/f.md" || { head "$T/f.md"; fail "markdown header"; }
grep -q 'Totals differ from the CSV' "$T/f.md" || fail "markdown: the feedback's text"
"$CSC" report feedback --format csv > "$T/f.csv"
head -1 "$T/f.csv" | grep -q '^"area","day","account","name","request","feedbacks","account_count","arr"' ||
  { head -1 "$T/f.csv"; fail "csv header"; }
reporting_arr=$(awk '$1 == "reporting" {print $4}' "$T/want")
grep -q "^\"reporting\",\"\",\"\",\"\",\"\",\"4\",\"3\",\"$reporting_arr\",\"USD\"" "$T/f.csv" ||
  { cat "$T/f.csv"; fail "csv: reporting's group row with $reporting_arr USD"; }
# --owner ken: ACC-0002 (ken's) only
"$CSC" report feedback --owner ken --format json > "$T/ken.json"
[ "$(jq -r '[.rows[] | select(.level == 1) | .account] | unique | join(" ")' "$T/ken.json")" = ACC-0002 ] ||
  fail "--owner ken"
exit 0
