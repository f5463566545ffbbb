#!/bin/sh
# report_team.sh - `csconsole report team` on the sample book: per CSM the
# main and sub counts, overdue touchpoints and notes per week against the
# database (sqlite3); the single-owner risk on the first day of haruto's
# absence (the accounts whose sub owner he is); the coverage of the coming
# absences from the team feed; a cover that is away itself.
. "$CSC_ROOT/tests/lib.sh"
command -v sqlite3 > /dev/null || { echo "SKIP: needs the sqlite3 shell (apt-get install sqlite3)"; exit 77; }
setup_book aiko
printf 'reports: {currency: USD, rates: {JPY: 0.0067, EUR: 1.08}}\n' >> "$T/csconsole.yaml"
"$CSC" sync > "$T/sync.txt" 2>&1 || { cat "$T/sync.txt"; fail "sync failed"; }
DB="$T/db/csconsole.db"
q() { sqlite3 "$DB" "$1"; }
day() { echo $(( $(date -u -d "$1" +%s) / 86400 )); }

"$CSC" report team --format csv --accounts > "$T/t.csv" 2> "$T/t.err" || { cat "$T/t.err"; fail "report team failed"; }
sqlite3 -csv "$T/t.db" ".import '$T/t.csv' r"
r() { sqlite3 "$T/t.db" "SELECT \"$2\" FROM r WHERE csm = '$1'"; }
today=$(day 2026-11-23)
for h in $(q "SELECT handle FROM csm WHERE active = 1"); do
  [ "$(r "$h" main_accounts)" = "$(q "SELECT count(*) FROM account WHERE active = 1 AND main_owner = '$h'")" ] || fail "$h: main"
  [ "$(r "$h" sub_accounts)" = "$(q "SELECT count(*) FROM account WHERE active = 1 AND sub_owner = '$h'")" ] || fail "$h: sub"
  [ "$(r "$h" overdue_touchpoints)" = "$(q "SELECT count(*) FROM touchpoint t JOIN account a ON a.crm_id = t.account
      WHERE a.main_owner = '$h' AND a.active = 1 AND t.status IN ('open', 'snoozed') AND t.due_day < $today")" ] || fail "$h: overdue"
  weeks=$(for w in 3 2 1 0; do q "SELECT count(*) FROM note WHERE deleted = 0 AND author = '$h'
      AND touch_day BETWEEN $today - 7 * $w - 6 AND $today - 7 * $w"; done | tr '\n' ' ' | sed 's/ $//')
  [ "$(r "$h" notes_per_week)" = "$weeks" ] || fail "$h: notes per week $(r "$h" notes_per_week), expected $weeks"
done
[ "$(r Team main_accounts)" = "$(q "SELECT count(*) FROM account WHERE active = 1")" ] || fail "the team's total"
[ "$(sqlite3 "$T/t.db" "SELECT sum(overdue_touchpoints) FROM r WHERE csm != 'Team'")" -gt 0 ] ||
  fail "the story needs an overdue touchpoint"
# Today nobody is away and every account has a sub owner: no single-owner risk.
[ "$(r Team single_owner)" = 0 ] || fail "no single-owner risk on the anchor day"
# The next absences, from the team feed: haruto from tomorrow (no cover named:
# his sub owners), emily covered by daniel.
[ "$(r haruto away_from)" = 2026-11-24 ] && [ "$(r haruto cover)" = "sub owners" ] || fail "haruto's absence"
[ "$(r emily cover)" = daniel ] || fail "emily's absence is covered by daniel"

# On haruto's first day away, the accounts whose sub owner he is have a single owner.
"$CSC" --today 2026-11-24 report team --format csv --accounts > "$T/t2.csv"
sqlite3 -csv "$T/t2.db" ".import '$T/t2.csv' r"
for h in $(q "SELECT DISTINCT main_owner FROM account WHERE active = 1 AND sub_owner = 'haruto'"); do
  want=$(q "SELECT count(*) FROM account WHERE active = 1 AND main_owner = '$h' AND sub_owner = 'haruto'")
  [ "$(sqlite3 "$T/t2.db" "SELECT single_owner FROM r WHERE csm = '$h'")" = "$want" ] || fail "$h: single owner on 11-24"
done
# the team's drill-down: the single-owner accounts and those with overdue touchpoints
want=$(q "SELECT group_concat(crm_id, ' ') FROM (SELECT crm_id FROM account WHERE active = 1 AND sub_owner = 'haruto'
          UNION SELECT account FROM touchpoint WHERE status IN ('open', 'snoozed') AND due_day < $(day 2026-11-24)
          ORDER BY 1)")
got=$(sqlite3 "$T/t2.db" "SELECT accounts FROM r WHERE csm = 'Team'" | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
[ "$got" = "$want" ] || fail "the team's accounts on 11-24: $got, expected $want"

# A cover who is away too: ken covers haruto but is away on the same days:
# every account of haruto is uncovered.
"$CSC" --me ken cover haruto --by ken --from 2026-11-24 --until 2026-11-30 > /dev/null 2>&1 ||
  fail "cover haruto --by ken failed"
"$CSC" --me ken cover ken --by yuki --from 2026-11-25 --until 2026-11-26 > /dev/null 2>&1 || fail "cover ken failed"
"$CSC" report team --format csv > "$T/t3.csv"
sqlite3 -csv "$T/t3.db" ".import '$T/t3.csv' r"
[ "$(sqlite3 "$T/t3.db" "SELECT uncovered FROM r WHERE csm = 'haruto'")" = "$(q "SELECT count(*) FROM account WHERE active = 1 AND main_owner = 'haruto'")" ] ||
  fail "haruto's accounts should all be uncovered when his cover is away too: $(cat "$T/t3.csv")"
"$CSC" report team > "$T/t.txt"
assert_contains "$T/t.txt" "Single owner: main accounts without a sub owner who is an active CSM present today."
assert_status 2 "$CSC" report team --by segment
exit 0
