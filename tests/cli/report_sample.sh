# report_sample.sh - the sample book's expansion and feedback stories
# (sample-data/README.md, issue 17) in `csconsole report pipeline` and
# `csconsole report feedback`: the open opportunities and their totals, and
# the feedback per area, against the same figures computed with jq from the
# sample's segments themselves (each opportunity's fields folded in stamp
# order, closed ones left out; each feedback's recorded ARR).
. "$(dirname "$0")/../lib.sh"

command -v jq >/dev/null || { echo "jq not installed (tools/deps.sh)"; exit 77; }
setup_book
printf 'reports:\n  currency: USD\n  rates: {JPY: 0.0067}\n' >> "$T/csconsole.yaml"
assert_status 0 "$CSC" sync > /dev/null
# every event of the sample, one JSON object per line
find "$T/shared/events" -name '*.jsonl' -exec cat {} + | grep '^{"account"' > "$T/events.jsonl"

# open opportunities: "stage account amount currency", by the pipeline's order then close day
jq -s -r '[.[] | select(.type | startswith("opportunity."))] | group_by(.entity) | map(sort_by(.hlc)
    | reduce .[] as $e ({}; . + $e.data + {account: $e.account}))
  | map(select(.outcome == null))
  | sort_by((.stage as $s | ["discovery","qualified","proposal","negotiation","commit"] | index($s)), .close_day)
  | .[] | "\(.stage) \(.account) \(.amount) \(.currency)"' "$T/events.jsonl" > "$T/want.open"
[ "$(wc -l < "$T/want.open")" -eq 3 ] || { cat "$T/want.open"; fail "the sample has 3 open opportunities (README)"; }
"$CSC" report pipeline --format json > "$T/p.json"
# the report's amounts in whole units; the events' in minor units (USD: cents)
jq -r '.rows[] | select(.level == 1) | "\(.stage) \(.account) \(if .amount_currency == "JPY" then .amount else (.amount * 100 | round) end) \(.amount_currency)"' \
  "$T/p.json" > "$T/got.open"
diff "$T/want.open" "$T/got.open" || fail "the open opportunities differ from the segments (want, got)"
# totals of all stages per currency
awk '{s[$4] += $3} END {for (c in s) print c, s[c]}' "$T/want.open" | sort > "$T/want.total"
jq -r '.rows[] | select(.level == 0 and .stage == "Total") | "\(.amount_currency) \(if .amount_currency == "JPY" then .amount else (.amount * 100 | round) end)"' \
  "$T/p.json" | sort > "$T/got.total"
diff "$T/want.total" "$T/got.total" || fail "the pipeline's totals differ"

# feedback per area: count and the ARR asking (each account once, latest), in USD
jq -s -r '[.[] | select(.type == "feedback.add")] | group_by(.data.area) | .[]
  | (group_by(.account) | map(max_by(.data.day) | .data | (if .currency == "JPY" then .arr * 0.0067 else .arr / 100 end)) | add) as $arr
  | "\(.[0].data.area) \(length) \($arr * 100 | round)"' "$T/events.jsonl" | sort > "$T/want.fb"
"$CSC" report feedback --format json > "$T/f.json"
jq -r '.rows[] | select(.level == 0 and .area != "Total") | "\(.area) \(.feedbacks) \(.arr * 100 | round)"' "$T/f.json" |
  sort > "$T/got.fb"
diff "$T/want.fb" "$T/got.fb" || fail "the feedback areas differ from the segments (want, got)"
[ "$(wc -l < "$T/want.fb")" -eq 3 ] || fail "the sample's feedback is in 3 areas (README)"
# ken's opportunity and feedback on ACC-0002 (aiko the sub owner) are
# "changes" lines with their text: each of the sample's opportunity and
# feedback events by a teammate on aiko's accounts stamped on or after
# 2026-11-10 (the stamp's first 12 hex digits: ms since 1970), by type
"$CSC" changes --since 2026-11-10 --format json > "$T/ch.json"
[ "$(jq '[.. | objects | select(.what? == "")] | length' "$T/ch.json")" = 0 ] || fail "a change without text"
since_ms=$(( $(date -u -d 2026-11-10 +%s) * 1000 ))
mine=$(awk '/^  - id: /{id = $3} /^    (main|sub)_owner: aiko$/{print id}' "$T/shared/feeds/accounts.yaml" | sort -u)
[ -n "$mine" ] || fail "no account of aiko in the feed"
jq -r 'select(.author != "aiko" and (.type | test("^(opportunity|feedback)\\."))) | "\(.hlc[0:12]) \(.account) \(.type) \(.entity)"' \
  "$T/events.jsonl" | while read -r hex acc type entity; do
    [ $((0x$hex)) -ge "$since_ms" ] || continue
    printf '%s\n' "$mine" | grep -qx "$acc" || continue
    echo "$acc $type $entity"
  done | sort > "$T/want.ch"
[ -s "$T/want.ch" ] || fail "the sample has no teammate's opportunity or feedback on aiko's accounts since 2026-11-10"
jq -r '.accounts[] | .id as $a | .changes[] | select(.type | test("^(opportunity|feedback)\\.")) | "\($a) \(.type) \(.entity)"' \
  "$T/ch.json" | sort > "$T/got.ch"
diff "$T/want.ch" "$T/got.ch" || fail "issue 17's events in the changes differ from the segments (want, got)"
jq -e '[.accounts[] | select(.id == "ACC-0002") | .changes[] | select(.type == "opportunity.close")][0].what
  | test("^lost an opportunity: upsell, .*; closing note: Champion left")' "$T/ch.json" > /dev/null ||
  fail "ken's lost opportunity's line"
[ "$(jq '[.. | objects | select(.author? == "ken")] | length' "$T/ch.json")" -gt 0 ] || fail "ken's other changes are there"
# the lost opportunity shows on the account, with its note
"$CSC" show ACC-0002 > "$T/show"
assert_contains "$T/show" "Opportunities (0 open, 1 closed)"
assert_contains "$T/show" "closing note: Champion left; the new sponsor froze new spend until the renewal."
exit 0
