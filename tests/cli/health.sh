#!/bin/sh
# csconsole health ACCOUNT: the explanation of one account's health. A golden
# file of the whole text for ACC-0005 (tests/cli/expected/health-ACC-0005.txt;
# CSC_UPDATE_SCREENS=1 rewrites it: review the diff), then figures checked
# against values derived from sample-data/, the json and the errors.
. "$CSC_ROOT/tests/lib.sh"
setup_book aiko
"$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "sync failed"; }
F=$T/shared/feeds

# expect_golden NAME FILE: FILE equals tests/cli/expected/NAME.txt.
expect_golden() {
  want=$CSC_ROOT/tests/cli/expected/$1.txt
  if [ "${CSC_UPDATE_SCREENS:-}" = 1 ]; then
    cp "$2" "$want"; echo "updated $want"; return 0
  fi
  [ -f "$want" ] || fail "no expected output $want: run with CSC_UPDATE_SCREENS=1 and review it"
  diff -u "$want" "$2" || fail "the output differs from $want"
}
# yfield ID KEY: a field of an account in accounts.yaml (quotes removed)
yfield() {
  awk -v id="$1" -v key="$2" '
    /^  - id: / { inside = ($3 == id); next }
    inside && $1 == key ":" { sub(/^ *[a-z_]+: */, ""); gsub(/"/, ""); print; exit }' "$F/accounts.yaml"
}
# weekly ID NAME: the rows "date,value" of a weekly metric, oldest first
weekly() { grep -h "^$1,[^,]*,$2," "$F/metrics/weekly.csv" | cut -d, -f2,4 | sort; }
# line NAME: the component line of NAME in $T/out
line() { grep -E "^  $1 " "$T/out" || fail "no component line $1"; }

# --- golden: the whole explanation -------------------------------------------
"$CSC" health ACC-0005 > "$T/out"
expect_golden health-ACC-0005 "$T/out"

# --- the same figures, derived from the fixture ---------------------------------
name=$(yfield ACC-0005 name)
seats=$(yfield ACC-0005 seats)
head -n 1 "$T/out" | grep -qxF "$name  (ACC-0005)" || fail "title: $(head -n 1 "$T/out")"
# vendor score: the latest weekly health_score
vendor=$(weekly ACC-0005 health_score | tail -n 1 | cut -d, -f2)
grep -qE "^vendor score +$vendor \((red|yellow|green)\) on 2026-11-23, 4 weeks " "$T/out" ||
  fail "vendor score $vendor: $(grep '^vendor' "$T/out")"
# adoption: the latest weekly active_seats / licensed seats
active=$(weekly ACC-0005 active_seats | tail -n 1 | cut -d, -f2)
raw=$(awk -v a="$active" -v s="$seats" 'BEGIN { printf "%.2f", a / s }')
line adoption | grep -qE "^  adoption +$raw +$active of $seats seats active " ||
  fail "adoption $raw ($active of $seats): $(line adoption)"
# its score: 0 at 0.0, 100 at 0.8 (health.h)
sc=$(awk -v a="$active" -v s="$seats" 'BEGIN { x = a / s / 0.8 * 100; if (x > 100) x = 100; printf "%.0f", x }')
line adoption | grep -qE " $sc +25 " || fail "adoption score $sc: $(line adoption)"
# NPS: the latest answer in nps.yaml, scored -100 -> 0, 100 -> 100
nps=$(grep 'account: ACC-0005,' "$F/metrics/nps.yaml" | sed -E 's/.*date: ([0-9-]+),.*value: (-?[0-9]+).*/\1 \2/' |
  sort | tail -n 1)
nps_day=${nps% *} nps_val=${nps#* }
nps_score=$(awk -v v="$nps_val" 'BEGIN { printf "%.0f", (v + 100) / 2 }')
line nps | grep -qE "^  nps +$nps_val +[-+]?${nps_val#-} on $nps_day +$nps_score +10 " ||
  fail "nps $nps_val on $nps_day (score $nps_score): $(line nps)"
# support: tickets of the last 4 weekly snapshots (2026-10-27 .. 11-23)
tickets=$(weekly ACC-0005 support_tickets | awk -F, '$1 >= "2026-10-27" { s += $2 } END { print s + 0 }')
line support | grep -qF "$tickets tickets in 4 weeks" || fail "support $tickets: $(line support)"
# the daily data starts in 2026: the key feature has nothing to compare with
line key_feature | grep -qE "no data a year ago +missing +10 +-\$" || fail "key_feature: $(line key_feature)"
# exactly one marker, on the line the closing sentence names
[ "$(grep -c 'pulls down most$' "$T/out")" -eq 1 ] || fail "one component pulls down most"
worst=$(grep 'pulls down most$' "$T/out" | awk '{ print $1 }')
tail -n 1 "$T/out" | grep -qE "^pulls down most: $worst \(" || fail "closing line: $(tail -n 1 "$T/out")"

# --- by exact name: the same output -------------------------------------------
"$CSC" health "$name" > "$T/byname"
cmp -s "$T/out" "$T/byname" || fail "health by name differs from health by id"

# --- json ------------------------------------------------------------------------
"$CSC" health ACC-0005 --format json > "$T/out.json"
q() { sqlite3 :memory: "$1"; }
J="readfile('$T/out.json')"
[ "$(q "SELECT json_extract($J, '\$.id')")" = ACC-0005 ] || fail "json id"
n=$(q "SELECT json_array_length($J, '\$.components')")
lines=$(grep -E '^  [a-z_]+ ' "$T/out" | grep -vc '^  component ')
[ "$n" -eq "$lines" ] || fail "json has $n components, the text $lines"
w=$(q "SELECT sum(json_extract(value, '\$.weight')) FROM json_each($J, '\$.components')")
[ "$w" = 100 ] || [ "$w" = 100.0 ] || fail "weights sum to $w, want 100"
bad=$(q "SELECT count(*) FROM json_each($J, '\$.components') WHERE json_extract(value, '\$.present') = 0
  AND (json_type(value, '\$.score') != 'null' OR json_type(value, '\$.missing_reason') != 'text')")
[ "$bad" -eq 0 ] || fail "$bad missing components have a score or no reason"
[ "$(q "SELECT json_type($J, '\$.components[2].score')")" = null ] || fail "key_feature score should be null"
# the shares add up to the computed score
diff=$(q "SELECT abs(sum(json_extract(value, '\$.contribution')) - json_extract($J, '\$.computed.score')) < 1e-6
  FROM json_each($J, '\$.components')")
[ "$diff" = 1 ] || fail "contributions do not sum to the computed score"
# pulls_down is the present component with the largest weight * (100 - score)
want=$(q "SELECT json_extract(value, '\$.name') FROM json_each($J, '\$.components')
  WHERE json_extract(value, '\$.present') ORDER BY json_extract(value, '\$.weight') *
  (100 - json_extract(value, '\$.score')) DESC, key LIMIT 1")
[ "$(q "SELECT json_extract($J, '\$.pulls_down')")" = "$want" ] || fail "json pulls_down, want $want"
[ "$want" = "$worst" ] || fail "text marks $worst, json says $want"
[ "$(q "SELECT json_extract($J, '\$.vendor.score')")" = "$vendor.0" ] || fail "json vendor score"
[ "$(q "SELECT json_extract($J, '\$.components[6].raw')")" = "$nps_val.0" ] || fail "json nps raw"

# --- backtest: the accounts with an outcome, replayed -----------------------------
# outcomes: "id outcome outcome_date score_date" per account with an outcome,
# from accounts.yaml (score_date: $1 days before the outcome)
outcomes() {
  awk '/^  - id: / { id = $3 } $1 == "outcome:" { o = $2 } $1 == "outcome_date:" { print id, o, $2 }' \
    "$F/accounts.yaml" | while read -r id o d; do echo "$id $o $d $(date -u -d "$d - $1 days" +%F)"; done
}
outcomes 90 > "$T/outcomes"
n_renewed=$(grep -c ' renewed ' "$T/outcomes") n_churned=$(grep -c ' churned ' "$T/outcomes")
n_out=$((n_renewed + n_churned))
[ "$n_renewed" -gt 0 ] && [ "$n_churned" -gt 0 ] || fail "the sample has no outcomes of both kinds"
"$CSC" health --backtest > "$T/bt" || fail "health --backtest failed"
head -n 1 "$T/bt" | grep -qxF "backtest: $n_out accounts with an outcome ($n_renewed renewed, $n_churned churned), each scored 90 days before it" ||
  fail "backtest title: $(head -n 1 "$T/bt")"
grep -qE '^ +current +vendor$' "$T/bt" || fail "no current and vendor columns: $(cat "$T/bt")"
# cell ROWLABEL COLUMN(1-based) FILE: one model's cell of a row (cells are 2+ spaces apart)
cell() { grep "^$1 " "$3" | sed -E "s/^$1 +//; s/  +/|/g" | cut -d'|' -f"$2"; }
# every column: scored + no score = the accounts, the bands add up to the scored
for col in 1 2; do
  scored=$(cell scored $col "$T/bt") none=$(cell "no score" $col "$T/bt")
  [ $((scored + none)) -eq "$n_out" ] || fail "column $col: $scored scored + $none without != $n_out"
  sum=0
  for band in red yellow green; do
    of=$(cell "churned in $band" $col "$T/bt" | sed -E 's/^[0-9]+ of ([0-9]+).*/\1/')
    sum=$((sum + of))
  done
  [ "$sum" -eq "$scored" ] || fail "column $col: the bands hold $sum accounts, $scored scored"
done
# The vendor column, from the fixture alone: the latest weekly health_score on
# or before each score date, banded by the default bands (red <= 50, yellow <= 75),
# and the AUC over every (churned, renewed) pair, a tie counting 1/2.
while read -r id o d sd; do
  v=$(weekly "$id" health_score | awk -F, -v sd="$sd" '$1 <= sd { v = $2 } END { print v }')
  echo "$id $o ${v:--}"
done < "$T/outcomes" > "$T/vendor"
awk -v out="$T/want" '
  $3 == "-" { none++; next }
  { n++; band = $3 <= 50 ? "red" : $3 <= 75 ? "yellow" : "green"; of[band]++
    if ($2 == "churned") { ch[band]++; c[++nc] = $3 } else r[++nr] = $3 }
  END {
    for (i = 1; i <= nc; i++) for (j = 1; j <= nr; j++) u += c[i] < r[j] ? 1 : c[i] == r[j] ? 0.5 : 0
    printf "%d %d %s %s %s %.3f\n", n, none,
      (ch["red"] + 0) " of " (of["red"] + 0), (ch["yellow"] + 0) " of " (of["yellow"] + 0),
      (ch["green"] + 0) " of " (of["green"] + 0), u / (nc * nr) > out }' "$T/vendor"
read -r w_scored w_none w_red1 _ w_red2 w_yel1 _ w_yel2 w_grn1 _ w_grn2 w_auc < "$T/want"
[ "$(cell scored 2 "$T/bt")" = "$w_scored" ] || fail "vendor scored, want $w_scored"
[ "$(cell "no score" 2 "$T/bt")" = "$w_none" ] || fail "vendor no score, want $w_none"
cell "churned in red" 2 "$T/bt" | grep -q "^$w_red1 of $w_red2\b" || fail "vendor red, want $w_red1 of $w_red2"
cell "churned in yellow" 2 "$T/bt" | grep -q "^$w_yel1 of $w_yel2\b" || fail "vendor yellow, want $w_yel1 of $w_yel2"
cell "churned in green" 2 "$T/bt" | grep -q "^$w_grn1 of $w_grn2\b" || fail "vendor green, want $w_grn1 of $w_grn2"
[ "$(cell AUC 2 "$T/bt")" = "$w_auc" ] || fail "vendor AUC $(cell AUC 2 "$T/bt"), want $w_auc"

# json: the same accounts; the current model's AUC recomputed from its
# per-account scores by pairs (SQL), against the one reported
"$CSC" health --backtest --format json > "$T/bt.json"
B="readfile('$T/bt.json')"
[ "$(q "SELECT count(*) FROM json_each($B, '\$.outcomes') WHERE json_extract(value, '\$.outcome') = 'churned'")" \
  -eq "$n_churned" ] || fail "json churned accounts"
[ "$(q "SELECT group_concat(json_extract(value, '\$.id') || ' ' || json_extract(value, '\$.score_date'), ',')
  FROM json_each($B, '\$.outcomes')")" = "$(cut -d' ' -f1,4 "$T/outcomes" | sort | paste -sd,)" ] ||
  fail "json outcomes and score dates differ from accounts.yaml"
auc_ok=$(q "WITH s AS (SELECT json_extract(value, '\$.outcome') o, json_extract(value, '\$.scores.current') v
  FROM json_each($B, '\$.outcomes') WHERE json_type(value, '\$.scores.current') != 'null')
  SELECT abs(avg(CASE WHEN c.v < r.v THEN 1.0 WHEN c.v = r.v THEN 0.5 ELSE 0.0 END)
    - json_extract($B, '\$.models[0].auc')) < 1e-9
  FROM s c, s r WHERE c.o = 'churned' AND r.o = 'renewed'")
[ "$auc_ok" = 1 ] || fail "the current model's AUC differs from its pairs"
[ "$(q "SELECT printf('%.3f', json_extract($B, '\$.models[1].auc'))")" = "$w_auc" ] || fail "json vendor AUC"

# a candidate: a file with no model of its own is the current model again;
# one that changes the weights is computed apart (its own column)
printf 'health:\n  bands: {red: 50}\n' > "$T/same.yaml"
"$CSC" health --backtest "$T/same.yaml" > "$T/bt2"
grep -qE '^ +current +candidate +vendor$' "$T/bt2" || fail "no candidate column: $(cat "$T/bt2")"
grep -qxF "candidate: $T/same.yaml" "$T/bt2" || fail "the candidate file is not named"
for row in scored "no score" "churned in red" "churned in yellow" "churned in green" AUC; do
  [ "$(cell "$row" 1 "$T/bt2")" = "$(cell "$row" 2 "$T/bt2")" ] || fail "candidate = current differs: $row"
  [ "$(cell "$row" 1 "$T/bt2")" = "$(cell "$row" 1 "$T/bt")" ] || fail "current changed with a candidate: $row"
done
printf 'health:\n  model:\n    adoption: {weight: 80}\n    sentiment: {weight: 0}\n' > "$T/cand.yaml"
"$CSC" health --backtest "$T/cand.yaml" --format json > "$T/bt3.json"
C="readfile('$T/bt3.json')"
[ "$(q "SELECT json_extract($C, '\$.models[1].name')")" = candidate ] || fail "json candidate"
[ "$(q "SELECT count(*) FROM json_each($C, '\$.outcomes')
  WHERE json_extract(value, '\$.scores.candidate') IS NOT json_extract(value, '\$.scores.current')")" -gt 0 ] ||
  fail "a candidate with other weights scored every account as the current model"

# a horizon beyond the history: no vendor snapshot that early, so every account
# is "no score" for it, and its AUC is undefined (not 0.5)
first=$(grep -h ',health_score,' "$F/metrics/weekly.csv" | cut -d, -f2 | sort | head -n 1)
outcomes 200 | awk -v f="$first" '$4 >= f' > "$T/early"
[ ! -s "$T/early" ] || fail "the fixture has snapshots 200 days before an outcome: pick a longer horizon"
"$CSC" health --backtest --horizon 200 > "$T/bt4"
[ "$(cell "no score" 2 "$T/bt4")" = "$n_out" ] || fail "horizon 200: vendor scores $(cell "no score" 2 "$T/bt4")"
[ "$(cell AUC 2 "$T/bt4")" = undefined ] || fail "horizon 200: vendor AUC $(cell AUC 2 "$T/bt4")"
assert_contains "$T/bt4" "undefined: the AUC needs scored accounts of both outcomes"

# --- recompute ---------------------------------------------------------------------
"$CSC" health --recompute --weeks 8 > "$T/rc" || fail "health --recompute failed"
n_acc=$(grep -c '^  - id: ' "$F/accounts.yaml")
# the 8 weeks are the 8 Mondays (week_start) up to today, a Monday: their rows
since=$(date -u -d "$CSCONSOLE_TODAY - 49 days" +%s)
snaps=$(sqlite3 "$T/db/csconsole.db" "SELECT count(*) FROM health WHERE source = 'model' AND day >= $since / 86400")
grep -qE "^recomputed $n_acc accounts x 8 weeks: [0-9,]+ snapshots in [0-9.]+ s\$" "$T/rc" || fail "recompute: $(cat "$T/rc")"
[ "$(sed -E 's/.*: ([0-9,]+) snapshots.*/\1/; s/,//g' "$T/rc")" -eq "$snaps" ] ||
  fail "recompute says $(cat "$T/rc"), the database holds $snaps snapshots of those weeks"

# --- errors ------------------------------------------------------------------------
assert_status 2 "$CSC" health ACC-9999 2> "$T/err"
assert_contains "$T/err" 'csconsole health: no account "ACC-9999"'
assert_status 2 "$CSC" health 2> "$T/err"
assert_contains "$T/err" "which account?"
assert_status 2 "$CSC" health ACC-0005 --format xml 2> "$T/err"
assert_contains "$T/err" "use text, json or csv"
assert_status 0 "$CSC" health --help > "$T/help"
assert_contains "$T/help" "usage: csconsole health ACCOUNT"
assert_contains "$T/help" "csconsole health --backtest [MODEL.yaml]"
printf 'health:\n  model:\n    adoption: {weight: 500}\n' > "$T/bad.yaml"
assert_status 3 "$CSC" health --backtest "$T/bad.yaml" 2> "$T/err"
assert_contains "$T/err" "$T/bad.yaml:3:"
assert_contains "$T/err" "the candidate model $T/bad.yaml has errors"
assert_status 2 "$CSC" health --backtest --horizon 0 2> "$T/err"
assert_contains "$T/err" "give a number of days"
assert_status 2 "$CSC" health --backtest --recompute 2> "$T/err"
assert_status 2 "$CSC" health ACC-0005 --weeks 3 2> "$T/err"
assert_contains "$T/err" "--weeks goes with --recompute"
exit 0
