#!/bin/sh
# ja_columns.sh - every portfolio column in Japanese (LANGUAGE=ja in
# C.UTF-8: no ja_JP locale needed, see src/core/i18n.c), at 210x30 where
# all fifteen fit: the translated titles are whole on the title line, and
# each column lines up by cell (a Japanese character counts 2, as wc -L
# counts it): a left-aligned column starts, a right-aligned one (ARR,
# health, 4-week change, days) ends, at the same cell on the title line
# and on every row, Japanese names, roles (主担当) and labels included;
# again sorted by the next touchpoint, whose title then carries the arrow
# (次回接点▲: wider than the English title and its arrow, so the column is
# as wide as its translated title).
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt
echo 'columns: [account, role, other, touch, stage, arr, health, trend, delta, risk, blind, renewal, days, next, sentiment]' \
  >> "$T/csconsole.yaml"
# the columns in that order: L left-aligned, R right-aligned (columns.h)
ALIGN="L L L L L R R L R L L L R L L"
TITLES="顧客名 役割 他の担当 タッチ ステージ ARR ヘルス 推移 4週 リスク 死角 更新日 残日数 次回接点 センチメント"

# spans LINE: "start end" in cells (from 0) of each run of text on LINE,
# runs being parted by two spaces or more (a value holds single spaces at most).
spans() {
  _rest=$1 _pos=0
  while :; do
    _lead=$(printf '%s' "$_rest" | sed 's/^\( *\).*/\1/')
    _pos=$((_pos + ${#_lead}))
    _rest=${_rest#"$_lead"}
    [ -n "$_rest" ] || break
    _tok=$(printf '%s' "$_rest" | sed 's/^\(\([^ ]\| [^ ]\)*\).*/\1/')
    _w=$(printf '%s' "$_tok" | wc -L)
    echo "$_pos $((_pos + _w))"
    _pos=$((_pos + _w))
    _rest=${_rest#"$_tok"}
  done
}

# check_screen: the title line and the 21 rows of $screen line up.
check_screen() {
  title=$(sed -n 3p "$screen")
  # every title whole, in order (the sorted one with its arrow), two cells apart at least
  want=" $(echo "$TITLES" | sed 's/ /[▲▼]*  */g')[▲▼]*"
  printf '%s\n' "$title" | grep -q "^$want\$" || fail "the title line is not the 15 Japanese titles in order: $title"
  spans "$title" > "$T/title.spans"
  [ "$(wc -l < "$T/title.spans")" -eq 15 ] || fail "15 titles expected: $title"
  rows=0
  for n in $(seq 4 24); do
    line=$(sed -n "${n}p" "$screen")
    [ -n "$line" ] || continue
    rows=$((rows + 1))
    spans "$line" > "$T/row.spans"
    [ "$(wc -l < "$T/row.spans")" -eq 15 ] || fail "line $n: not 15 cells: $line"
    i=0
    for a in $ALIGN; do
      i=$((i + 1))
      t=$(sed -n "${i}p" "$T/title.spans") r=$(sed -n "${i}p" "$T/row.spans")
      if [ "$a" = L ]; then
        [ "${t% *}" -eq "${r% *}" ] ||
          fail "line $n, column $i ($(echo "$TITLES" | cut -d' ' -f$i)): starts at cell ${r% *}, its title at ${t% *}: $line"
      else
        [ "${t#* }" -eq "${r#* }" ] ||
          fail "line $n, column $i ($(echo "$TITLES" | cut -d' ' -f$i)): ends at cell ${r#* }, its title at ${t#* }: $line"
      fi
    done
  done
  [ "$rows" -eq 21 ] || fail "21 rows expected, got $rows"
}

tmux_start 210 30 LANGUAGE=ja "$CSC"
tmux_wait_all " 1/21" "センチメント"
check_screen
# the Japanese values the columns hold (roles, labels, days)
grep -q ' 主担当  ' "$screen" || fail "no role 主担当"
grep -q ' 副担当  ' "$screen" || fail "no role 副担当"
grep -qE ' [0-9]+日超過  ' "$screen" || fail "no overdue touchpoint (N日超過)"
grep -q ' 隠れリスク  ' "$screen" || fail "no hidden-risk blind spot (隠れリスク)"

# sorted by the next touchpoint: > steps through the sorts (at most 14),
# each step saying its sort and what it orders by in the status line
i=0
until tail -n 1 "$screen" | grep -q '次回接点順  [0-9]*/21$'; do
  i=$((i + 1)); [ $i -le 14 ] || fail "> never sorted by the next touchpoint"
  prev=$(tail -n 1 "$screen")
  tmux_keys '>'
  j=0
  while tmux_screen > "$screen" && [ "$(tail -n 1 "$screen")" = "$prev" ]; do
    j=$((j + 1)); [ $j -le 100 ] || fail "> changed nothing: $prev"
    sleep 0.1
  done
  # the sort's name and its help, both in Japanese (no English word left)
  ! tail -n 1 "$screen" | grep -qE '[a-z]{3,}' || fail "English in the sort's message: $(tail -n 1 "$screen")"
done
tmux_wait_all "次回接点▲" "次回接点順: 次回タッチポイントの近い順"
check_screen
tmux_keys q
tmux_wait "__EXIT:0"
