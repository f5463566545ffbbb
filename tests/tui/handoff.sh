#!/bin/sh
# handoff.sh - the handoff view (H) and "while you were out" (w) on the
# sample book as aiko, today 2026-11-23. From one of haruto's accounts, H
# shows haruto's brief: each of his accounts (read from feeds/accounts.yaml)
# with its sub owner covering; j walks them in order; v marks one reviewed
# and `csconsole handoff` then shows the mark; Enter opens the detail and q
# comes back. A second CSM (ken, his own config and database, the same
# shared directory) writes notes and syncs; after aiko's sync (R) the brief
# shows ken's note and "while you were out" shows ken's note on one of
# aiko's accounts with ken as its author. The 120x40 screen of the brief,
# status line aside, is compared with tests/tui/expected/handoff.txt.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
S=$T/shared
TODAY=$CSCONSOLE_TODAY

# --- the fixture ------------------------------------------------------------------
FROM=$(awk '/^  - handle: /{f = ($3 == "haruto")} f && /- from: /{print $3; exit}' "$S/feeds/team.yaml")
UNTIL=$(awk '/^  - handle: /{f = ($3 == "haruto")} f && /until: /{print $2; exit}' "$S/feeds/team.yaml")
[ -n "$FROM" ] && [ -n "$UNTIL" ] || fail "no absence of haruto in team.yaml"
# haruto's accounts: id, name, sub owner (tab-separated)
awk -v OFS='\t' '
  function val(s) { sub(/^[^:]*: /, "", s); gsub(/^"|"$/, "", s); return s }
  function flush() { if (id != "" && main == "haruto") print id, name, so }
  /^  - id: /{ flush(); id = $3; name = so = main = ""; next }
  /^    name: /{ name = val($0) } /^    sub_owner: /{ so = val($0) } /^    main_owner: /{ main = val($0) }
  END { flush() }' "$S/feeds/accounts.yaml" > "$T/accounts.tsv"
N=$(wc -l < "$T/accounts.tsv")
[ "$N" -ge 5 ] || fail "expected haruto's accounts in accounts.yaml, found $N"
field() { awk -F'\t' -v id="$1" -v f="$2" '$1 == id {print $f}' "$T/accounts.tsv"; }
[ "$(field ACC-0047 3)" = aiko ] || fail "ACC-0047 is no longer haruto's with aiko as sub owner"
[ -n "$(field ACC-0048 1)" ] || fail "ACC-0048 is no longer haruto's"
grep -A10 '^  - id: ACC-0002$' "$S/feeds/accounts.yaml" | grep -q '^    sub_owner: aiko$' ||
  fail "aiko is no longer ACC-0002's sub owner"
AIKO_ACC=$(awk '/^  - id: ACC-0002$/ {f = 1; next} f && /^    name:/ {sub(/^    name: */, ""); gsub(/"/, ""); print; exit}' \
  "$S/feeds/accounts.yaml")

# the selected block: from the selected title (the theme's "selected"
# background, colour 153) to its last line (a bar marks the block's lines)
sel_block() {
  n=$(tmux_screen_e | grep -n '48;5;153m' | head -n 1 | cut -d: -f1)
  [ -n "$n" ] || { tmux_screen; fail "no selected account on the screen"; }
  tmux_screen | awk -v n="$n" 'NR >= n { if (NR > n && ($0 ~ /^ ACC-/ || $0 ~ /^ *$/ || $0 == "▎")) exit; print }'
}
status() { tmux_screen | tail -n 1; }

# --- the brief ----------------------------------------------------------------------
tmux_start 120 40 "$CSC"
tmux_wait "csconsole · aiko"
tmux_keys / 'とうきょうクラウド' Enter     # ACC-0047: haruto's, aiko covers it
tmux_wait "1 account matches"
tmux_keys H
tmux_wait "haruto  account 1/$N  0/$N reviewed"
tmux_wait " Handoff brief · haruto (田中 陽翔) away $FROM .. $UNTIL (vacation)"
tmux_wait_screen handoff '$d'
assert_contains "$screen" "$N accounts by urgency"
tail -n 1 "$screen" | grep -qF "v reviewed" || grep -qF "v reviewed" "$screen" ||
  fail "the key of reviewed is named nowhere: $(tail -n 1 "$screen")"

# j walks every account of haruto's, each once, each with its sub owner covering
: > "$T/seen.txt"
k=1
while :; do
  sel_block > "$T/block.txt"
  id=$(head -n 1 "$T/block.txt" | awk '{print $1}')
  name=$(field "$id" 2)
  [ -n "$name" ] || { cat "$T/block.txt"; fail "account $k ($id) is not haruto's"; }
  head -n 1 "$T/block.txt" | grep -qF "$id  $name" || { cat "$T/block.txt"; fail "$id: title"; }
  grep -qF "  covered by  $(field "$id" 3) (" "$T/block.txt" || { cat "$T/block.txt"; fail "$id: who covers"; }
  for l in "health  " "last touch  " "sentiment  " "open risks  " "window  " "notes  " "champion  "; do
    grep -qF "$l" "$T/block.txt" || { cat "$T/block.txt"; fail "$id: no \"$l\" line"; }
  done
  grep -qF "not reviewed" "$T/block.txt" || fail "$id: reviewed already"
  echo "$id" >> "$T/seen.txt"
  [ "$k" -lt "$N" ] || break
  k=$((k + 1))
  tmux_keys j
  tmux_wait "account $k/$N"
done
[ "$(sort -u "$T/seen.txt" | wc -l)" -eq "$N" ] || fail "j showed $(sort -u "$T/seen.txt" | wc -l) accounts, not $N"
cut -f1 "$T/accounts.tsv" | sort > "$T/want.txt"
sort "$T/seen.txt" | diff "$T/want.txt" - || fail "the accounts shown differ from haruto's"
tmux_keys j                     # stays on the last
tmux_wait "account $N/$N"

# v marks the selected account reviewed and moves on to the next; V takes the
# mark back (and stays); the mark shows at once and in the CLI
tmux_keys g
tmux_wait "account 1/$N"
R=$(sed -n 1p "$T/seen.txt")
O=$(sed -n 2p "$T/seen.txt")
tmux_keys v
tmux_wait "account 2/$N  1/$N reviewed"
sel_block | head -n 1 | grep -qF "$O  " || fail "v did not move to $O: $(sel_block | head -n 1)"
sel_block | head -n 1 | grep -qF "not reviewed" || fail "$O is marked: $(sel_block | head -n 1)"
tmux_keys k
tmux_wait "account 1/$N  1/$N reviewed"
sel_block | head -n 1 | grep -qF "reviewed by aiko $TODAY" || fail "no mark on $R: $(sel_block | head -n 1)"
tmux_keys V
tmux_wait "account 1/$N  0/$N reviewed"
sel_block | head -n 1 | grep -qF "not reviewed" || fail "V left the mark on $R: $(sel_block | head -n 1)"
"$CSC" handoff haruto > "$T/brief.txt"
awk -v id="$R" 'index($0, id "  ") == 1 {f = 1} f && /^$/ {exit} f' "$T/brief.txt" > "$T/b.txt"
assert_contains "$T/b.txt" "reviewed    not yet"
tmux_keys v
tmux_wait "account 2/$N  1/$N reviewed"
tmux_keys k
tmux_wait "account 1/$N  1/$N reviewed"
sel_block | head -n 1 | grep -qF "reviewed by aiko $TODAY" || fail "no mark on $R: $(sel_block | head -n 1)"
"$CSC" handoff haruto > "$T/brief.txt"
awk -v id="$R" 'index($0, id "  ") == 1 {f = 1} f && /^$/ {exit} f' "$T/brief.txt" > "$T/b.txt"
assert_contains "$T/b.txt" "reviewed    yes, by aiko on $TODAY"
awk -v id="$O" 'index($0, id "  ") == 1 {f = 1} f && /^$/ {exit} f' "$T/brief.txt" > "$T/b.txt"
assert_contains "$T/b.txt" "reviewed    not yet"

# Enter opens the account, q comes back to the brief on the same account
tmux_keys Enter
tmux_wait "$R · $(field "$R" 2)"
tmux_wait " Facts"
tmux_keys q
tmux_wait "haruto  account 1/$N  1/$N reviewed"

# --- a second CSM: ken writes, both sync ---------------------------------------------------
write_config ken "$S" "$T/db2/csconsole.db" > "$T/ken.yaml"
ken() { CSCONSOLE_CONFIG="$T/ken.yaml" "$CSC" "$@"; }
ken sync > "$T/ken.txt" 2>&1 || { cat "$T/ken.txt"; fail "ken's first sync"; }
ken note ACC-0048 --kind call --sentiment 4 --summary "Ken took the kickoff call" > /dev/null 2>&1 ||
  fail "ken's note on ACC-0048"
ken note ACC-0002 --kind email --sentiment 2 --summary "Ken heard of a budget freeze" > /dev/null 2>&1 ||
  fail "ken's note on ACC-0002"
ken sync > "$T/ken.txt" 2>&1 || { cat "$T/ken.txt"; fail "ken's sync"; }
"$CSC" handoff haruto > "$T/brief.txt"
assert_not_contains "$T/brief.txt" "Ken took the kickoff call"   # not in aiko's database yet
tmux_keys R                     # aiko's sync, in the background; the brief reloads
# ACC-0048's place in the brief, from the walk above
P=$(grep -n '^ACC-0048$' "$T/seen.txt" | cut -d: -f1)
i=1
while [ $i -lt "$P" ]; do tmux_keys j; i=$((i + 1)); done
tmux_wait "account $P/$N"
tmux_wait "Ken took the kickoff call" 20
sel_block > "$T/block.txt"
head -n 1 "$T/block.txt" | grep -qF "ACC-0048  " || { cat "$T/block.txt"; fail "ACC-0048 is not selected"; }
grep -F "$TODAY  ken " "$T/block.txt" | grep -qF "Ken took the kickoff call" ||
  { cat "$T/block.txt"; fail "ken's note is not among ACC-0048's last notes"; }
grep -F "last touch  $TODAY call by ken" "$T/block.txt" > /dev/null || { cat "$T/block.txt"; fail "last touch"; }
tmux_wait "1/$N reviewed"       # the mark survived the reload

# --- while you were out (w): ken's note on ACC-0002, aiko's ------------------------------------
SINCE=$(date -u -d "$TODAY 7 days ago" +%F)
tmux_keys q
tmux_wait "csconsole · aiko"
tmux_keys w
tmux_wait " While you were out · aiko"
tmux_wait "since $SINCE (7 days ago; no absence has ended) to $TODAY"
i=0
while ! sel_block | head -n 1 | grep -qF "ACC-0002  "; do
  i=$((i + 1)); [ $i -le 30 ] || fail "ACC-0002 is not in the changes"
  was=$(status); tmux_keys j
  k=0; while [ "$(status)" = "$was" ]; do k=$((k + 1)); [ $k -le 50 ] || fail "j did not move"; sleep 0.05; done
done
sel_block > "$T/block.txt"
head -n 1 "$T/block.txt" | grep -qF "ACC-0002  $AIKO_ACC" || { cat "$T/block.txt"; fail "ACC-0002's title"; }
grep -qF "sub owner" "$T/block.txt" || { cat "$T/block.txt"; fail "aiko is ACC-0002's sub owner"; }
grep -E "^.  $TODAY  ken +note +email, sentiment 2" "$T/block.txt" | grep -qF "Ken heard of a budget freeze" ||
  { cat "$T/block.txt"; fail "ken's note on ACC-0002 with ken as its author"; }
# aiko is no owner of ACC-0048: not in her changes
tmux_screen > "$screen"
assert_not_contains "$screen" "Ken took the kickoff call"
tmux_keys Enter
tmux_wait "ACC-0002 · $AIKO_ACC"
tmux_keys q
tmux_wait " While you were out · aiko"
tmux_keys q q
tmux_wait "__EXIT:0"

# --- no absence: my own brief says what to do; ASCII without UTF-8 ------------------------------
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
TMUX_SOCK="csc-$$-ascii"
tmux_start 100 30 env LC_ALL=C "$CSC"
tmux_wait "csconsole | aiko"
tmux_keys o haruto Enter        # only haruto's accounts: H opens his brief
tmux_wait "owner haruto"
tmux_keys H
tmux_wait "Handoff brief | haruto"
tmux_wait "account 1/$N"
tmux_wait_gone "·"
grep -qE "health +[0-9]+ [a-z]+  [_.~=+*#-]{4,}" "$screen" || fail "no ASCII sparkline: $(grep 'health ' "$screen")"
tmux_keys o C-u aiko Enter      # another owner: me, with no absence
tmux_wait "aiko has no absence today or later"
tmux_wait "csconsole cover"
exit 0
