# reports.sh - the team lead's view (T) on the sample book with its ARR
# history (setup_report_book): the retention report's rows equal the
# figures of `csconsole report retention --format csv` (formatted here),
# p switches to quarters, B groups by owner (its rows against the csv of
# --by owner), Right goes to the forecast, Left (from retention)
# to the team report, whose rows equal its csv; Right to the pipeline and
# the feedback (its first area's ARR asking); Enter on a forecast total
# lists the accounts behind it, the ids of `report forecast --accounts`;
# Enter on one opens its detail, Esc comes back; at 60 columns nothing
# overflows and the figures stay aligned; with `glyphs: ascii` the bars
# are ASCII.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 > /dev/null || { echo "SKIP: needs the sqlite3 shell (apt-get install sqlite3)"; exit 77; }

setup_report_book aiko
echo "sync_on_start: false" >> "$T/csconsole.yaml"
screen=$T/screen.txt

# csv_db NAME ARGS...: `csconsole report ARGS --format csv --accounts` as table r in $T/NAME.db
csv_db() {
  _n=$1; shift
  "$CSC" report "$@" --format csv --accounts > "$T/$_n.csv" || fail "csconsole report $* failed"
  rm -f "$T/$_n.db"
  sqlite3 -csv "$T/$_n.db" ".import '$T/$_n.csv' r"
}
# The screen's form of a csv row: money with its sign and thousands
# separators (USD only in the rows read here), ratios as percentages with
# one decimal, the cells separated by one space, empty cells left out.
fmt_rows() { # DB SELECT: each selected row, its cells as "value|type" pairs separated by tabs
  sqlite3 -separator "$(printf '\t')" "$1" "$2" | awk -F '\t' '
    function money(v,   s, i, n, ip, dec, out) {
      ip = v; sub(/\..*/, "", ip); dec = v; if (dec !~ /\./) dec = ".00"; else sub(/^[^.]*/, "", dec)
      n = length(ip); out = ""
      for (i = 1; i <= n; i++) { out = out substr(ip, i, 1); if ((n - i) % 3 == 0 && i < n) out = out "," }
      return "$" out dec
    }
    { line = ""
      for (f = 1; f <= NF; f++) {
        split($f, p, "|"); v = p[1]
        if (v == "") continue
        if (p[2] == "m") v = money(v); else if (p[2] == "p") v = sprintf("%.1f%%", v * 100)
        line = line (line == "" ? "" : " ") v
      }
      print line }'
}
# squeeze: a screen line as fmt_rows writes a row (bars and runs of spaces out)
# narrow FILE: no line longer than 60 characters (wc -m: characters, not bytes)
narrow() {
  while IFS= read -r _l; do
    [ "$(printf '%s' "$_l" | wc -m)" -le 60 ] || { cat "$1"; fail "wider than 60 columns: $_l"; }
  done < "$1"
}
squeeze() { sed -E 's/[█▉▊▋▌▍▎▏#|]+//g; s/^ +//; s/ +$//; s/  +/ /g'; }

# wait_rows TITLE WANT WHAT: polls until the table under the column titles
# starting with TITLE, squeezed, equals the file WANT (the whole state, never
# a capture mid-redraw); on a timeout shows the difference and fails.
wait_rows() {
  _i=0
  while :; do
    tmux_screen > "$screen" 2>/dev/null || true
    sed -n "/^ $1 /,/^ *\$/p" "$screen" | sed '1d;/^ *$/d' | squeeze > "$T/got.rows"
    cmp -s "$2" "$T/got.rows" && return 0
    _i=$((_i + 1))
    [ $_i -lt 100 ] || { cat "$screen"; diff "$2" "$T/got.rows"; fail "$3"; }
    sleep 0.1
  done
}

# title ARGS...: the report's title as `csconsole report ARGS` prints it (its first line, to the first comma)
title() { "$CSC" report "$@" | head -n 1 | cut -d, -f1; }
RET_TEAM=$(title retention)

tmux_start 200 40 "$CSC"
tmux_wait "csconsole · aiko"
tmux_keys T
tmux_wait_all "Team lead's view" "$RET_TEAM" " Retention " " Forecast " " Team health "

# --- retention, months: every row as the csv has it ------------------------------
# (the ratios computed here from the csv's amounts and counts: the csv's own
# ratios have four decimals, too few to round the screen's one the same way)
csv_db ret retention
USD_ONLY=$(sqlite3 "$T/ret.db" "SELECT count(*) FROM r WHERE arr_start_currency <> 'USD' OR expansion_currency <> 'USD'")
[ "$USD_ONLY" = 0 ] || fail "the retention report should be in USD (reports.currency)"
RET_SEL="SELECT period || '|t', \"group\" || '|t', accounts_start || '|i', arr_start || '|m', expansion || '|m',
  contraction || '|m', churned_arr || '|m', churned_accounts || '|i',
  CASE WHEN accounts_start > 0 THEN (arr_start - contraction - churned_arr) / arr_start ELSE '' END || '|p',
  CASE WHEN accounts_start > 0 THEN (arr_start - contraction - churned_arr + expansion) / arr_start ELSE '' END || '|p',
  CASE WHEN accounts_start > 0 THEN 1.0 * churned_accounts / accounts_start ELSE '' END || '|p',
  CASE WHEN accounts_start > 0 THEN churned_arr / arr_start ELSE '' END || '|p', new_accounts || '|i' FROM r ORDER BY rowid"
fmt_rows "$T/ret.db" "$RET_SEL" > "$T/want.ret"
[ "$(wc -l < "$T/want.ret")" -ge 12 ] || fail "twelve months expected in the csv"
first=$(head -n 1 "$T/want.ret" | cut -d' ' -f1) last=$(tail -n 1 "$T/want.ret" | cut -d' ' -f1)
tmux_wait_all "$first" "$last" "GRR by period"
wait_rows Period "$T/want.ret" "the retention rows on the screen differ from the csv"
# the formula under the table
tmux_wait "GRR = (ARR at start - contraction - churned ARR) / ARR at start"
# the sparkline's latest figures are the last period's
lgrr=$(tail -n 1 "$T/want.ret" | awk '{ for (f = 1; f <= NF; f++) if ($f ~ /%$/) { print $f; exit } }')
tmux_wait "GRR by period" && tmux_wait "(latest $lgrr)"

# --- p: quarters ------------------------------------------------------------------------
tmux_keys p
csv_db retq retention --period quarter
qlast=$(sqlite3 "$T/retq.db" "SELECT period FROM r ORDER BY rowid DESC LIMIT 1")
tmux_wait_all "quarter" "$qlast"
fmt_rows "$T/retq.db" "$RET_SEL" > "$T/want.retq"
wait_rows Period "$T/want.retq" "the quarters on the screen differ from the csv"
tmux_keys p
tmux_wait_all "month" "$last"

# --- B: by owner (a taller screen: every row on it); B three more times: by team again ----
tmux_resize 200 100
tmux_keys B
csv_db reto retention --by owner
tmux_wait_all "$(title retention --by owner)" "month · by owner"
fmt_rows "$T/reto.db" "$RET_SEL" > "$T/want.reto"
[ "$(wc -l < "$T/want.reto")" -le 80 ] || fail "the by-owner report is taller than the screen"
wait_rows Period "$T/want.reto" "the by-owner rows on the screen differ from the csv"
tmux_keys B
tmux_wait_all "$(title retention --by segment)" "month · by segment"
tmux_keys B
tmux_wait "month · by touch model"
tmux_keys B
tmux_wait_all "$RET_TEAM" "month · by team"
tmux_resize 200 40

# --- Left from retention: the team report ---------------------------------------------
tmux_keys Left
tmux_wait "Team health on"
csv_db team team
fmt_rows "$T/team.db" "SELECT csm || '|t', main_accounts || '|i', main_arr || '|m', sub_accounts || '|i',
  sub_arr || '|m', overdue_touchpoints || '|i', single_owner || '|i', notes_per_week || '|t', away_from || '|t',
  away_until || '|t', cover || '|t', uncovered || '|i' FROM r ORDER BY rowid" > "$T/want.team"
wait_rows CSM "$T/want.team" "the team rows on the screen differ from the csv"

# --- Right twice: retention, then the forecast; Enter on a total: its accounts -------
tmux_keys Right
tmux_wait "$RET_TEAM"
tmux_keys Right
tmux_wait "Renewal forecast"
csv_db fc forecast
# the first total row with more than one account behind it
pick=$(sqlite3 "$T/fc.db" "SELECT rowid FROM r WHERE account = '' AND accounts LIKE '% %' ORDER BY rowid LIMIT 1")
[ -n "$pick" ] || fail "the forecast should have a total over several accounts"
want_ids=$(sqlite3 "$T/fc.db" "SELECT accounts FROM r WHERE rowid = $pick")
nrows=$(sqlite3 "$T/fc.db" "SELECT count(*) FROM r")
j=1
while [ "$j" -lt "$pick" ]; do tmux_keys j; j=$((j + 1)); done
tmux_wait "row $pick/$nrows"
tmux_keys Enter
n_ids=$(echo "$want_ids" | wc -w)
tmux_wait "$n_ids accounts"
_i=0
while :; do
  tmux_screen > "$screen"
  got_ids=$(sed -n '/^ Account /,$p' "$screen" | sed '1d' | awk '$1 ~ /^ACC-/ {print $1}' | tr '\n' ' ' | sed 's/ $//')
  [ "$got_ids" = "$want_ids" ] && break
  _i=$((_i + 1))
  [ $_i -lt 100 ] || fail "the accounts behind row $pick: want \"$want_ids\", got \"$got_ids\""
  sleep 0.1
done

# Enter on the second: its detail view; Esc back to the list, Esc back to the report
second=$(echo "$want_ids" | cut -d' ' -f2)
tmux_keys j
tmux_wait "account 2/$n_ids"
tmux_keys Enter
tmux_wait_re "^ $second · "
tmux_wait "CRM id          $second"
tmux_keys Escape
tmux_wait "account 2/$n_ids"
tmux_keys Escape
tmux_wait_all "Renewal forecast" "row $pick/$nrows"

# --- Right: the pipeline, then the feedback with its first area's ARR asking ----------
tmux_keys Right
tmux_wait "$(title pipeline)"
csv_db fb feedback
[ "$(sqlite3 "$T/fb.db" "SELECT arr_currency FROM r ORDER BY rowid LIMIT 1")" = USD ] || fail "the feedback's area rows are in USD"
fb_first=$(fmt_rows "$T/fb.db" "SELECT area || '|t', arr || '|m' FROM r ORDER BY rowid LIMIT 1")
tmux_keys Right
tmux_wait_all "$(title feedback)" "${fb_first%% *}" "${fb_first#* }"
tmux_keys Left
tmux_wait "$(title pipeline)"
tmux_keys Left
tmux_wait_all "Renewal forecast" "row $pick/$nrows"

# --- 60 columns: no line wider than the screen, the figures aligned -------------------
tmux_keys Left
tmux_wait "$RET_TEAM"
tmux_resize 60 24
tmux_wait_re "columns? hidden"
# every month with a cohort (five): its GRR ends at the same column (polled:
# the whole state, not a capture mid-redraw)
ncohort=$(sqlite3 "$T/ret.db" "SELECT count(*) FROM r WHERE accounts_start > 0")
_i=0
while :; do
  tmux_screen > "$screen"
  grep -E '^ 20[0-9]{2}-[0-9]{2} ' "$screen" | grep '%' | awk '{ print index($0, "%") }' > "$T/cols"
  [ "$(wc -l < "$T/cols")" = "$ncohort" ] && [ "$(sort -u "$T/cols" | wc -l)" = 1 ] && break
  _i=$((_i + 1))
  [ $_i -lt 100 ] || { cat "$screen"; fail "the GRR column is not aligned at 60 columns"; }
  sleep 0.1
done
narrow "$screen"
# the drill-down at 60 columns: its columns too
tmux_keys G
tmux_wait "row $(sqlite3 "$T/ret.db" "SELECT count(*) FROM r")/"
tmux_keys Enter
tmux_wait " Account "
narrow "$screen"
tmux_keys q
tmux_wait "$RET_TEAM"
tmux_keys q
tmux_wait "csconsole · aiko"
tmux_keys q
tmux_wait "__EXIT:0"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true

# --- glyphs: ascii: the bars in ASCII ----------------------------------------------------
echo "glyphs: ascii" >> "$T/csconsole.yaml"
tmux_start 200 40 "$CSC"
tmux_wait "csconsole | aiko"
tmux_keys T
tmux_wait "GRR by period"
# the largest GRR gets the whole bar, in '#'
max=$(sqlite3 "$T/ret.db" "SELECT printf('%.1f%%', max(grr) * 100) FROM r WHERE grr <> ''")
tmux_wait_re " $(echo "$max" | sed 's/\./\\./') +#{12}( |$)"
tmux_wait "(latest $lgrr)"
grep -q '[█▉▊▋▌▍▎▏▁▂▃▄▅▆▇]' "$screen" && fail "a Unicode bar or sparkline with glyphs: ascii"
tmux_keys q
tmux_wait "csconsole | aiko"
tmux_keys q
tmux_wait "__EXIT:0"
exit 0
