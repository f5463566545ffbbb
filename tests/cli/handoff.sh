# handoff.sh - `csconsole handoff` and `csconsole changes` on the sample book
# (me: aiko, today 2026-11-23). The brief of haruto, the absent sample CSM,
# holds each of his accounts (read from feeds/accounts.yaml) with who covers
# it, its health (feeds/metrics/weekly.csv), its champion, its renewal when
# inside the window, and his last notes (the segments under events/): every
# expected value comes from the fixture files, never from csconsole. Then
# markdown is well formed, --reviewed shows in the next brief, and a note
# written from a second database (yuki's) reaches aiko's brief and "while
# you were out" with its author.
. "$(dirname "$0")/../lib.sh"

command -v jq >/dev/null || { echo "jq not installed"; exit 77; }
setup_book
S="$T/shared"
"$CSC" sync > "$T/sync.txt" 2>&1 || { cat "$T/sync.txt"; fail "sync failed"; }
TODAY=$CSCONSOLE_TODAY
secs() { date -u -d "$1" +%s; }

# --- the fixture ---------------------------------------------------------------
# haruto's absence from team.yaml
FROM=$(awk '/^  - handle: /{f = ($3 == "haruto")} f && /- from: /{print $3; exit}' "$S/feeds/team.yaml")
UNTIL=$(awk '/^  - handle: /{f = ($3 == "haruto")} f && /until: /{print $2; exit}' "$S/feeds/team.yaml")
[ -n "$FROM" ] && [ -n "$UNTIL" ] || fail "no absence of haruto in team.yaml"
WEND=$(date -u -d "$UNTIL 30 days" +%F)

# his accounts: id, name, sub owner, renewal, champion, email, status (tab-separated)
awk -v OFS='\t' '
  function val(s) { sub(/^[^:]*: /, "", s); gsub(/^"|"$/, "", s); return s }
  function flush() { if (id != "" && main == "haruto") print id, name, so, ren, ch, em, st }
  /^  - id: /{ flush(); id = $3; name = so = ren = ch = em = st = main = ""; next }
  /^    name: /{ name = val($0) } /^    sub_owner: /{ so = val($0) }
  /^    main_owner: /{ main = val($0) } /^    renewal_date: /{ ren = val($0) }
  /^    champion: /{ ch = val($0) } /^    champion_email: /{ em = val($0) }
  /^    champion_status: /{ st = val($0) }
  END { flush() }' "$S/feeds/accounts.yaml" > "$T/accounts.tsv"
N=$(wc -l < "$T/accounts.tsv")
[ "$N" -ge 5 ] || fail "expected haruto's accounts in accounts.yaml, found $N"

# the notes of every device: account, touch day, hlc, author, kind, summary
cat "$S"/events/*/*.jsonl | grep '^{"account"' |
  jq -r 'select(.type == "note.add") | [.account, .data.touch_day, .hlc, .author, .data.kind, .data.summary] | @tsv' \
  > "$T/notes.tsv"
# the touches (README "What counts as a touch"): notes not internal, and
# touchpoints done with a note (the sample's are): account, day
cat "$S"/events/*/*.jsonl | grep '^{"account"' |
  jq -r 'select((.type == "note.add" and .data.kind != "internal") or
                (.type == "touch.done" and (.data.note // "") != "")) |
         [.account, (.data.touch_day // .data.done_day)] | @tsv' > "$T/touches.tsv"
# the test reads note.add only: no note of haruto's accounts may be edited or deleted
cut -f1 "$T/accounts.tsv" | while read -r id; do
  cat "$S"/events/*/*.jsonl | grep '^{"account"' |
    jq -r --arg id "$id" 'select(.account == $id and (.type == "note.edit" or .type == "note.delete")) | .id' |
    grep -q . && fail "$id has edited or deleted notes: this test reads note.add only"
  true
done

# block ID FILE: the text brief's lines of one account (to the next blank line)
block() { awk -v id="$1" 'index($0, id "  ") == 1 {f = 1} f && /^$/ {exit} f' "$2"; }

# --- the text brief ---------------------------------------------------------------
assert_status 0 "$CSC" handoff haruto > "$T/brief.txt" 2> "$T/err"
assert_contains "$T/brief.txt" "away $FROM .. $UNTIL (vacation)"
assert_contains "$T/brief.txt" "each account's sub owner"
[ "$(grep -c '^ACC-' "$T/brief.txt")" -eq "$N" ] || fail "the brief lists $(grep -c '^ACC-' "$T/brief.txt") accounts, not $N"

while IFS="$(printf '\t')" read -r id name sub ren ch em st; do
  block "$id" "$T/brief.txt" > "$T/b.txt"
  [ -s "$T/b.txt" ] || fail "$id ($name) is not in the brief"
  assert_contains "$T/b.txt" "$id  $name"
  assert_contains "$T/b.txt" "covered by  $sub ("
  # health: the latest weekly health_score up to today
  h=$(awk -F, -v id="$id" -v t="$TODAY" '$1 == id && $3 == "health_score" && $2 <= t {d = $2; v = $4}
      END {print v}' "$S/feeds/metrics/weekly.csv")
  [ -n "$h" ] && assert_contains "$T/b.txt" "health      $h ("
  assert_contains "$T/b.txt" "champion    $ch <$em> ($st)"
  # the renewal is listed in the window when inside it, as during or after the absence
  if [ -n "$ren" ] && [ "$(secs "$ren")" -ge "$(secs "$FROM")" ] && [ "$(secs "$ren")" -le "$(secs "$WEND")" ]; then
    when=after; [ "$(secs "$ren")" -le "$(secs "$UNTIL")" ] && when=during
    grep -qE "$ren  $when +renewal\$" "$T/b.txt" || { cat "$T/b.txt"; fail "$id: renewal $ren ($when) not in the window"; }
  else
    ! grep -qE "  (during|after) +renewal\$" "$T/b.txt" || { cat "$T/b.txt"; fail "$id: renewal $ren listed outside the window"; }
  fi
  # the last three notes by touch day (then stamp), newest first; the last touch
  awk -F'\t' -v id="$id" '$1 == id' "$T/notes.tsv" | sort -t"$(printf '\t')" -k2,2r -k3,3r | head -3 > "$T/last.tsv"
  last=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$T/touches.tsv" | sort -r | head -1)
  if [ -n "$last" ]; then
    grep -qE "^  last touch  $last " "$T/b.txt" || { cat "$T/b.txt"; fail "$id: last touch is not $last"; }
  else
    assert_contains "$T/b.txt" "last touch  - (no touch)"
  fi
  if [ -s "$T/last.tsv" ]; then
    while IFS="$(printf '\t')" read -r _ day _ author kind summary; do
      grep -F "$day  $author " "$T/b.txt" | grep -qF "$summary" ||
        { cat "$T/b.txt"; fail "$id: note of $day by $author \"$summary\" not among the last notes"; }
    done < "$T/last.tsv"
  else
    assert_contains "$T/b.txt" "notes       none"
  fi
  assert_contains "$T/b.txt" "reviewed    not yet"
done < "$T/accounts.tsv"
# accounts haruto is only sub owner of, or not owner of, are not in his brief
assert_not_contains "$T/brief.txt" "ACC-0001  "

# --- markdown: one title, one heading per account, tables with even rows ------------
assert_status 0 "$CSC" handoff haruto --format markdown > "$T/brief.md"
[ "$(head -1 "$T/brief.md" | cut -c1-2)" = "# " ] || fail "markdown starts with its title"
[ "$(grep -c '^# ' "$T/brief.md")" -eq 1 ] || fail "one title"
assert_contains "$T/brief.md" "$FROM to $UNTIL"
[ "$(grep -c '^## ' "$T/brief.md")" -eq "$N" ] || fail "one heading per account ($N)"
cut -f1 "$T/accounts.tsv" | while read -r id; do
  [ "$(grep -c "^## $id " "$T/brief.md")" -eq 1 ] || fail "no single heading for $id"
done
# every heading has a blank line after it; every table row has as many cells as its header
awk 'prev ~ /^#/ && $0 != "" {print "no blank line after: " prev; bad = 1} {prev = $0} END {exit bad}' \
  "$T/brief.md" || fail "markdown headings"
awk '{ line = $0; gsub(/\\\|/, "", line) }
     /^\|/ { n = gsub(/\|/, "|", line); if (!intable) { cols = n; intable = 1 } else if (n != cols) { print "row: " $0; bad = 1 } next }
     { intable = 0 } END { exit bad }' "$T/brief.md" || fail "markdown table rows"
grep -q '^|---|' "$T/brief.md" || fail "no table of upcoming touchpoints and renewals"

# --- json ---------------------------------------------------------------------------
assert_status 0 "$CSC" handoff haruto --format json > "$T/brief.json"
[ "$(jq '.accounts | length' "$T/brief.json")" -eq "$N" ] || fail "json: $N accounts"
[ "$(jq -r '.absence.from + " " + .absence.until' "$T/brief.json")" = "$FROM $UNTIL" ] || fail "json: the absence"

# --- reviewed marks -------------------------------------------------------------------
R=$(head -1 "$T/accounts.tsv" | cut -f1)
O=$(sed -n 2p "$T/accounts.tsv" | cut -f1)
assert_status 0 "$CSC" handoff haruto --reviewed "$R" > "$T/out" 2>&1
assert_contains "$T/out" "$R marked reviewed by aiko"
"$CSC" handoff haruto > "$T/brief2.txt"
block "$R" "$T/brief2.txt" > "$T/b.txt"
assert_contains "$T/b.txt" "reviewed    yes, by aiko on $TODAY"
block "$O" "$T/brief2.txt" > "$T/b.txt"
assert_contains "$T/b.txt" "reviewed    not yet"
"$CSC" handoff haruto --format markdown > "$T/brief2.md"
assert_contains "$T/brief2.md" "**Reviewed:** yes, by aiko"
"$CSC" handoff haruto --format json > "$T/b.json"
[ "$(jq -r --arg id "$R" '.accounts[] | select(.id == $id) | .reviewed.by' "$T/b.json")" = aiko ] ||
  fail "json: reviewed by"
# refusals: an account not his, no absence without dates, half the dates, a bad day
assert_status 2 "$CSC" handoff haruto --reviewed ACC-0001 > /dev/null 2> "$T/err"
assert_contains "$T/err" "not in haruto's brief"
assert_status 2 "$CSC" handoff aiko > /dev/null 2> "$T/err"
assert_contains "$T/err" "--from DAY --until DAY"
assert_status 2 "$CSC" handoff aiko --from +1d > /dev/null 2> "$T/err"
assert_contains "$T/err" "give both --from and --until"
assert_status 2 "$CSC" handoff aiko --from someday --until +3d > /dev/null 2> "$T/err"
assert_contains "$T/err" "--from: "
assert_status 2 "$CSC" handoff aiko --from +5d --until +3d > /dev/null 2> "$T/err"
assert_contains "$T/err" "before --from"
assert_status 2 "$CSC" handoff haruto --format pdf > /dev/null 2> "$T/err"
assert_contains "$T/err" "use text, json, csv or markdown"
# my own brief before I leave, with the days given
assert_status 0 "$CSC" handoff aiko --from +7d --until +10d > "$T/mine.txt"
assert_contains "$T/mine.txt" "ACC-0001  "

# --- a second CSM on a second database: yuki writes while haruto is away ----------------
write_config yuki "$S" "$T/db2/csconsole.db" > "$T/yuki.yaml"
yuki() { CSCONSOLE_CONFIG="$T/yuki.yaml" "$CSC" "$@"; }
yuki sync > /dev/null 2>&1 || fail "yuki's first sync"
CSCONSOLE_TODAY=2026-11-26 yuki note ACC-0048 --kind call --sentiment 4 \
  --summary "Covered call for haruto: rollout on track" > /dev/null 2>&1 || fail "yuki's note"
CSCONSOLE_TODAY=2026-11-26 yuki note ACC-0047 --kind email --sentiment 2 \
  --summary "Contract stamp delayed a week" > /dev/null 2>&1 || fail "yuki's second note"
# issue 17: yuki's opportunity on ACC-0048 (opened, updated, closed lost)
# and a feedback on it also reach "while you were out"
CSCONSOLE_TODAY=2026-11-26 yuki opportunity ACC-0048 --kind upsell --amount 12,000 --currency USD \
  --stage proposal --close 2027-01-15 > "$T/opp.id" 2>/dev/null || fail "yuki's opportunity"
OPP=$(cat "$T/opp.id")
CSCONSOLE_TODAY=2026-11-26 yuki opportunity --update "$OPP" --stage negotiation --amount 15,000 \
  > /dev/null 2>&1 || fail "yuki's opportunity update"
CSCONSOLE_TODAY=2026-11-26 yuki opportunity --close-lost "$OPP" --note "budget moved to Q3" \
  > /dev/null 2>&1 || fail "yuki's opportunity close"
CSCONSOLE_TODAY=2026-11-26 yuki feedback ACC-0048 --area reporting --type missing_feature \
  --text "Wants a weekly PDF of the fleet dashboard" > /dev/null 2>&1 || fail "yuki's feedback"
# a feedback recorded by mistake and undone (feedback.retract): both listed
CSCONSOLE_TODAY=2026-11-26 yuki feedback ACC-0048 --area mobile --type praise \
  --text "Wrong account, sorry" > /dev/null 2>&1 || fail "yuki's second feedback"
CSCONSOLE_TODAY=2026-11-26 yuki undo > /dev/null 2>&1 || fail "yuki's undo of the feedback"
CSCONSOLE_TODAY=2026-11-26 yuki sync > /dev/null 2>&1 || fail "yuki's sync"
CSCONSOLE_TODAY=2026-11-26 "$CSC" note ACC-0047 --kind call --sentiment 3 \
  --summary "Aiko checked the contract" > /dev/null 2>&1 || fail "aiko's note"
CSCONSOLE_TODAY=2026-11-26 "$CSC" sync > /dev/null 2>&1 || fail "aiko's sync"

# aiko's brief in the middle of the absence shows yuki's note, with its author
CSCONSOLE_TODAY=2026-11-26 "$CSC" handoff haruto > "$T/brief3.txt"
block ACC-0048 "$T/brief3.txt" > "$T/b.txt"
grep -F "2026-11-26  yuki " "$T/b.txt" | grep -qF "Covered call for haruto" ||
  { cat "$T/b.txt"; fail "yuki's note is not in aiko's brief"; }

# back on 2026-12-01: "while you were out" starts at his absence by default
CSCONSOLE_TODAY=2026-12-01 "$CSC" changes haruto > "$T/changes.txt"
assert_contains "$T/changes.txt" "since $FROM (the start of the absence $FROM .. $UNTIL)"
block ACC-0048 "$T/changes.txt" > "$T/b.txt"
grep -F "2026-11-26  yuki " "$T/b.txt" | grep -qF "Covered call for haruto" ||
  { cat "$T/changes.txt"; fail "changes: yuki's note on ACC-0048"; }
block ACC-0047 "$T/changes.txt" > "$T/b.txt"
grep -F "2026-11-26  aiko " "$T/b.txt" | grep -qF "Aiko checked the contract" ||
  { cat "$T/changes.txt"; fail "changes: aiko's note on ACC-0047"; }
grep -F "2026-11-26  yuki " "$T/b.txt" | grep -qF "Contract stamp delayed" ||
  { cat "$T/changes.txt"; fail "changes: yuki's note on ACC-0047"; }
# haruto's own handover notes (before the absence) are not news to him
assert_not_contains "$T/changes.txt" "休暇前の引き継ぎ"
CSCONSOLE_TODAY=2026-12-01 "$CSC" changes haruto --format json > "$T/changes.json"
[ "$(jq -r '[.accounts[] | select(.id == "ACC-0048") | .changes[] | .author] | join(",")' "$T/changes.json")" = yuki,yuki,yuki,yuki,yuki,yuki,yuki ] ||
  fail "changes json: ACC-0048's authors (a note, an opportunity's open, update and close, a feedback, one more and its retract)"
# the opportunity's and the feedback's changes: lines in the text, stable
# English "what" and the fields in json
block ACC-0048 "$T/changes.txt" > "$T/b.txt"
for want in \
  "opportunity  opened an opportunity: upsell, \$12,000.00, stage proposal, expected close 2027-01-15, owner yuki" \
  "opportunity  updated an opportunity (amount \$12,000.00 -> \$15,000.00, stage proposal -> negotiation): upsell, \$15,000.00, stage negotiation, expected close 2027-01-15" \
  "opportunity  lost an opportunity: upsell, \$15,000.00, stage negotiation; closing note: budget moved to Q3" \
  "feedback     feedback on reporting (missing_feature): Wants a weekly PDF of the fleet dashboard" \
  "feedback     feedback on mobile (praise): Wrong account, sorry" \
  "feedback     took back the feedback on mobile (praise): Wrong account, sorry"; do
  grep -F "2026-11-26  yuki " "$T/b.txt" | grep -qF "$want" || { cat "$T/b.txt"; fail "changes: no line \"$want\""; }
done
jq -e --arg id "$OPP" '[.accounts[] | select(.id == "ACC-0048") | .changes[] | select(.id == $id)]
  | map(.type + " " + .status + " " + .stage + " " + (.amount | tostring) + " " + .currency + " " + .close)
  == ["opportunity.open open proposal 1200000 USD 2027-01-15",
      "opportunity.update open negotiation 1500000 USD 2027-01-15",
      "opportunity.close lost negotiation 1500000 USD 2027-01-15"]' "$T/changes.json" > /dev/null ||
  { jq '.accounts[] | select(.id == "ACC-0048")' "$T/changes.json"; fail "changes json: the opportunity's changes"; }
jq -e '[.accounts[] | select(.id == "ACC-0048") | .changes[] | select(.type == "feedback.add")]
  | map(.area + " " + .request + " " + .summary + " / " + .what)
  == ["reporting missing_feature Wants a weekly PDF of the fleet dashboard / feedback on reporting (missing_feature): Wants a weekly PDF of the fleet dashboard",
      "mobile praise Wrong account, sorry / feedback on mobile (praise): Wrong account, sorry"]' \
  "$T/changes.json" > /dev/null ||
  { jq '.accounts[] | select(.id == "ACC-0048")' "$T/changes.json"; fail "changes json: the feedback's change"; }
CSCONSOLE_TODAY=2026-12-01 "$CSC" changes haruto --format csv > "$T/changes.csv"
[ "$(grep -c "^\"ACC-0048\",.*,\"opportunity\",\"opportunity/$OPP\"," "$T/changes.csv")" -eq 3 ] ||
  { cat "$T/changes.csv"; fail "changes csv: the opportunity's three rows"; }
# in Japanese, the same changes in Japanese words, the figures as they are
CSCONSOLE_TODAY=2026-12-01 LANGUAGE=ja "$CSC" changes haruto > "$T/changes_ja.txt"
block ACC-0048 "$T/changes_ja.txt" | grep -F "拡大機会" | grep -qF '$15,000.00' ||
  { cat "$T/changes_ja.txt"; fail "changes in Japanese: the opportunity"; }
block ACC-0048 "$T/changes_ja.txt" | grep -F "顧客の声" | grep -qF 'Wants a weekly PDF' ||
  { cat "$T/changes_ja.txt"; fail "changes in Japanese: the feedback"; }
# my own changes (me: aiko, 7 days back as I have had no absence): yuki's note on
# ACC-0047 (I am its sub owner), not mine, not ACC-0048 (not mine)
CSCONSOLE_TODAY=2026-12-01 "$CSC" changes > "$T/mine.txt"
assert_contains "$T/mine.txt" "since 2026-11-24 (7 days ago"
assert_contains "$T/mine.txt" "Contract stamp delayed"
assert_not_contains "$T/mine.txt" "Aiko checked the contract"
assert_not_contains "$T/mine.txt" "ACC-0048"
assert_status 2 "$CSC" changes haruto --since tomorrow > /dev/null 2> "$T/err"
assert_contains "$T/err" "after today"
exit 0
